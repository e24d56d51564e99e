import sharp from "sharp";
import { expect, test } from "vitest";
import { getImage, storeImage } from "#app/models/images.server.ts";
import { UserError } from "#app/utils/errors.ts";

async function photo(width: number, height: number): Promise<Buffer> {
  // Noise compresses badly, like a real photo or screenshot.
  const pixels = Buffer.alloc(width * height * 3);
  for (let i = 0; i < pixels.length; i++) pixels[i] = (i * 2654435761) % 251;
  return sharp(pixels, { raw: { width, height, channels: 3 } })
    .png()
    .toBuffer();
}

test("a large picture is stored resized for phones, as WebP within 60 KB, once", async () => {
  const id = await storeImage(await photo(2400, 1600));
  const stored = await getImage(id);
  expect(stored?.mime).toBe("image/webp");
  expect(stored!.bytes.length).toBeLessThanOrEqual(60 * 1024);
  const meta = await sharp(stored!.bytes).metadata();
  expect(Math.max(meta.width!, meta.height!)).toBeLessThanOrEqual(720);
  expect(await storeImage(await photo(2400, 1600))).toBe(id);
});

test("files that are not pictures, or too large, are refused with a Vietnamese message", async () => {
  await expect(storeImage(Buffer.from("not an image"))).rejects.toThrow(
    "Chỉ nhận ảnh JPG, PNG, WebP hoặc GIF.",
  );
  await expect(storeImage(Buffer.alloc(0))).rejects.toBeInstanceOf(UserError);
  await expect(storeImage(Buffer.alloc(5 * 1024 * 1024 + 1))).rejects.toThrow("Ảnh quá lớn: tối đa 5 MB.");
});
