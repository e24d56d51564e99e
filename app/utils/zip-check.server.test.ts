import { describe, expect, test } from "vitest";
import { deflated, zerosDeflated, zip } from "#tests/integration/zip-archives.ts";
import { templateQuestions, writeQuestionSheet } from "./question-sheet.server.ts";
import { zipArchiveProblem } from "./zip-check.server.ts";

describe("zipArchiveProblem", () => {
  test("passes the spreadsheets exceljs writes, our template among them", async () => {
    const sheet = await writeQuestionSheet(templateQuestions, [{ id: "lua-dao", name: "Lừa đảo" }], []);
    expect(zipArchiveProblem(sheet)).toBeNull();
    expect(zipArchiveProblem(zip([deflated("a.xml", Buffer.from("<a/>".repeat(1000)))]))).toBeNull();
  });

  test("refuses a 1 MB archive that declares 1 GiB, before inflating anything", async () => {
    const bomb = await zerosDeflated(1024);
    expect(bomb.length).toBeLessThan(1.1 * 1024 * 1024);
    const archive = zip([{ name: "xl/worksheets/sheet1.xml", method: 8, data: bomb, size: 2 ** 30, crc: 0 }]);
    const started = performance.now();
    expect(zipArchiveProblem(archive)).toBe("too-big");
    expect(performance.now() - started).toBeLessThan(200);
  });

  test("refuses the same bomb when its directory lies about the size, inflating no more than declared", async () => {
    const bomb = await zerosDeflated(1024);
    const archive = zip([{ name: "xl/sharedStrings.xml", method: 8, data: bomb, size: 512 * 1024, crc: 0 }]);
    expect(zipArchiveProblem(archive)).toBe("too-big");
  });

  test("refuses an absurd compression ratio even within the total", async () => {
    const data = await zerosDeflated(4);
    const archive = zip([{ name: "x.xml", method: 8, data, size: 4 * 1024 * 1024, crc: 0 }]);
    expect(zipArchiveProblem(archive)).toBe("too-big");
  });

  test("refuses many small entries that add up past the total", () => {
    const content = Buffer.alloc(900 * 1024, "ab");
    const entries = Array.from({ length: 60 }, (_, i) => deflated(`f${i}.xml`, content));
    expect(zipArchiveProblem(zip(entries))).toBe("too-big");
    expect(zipArchiveProblem(zip(entries.slice(0, 50)))).toBeNull();
  });

  test("refuses more than 2,000 entries", () => {
    const empty = deflated("e", Buffer.alloc(0));
    const entries = Array.from({ length: 2001 }, (_, i) => ({ ...empty, name: `e${i}` }));
    expect(zipArchiveProblem(zip(entries))).toBe("too-big");
    expect(zipArchiveProblem(zip(entries.slice(0, 2000)))).toBeNull();
  });

  test("refuses ZIP64 in any of its forms", () => {
    const entry = deflated("a.xml", Buffer.from("<a/>"));
    const zip64Extra = Buffer.alloc(4 + 16);
    zip64Extra.writeUInt16LE(0x0001, 0);
    zip64Extra.writeUInt16LE(16, 2);
    expect(zipArchiveProblem(zip([entry], { entryCount: 0xffff }))).toBe("too-big");
    expect(zipArchiveProblem(zip([entry], { zip64Locator: true }))).toBe("too-big");
    expect(zipArchiveProblem(zip([{ ...entry, extra: zip64Extra }]))).toBe("too-big");
    expect(zipArchiveProblem(zip([{ ...entry, size: 0xffffffff }]))).toBe("too-big");
  });

  test("refuses malformed archives instead of guessing", () => {
    const good = zip([deflated("a.xml", Buffer.from("<a/>".repeat(100)))]);
    expect(zipArchiveProblem(Buffer.from("not a zip at all"))).toBe("malformed");
    expect(zipArchiveProblem(good.subarray(0, good.length - 1))).toBe("malformed");
    expect(zipArchiveProblem(zip([deflated("a.xml", Buffer.from("x"))], { entryCount: 2 }))).toBe(
      "malformed",
    );
    const shifted = Buffer.from(good);
    shifted.writeUInt32LE(1, shifted.length - 6); // the directory's offset
    expect(zipArchiveProblem(shifted)).toBe("malformed");
    const corrupt = Buffer.from(good);
    corrupt.fill(0xff, 30 + 5, 30 + 12); // inside the deflated data
    expect(zipArchiveProblem(corrupt)).toBe("malformed");
    const stored = { name: "s", method: 0 as const, data: Buffer.from("abc"), size: 5, crc: 0 };
    expect(zipArchiveProblem(zip([stored]))).toBe("malformed");
  });
});
