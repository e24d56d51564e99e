import type { LoaderFunctionArgs } from "@remix-run/node";
import { getSharedResult, shareCardPng } from "#app/models/certificates.server.ts";
import { invariantResponse } from "#app/utils/http.server.ts";
import { findByPublicCode } from "#app/utils/public-codes.server.ts";

/** The shared result's preview card (1200 × 630 PNG), drawn once per content and kept in `images`. */
export async function loader({ params, context }: LoaderFunctionArgs) {
  const result = await findByPublicCode(
    context.clientIp,
    params.code,
    getSharedResult,
    "Không tìm thấy ảnh.",
  );
  invariantResponse(!result.disqualified, "Kết quả này không còn được chia sẻ.", 410);
  const { disqualified: _d, contestSlug: _s, ...facts } = result;
  const png = await shareCardPng(facts, Date.now());
  // An hour: a renamed resident or a disqualification shows within the hour where a preview was cached.
  return new Response(new Uint8Array(png), {
    headers: { "Content-Type": "image/png", "Cache-Control": "public, max-age=3600" },
  });
}
