import { Writable } from "node:stream";
import { createElement } from "react";
import { renderToPipeableStream } from "react-dom/server";
import { expect, test } from "vitest";
import { withoutViewPadding } from "./react-chunks.server.ts";

/** Renders `element` whole, as entry.server.tsx does, passing each chunk through `clean`. */
function render(element: React.ReactElement, clean: (chunk: Buffer) => Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        chunks.push(clean(chunk));
        done();
      },
      final(done) {
        resolve(Buffer.concat(chunks));
        done();
      },
    });
    const { pipe } = renderToPipeableStream(element, { onAllReady: () => pipe(sink), onShellError: reject });
  });
}

// Attribute values of Vietnamese text, each short enough to be encoded into React's 2,048-byte view, and enough
// of them that "ằ" (3 bytes) meets a view's end with only one or two bytes left.
const page = (shift: number) =>
  createElement(
    "div",
    null,
    "x".repeat(shift),
    ...Array.from({ length: 200 }, (_, i) =>
      createElement("img", { key: i, alt: "đăng nhập bằng tài khoản" }),
    ),
  );

test("React 18 pads a view with NULs when a multi-byte character does not fit; the padding is dropped", async () => {
  let corrupted = 0;
  for (let shift = 0; shift < 24; shift++) {
    const raw = await render(page(shift), (chunk) => chunk);
    if (raw.includes(0)) corrupted++;
    const clean = await render(page(shift), withoutViewPadding);
    expect(clean.includes(0), `shift ${shift}`).toBe(false);
    expect(clean.toString("utf8")).toBe(raw.toString("utf8").replaceAll("\0", ""));
    expect(clean.toString("utf8").split("đăng nhập bằng tài khoản")).toHaveLength(201);
  }
  // The renderer's bug is real for some of these layouts (if React fixes it, this test says so).
  expect(corrupted).toBeGreaterThan(0);
});

test("a chunk that is not a full view, or ends in text, is passed on as it is", () => {
  const short = Buffer.from([0x61, 0]);
  expect(withoutViewPadding(short)).toBe(short);
  const full = Buffer.alloc(2048, 0x61);
  expect(withoutViewPadding(full)).toBe(full);
  const padded = Buffer.alloc(2048, 0x61);
  padded[2046] = 0;
  padded[2047] = 0;
  expect(withoutViewPadding(padded)).toHaveLength(2046);
});
