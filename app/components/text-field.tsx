import type { InputHTMLAttributes, ReactNode } from "react";

/** A labelled input with its hint and error, wired for screen readers (aria-invalid, aria-describedby). */
export function TextField({
  label,
  hint,
  errors,
  inputProps,
}: {
  label: ReactNode;
  hint?: ReactNode;
  errors?: string[];
  inputProps: InputHTMLAttributes<HTMLInputElement> & { id: string };
}) {
  const errorId = `${inputProps.id}-error`;
  const hintId = `${inputProps.id}-hint`;
  const describedBy = [hint ? hintId : null, errors?.length ? errorId : null].filter(Boolean).join(" ");
  return (
    <div>
      <label htmlFor={inputProps.id} className="field-label">
        {label}
      </label>
      <input
        {...inputProps}
        aria-invalid={errors?.length ? true : undefined}
        aria-describedby={describedBy || undefined}
        className="field-input"
      />
      {hint && (
        <p id={hintId} className="mt-1 text-[15px] text-slate-600">
          {hint}
        </p>
      )}
      <p id={errorId} className="field-error">
        {errors?.join(" ")}
      </p>
    </div>
  );
}
