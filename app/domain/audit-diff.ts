// What an audit entry changed, field by field, so the log reads as "unit: A → B" rather than two JSON dumps.

export type FieldChange = { field: string; before: unknown; after: unknown };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * The fields that differ between `before` and `after`, in the order they first appear; a field present on one
 * side only is a change from or to undefined. A value that is not an object is one unnamed field ("").
 */
export function diffFields(before: unknown, after: unknown): FieldChange[] {
  if (before == null && after == null) return [];
  if (!isRecord(before) && before != null) return same(before, after) ? [] : [{ field: "", before, after }];
  if (!isRecord(after) && after != null) return [{ field: "", before, after }];
  const b = before ?? {};
  const a = after ?? {};
  const fields = [...new Set([...Object.keys(b), ...Object.keys(a)])];
  return fields
    .filter((field) => !same(b[field], a[field]))
    .map((field) => ({ field, before: b[field], after: a[field] }));
}
