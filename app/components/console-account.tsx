import type { SelectHTMLAttributes } from "react";

export const roleLabels = { organiser: "Người tổ chức", admin: "Quản trị viên" } as const;

/**
 * The unit a console account is responsible for, at any depth, as one select indented by level: it works
 * without JavaScript and a province has only a few hundred units.
 */
export function UnitSelect({
  units,
  selectProps,
  errorId,
  errors,
}: {
  units: { id: number; label: string; depth: number }[];
  selectProps: SelectHTMLAttributes<HTMLSelectElement> & { id: string };
  errorId: string;
  errors?: string[];
}) {
  return (
    <div>
      <label htmlFor={selectProps.id} className="field-label">
        Đơn vị phụ trách
      </label>
      <select
        {...selectProps}
        className="field-input"
        aria-invalid={errors?.length ? true : undefined}
        aria-describedby={errors?.length ? errorId : undefined}
      >
        <option value="">— Chọn tỉnh, huyện hoặc xã —</option>
        {units.map((u) => (
          <option key={u.id} value={u.id}>
            {"\u00a0\u00a0\u00a0".repeat(u.depth)}
            {u.label}
          </option>
        ))}
      </select>
      <p className="mt-1 text-[15px] text-slate-600">
        Người tổ chức quản lý các cuộc thi của đơn vị này và mọi đơn vị trực thuộc.
      </p>
      <p id={errorId} className="field-error">
        {errors?.join(" ")}
      </p>
    </div>
  );
}
