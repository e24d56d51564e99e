import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, redirect, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { answerPractice, getPracticeQuestion, practiceTokenPattern } from "#app/models/practice.server.ts";
import { QuestionFieldset } from "#app/components/question-fieldset.tsx";
import { PracticeFeedback, PracticeProgress } from "#app/components/practice-feedback.tsx";
import { UserError } from "#app/utils/errors.ts";
import { data, idParam, invariantResponse, orUserErrorResponse, readForm } from "#app/utils/http.server.ts";
import { useSubmitting } from "#app/components/use-submitting.ts";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `Câu ${data.slot}/${data.count} — Luyện tập — Công dân số` : "Luyện tập — Công dân số" },
  { name: "robots", content: "noindex" },
];

const answerSchema = z.object({ choice: z.array(z.coerce.number().int().positive()).max(10) });

function tokenParam(value: string | undefined): string {
  const token = z.string().regex(practiceTokenPattern).safeParse(value);
  invariantResponse(token.success, "Không tìm thấy lượt luyện tập này. Hãy chọn chủ đề và bắt đầu lại.");
  return token.data;
}

export async function loader({ params }: LoaderFunctionArgs) {
  const token = tokenParam(params.token);
  const view = await orUserErrorResponse(getPracticeQuestion(token, idParam(params.slot)));
  return { token, ...view };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const token = tokenParam(params.token);
  const slot = idParam(params.slot);
  const parsed = answerSchema.safeParse({ choice: (await readForm(request)).getAll("choice") });
  if (!parsed.success) return data({ error: "Câu trả lời không hợp lệ. Hãy chọn lại." }, { status: 400 });
  try {
    await answerPractice(token, slot, parsed.data.choice);
  } catch (error) {
    if (error instanceof UserError && error.status === 400)
      return data({ error: error.message }, { status: 400 });
    if (error instanceof UserError) invariantResponse(false, error.message, error.status);
    throw error;
  }
  return redirect(`/luyen-tap/${token}/${slot}`);
}

export default function PracticeQuestionPage() {
  const view = useLoaderData<typeof loader>();
  // A fresh screen per question, so nothing of one question carries over to the next.
  return <PracticeScreen key={view.slot} {...view} />;
}

type View = ReturnType<typeof useLoaderData<typeof loader>>;

function PracticeScreen(view: View) {
  const { token, topicName, slot, count, question } = view;
  return (
    <div>
      <PracticeProgress context={`Luyện tập · ${topicName}`} slot={slot} count={count} />
      {view.answered ? <Feedback {...view} answered={view.answered} /> : <Ask token={token} {...question} />}
    </div>
  );
}

function Ask({ type, text, image, imageAlt, choices }: View["question"] & { token: string }) {
  const actionData = useActionData<typeof action>();
  const submitting = useSubmitting();
  return (
    <Form method="post" replace>
      <QuestionFieldset question={{ type, text, image, imageAlt: imageAlt ?? null, choices }} />
      {actionData?.error && (
        <p role="alert" className="mt-3 rounded-lg bg-red-50 p-3 font-medium text-red-800">
          {actionData.error}
        </p>
      )}
      <button type="submit" className="btn-primary mt-4 w-full" disabled={submitting}>
        Kiểm tra
      </button>
    </Form>
  );
}

function Feedback({
  token,
  slot,
  count,
  question,
  answered,
}: View & { answered: NonNullable<View["answered"]> }) {
  const isLast = slot === count;
  return (
    <PracticeFeedback
      question={question}
      correct={answered.correct}
      choices={question.choices.map((choice) => ({
        ...choice,
        correct: answered.correctPlaces.includes(choice.place),
        chosen: answered.chosen.includes(choice.place),
      }))}
      explanation={answered.explanation}
      source={answered.source}
    >
      <Link
        to={isLast ? `/luyen-tap/${token}/ket-qua` : `/luyen-tap/${token}/${slot + 1}`}
        className="btn-primary mt-4 w-full"
      >
        {isLast ? "Xem kết quả" : "Câu tiếp theo"}
      </Link>
    </PracticeFeedback>
  );
}
