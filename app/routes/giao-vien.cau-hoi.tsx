import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { blankEditorValues, QuestionEditor } from "#app/components/question-editor.tsx";
import { requireTeacher } from "#app/models/classes.server.ts";
import { listOwnQuestions } from "#app/models/homework.server.ts";
import { listSkills, listTopics } from "#app/models/questions.server.ts";
import { handleQuestionForm } from "#app/utils/question-editor-action.server.ts";

export const meta: MetaFunction = () => [{ title: "Câu hỏi của tôi — Công dân số" }];

const statusLabels = { draft: "Nháp", reviewed: "Đã duyệt", published: "Đã xuất bản" } as const;

export async function loader({ request }: LoaderFunctionArgs) {
  const teacher = await requireTeacher(request);
  return {
    own: await listOwnQuestions(teacher.id),
    saved: new URL(request.url).searchParams.get("da-luu"),
    topics: await listTopics(),
    skills: await listSkills(),
    values: blankEditorValues(),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const teacher = await requireTeacher(request);
  return handleQuestionForm(request, teacher.id, undefined, {
    ownerId: teacher.id,
    redirectTo: (id) => `/giao-vien/cau-hoi?da-luu=${encodeURIComponent(id)}`,
  });
}

/** A teacher's own questions: drafts only they can put in a quiz, until an organiser publishes them to the bank. */
export default function OwnQuestions() {
  const { own, saved, topics, skills, values } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-bold">Câu hỏi của tôi</h1>
      <p className="text-slate-700">
        Câu hỏi thầy cô viết chỉ thầy cô thấy và dùng được (ghi mã câu vào mục “Chọn sẵn câu hỏi” khi giao
        bài), cho đến khi ban tổ chức duyệt và xuất bản vào ngân hàng chung.
      </p>
      {saved && (
        <p role="status" className="rounded-lg bg-green-50 p-3 font-medium text-green-800">
          Đã lưu câu hỏi {saved}.
        </p>
      )}
      {own.length > 0 && (
        <ul className="divide-y divide-slate-200 rounded-xl bg-white ring-1 ring-slate-200">
          {own.map((q) => (
            <li key={q.id} className="p-3">
              <span className="font-mono font-semibold">{q.id}</span> · {statusLabels[q.status]}
              <p>{q.text}</p>
            </li>
          ))}
        </ul>
      )}
      <section aria-labelledby="new-question" className="space-y-3">
        <h2 id="new-question" className="text-xl font-bold">
          Viết câu hỏi mới
        </h2>
        <QuestionEditor
          key={JSON.stringify(actionData?.values ?? null)}
          values={actionData?.values ?? values}
          topics={topics}
          skills={skills}
          lastResult={actionData?.result}
          submitLabel="Lưu câu hỏi"
        />
      </section>
    </div>
  );
}
