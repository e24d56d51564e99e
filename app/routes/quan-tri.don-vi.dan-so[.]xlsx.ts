import type { LoaderFunctionArgs } from "@remix-run/node";
import { listPopulationUnits } from "#app/models/population.server.ts";
import { requireRole } from "#app/utils/auth.server.ts";
import { writePopulationXlsx } from "#app/utils/population-sheet.server.ts";
import { spreadsheetResponse } from "#app/utils/question-sheet.server.ts";

/** The template: the units this organiser may set, with their current population. */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, ["organiser", "admin"]);
  return spreadsheetResponse(await writePopulationXlsx(await listPopulationUnits(user)), "dan-so.xlsx");
}
