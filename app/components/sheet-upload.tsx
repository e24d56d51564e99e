import { Form } from "@remix-run/react";
import { useSubmitting } from "#app/components/use-submitting.ts";

/**
 * The console's spreadsheet upload (question bank, population): one .xlsx or .csv file, checked whole, and
 * every bad row listed when nothing was written.
 */
export function SheetUpload({
  label,
  errors,
  refusedHeading,
}: {
  label: string;
  errors: string[] | undefined;
  refusedHeading: string;
}) {
  const submitting = useSubmitting();
  return (
    <>
      <Form method="post" encType="multipart/form-data" className="card space-y-3">
        <label htmlFor="file" className="field-label">
          {label} (.xlsx hoặc .csv, tối đa 5 MB)
        </label>
        <input
          id="file"
          name="file"
          type="file"
          required
          accept=".xlsx,.csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,text/csv"
          className="block w-full"
        />
        <button type="submit" className="btn-primary" disabled={submitting}>
          {submitting ? "Đang kiểm tra…" : "Kiểm tra và nhập"}
        </button>
      </Form>
      {errors && errors.length > 0 && (
        <section role="alert" className="rounded-xl bg-red-50 p-4 text-red-900">
          <h2 className="font-bold">
            {refusedHeading}: tệp có {errors.length} lỗi
          </h2>
          <ul className="mt-2 list-disc space-y-1 pl-6">
            {errors.map((e) => (
              <li key={e}>{e}</li>
            ))}
          </ul>
        </section>
      )}
    </>
  );
}
