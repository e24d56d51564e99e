// Words shown for the states of a student's homework, on the report page and in its download alike.
export const studentStatusLabels = {
  not_started: "Chưa làm",
  in_progress: "Đang làm",
  submitted: "Đã nộp",
} as const;
