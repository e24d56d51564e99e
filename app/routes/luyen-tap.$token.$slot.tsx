import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, redirect, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { answerPractice, getPracticeQuestion, practiceTokenPattern } from "#app/models/practice.server.ts";
import { QuestionFieldset } from "#app/components/question-fieldset.tsx";
import { QuestionImage } from "#app/components/question-image.tsx";
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
      <p className="text-[15px] text-slate-600">Luyện tập · {topicName}</p>
      <h1 className="mt-1 text-[17px] font-semibold text-brand-700">
        Câu {slot}/{count}
      </h1>
      <div className="mt-1 h-2 overflow-hidden rounded-full bg-slate-200" aria-hidden>
        <div className="h-full bg-brand-600" style={{ width: `${(slot / count) * 100}%` }} />
      </div>
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
    <div className="mt-4">
      <p className="text-[19px] font-semibold leading-relaxed">{question.text}</p>
      {question.image && <QuestionImage id={question.image} alt={question.imageAlt} bleed />}
      <h2
        className={`mt-3 rounded-xl border-2 p-3 text-xl font-bold ${
          answered.correct
            ? "border-green-700 bg-green-50 text-green-800"
            : "border-red-700 bg-red-50 text-red-800"
        }`}
      >
        {answered.correct ? "✓ Chính xác!" : "✗ Chưa đúng"}
      </h2>
      <ul className="mt-3 space-y-3" aria-label="Các đáp án">
        {question.choices.map((choice) => {
          const isCorrect = answered.correctPlaces.includes(choice.place);
          const chosen = answered.chosen.includes(choice.place);
          return (
            <li
              key={choice.place}
              className={`rounded-xl border-2 px-4 py-3 text-[18px] leading-snug ${
                isCorrect
                  ? "border-green-700 bg-green-50"
                  : chosen
                    ? "border-red-700 bg-red-50"
                    : "border-slate-200 bg-white text-slate-700"
              }`}
            >
              <span className="flex items-center gap-3">
                {choice.image && (
                  <img
                    src={`/anh/${choice.image}`}
                    alt={choice.imageAlt ?? ""}
                    width={64}
                    height={64}
                    className="h-16 w-16 shrink-0 rounded-lg border border-slate-200 bg-white object-contain"
                  />
                )}
                <span>{choice.text}</span>
              </span>
              {(isCorrect || chosen) && (
                <span className="mt-1 block text-[15px] font-semibold">
                  {isCorrect && <span className="text-green-800">✓ Đáp án đúng</span>}
                  {isCorrect && chosen && <span className="text-slate-700"> · Bạn chọn</span>}
                  {!isCorrect && chosen && <span className="text-red-800">✗ Bạn chọn</span>}
                </span>
              )}
            </li>
          );
        })}
      </ul>
      <div className="card mt-4">
        <p>
          <strong>Giải thích:</strong> {answered.explanation}
        </p>
        <p className="mt-2 text-[15px] text-slate-600">Nguồn: {answered.source}</p>
      </div>
      <Link
        to={isLast ? `/luyen-tap/${token}/ket-qua` : `/luyen-tap/${token}/${slot + 1}`}
        className="btn-primary mt-4 w-full"
      >
        {isLast ? "Xem kết quả" : "Câu tiếp theo"}
      </Link>
    </div>
  );
}
