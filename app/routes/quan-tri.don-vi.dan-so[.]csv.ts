import type { LoaderFunctionArgs } from "@remix-run/node";
import { listPopulationUnits } from "#app/models/population.server.ts";
import { requireRole } from "#app/utils/auth.server.ts";
import { writePopulationCsv } from "#app/utils/population-sheet.server.ts";

/** The template as CSV: the units this organiser may set, with their current population. */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, ["organiser", "admin"]);
  return new Response(writePopulationCsv(await listPopulationUnits(user)), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": 'attachment; filename="dan-so.csv"',
      "Cache-Control": "no-store",
    },
  });
}
