import type { LoaderFunctionArgs } from "@remix-run/node";
import { getImage } from "#app/models/images.server.ts";

/**
 * Question images; the id is a hash of the bytes (of the description, for a drawn screen), so they never change
 * and cache for a year.
 */
export async function loader({ params }: LoaderFunctionArgs) {
  const image = /^[0-9a-f]{20}$/.test(params.imageId ?? "") ? await getImage(params.imageId!) : undefined;
  if (!image)
    return new Response("Không tìm thấy ảnh.", {
      status: 404,
      headers: { "Content-Type": "text/plain; charset=utf-8" },
    });
  return new Response(new Uint8Array(image.bytes), {
    headers: { "Content-Type": image.mime, "Cache-Control": "public, max-age=31536000, immutable" },
  });
}
