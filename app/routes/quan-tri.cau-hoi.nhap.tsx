import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useActionData } from "@remix-run/react";
import { parseQuestionRows } from "#app/domain/question-sheet.ts";
import { existingQuestionIds, listSkills, listTopics, saveQuestions } from "#app/models/questions.server.ts";
import { SheetUpload } from "#app/components/sheet-upload.tsx";
import { requireRole } from "#app/utils/auth.server.ts";
import { UserError } from "#app/utils/errors.ts";
import { data, readUploadForm } from "#app/utils/http.server.ts";
import { MAX_SHEET_BYTES, readQuestionSheet } from "#app/utils/question-sheet.server.ts";

export const meta: MetaFunction = () => [{ title: "Nhập câu hỏi từ Excel/CSV — Quản trị" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, ["organiser", "admin"]);
  return null;
}

type ImportResult = { errors: string[]; saved?: { created: number; updated: number; unchanged: number } };

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireRole(request, ["organiser", "admin"]);
  const fail = (errors: string[]) => data<ImportResult>({ errors }, { status: 400 });
  const formData = await readUploadForm(request, MAX_SHEET_BYTES);
  if (!formData) return fail(["Tệp quá lớn: tối đa 5 MB."]);
  const file = formData.get("file");
  if (!(file instanceof File) || file.size === 0) return fail(["Hãy chọn tệp .xlsx hoặc .csv."]);
  try {
    const rows = await readQuestionSheet(file.name, Buffer.from(await file.arrayBuffer()));
    const ids = rows.map((r) => r.cells.id?.trim()).filter((id): id is string => Boolean(id));
    const { questions, errors } = parseQuestionRows(
      rows,
      await listTopics(),
      await existingQuestionIds(ids),
      await listSkills(),
    );
    // Nothing is written until the whole file is clean.
    if (errors.length) return fail(errors);
    const saved = await saveQuestions(questions, user.id, Date.now(), file.name.slice(0, 200));
    return data<ImportResult>({ errors: [], saved });
  } catch (error) {
    if (error instanceof UserError) return fail([error.message]);
    throw error;
  }
}

export default function ImportQuestions() {
  const result = useActionData<typeof action>();
  return (
    <div className="max-w-3xl space-y-4">
      <h1 className="text-2xl font-bold">Nhập câu hỏi từ Excel hoặc CSV</h1>
      <ol className="card list-decimal space-y-1 pl-8">
        <li>
          Tải tệp mẫu:{" "}
          <a href="/quan-tri/cau-hoi/mau.xlsx" className="font-semibold text-brand-700 underline" download>
            mẫu Excel (.xlsx)
          </a>{" "}
          hoặc{" "}
          <a href="/quan-tri/cau-hoi/mau.csv" className="font-semibold text-brand-700 underline" download>
            mẫu CSV
          </a>
          . Trang “Hướng dẫn” trong tệp Excel giải thích từng cột và liệt kê mã chủ đề.
        </li>
        <li>
          Mỗi dòng một câu hỏi. Để trống “Mã câu hỏi” khi thêm câu mới; giữ mã để sửa câu đã có (tạo phiên bản
          mới).
        </li>
        <li>Tải tệp lên. Nếu có dòng sai, không câu nào được lưu: sửa các dòng được báo rồi tải lại.</li>
        <li>Câu hỏi nhập vào ở trạng thái nháp, cần duyệt và xuất bản trước khi dùng.</li>
      </ol>
      <SheetUpload label="Tệp câu hỏi" errors={result?.errors} refusedHeading="Chưa nhập câu nào" />
      {result?.saved && (
        <section role="status" className="rounded-xl bg-green-50 p-4 text-green-900">
          <h2 className="font-bold">Đã nhập xong</h2>
          <p>
            {result.saved.created} câu mới, {result.saved.updated} câu được sửa, {result.saved.unchanged} câu
            không đổi. Các câu mới và câu sửa đang ở trạng thái nháp.
          </p>
          <Link to="/quan-tri/cau-hoi?trang-thai=draft" className="mt-2 inline-block font-semibold underline">
            Xem các câu chờ duyệt
          </Link>
        </section>
      )}
    </div>
  );
}
