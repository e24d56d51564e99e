import { Link } from "@remix-run/react";
import type { AttemptProgress } from "#app/models/progress.server.ts";
import { formatNumber } from "#app/utils/format.ts";

/** A level's progress bar; the numbers beside it say the same for screen readers. */
export function LevelBar({ progress }: { progress: number }) {
  return (
    <div className="mt-2 h-2 overflow-hidden rounded-full bg-slate-200" aria-hidden>
      <div className="h-full bg-brand-600" style={{ width: `${Math.round(progress * 100)}%` }} />
    </div>
  );
}

/** What an attempt earned, under its score: kept to a few lines on a 360 px phone. */
export function AttemptProgressCard({ xpEarned, level, badges, goal }: AttemptProgress) {
  return (
    <section aria-labelledby="xp-heading" className="card">
      <h2 id="xp-heading" className="text-lg font-bold">
        +{formatNumber(xpEarned)} điểm kinh nghiệm
      </h2>
      <p className="mt-1">
        Cấp {level.number}: <strong>{level.name}</strong> · {formatNumber(level.xp)} điểm
      </p>
      <LevelBar progress={level.progress} />
      {badges.map((badge) => (
        <p key={badge.id} className="mt-3 rounded-lg bg-amber-50 p-2 ring-1 ring-amber-200">
          <span aria-hidden>🏅 </span>Huy hiệu mới: <strong>{badge.name}</strong>
        </p>
      ))}
      {goal && <p className="mt-2 text-[15px] text-slate-700">{goal}</p>}
      <Link
        to="/ho-so"
        className="mt-2 inline-flex min-h-12 items-center font-semibold text-brand-700 underline"
      >
        Xem hồ sơ của bạn
      </Link>
    </section>
  );
}
