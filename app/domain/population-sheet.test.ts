import { expect, test } from "vitest";
import { parsePopulation, parsePopulationRows, type PopulationUnit } from "./population-sheet.ts";

test("a population may use dots, commas or spaces between thousands, nothing else", () => {
  expect(["12345", "12.345", "12,345", "12 345", "1.234.567"].map(parsePopulation)).toEqual([
    12345, 12345, 12345, 12345, 1234567,
  ]);
  expect(["-5", "12.5", "1.23", "abc", "", "1e5", "200000000"].map(parsePopulation)).toEqual(
    Array(7).fill(null),
  );
});

const unit = (id: number, name: string, extra: Partial<PopulationUnit> = {}): PopulationUnit => ({
  id,
  code: `0${id}`,
  name,
  kind: "Xã",
  parentName: "Huyện Mèo Vạc",
  population: null,
  inScope: true,
  ...extra,
});

test("names match without diacritics or case, with or without the kind; unchanged units are skipped", () => {
  const units = [unit(1, "Lũng Cú"), unit(2, "Sủng Là", { population: 900 }), unit(3, "Pải Lủng")];
  const table = [
    ["Tên đơn vị", "Dân số"],
    ["xa lung cu", "1.500"],
    ["Sủng Là", "900"],
    [],
    ["Pải Lủng", "700"],
  ];
  expect(parsePopulationRows(table, units)).toEqual({
    errors: [],
    changes: [
      { unitId: 1, code: "01", name: "Xã Lũng Cú", before: null, after: 1500 },
      { unitId: 3, code: "03", name: "Xã Pải Lủng", before: null, after: 700 },
    ],
  });
  expect(
    parsePopulationRows(
      [
        ["Tên đơn vị", "Dân số"],
        ["Lũng Cú", "0"],
        ["Lũng Cú", ""],
      ],
      units,
    ).errors,
  ).toEqual(["Dòng 2: dân số của Xã Lũng Cú phải lớn hơn 0.", "Dòng 3: thiếu dân số của Xã Lũng Cú."]);
});
