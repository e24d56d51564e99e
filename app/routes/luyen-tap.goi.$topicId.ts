import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { buildPracticePack } from "#app/models/practice-packs.server.ts";
import { UserError } from "#app/utils/errors.ts";
import { hitWindow } from "#app/utils/rate-limit.server.ts";

// A practice pack as JSON, fetched by the page script on /luyen-tap/goi and kept in the phone's Cache API.

// Packs drawn per address and minute (a commune hall's phones share one address).
const PACKS_PER_MINUTE = 30;

const topicSchema = z.string().regex(/^[a-z0-9-]{1,100}$/);

const refusal = (status: number, error: string, headers: Record<string, string> = {}) =>
  Response.json({ error }, { status, headers: { "Cache-Control": "no-store", ...headers } });

export async function loader({ params, context }: LoaderFunctionArgs) {
  const topic = topicSchema.safeParse(params.topicId);
  if (!topic.success) return refusal(404, "Không tìm thấy chủ đề này.");
  const hit = hitWindow(`practice-pack:address:${context.clientIp}`, PACKS_PER_MINUTE, 60_000);
  if (!hit.allowed)
    return refusal(429, "Bạn đã tải quá nhiều gói trong một phút. Hãy đợi một phút rồi thử lại.", {
      "Retry-After": String(Math.ceil(hit.retryAfterMs / 1000)),
    });
  try {
    // Each download draws afresh; the phone stores what it got, so no cache between it and the server.
    return Response.json(await buildPracticePack(topic.data, Date.now()), {
      headers: { "Cache-Control": "no-store" },
    });
  } catch (error) {
    if (error instanceof UserError) return refusal(error.status, error.message);
    throw error;
  }
}
