import type { LoaderFunctionArgs } from "@remix-run/node";
import { listSkills, listTopics } from "#app/models/questions.server.ts";
import { requireRole } from "#app/utils/auth.server.ts";
import {
  spreadsheetResponse,
  templateQuestions,
  writeQuestionSheet,
} from "#app/utils/question-sheet.server.ts";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, ["organiser", "admin"]);
  return spreadsheetResponse(
    await writeQuestionSheet(templateQuestions, await listTopics(), await listSkills()),
    "mau-cau-hoi.xlsx",
  );
}
