import type { MetaFunction } from "@remix-run/node";
import { useEffect, useRef, useState, type FormEvent } from "react";
import { OfflineSyncStatus } from "#app/components/offline-sync-status.tsx";
import { QuestionFieldset } from "#app/components/question-fieldset.tsx";
import { PracticeFeedback, PracticeProgress } from "#app/components/practice-feedback.tsx";
import type { PracticePack } from "#app/domain/practice-pack.ts";
import { isAnswerCorrect } from "#app/domain/scoring.ts";
import { formatNumber } from "#app/utils/format.ts";
import { queueAnswer, storedPacks } from "#app/utils/offline-practice.ts";

// Practice from a pack kept on the phone, entirely in the page script: public/sw.js keeps this page and its
// scripts, so it opens without a network. Nothing here is sent as an attempt; answers queue for XP only.

export const meta: MetaFunction = () => [
  { title: "Luyện tập ngoại tuyến — Công dân số" },
  { name: "robots", content: "noindex" },
];

const LABEL = "Luyện tập ngoại tuyến — không tính vào cuộc thi";

type Run = { pack: PracticePack; index: number; correct: number };
type Feedback = { chosen: number[]; correct: boolean };

export default function OfflinePractice() {
  // Null while the packs are read from the phone's cache.
  const [packs, setPacks] = useState<PracticePack[] | null>(null);
  const [run, setRun] = useState<Run | null>(null);
  const [answers, setAnswers] = useState(0);
  useEffect(() => {
    storedPacks().then(setPacks, () => setPacks([]));
  }, []);

  return (
    <div className="space-y-4">
      <p className="rounded-lg border-2 border-amber-600 bg-amber-50 p-3 font-semibold text-amber-900">
        {LABEL}
      </p>
      <noscript>
        <p className="rounded-lg bg-amber-50 p-3 font-medium text-amber-900">
          Cần bật JavaScript để luyện tập với gói đã tải về máy. Khi có mạng, bạn có thể{" "}
          <a href="/luyen-tap" className="underline">
            luyện tập trực tuyến
          </a>
          .
        </p>
      </noscript>
      <OfflineSyncStatus changed={answers} />
      {run ? (
        run.index < run.pack.questions.length ? (
          <Question
            key={`${run.pack.topicId}-${run.index}`}
            run={run}
            onAnswered={(correct) => {
              setAnswers((n) => n + 1);
              if (correct) setRun({ ...run, correct: run.correct + 1 });
            }}
            onNext={() => setRun((r) => r && { ...r, index: r.index + 1 })}
          />
        ) : (
          <Summary
            run={run}
            onAgain={() => setRun({ pack: run.pack, index: 0, correct: 0 })}
            onOther={() => setRun(null)}
          />
        )
      ) : (
        <PackList packs={packs} onPick={(pack) => setRun({ pack, index: 0, correct: 0 })} />
      )}
    </div>
  );
}

function PackList({ packs, onPick }: { packs: PracticePack[] | null; onPick: (pack: PracticePack) => void }) {
  return (
    <section>
      <h1 className="text-2xl font-bold leading-tight">Luyện tập ngoại tuyến</h1>
      {packs === null ? (
        <p className="mt-2 text-slate-700">Đang mở các gói đã tải…</p>
      ) : packs.length === 0 ? (
        <p className="card mt-3">
          Máy chưa có gói luyện tập nào. Khi có mạng, hãy vào{" "}
          <a href="/luyen-tap/goi" className="underline">
            Gói luyện tập ngoại tuyến
          </a>{" "}
          để tải về.
        </p>
      ) : (
        <>
          <p className="mt-1 text-slate-700">Chọn một gói đã tải về máy. Bạn biết ngay mình đúng hay sai.</p>
          <ul className="mt-3 space-y-3">
            {packs.map((pack) => (
              <li key={pack.topicId}>
                <button type="button" className="btn-primary w-full" onClick={() => onPick(pack)}>
                  {pack.topicName} ({formatNumber(pack.questions.length)} câu)
                </button>
              </li>
            ))}
          </ul>
          <p className="mt-4 text-[15px]">
            <a href="/luyen-tap/goi" className="underline">
              Tải thêm gói khi có mạng
            </a>
          </p>
        </>
      )}
    </section>
  );
}

function Question({
  run,
  onAnswered,
  onNext,
}: {
  run: Run;
  onAnswered: (correct: boolean) => void;
  onNext: () => void;
}) {
  const question = run.pack.questions[run.index]!;
  const [feedback, setFeedback] = useState<Feedback | null>(null);
  const [error, setError] = useState<string | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);

  function check(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const places = new FormData(event.currentTarget).getAll("choice").map(Number);
    const chosen = places.map((place) => question.choices[place - 1]?.id).filter((id) => id !== undefined);
    if (chosen.length === 0)
      return setError(
        question.type === "multiple"
          ? "Hãy chọn ít nhất một đáp án."
          : "Hãy chọn một đáp án rồi bấm “Kiểm tra”.",
      );
    const correct = isAnswerCorrect(
      question.choices.filter((c) => c.correct).map((c) => c.id),
      chosen,
    );
    queueAnswer({
      questionId: question.id,
      revisionId: question.revisionId,
      choiceIds: chosen,
      answeredAt: Date.now(),
    });
    setFeedback({ chosen, correct });
    onAnswered(correct);
  }

  const count = run.pack.questions.length;
  return (
    <div>
      <PracticeProgress
        context={`Luyện tập ngoại tuyến · ${run.pack.topicName}`}
        slot={run.index + 1}
        count={count}
        headingRef={heading}
      />
      {feedback ? (
        <PracticeFeedback
          question={question}
          correct={feedback.correct}
          choices={question.choices.map((choice) => ({
            text: choice.text,
            correct: choice.correct,
            chosen: feedback.chosen.includes(choice.id),
          }))}
          explanation={question.explanation}
          source={question.source}
        >
          <button type="button" className="btn-primary mt-4 w-full" onClick={onNext}>
            {run.index + 1 === count ? "Xem kết quả" : "Câu tiếp theo"}
          </button>
        </PracticeFeedback>
      ) : (
        <form onSubmit={check}>
          <QuestionFieldset
            question={{
              ...question,
              choices: question.choices.map((c, i) => ({ place: i + 1, text: c.text })),
            }}
          />
          {error && (
            <p role="alert" className="mt-3 rounded-lg bg-red-50 p-3 font-medium text-red-800">
              {error}
            </p>
          )}
          <button type="submit" className="btn-primary mt-4 w-full">
            Kiểm tra
          </button>
        </form>
      )}
    </div>
  );
}

function Summary({ run, onAgain, onOther }: { run: Run; onAgain: () => void; onOther: () => void }) {
  return (
    <section className="card">
      <h1 className="text-xl font-bold">Hết gói {run.pack.topicName}</h1>
      <p className="mt-2 text-lg">
        Bạn trả lời đúng {formatNumber(run.correct)}/{formatNumber(run.pack.questions.length)} câu.
      </p>
      <p className="mt-4 flex flex-wrap gap-3">
        <button type="button" className="btn-primary" onClick={onAgain}>
          Luyện lại gói này
        </button>
        <button type="button" className="btn-secondary" onClick={onOther}>
          Chọn gói khác
        </button>
      </p>
    </section>
  );
}
