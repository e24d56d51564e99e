import type { LoaderFunctionArgs } from "@remix-run/node";
import { exportQuestions, listSkills, listTopics } from "#app/models/questions.server.ts";
import { requireRole } from "#app/utils/auth.server.ts";
import { spreadsheetResponse, writeQuestionSheet } from "#app/utils/question-sheet.server.ts";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, ["organiser", "admin"]);
  const today = new Date().toISOString().slice(0, 10);
  return spreadsheetResponse(
    await writeQuestionSheet(await exportQuestions(), await listTopics(), await listSkills()),
    `ngan-hang-cau-hoi-${today}.xlsx`,
  );
}
