import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, redirect, useActionData, useLoaderData } from "@remix-run/react";
import { LevelBar } from "#app/components/attempt-progress.tsx";
import { CONTEST_XP_PER_CORRECT, PRACTICE_XP_PER_CORRECT } from "#app/domain/progress.ts";
import { startPractice } from "#app/models/practice.server.ts";
import { getProfile } from "#app/models/progress.server.ts";
import { requireUser } from "#app/utils/auth.server.ts";
import { UserError } from "#app/utils/errors.ts";
import { formatDate, formatDateTime, formatNumber, formatPercent } from "#app/utils/format.ts";
import { data } from "#app/utils/http.server.ts";
import { hitWindow } from "#app/utils/rate-limit.server.ts";

export const meta: MetaFunction = () => [
  { title: "Hồ sơ của bạn — Công dân số" },
  { name: "robots", content: "noindex" },
];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return { name: user.name, ...(await getProfile(user.id, Date.now())) };
}

// Starting practice from here counts toward the same per-address limit as the topic list's.
const STARTS_PER_MINUTE = 30;

/** "Luyện chủ đề yếu nhất": the weakest topic is worked out again here, never taken from the form. */
export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const now = Date.now();
  const { weakest } = await getProfile(user.id, now);
  if (!weakest)
    return data(
      { error: "Bạn chưa trả lời đủ câu hỏi để biết chủ đề nào yếu nhất. Hãy chọn một chủ đề để luyện tập." },
      { status: 409 },
    );
  if (!hitWindow(`practice:address:${context.clientIp}`, STARTS_PER_MINUTE, 60_000).allowed)
    return data(
      { error: "Bạn đã bắt đầu quá nhiều lượt luyện tập trong một phút. Hãy đợi một phút rồi thử lại." },
      { status: 429 },
    );
  try {
    const token = await startPractice(weakest.topicId, now, Math.random, user.id);
    return redirect(`/luyen-tap/${token}/1`);
  } catch (error) {
    if (error instanceof UserError) return data({ error: error.message }, { status: error.status });
    throw error;
  }
}

export default function ProfilePage() {
  const profile = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { level } = profile;
  const earned = profile.badges.filter((b) => b.earnedAt !== null);
  const next = profile.badges.filter((b) => b.earnedAt === null);
  return (
    <div className="space-y-5">
      <section className="card">
        <h1 className="text-2xl font-bold leading-tight">Hồ sơ của bạn</h1>
        <p className="mt-1 break-words text-slate-700">{profile.name}</p>
        <p className="mt-3 text-lg">
          Cấp {level.number}: <strong>{level.name}</strong>
        </p>
        <p>{formatNumber(level.xp)} điểm kinh nghiệm</p>
        <LevelBar progress={level.progress} />
        <p className="mt-1 text-[15px] text-slate-700">
          {level.next
            ? `Còn ${formatNumber(level.next.xpToGo)} điểm nữa để lên cấp “${level.next.name}”.`
            : "Bạn đã đạt cấp cao nhất."}
        </p>
        <p className="mt-3">
          <span aria-hidden>🔥 </span>
          Chuỗi ngày học: <strong>{formatNumber(profile.streak)} ngày</strong>
          {profile.bestStreak > profile.streak && ` (dài nhất: ${formatNumber(profile.bestStreak)} ngày)`}
        </p>
        <p className="text-[15px] text-slate-700">
          {profile.activeToday
            ? "Hôm nay bạn đã học rồi. Hẹn gặp lại ngày mai!"
            : "Luyện tập hoặc dự thi hôm nay để giữ chuỗi ngày học."}
        </p>
        <p className="mt-2 text-[15px] text-slate-600">
          Mỗi câu thi đúng được {CONTEST_XP_PER_CORRECT} điểm; mỗi câu luyện tập đúng lần đầu được{" "}
          {PRACTICE_XP_PER_CORRECT} điểm.
        </p>
      </section>

      <section aria-labelledby="badges-heading" className="card">
        <h2 id="badges-heading" className="text-xl font-bold">
          Huy hiệu
        </h2>
        {earned.length === 0 ? (
          <p className="mt-1 text-slate-700">Bạn chưa có huy hiệu nào.</p>
        ) : (
          <ul className="mt-2 space-y-2">
            {earned.map((b) => (
              <li key={b.id} className="rounded-lg bg-amber-50 p-3 ring-1 ring-amber-200">
                <span aria-hidden>🏅 </span>
                <strong>{b.name}</strong>
                <span className="block text-[15px] text-slate-700">Đạt ngày {formatDate(b.earnedAt!)}</span>
              </li>
            ))}
          </ul>
        )}
        {next.length > 0 && (
          <>
            <h3 className="mt-4 font-bold">Huy hiệu tiếp theo</h3>
            <ul className="mt-2 space-y-2">
              {next.map((b) => (
                <li key={b.id} className="rounded-lg bg-slate-100 p-3">
                  <strong>{b.name}</strong>
                  <span className="block text-[15px] text-slate-700">{b.howTo}</span>
                </li>
              ))}
            </ul>
          </>
        )}
      </section>

      <section aria-labelledby="mastery-heading" className="card">
        <h2 id="mastery-heading" className="text-xl font-bold">
          Mức thành thạo theo chủ đề
        </h2>
        <p className="mt-1 text-[15px] text-slate-600">Tỉ lệ trả lời đúng trong những câu gần đây nhất.</p>
        <ul className="mt-2 divide-y divide-slate-200">
          {profile.topics.map((t) => (
            <li key={t.topicId} className="py-2">
              <span className="font-medium">{t.name}</span>
              <span className="block text-[15px] text-slate-700">
                {t.mastery
                  ? `${formatPercent(t.mastery.share)} đúng (${formatNumber(t.mastery.correct)}/${formatNumber(t.mastery.answered)} câu)`
                  : "Chưa trả lời câu nào"}
              </span>
            </li>
          ))}
        </ul>
        {actionData?.error && (
          <p role="alert" className="mt-3 rounded-lg bg-red-50 p-3 font-medium text-red-800">
            {actionData.error}
          </p>
        )}
        {profile.weakest ? (
          <Form method="post" className="mt-3">
            <button type="submit" className="btn-primary w-full">
              Luyện chủ đề yếu nhất
            </button>
            <p className="mt-1 text-[15px] text-slate-600">Chủ đề: {profile.weakest.name}</p>
          </Form>
        ) : (
          <Link to="/luyen-tap" className="btn-primary mt-3 w-full">
            Chọn chủ đề để luyện tập
          </Link>
        )}
      </section>

      <section aria-labelledby="history-heading" className="card">
        <h2 id="history-heading" className="text-xl font-bold">
          Lịch sử
        </h2>
        <h3 className="mt-2 font-bold">Bài thi</h3>
        {profile.attempts.length === 0 ? (
          <p className="text-slate-700">Bạn chưa nộp bài thi nào.</p>
        ) : (
          <ul className="mt-1 divide-y divide-slate-200">
            {profile.attempts.map((a) => (
              <li key={a.id} className="py-2">
                <Link to={`/bai-thi/${a.id}/ket-qua`} className="font-medium text-brand-700 underline">
                  {a.contestTitle} — tuần {a.roundNumber}
                </Link>
                <span className="block text-[15px] text-slate-700">
                  {a.score ?? 0}/{a.questionCount} câu đúng
                  {a.submittedAt !== null && ` · ${formatDateTime(a.submittedAt)}`}
                  {a.disqualified && " · bị loại"}
                </span>
              </li>
            ))}
          </ul>
        )}
        <h3 className="mt-4 font-bold">Luyện tập</h3>
        {profile.practice.length === 0 ? (
          <p className="text-slate-700">Bạn chưa luyện tập khi đăng nhập.</p>
        ) : (
          <ul className="mt-1 divide-y divide-slate-200">
            {profile.practice.map((p) => (
              <li key={p.token} className="py-2">
                <Link to={`/luyen-tap/${p.token}/ket-qua`} className="font-medium text-brand-700 underline">
                  {p.topicName}
                </Link>
                <span className="block text-[15px] text-slate-700">
                  {p.correct}/{p.count} câu đúng
                  {p.answered < p.count && ` (đã trả lời ${p.answered} câu)`} · {formatDateTime(p.createdAt)}
                </span>
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
