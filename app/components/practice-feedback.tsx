import type { ReactNode, Ref } from "react";
import { QuestionImage } from "#app/components/question-image.tsx";

// Practice online (luyen-tap.$token.$slot) and from a pack kept on the phone (luyen-tap.ngoai-tuyen) look the
// same: the one is checked by the server, the other by the page script.

/** Where the run stands: what is practised, “Câu n/count” and a bar. */
export function PracticeProgress({
  context,
  slot,
  count,
  headingRef,
}: {
  context: string;
  slot: number;
  count: number;
  /** To move focus to the heading when the page script shows the next question (no navigation to do it). */
  headingRef?: Ref<HTMLHeadingElement>;
}) {
  return (
    <>
      <p className="text-[15px] text-slate-600">{context}</p>
      <h1
        ref={headingRef}
        tabIndex={headingRef ? -1 : undefined}
        className="mt-1 text-[17px] font-semibold text-brand-700"
      >
        Câu {slot}/{count}
      </h1>
      <div className="mt-1 h-2 overflow-hidden rounded-full bg-slate-200" aria-hidden>
        <div className="h-full bg-brand-600" style={{ width: `${(slot / count) * 100}%` }} />
      </div>
    </>
  );
}

/** A choice once the question is answered, in the order shown. */
export type CheckedChoice = {
  text: string;
  image?: string | null;
  imageAlt?: string | null;
  correct: boolean;
  chosen: boolean;
};

/** The answered question: right or not, each choice marked, the explanation and its source, then `children`. */
export function PracticeFeedback({
  question,
  correct,
  choices,
  explanation,
  source,
  children,
}: {
  question: { text: string; image: string | null; imageAlt: string | null };
  correct: boolean;
  choices: CheckedChoice[];
  explanation: string;
  source: string;
  /** The way on: the next question or the run's result. */
  children: ReactNode;
}) {
  return (
    <div className="mt-4">
      <p className="text-[19px] font-semibold leading-relaxed">{question.text}</p>
      {question.image && <QuestionImage id={question.image} alt={question.imageAlt} bleed />}
      <h2
        className={`mt-3 rounded-xl border-2 p-3 text-xl font-bold ${
          correct ? "border-green-700 bg-green-50 text-green-800" : "border-red-700 bg-red-50 text-red-800"
        }`}
      >
        {correct ? "✓ Chính xác!" : "✗ Chưa đúng"}
      </h2>
      <ul className="mt-3 space-y-3" aria-label="Các đáp án">
        {choices.map((choice, index) => (
          <li
            key={index}
            className={`rounded-xl border-2 px-4 py-3 text-[18px] leading-snug ${
              choice.correct
                ? "border-green-700 bg-green-50"
                : choice.chosen
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
            {(choice.correct || choice.chosen) && (
              <span className="mt-1 block text-[15px] font-semibold">
                {choice.correct && <span className="text-green-800">✓ Đáp án đúng</span>}
                {choice.correct && choice.chosen && <span className="text-slate-700"> · Bạn chọn</span>}
                {!choice.correct && choice.chosen && <span className="text-red-800">✗ Bạn chọn</span>}
              </span>
            )}
          </li>
        ))}
      </ul>
      <div className="card mt-4">
        <p>
          <strong>Giải thích:</strong> {explanation}
        </p>
        <p className="mt-2 text-[15px] text-slate-600">Nguồn: {source}</p>
      </div>
      {children}
    </div>
  );
}
