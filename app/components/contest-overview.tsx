import type { ContestRules } from "#app/domain/rules.ts";
import { formatDate, formatNumber, formatTime } from "#app/utils/format.ts";

// The contest page's presentational parts, shared by the resident's page and the organiser's preview
// ("Xem như người dự thi"), so the preview is the page residents get.

type RoundRow = {
  id: number;
  number: number;
  opensAt: number;
  closesAt: number;
  predictionActual: number | null;
  state: "upcoming" | "open" | "closed";
};

/** Banner, title, summary and the organiser's rules text (HTML rendered safely on the server). */
export function ContestIntro({
  contest,
}: {
  contest: { title: string; summary: string; bannerImage: string | null; rulesHtml: string };
}) {
  return (
    <section>
      {contest.bannerImage && (
        <img
          src={`/anh/${contest.bannerImage}`}
          alt=""
          className="mb-3 max-h-56 w-full rounded-xl object-cover"
        />
      )}
      <h1 className="text-2xl font-bold leading-tight">{contest.title}</h1>
      <p className="mt-1 text-slate-700">{contest.summary}</p>
      {contest.rulesHtml && (
        // Rendered by markdown-it with raw HTML off and unsafe links dropped (utils/markdown.server.ts).
        <div
          className="mt-3 space-y-2 [&_a]:text-brand-700 [&_a]:underline [&_h2]:text-lg [&_h2]:font-bold [&_h3]:font-bold [&_ol]:list-decimal [&_ol]:pl-5 [&_ul]:list-disc [&_ul]:pl-5"
          dangerouslySetInnerHTML={{ __html: contest.rulesHtml }}
        />
      )}
    </section>
  );
}

/** The rules every contest has, and the schedule of its rounds. */
export function ContestDetails({
  contest,
}: {
  contest: {
    rules: ContestRules;
    topics: { name: string; count: number }[];
    predictionQuestion: string;
    rounds: RoundRow[];
  };
}) {
  const rules = contest.rules;
  return (
    <>
      <section className="card" aria-labelledby="rules-heading">
        <h2 id="rules-heading" className="text-xl font-bold">
          Thể lệ
        </h2>
        <ul className="mt-2 list-disc space-y-1 pl-5">
          <li>
            Mỗi lượt thi có {rules.questionsPerAttempt} câu hỏi chọn ngẫu nhiên, làm trong{" "}
            {Math.round(rules.timeLimitSeconds / 60)} phút:
            <ul className="list-[circle] pl-5">
              {contest.topics.map((t) => (
                <li key={t.name}>
                  {t.count} câu: {t.name}
                </li>
              ))}
            </ul>
          </li>
          <li>
            Mỗi tuần được thi tối đa {rules.attemptsPerRound} lượt
            {rules.attemptsPerDay ? `, mỗi ngày ${rules.attemptsPerDay} lượt` : ""}. Lượt có kết quả tốt nhất
            được tính.
          </li>
          <li>
            Câu trả lời được lưu ngay khi bạn chọn. Nếu mất mạng hay tắt máy, bạn vào lại và làm tiếp trong
            thời gian còn lại.
          </li>
          <li>Câu cuối là câu hỏi dự đoán: “{contest.predictionQuestion}”</li>
          <li>
            Xếp hạng: điểm cao hơn xếp trên; bằng điểm thì xét dự đoán gần đúng nhất; tiếp theo là thời gian
            làm bài ngắn hơn; cuối cùng là nộp bài sớm hơn.
          </li>
          <li>
            {rules.reviewTiming === "after_submit"
              ? "Sau khi nộp bài, bạn xem được đáp án đúng và lời giải thích."
              : "Đáp án đúng và lời giải thích được công bố khi tuần thi kết thúc."}
          </li>
        </ul>
      </section>

      <section className="card" aria-labelledby="schedule-heading">
        <h2 id="schedule-heading" className="text-xl font-bold">
          Lịch thi
        </h2>
        <ol className="mt-2 divide-y divide-slate-200">
          {contest.rounds.map((r) => (
            <li key={r.id} className="flex flex-wrap items-baseline justify-between gap-x-3 py-2">
              <span className="font-semibold">Tuần {r.number}</span>
              <span className="text-[15px]">
                {formatDate(r.opensAt)} {formatTime(r.opensAt)} – {formatDate(r.closesAt)}{" "}
                {formatTime(r.closesAt)}
              </span>
              <span className="text-[15px] text-slate-600">
                {r.state === "open"
                  ? "Đang mở"
                  : r.state === "upcoming"
                    ? "Sắp mở"
                    : r.predictionActual !== null
                      ? `Đã kết thúc · ${formatNumber(r.predictionActual)} ${rules.prediction.kind === "participants" ? "người thi" : "người đúng hết"}`
                      : "Đã kết thúc"}
              </span>
            </li>
          ))}
        </ol>
      </section>
    </>
  );
}
