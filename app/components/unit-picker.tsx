import { useFetcher } from "@remix-run/react";
import { useState } from "react";

export type PickerLevel = {
  label: string;
  options: { id: number; name: string; kind: string; isLeaf: boolean }[];
  selected: number | null;
};

/**
 * Cascading selects down to a commune. Without JavaScript each non-final level has a "Chọn" button that
 * posts the form (intent=pick-unit) and the server answers with the next level; with JavaScript the next
 * level is fetched as soon as a choice is made.
 */
export function UnitPicker({
  name,
  levels: initial,
  error,
}: {
  name: string;
  levels: PickerLevel[];
  error?: string;
}) {
  const fetcher = useFetcher<{ levels: PickerLevel[] }>();
  const [chain, setChain] = useState<number[] | null>(null);
  const levels = chain && fetcher.data ? fetcher.data.levels : initial;

  function choose(levelIndex: number, value: string) {
    const selected = levels.slice(0, levelIndex).map((l) => l.selected ?? 0);
    if (value) selected.push(Number(value));
    setChain(selected);
    fetcher.load(`/api/don-vi?${selected.map((id) => `chon=${id}`).join("&")}`);
  }

  return (
    <fieldset className="space-y-3">
      <legend className="sr-only">Đơn vị hành chính nơi bạn sống</legend>
      {levels.map((level, index) => {
        const id = `${name}-${index}`;
        const isLast = level.options.every((o) => o.isLeaf);
        return (
          <div key={`${index}-${level.options[0]?.id ?? 0}`}>
            <label htmlFor={id} className="field-label">
              {level.label}
            </label>
            <div className="flex gap-2">
              <select
                id={id}
                name={name}
                defaultValue={level.selected ?? ""}
                onChange={(e) => choose(index, e.currentTarget.value)}
                className="field-input"
                aria-invalid={isLast && error ? true : undefined}
                aria-describedby={isLast && error ? `${name}-error` : undefined}
              >
                <option value="">— Chọn —</option>
                {level.options.map((o) => (
                  <option key={o.id} value={o.id}>
                    {o.kind} {o.name}
                  </option>
                ))}
              </select>
              {!isLast && (
                <noscript>
                  <button type="submit" name="intent" value="pick-unit" className="btn-secondary">
                    Chọn
                  </button>
                </noscript>
              )}
            </div>
          </div>
        );
      })}
      {fetcher.state === "loading" && <p className="text-[15px] text-slate-600">Đang tải danh sách…</p>}
      {error && (
        <p id={`${name}-error`} className="field-error">
          {error}
        </p>
      )}
    </fieldset>
  );
}
