import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireRole } from "#app/utils/auth.server.ts";
import { templateQuestions, writeQuestionCsv } from "#app/utils/question-sheet.server.ts";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, ["organiser", "admin"]);
  return new Response(writeQuestionCsv(templateQuestions), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": 'attachment; filename="mau-cau-hoi.csv"',
    },
  });
}
