import { describe, expect, test } from "vitest";
import { diffFields } from "./audit-diff.ts";

describe("diffFields", () => {
  test("lists only the fields that changed, with both values", () => {
    expect(
      diffFields(
        { role: "organiser", unit: "Mèo Vạc", disabled: false },
        { role: "organiser", unit: "Đồng Văn", disabled: false },
      ),
    ).toEqual([{ field: "unit", before: "Mèo Vạc", after: "Đồng Văn" }]);
  });

  test("a creation lists every field from nothing; a deletion every field to nothing", () => {
    expect(diffFields(null, { name: "A", count: 2 })).toEqual([
      { field: "name", before: undefined, after: "A" },
      { field: "count", before: undefined, after: 2 },
    ]);
    expect(diffFields({ reserved: true }, undefined)).toEqual([
      { field: "reserved", before: true, after: undefined },
    ]);
  });

  test("compares nested values by content and handles plain values", () => {
    expect(diffFields({ mix: [1, 2] }, { mix: [1, 2] })).toEqual([]);
    expect(diffFields({ mix: [1, 2] }, { mix: [2, 1] })).toHaveLength(1);
    expect(diffFields("draft", "published")).toEqual([{ field: "", before: "draft", after: "published" }]);
    expect(diffFields(null, null)).toEqual([]);
  });
});
