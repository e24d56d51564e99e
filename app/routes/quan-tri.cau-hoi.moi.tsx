import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { blankEditorValues, QuestionEditor } from "#app/components/question-editor.tsx";
import { listSkills, listTopics } from "#app/models/questions.server.ts";
import { requireRole } from "#app/utils/auth.server.ts";
import { handleQuestionForm } from "#app/utils/question-editor-action.server.ts";

export const meta: MetaFunction = () => [{ title: "Thêm câu hỏi — Quản trị" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, ["organiser", "admin"]);
  return {
    topics: await listTopics(),
    skills: await listSkills(),
    values: blankEditorValues(new URL(request.url).searchParams.get("chu-de") ?? ""),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireRole(request, ["organiser", "admin"]);
  return handleQuestionForm(request, user.id);
}

export default function NewQuestion() {
  const { topics, skills, values } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-bold">Thêm câu hỏi</h1>
      <p className="text-slate-700">
        Câu hỏi mới ở trạng thái nháp. Sau khi được duyệt và xuất bản, câu hỏi mới được dùng trong các lượt
        thi và luyện tập.
      </p>
      <QuestionEditor
        key={JSON.stringify(actionData?.values ?? null)}
        values={actionData?.values ?? values}
        topics={topics}
        skills={skills}
        lastResult={actionData?.result}
        submitLabel="Lưu nháp"
      />
    </div>
  );
}
