import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { buildUnitLevels } from "#app/models/units.server.ts";

const querySchema = z.object({ chon: z.array(z.coerce.number().int().positive()).max(6) });

/** The unit picker's levels for a chain of selections (?chon=12&chon=345), for the JavaScript picker. */
export async function loader({ request }: LoaderFunctionArgs) {
  const parsed = querySchema.safeParse({ chon: new URL(request.url).searchParams.getAll("chon") });
  if (!parsed.success) return new Response("Tham số không hợp lệ.", { status: 400 });
  return buildUnitLevels(parsed.data.chon);
}
