import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireTeacher } from "#app/models/classes.server.ts";
import {
  getHomeworkReport,
  type QuestionReportRow,
  type StudentReportRow,
} from "#app/models/homework.server.ts";
import { formatDuration } from "#app/utils/format.ts";
import { studentStatusLabels } from "#app/utils/school-labels.ts";
import { idParam, invariantResponse, orUserErrorResponse } from "#app/utils/http.server.ts";
import { exportTable, type ExportColumn } from "#app/utils/table-export.server.ts";

const studentColumns: ExportColumn<StudentReportRow>[] = [
  { header: "Học sinh", value: (r) => r.name, width: 28 },
  { header: "Lớp", value: (r) => r.className, width: 10 },
  { header: "Trạng thái", value: (r) => studentStatusLabels[r.status], width: 12 },
  { header: "Số lượt", value: (r) => r.attempts, width: 10 },
  { header: "Điểm cao nhất", value: (r) => r.bestScore, width: 14 },
  { header: "Số câu", value: (r) => r.questionCount, width: 10 },
  {
    header: "Thời gian",
    value: (r) => (r.bestDurationMs === null ? null : formatDuration(r.bestDurationMs)),
    width: 12,
  },
];

const questionColumns: ExportColumn<QuestionReportRow>[] = [
  { header: "Mã câu", value: (r) => r.questionId, width: 16 },
  { header: "Câu hỏi", value: (r) => r.text, width: 60 },
  { header: "Số lượt gặp", value: (r) => r.answered, width: 12 },
  { header: "Số lượt đúng", value: (r) => r.correct, width: 12 },
  {
    header: "Tỉ lệ đúng (%)",
    value: (r) => (r.shareCorrect === null ? null : Math.round(r.shareCorrect * 1000) / 10),
    width: 14,
  },
  { header: "Đáp án sai chọn nhiều nhất", value: (r) => r.topWrongText, width: 40 },
  { header: "Số lượt chọn đáp án sai đó", value: (r) => r.topWrongCount, width: 14 },
];

/** The class report as .xlsx: `hoc-sinh.xlsx` (per student) or `cau-hoi.xlsx` (per question). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const teacher = await requireTeacher(request);
  const homeworkId = idParam(params.homeworkId);
  invariantResponse(params.file === "hoc-sinh.xlsx" || params.file === "cau-hoi.xlsx", "Không tìm thấy tệp.");
  const report = await orUserErrorResponse(getHomeworkReport(teacher.id, homeworkId));
  return params.file === "hoc-sinh.xlsx"
    ? exportTable("xlsx", `bai-tap-${homeworkId}-hoc-sinh`, studentColumns, report.students)
    : exportTable("xlsx", `bai-tap-${homeworkId}-cau-hoi`, questionColumns, report.questions);
}
