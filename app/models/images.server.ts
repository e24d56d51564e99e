import { createHash } from "node:crypto";
import { eq } from "drizzle-orm";
import sharp, { type OutputInfo } from "sharp";
import { MAX_PICTURE_BYTES } from "#content/limits.ts";
import type { ScreenDescription } from "#content/schema.ts";
import { images } from "#db/schema.ts";
import { SCREEN_STYLE } from "#app/domain/screen.ts";
import { db } from "#app/utils/db.server.ts";
import { UserError } from "#app/utils/errors.ts";
import { renderScreenPng } from "#app/utils/screen-image.server.ts";

export const MAX_UPLOAD_BYTES = MAX_PICTURE_BYTES;
// The UI guide's budget for a question image on 3G.
const TARGET_BYTES = 60 * 1024;
const accepted = new Set(["jpeg", "png", "webp", "gif"]);

/**
 * Checks an uploaded picture and stores it resized for phones (at most 720 px, WebP, about 60 KB or less).
 * The same picture stored twice gets the same id.
 */
export async function storeImage(input: Buffer, now = Date.now()): Promise<string> {
  if (input.length === 0) throw new UserError(400, "Tệp ảnh trống.");
  if (input.length > MAX_UPLOAD_BYTES) throw new UserError(400, "Ảnh quá lớn: tối đa 5 MB.");
  const format = await sharp(input)
    .metadata()
    .then((m) => m.format)
    .catch(() => undefined);
  if (!format || !accepted.has(format)) throw new UserError(400, "Chỉ nhận ảnh JPG, PNG, WebP hoặc GIF.");
  let output: { data: Buffer; info: OutputInfo } | undefined;
  for (const [size, quality] of [
    [720, 75],
    [720, 55],
    [540, 50],
    [400, 45],
  ] as const) {
    output = await sharp(input, { animated: false })
      .rotate()
      .resize({ width: size, height: size, fit: "inside", withoutEnlargement: true })
      .webp({ quality })
      .toBuffer({ resolveWithObject: true });
    if (output.data.length <= TARGET_BYTES) break;
  }
  const { data, info } = output!;
  const id = createHash("sha256").update(data).digest("hex").slice(0, 20);
  db.insert(images)
    .values({ id, mime: "image/webp", bytes: data, width: info.width, height: info.height, createdAt: now })
    .onConflictDoNothing()
    .run();
  return id;
}

/**
 * The picture of a described phone screen, drawn once: its id is a hash of the description and the drawing's
 * style version, so an unchanged description is neither drawn again nor gives its question a new revision.
 */
export async function storeScreenImage(screen: ScreenDescription, now = Date.now()): Promise<string> {
  const id = createHash("sha256")
    .update(JSON.stringify(["screen", SCREEN_STYLE, screen]))
    .digest("hex")
    .slice(0, 20);
  if (db.select({ id: images.id }).from(images).where(eq(images.id, id)).get()) return id;
  const { png, width, height } = await renderScreenPng(screen);
  db.insert(images)
    .values({ id, mime: "image/png", bytes: png, width, height, createdAt: now })
    .onConflictDoNothing()
    .run();
  return id;
}

export async function getImage(id: string) {
  return db.select({ mime: images.mime, bytes: images.bytes }).from(images).where(eq(images.id, id)).get();
}
