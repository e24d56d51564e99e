import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { posterFacts } from "#app/models/certificates.server.ts";
import { requireRole } from "#app/utils/auth.server.ts";
import { idParam, invariantResponse, orUserErrorResponse } from "#app/utils/http.server.ts";
import { posterPdf } from "#app/utils/pdf.server.ts";

const querySchema = z.object({ xa: z.coerce.number().int().positive().optional() });

/** A printable A4 poster of the contest (`?xa=<unit id>`: for one commune) with a QR code to its page. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireRole(request, ["organiser", "admin"]);
  const contestId = idParam(params.contestId);
  const url = new URL(request.url);
  const query = querySchema.safeParse(Object.fromEntries([...url.searchParams].filter(([, v]) => v !== "")));
  invariantResponse(query.success, "Mã xã, phường không hợp lệ.", 400);
  const facts = await orUserErrorResponse(posterFacts(user, contestId, query.data.xa ?? null));
  const pdf = await posterPdf({ ...facts, url: `${url.origin}/cuoc-thi/${facts.slug}` });
  const file = `ap-phich-${facts.slug}${query.data.xa ? `-xa-${query.data.xa}` : ""}.pdf`;
  return new Response(new Uint8Array(pdf), {
    headers: {
      "Content-Type": "application/pdf",
      "Content-Disposition": `attachment; filename="${file}"`,
      "Cache-Control": "private, no-cache",
    },
  });
}
