import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { parsePopulationRows, type PopulationChange } from "#app/domain/population-sheet.ts";
import { applyPopulation, listPopulationUnits } from "#app/models/population.server.ts";
import { SheetUpload } from "#app/components/sheet-upload.tsx";
import { requireRole } from "#app/utils/auth.server.ts";
import { UserError } from "#app/utils/errors.ts";
import { formatNumber } from "#app/utils/format.ts";
import { data, readUploadForm } from "#app/utils/http.server.ts";
import { MAX_SHEET_BYTES, readSheetTable } from "#app/utils/question-sheet.server.ts";

export const meta: MetaFunction = () => [{ title: "Nhập dân số — Quản trị" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, ["organiser", "admin"]);
  const units = (await listPopulationUnits(user)).filter((u) => u.inScope);
  return { units: units.length, known: units.filter((u) => u.population !== null).length };
}

type ImportResult = { errors: string[]; changes?: PopulationChange[] };

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireRole(request, ["organiser", "admin"]);
  const fail = (errors: string[]) => data<ImportResult>({ errors }, { status: 400 });
  const formData = await readUploadForm(request, MAX_SHEET_BYTES);
  if (!formData) return fail(["Tệp quá lớn: tối đa 5 MB."]);
  const file = formData.get("file");
  if (!(file instanceof File) || file.size === 0) return fail(["Hãy chọn tệp .xlsx hoặc .csv."]);
  try {
    const table = await readSheetTable(file.name, Buffer.from(await file.arrayBuffer()));
    const { changes, errors } = parsePopulationRows(table, await listPopulationUnits(user));
    // Nothing is written until the whole file is clean.
    if (errors.length) return fail(errors);
    await applyPopulation(user, changes);
    return data<ImportResult>({ errors: [], changes });
  } catch (error) {
    if (error instanceof UserError) return fail([error.message]);
    throw error;
  }
}

export default function ImportPopulation() {
  const { units, known } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <div className="max-w-3xl space-y-4">
      <h1 className="text-2xl font-bold">Nhập dân số theo đơn vị</h1>
      <p>
        Dân số dùng để tính tỉ lệ tham gia trên bảng xếp hạng và trang theo dõi. Đã có dân số của{" "}
        <strong>
          {formatNumber(known)}/{formatNumber(units)}
        </strong>{" "}
        đơn vị bạn quản lý.
      </p>
      <ol className="card list-decimal space-y-1 pl-8">
        <li>
          Tải tệp mẫu (liệt kê các đơn vị bạn quản lý và dân số hiện có):{" "}
          <a href="/quan-tri/don-vi/dan-so.xlsx" className="font-semibold text-brand-700 underline" download>
            mẫu Excel (.xlsx)
          </a>{" "}
          hoặc{" "}
          <a href="/quan-tri/don-vi/dan-so.csv" className="font-semibold text-brand-700 underline" download>
            mẫu CSV
          </a>
          .
        </li>
        <li>
          Mỗi dòng một đơn vị: “Mã đơn vị” hoặc “Tên đơn vị” (ví dụ “Xã Ngọc Đường”), và “Dân số” (số nguyên
          dương, ví dụ 12345 hoặc 12.345). Khi có nhiều xã trùng tên, hãy ghi mã.
        </li>
        <li>
          Tải tệp lên. Nếu có dòng sai, không đơn vị nào được cập nhật: sửa các dòng được báo rồi tải lại.
        </li>
      </ol>
      <SheetUpload label="Tệp dân số" errors={result?.errors} refusedHeading="Chưa cập nhật đơn vị nào" />
      {result?.changes && (
        <section role="status" className="rounded-xl bg-green-50 p-4 text-green-900">
          <h2 className="font-bold">Đã nhập xong: {formatNumber(result.changes.length)} đơn vị thay đổi</h2>
          {result.changes.length > 0 && (
            <ul className="mt-2 list-disc space-y-1 pl-6">
              {result.changes.slice(0, 50).map((c) => (
                <li key={c.unitId}>
                  {c.name}: {c.before === null ? "chưa có" : formatNumber(c.before)} → {formatNumber(c.after)}
                </li>
              ))}
              {result.changes.length > 50 && (
                <li>… và {formatNumber(result.changes.length - 50)} đơn vị khác</li>
              )}
            </ul>
          )}
        </section>
      )}
    </div>
  );
}
