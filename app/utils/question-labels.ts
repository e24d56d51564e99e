// Vietnamese names of a question's properties, shared by the console's list, editor and detail page.
export const statusLabels = { draft: "Nháp", reviewed: "Đã duyệt", published: "Đã xuất bản" } as const;
export const typeLabels = {
  single: "Một đáp án đúng",
  multiple: "Nhiều đáp án đúng",
  true_false: "Đúng / Sai",
} as const;
export const difficultyLabels = { 1: "1 — Dễ", 2: "2 — Vừa", 3: "3 — Khó" } as const;
