import { z } from "zod";
import {
  and,
  asc,
  count,
  desc,
  eq,
  gt,
  inArray,
  isNull,
  like,
  lte,
  ne,
  notExists,
  sql,
  type SQLWrapper,
} from "drizzle-orm";
import { attempts, contests, rounds, units } from "#db/schema.ts";
import {
  lockedChanges,
  scheduleProblems,
  weeksToShift,
  WEEK_MS,
  type ContestInput,
  type RoundPlan,
} from "#app/domain/contest-plan.ts";
import { drawQuestions, mixPools, type Rng } from "#app/domain/draw.ts";
import { contestRulesSchema, predictionQuestion, storedRules, type ContestRules } from "#app/domain/rules.ts";
import { foldVietnamese } from "#app/domain/search.ts";
import { roundState, SETTLE_AFTER_DEADLINE_MS } from "#app/domain/timing.ts";
import { recordAudit } from "./audit.server.ts";
import { refreshFlags } from "./fair-play.server.ts";
import { refreshItemStats } from "./item-stats.server.ts";
import { settleRound } from "./results.server.ts";
import {
  countPracticeByTopic,
  getDrawableQuestions,
  listSkills,
  listTopics,
  publishedBySkill,
  questionOnScreen,
} from "./questions.server.ts";
import { assertCanManageUnit, scopePath, unitsInScope, type ConsoleUser } from "./scope.server.ts";
import { db, transaction, type Db } from "#app/utils/db.server.ts";
import { UserError } from "#app/utils/errors.ts";
import { renderMarkdown } from "#app/utils/markdown.server.ts";

export type Round = {
  id: number;
  number: number;
  opensAt: number;
  closesAt: number;
  predictionActual: number | null;
};
export type Contest = {
  id: number;
  slug: string;
  title: string;
  summary: string;
  scopeUnitId: number | null;
  rules: ContestRules;
  rounds: Round[];
};

const roundColumns = {
  id: rounds.id,
  number: rounds.number,
  opensAt: rounds.opensAt,
  closesAt: rounds.closesAt,
  predictionActual: rounds.predictionActual,
};

// The contest page, the start of an attempt and the public boards read a contest by its slug on every request:
// built once, as drizzle would build their SQL again on each call.
const roundsOfContest = db
  .select(roundColumns)
  .from(rounds)
  .where(eq(rounds.contestId, sql.placeholder("contestId")))
  .orderBy(asc(rounds.number))
  .prepare();
const publicContestBySlug = db
  .select({
    id: contests.id,
    slug: contests.slug,
    title: contests.title,
    summary: contests.summary,
    scopeUnitId: contests.scopeUnitId,
    rules: sql<string>`${contests.rules}`,
    status: contests.status,
    rulesText: contests.rulesText,
    bannerImage: contests.bannerImage,
  })
  .from(contests)
  .where(
    and(
      eq(contests.slug, sql.placeholder("slug")),
      inArray(contests.status, ["published", "archived"]),
      // Homework quizzes have no public page nor board: students start them from their class.
      eq(contests.kind, "contest"),
    ),
  )
  .prepare();

function listRounds(contestId: number): Round[] {
  return roundsOfContest.all({ contestId });
}

export async function createContest(input: {
  slug: string;
  title: string;
  summary: string;
  rules: ContestRules;
  scopeUnitId: number | null;
  published: boolean;
  rounds: { opensAt: number; closesAt: number }[];
  now?: number;
}): Promise<{ id: number }> {
  const rules = contestRulesSchema.parse(input.rules);
  return transaction((tx) => {
    const contest = tx
      .insert(contests)
      .values({
        slug: input.slug,
        title: input.title,
        summary: input.summary,
        rules,
        scopeUnitId: input.scopeUnitId,
        status: input.published ? "published" : "draft",
        createdAt: input.now ?? Date.now(),
      })
      .returning({ id: contests.id })
      .get();
    input.rounds.forEach((r, index) =>
      tx
        .insert(rounds)
        .values({ contestId: contest.id, number: index + 1, ...r })
        .run(),
    );
    return contest;
  });
}

export async function getPublishedContest(slug: string): Promise<Contest | undefined> {
  const contest = await getPublicContest(slug);
  return contest?.status === "published" ? contest : undefined;
}

/** A contest residents may look at: published, or archived (read-only, results kept). Drafts never. */
export async function getPublicContest(
  slug: string,
): Promise<(Contest & { status: ContestStatus; rulesText: string; bannerImage: string | null }) | undefined> {
  const row = publicContestBySlug.get({ slug });
  if (!row) return undefined;
  const contestRounds = listRounds(row.id);
  return { ...row, rules: storedRules(row.rules), rounds: contestRounds };
}

/** The round a resident should see now: the open one, else the next to open, else the last. */
export function currentRound(contestRounds: Round[], now: number): Round | undefined {
  return (
    contestRounds.find((r) => roundState(r, now) === "open") ??
    contestRounds.find((r) => roundState(r, now) === "upcoming") ??
    contestRounds.at(-1)
  );
}

/** A board page's `?vong=`: a round's number, "tong" for the whole contest, or nothing for the current round. */
export const boardRoundParam = z
  .union([z.literal("tong"), z.coerce.number().int().min(1).max(1000)])
  .optional();

/**
 * The one rule for which round a board page (leaderboard, own place, live dashboard) shows: the round named, the
 * whole contest (null) for "tong" or when there is no round yet, otherwise the current round. Undefined when the
 * number names no round of the contest.
 */
export function boardRound(
  contestRounds: Round[],
  vong: z.infer<typeof boardRoundParam>,
  now: number,
): Round | null | undefined {
  if (vong === "tong") return null;
  if (vong !== undefined) return contestRounds.find((r) => r.number === vong);
  return currentRound(contestRounds, now) ?? null;
}

/** Published contests that have a round open now or still to come, with that round. */
export async function listActiveContests(now: number): Promise<
  (Omit<Contest, "rules" | "rounds" | "scopeUnitId"> & {
    bannerImage: string | null;
    round: Round;
    questionsPerAttempt: number;
    timeLimitSeconds: number;
  })[]
> {
  const rows = db
    .select({
      id: contests.id,
      slug: contests.slug,
      title: contests.title,
      summary: contests.summary,
      bannerImage: contests.bannerImage,
      rules: sql<string>`${contests.rules}`,
    })
    .from(contests)
    .innerJoin(rounds, eq(rounds.contestId, contests.id))
    .where(and(eq(contests.status, "published"), eq(contests.kind, "contest"), gt(rounds.closesAt, now)))
    .groupBy(contests.id)
    .orderBy(asc(contests.createdAt))
    .all();
  return rows.flatMap((row) => {
    const contestRounds = listRounds(row.id);
    const round = currentRound(contestRounds, now);
    const rules = storedRules(row.rules);
    return round
      ? [
          {
            id: row.id,
            slug: row.slug,
            title: row.title,
            summary: row.summary,
            bannerImage: row.bannerImage,
            round,
            questionsPerAttempt: rules.questionsPerAttempt,
            timeLimitSeconds: rules.timeLimitSeconds,
          },
        ]
      : [];
  });
}

/** A round with its contest's rules, for the attempt engine. */
// Read by every answer save and question page: built once, with the rules as stored text so that parsing
// them (zod) happens once per version of the rules, not once per request.
const roundWithRules = db
  .select({
    ...roundColumns,
    contestId: contests.id,
    contestSlug: contests.slug,
    contestTitle: contests.title,
    contestKind: contests.kind,
    contestOwner: contests.createdBy,
    rules: sql<string>`${contests.rules}`,
  })
  .from(rounds)
  .innerJoin(contests, eq(contests.id, rounds.contestId))
  .where(eq(rounds.id, sql.placeholder("roundId")))
  .prepare();

/** A round with its contest's rules (a prepared query: inside a transaction it reads on the one connection). */
export function getRoundWithRules(roundId: number) {
  const row = roundWithRules.get({ roundId });
  return row && { ...row, rules: storedRules(row.rules) };
}

/**
 * Closes a round after its closing time: fixes the prediction's real figure, applies the prediction tiebreak
 * and names the winners and the collective ranking (`settleRound`). Closing again gives the same result. An
 * organiser's close (`actorId`) is audited; the automatic one is not a console action.
 */
export async function closeRound(
  roundId: number,
  now = Date.now(),
  actorId: number | null = null,
): Promise<{ actual: number; winners: number }> {
  const closed = transaction((tx) => {
    const round = getRoundWithRules(roundId);
    if (!round) throw new UserError(404, "Không tìm thấy tuần thi.");
    if (now < round.closesAt) throw new UserError(409, "Tuần thi chưa đến giờ đóng.");
    // An attempt still open may take answers in its grace and is settled a minute after its deadline (later
    // still after an outage's extension): winners named before it is on the board would leave it out.
    const open = openAttempts.get({ roundId, settledBy: now - SETTLE_AFTER_DEADLINE_MS })?.n ?? 0;
    if (open > 0)
      throw new UserError(
        409,
        `Còn ${open} lượt thi chưa nộp bài (đang làm hoặc trong thời gian gia hạn). Hệ thống tự nộp các bài này một phút sau hạn; hãy đóng tuần thi sau ít phút.`,
      );
    const result = settleRound(tx, roundId, now);
    if (actorId !== null) {
      const contest = tx
        .select({ scopeUnitId: contests.scopeUnitId })
        .from(contests)
        .where(eq(contests.id, round.contestId))
        .get();
      recordAudit(tx, {
        actorId,
        action: "round.close",
        entity: "round",
        entityId: roundId,
        unitId: contest?.scopeUnitId ?? null,
        before: { predictionActual: round.predictionActual },
        after: result,
        at: now,
      });
    }
    return result;
  });
  // Fair-play detection runs on the round's final data, so the review queue is complete once it closes; the
  // item statistics take in the round's attempts.
  await refreshFlags(roundId, now);
  await refreshItemStats(now);
  return closed;
}

// Attempts are settled a minute after their deadline; a round is closed once its last attempts are.
const CLOSE_DELAY_MS = 2 * 60_000;

/** A round's open attempts that may still be answered or submitted, or that the sweep has yet to settle. */
const unsettled = (roundId: SQLWrapper | number, settledBy: SQLWrapper | number) =>
  and(eq(attempts.roundId, roundId), eq(attempts.status, "open"), gt(attempts.deadlineAt, settledBy));

const openAttempts = db
  .select({ n: count() })
  .from(attempts)
  .where(unsettled(sql.placeholder("roundId"), sql.placeholder("settledBy")))
  .prepare();

/**
 * Closes every round of a published or archived contest that ended more than two minutes ago and is not
 * closed yet (the background job, and the seed). Yields to the event loop between rounds.
 */
export async function closeEndedRounds(now = Date.now()): Promise<number> {
  const due = db
    .select({ id: rounds.id })
    .from(rounds)
    .innerJoin(contests, eq(contests.id, rounds.contestId))
    .where(
      and(
        isNull(rounds.predictionActual),
        lte(rounds.closesAt, now - CLOSE_DELAY_MS),
        ne(contests.status, "draft"),
        // Not while an attempt is still open (one extended after an outage): closeRound would refuse it.
        notExists(
          db
            .select({ id: attempts.id })
            .from(attempts)
            .where(unsettled(rounds.id, now - SETTLE_AFTER_DEADLINE_MS)),
        ),
      ),
    )
    .all();
  for (const round of due) {
    await closeRound(round.id, now);
    await new Promise((resolve) => setImmediate(resolve));
  }
  return due.length;
}

// ---------------------------------------------------------------------------------------------------------
// The organiser console: the contest builder

export type ContestStatus = "draft" | "published" | "archived";

/** A refusal that belongs to fields of the contest form (conform field names), in Vietnamese. */
export class ContestFormError extends UserError {
  constructor(readonly fieldErrors: Record<string, string[]>) {
    super(400, Object.values(fieldErrors).flat()[0] ?? "Hãy kiểm tra lại các ô được đánh dấu.");
  }
}

export type ConsoleContestRow = {
  id: number;
  slug: string;
  title: string;
  status: ContestStatus;
  scopeUnitName: string | null;
  roundCount: number;
  nextRound: { number: number; opensAt: number; closesAt: number } | null;
};

/** The contests `user` may manage, newest first: an organiser's those scoped inside their unit. */
export async function listManageableContests(user: ConsoleUser, now: number): Promise<ConsoleContestRow[]> {
  const path = await scopePath(user);
  const rows = db
    .select({
      id: contests.id,
      slug: contests.slug,
      title: contests.title,
      status: contests.status,
      scopeUnitName: units.name,
    })
    .from(contests)
    .leftJoin(units, eq(units.id, contests.scopeUnitId))
    .where(and(unitsInScope(path), eq(contests.kind, "contest")))
    .orderBy(desc(contests.createdAt), desc(contests.id))
    .all();
  return rows.map((row) => {
    const contestRounds = listRounds(row.id);
    const next = contestRounds.find((r) => r.closesAt > now);
    return {
      ...row,
      roundCount: contestRounds.length,
      nextRound: next ? { number: next.number, opensAt: next.opensAt, closesAt: next.closesAt } : null,
    };
  });
}

export type ConsoleContest = Omit<ContestInput, "rounds"> & {
  id: number;
  slug: string;
  status: ContestStatus;
  bannerImage: string | null;
  scopeUnitName: string | null;
  createdAt: number;
  updatedAt: number | null;
  rounds: (Round & { attempts: number })[];
};

function readConsoleContest(tx: Db, contestId: number): ConsoleContest | undefined {
  const row = tx
    .select({
      id: contests.id,
      slug: contests.slug,
      title: contests.title,
      summary: contests.summary,
      rulesText: contests.rulesText,
      scopeUnitId: contests.scopeUnitId,
      scopeUnitName: units.name,
      rules: contests.rules,
      status: contests.status,
      bannerImage: contests.bannerImage,
      createdAt: contests.createdAt,
      updatedAt: contests.updatedAt,
    })
    .from(contests)
    .leftJoin(units, eq(units.id, contests.scopeUnitId))
    .where(eq(contests.id, contestId))
    .get();
  if (!row) return undefined;
  const counts = new Map(
    tx
      .select({ roundId: attempts.roundId, n: count() })
      .from(attempts)
      .innerJoin(rounds, eq(rounds.id, attempts.roundId))
      .where(eq(rounds.contestId, contestId))
      .groupBy(attempts.roundId)
      .all()
      .map((r) => [r.roundId, r.n]),
  );
  return {
    ...row,
    rules: contestRulesSchema.parse(row.rules),
    rounds: listRounds(contestId).map((r) => ({ ...r, attempts: counts.get(r.id) ?? 0 })),
  };
}

/** The contest with its rounds and their attempt counts, when `user` may manage it (404 / 403 otherwise). */
export async function getManageableContest(user: ConsoleUser, contestId: number): Promise<ConsoleContest> {
  const contest = readConsoleContest(db, contestId);
  if (!contest) throw new UserError(404, "Không tìm thấy cuộc thi này.");
  await assertCanManageUnit(user, contest.scopeUnitId);
  return contest;
}

/** Per topic, how many published questions contests may draw (those kept for contests included). */
export async function publishedByTopic(now: number): Promise<Map<string, number>> {
  const counts = await countPracticeByTopic(now);
  return new Map([...counts].map(([topicId, c]) => [topicId, c.practice + c.kept]));
}

async function checkInput(user: ConsoleUser, input: ContestInput): Promise<void> {
  await assertCanManageUnit(user, input.scopeUnitId);
  const errors: Record<string, string[]> = {};
  // The pools the real draw uses, so "enough questions" here means the draw cannot fail.
  const { topicMix, skillMix } = input.rules;
  const pools = mixPools(
    await getDrawableQuestions(
      topicMix.map((t) => t.topicId),
      undefined,
      skillMix.map((s) => s.skillId),
    ),
    topicMix,
    skillMix,
  );
  for (const { quota, pool } of pools) {
    if (pool.length >= quota.count) continue;
    const [field, what] =
      "skillId" in quota
        ? ["skillMix", `Kỹ năng “${quota.skillId}”`]
        : ["topicMix", `Chủ đề “${quota.topicId}”`];
    const besideSkills = "topicId" in quota && skillMix.length ? " (ngoài các câu rút theo kỹ năng)" : "";
    (errors[field] ??= []).push(
      `${what} chỉ có ${pool.length} câu đã xuất bản${besideSkills}, không đủ ${quota.count} câu mỗi lượt.`,
    );
  }
  if (input.rounds.length === 0) errors["rounds"] = ["Cuộc thi cần ít nhất một vòng."];
  for (const [index, message] of scheduleProblems(input.rounds)) errors[`rounds[${index}]`] = [message];
  if (Object.keys(errors).length) throw new ContestFormError(errors);
}

// "Cuộc thi Chuyển đổi số 2026!" → "cuoc-thi-chuyen-doi-so-2026", made unique with -2, -3 …
function uniqueSlug(tx: Db, title: string): string {
  const base =
    foldVietnamese(title)
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-+|-+$/g, "")
      .slice(0, 60)
      .replace(/-+$/, "") || "cuoc-thi";
  const taken = new Set(
    tx
      .select({ slug: contests.slug })
      .from(contests)
      .where(like(contests.slug, `${base}%`))
      .all()
      .map((r) => r.slug),
  );
  let slug = base;
  for (let n = 2; taken.has(slug); n++) slug = `${base}-${n}`;
  return slug;
}

// What the audit log keeps of a contest: everything the form edits, plus its status.
function auditView(
  contest: Pick<ConsoleContest, "title" | "summary" | "rulesText" | "scopeUnitId" | "rules" | "status"> & {
    rounds: readonly RoundPlan[];
  },
) {
  return {
    title: contest.title,
    summary: contest.summary,
    rulesText: contest.rulesText,
    scopeUnitId: contest.scopeUnitId,
    status: contest.status,
    rules: contest.rules,
    rounds: contest.rounds.map((r) => ({ opensAt: r.opensAt, closesAt: r.closesAt })),
  };
}

/** Creates a draft contest for `user` (within their scope), with a unique slug from its title. */
export async function createContestDraft(
  user: ConsoleUser,
  input: ContestInput,
  now = Date.now(),
): Promise<{ id: number; slug: string }> {
  const rules = contestRulesSchema.parse(input.rules);
  await checkInput(user, { ...input, rules });
  return transaction((tx) => {
    const slug = uniqueSlug(tx, input.title);
    const contest = tx
      .insert(contests)
      .values({
        slug,
        title: input.title,
        summary: input.summary,
        rulesText: input.rulesText,
        rules,
        scopeUnitId: input.scopeUnitId,
        status: "draft",
        createdAt: now,
        createdBy: user.id,
        updatedAt: now,
      })
      .returning({ id: contests.id })
      .get();
    input.rounds.forEach((r, index) =>
      tx
        .insert(rounds)
        .values({ contestId: contest.id, number: index + 1, opensAt: r.opensAt, closesAt: r.closesAt })
        .run(),
    );
    recordAudit(tx, {
      actorId: user.id,
      action: "contest.create",
      entity: "contest",
      entityId: contest.id,
      unitId: input.scopeUnitId,
      after: auditView({ ...input, rules, status: "draft" }),
      at: now,
    });
    return { id: contest.id, slug };
  });
}

/**
 * Saves the contest form. Once a round has attempts, the rules that score them and that round's times are
 * refused here (not only greyed out in the form); everything else stays editable.
 */
export async function updateContest(
  user: ConsoleUser,
  contestId: number,
  input: ContestInput,
  now = Date.now(),
): Promise<void> {
  await getManageableContest(user, contestId);
  const rules = contestRulesSchema.parse(input.rules);
  await checkInput(user, { ...input, rules });
  transaction((tx) => {
    // Read again inside the transaction: an attempt started since the page was shown locks it too.
    const before = readConsoleContest(tx, contestId)!;
    const locked = lockedChanges(
      before,
      { rules, rounds: input.rounds },
      before.rounds.map((r) => r.attempts),
    );
    if (Object.keys(locked).length) throw new ContestFormError(locked);
    tx.update(contests)
      .set({
        title: input.title,
        summary: input.summary,
        rulesText: input.rulesText,
        scopeUnitId: input.scopeUnitId,
        rules,
        updatedAt: now,
      })
      .where(eq(contests.id, contestId))
      .run();
    input.rounds.forEach((r, index) => {
      const existing = before.rounds[index];
      if (existing)
        tx.update(rounds)
          .set({ opensAt: r.opensAt, closesAt: r.closesAt })
          .where(eq(rounds.id, existing.id))
          .run();
      else
        tx.insert(rounds)
          .values({ contestId, number: index + 1, opensAt: r.opensAt, closesAt: r.closesAt })
          .run();
    });
    const removed = before.rounds.slice(input.rounds.length).map((r) => r.id);
    if (removed.length) tx.delete(rounds).where(inArray(rounds.id, removed)).run();
    recordAudit(tx, {
      actorId: user.id,
      action: "contest.update",
      entity: "contest",
      entityId: contestId,
      unitId: input.scopeUnitId,
      before: auditView(before),
      after: auditView({ ...input, rules, status: before.status }),
      at: now,
    });
  });
}

const nextStatus: Record<
  "publish" | "archive",
  { from: ContestStatus[]; to: ContestStatus; refusal: string }
> = {
  publish: { from: ["draft"], to: "published", refusal: "Chỉ công bố được cuộc thi đang là bản nháp." },
  archive: {
    from: ["draft", "published"],
    to: "archived",
    refusal: "Cuộc thi này đã được lưu trữ.",
  },
};

/** draft → published → archived (a draft may also be archived). Audited with the status before and after. */
export async function changeContestStatus(
  user: ConsoleUser,
  contestId: number,
  change: "publish" | "archive",
  now = Date.now(),
): Promise<void> {
  const contest = await getManageableContest(user, contestId);
  const step = nextStatus[change];
  if (!step.from.includes(contest.status)) throw new UserError(409, step.refusal);
  if (change === "publish" && contest.rounds.length === 0)
    throw new UserError(409, "Cuộc thi cần ít nhất một vòng trước khi công bố.");
  transaction((tx) => {
    tx.update(contests).set({ status: step.to, updatedAt: now }).where(eq(contests.id, contestId)).run();
    recordAudit(tx, {
      actorId: user.id,
      action: `contest.${change}`,
      entity: "contest",
      entityId: contestId,
      unitId: contest.scopeUnitId,
      before: { status: contest.status },
      after: { status: step.to },
      at: now,
    });
  });
}

/** A draft copy of the contest, its rounds moved by whole weeks so the first opens next week. */
export async function cloneContest(
  user: ConsoleUser,
  contestId: number,
  now = Date.now(),
): Promise<{ id: number; slug: string }> {
  const source = await getManageableContest(user, contestId);
  const shift = weeksToShift(source.rounds, now) * WEEK_MS;
  return transaction((tx) => {
    const title = `${source.title} (bản sao)`;
    const slug = uniqueSlug(tx, title);
    const copy = tx
      .insert(contests)
      .values({
        slug,
        title,
        summary: source.summary,
        rulesText: source.rulesText,
        rules: source.rules,
        scopeUnitId: source.scopeUnitId,
        bannerImage: source.bannerImage,
        status: "draft",
        createdAt: now,
        createdBy: user.id,
        updatedAt: now,
      })
      .returning({ id: contests.id })
      .get();
    const shifted = source.rounds.map((r) => ({ opensAt: r.opensAt + shift, closesAt: r.closesAt + shift }));
    shifted.forEach((r, index) =>
      tx
        .insert(rounds)
        .values({ contestId: copy.id, number: index + 1, ...r })
        .run(),
    );
    recordAudit(tx, {
      actorId: user.id,
      action: "contest.clone",
      entity: "contest",
      entityId: copy.id,
      unitId: source.scopeUnitId,
      before: { clonedFrom: source.id },
      after: auditView({ ...source, title, status: "draft", rounds: shifted }),
      at: now,
    });
    return { id: copy.id, slug };
  });
}

/** Sets or removes the contest's banner picture (an id from storeImage). */
export async function setContestBanner(
  user: ConsoleUser,
  contestId: number,
  imageId: string | null,
  now = Date.now(),
): Promise<void> {
  const contest = await getManageableContest(user, contestId);
  transaction((tx) => {
    tx.update(contests).set({ bannerImage: imageId, updatedAt: now }).where(eq(contests.id, contestId)).run();
    recordAudit(tx, {
      actorId: user.id,
      action: "contest.banner",
      entity: "contest",
      entityId: contestId,
      unitId: contest.scopeUnitId,
      before: { bannerImage: contest.bannerImage },
      after: { bannerImage: imageId },
      at: now,
    });
  });
}

/**
 * A sample attempt for the preview, drawn exactly as a real one (same bank, same draw) but never saved:
 * no attempt, no board entry.
 */
export async function drawSampleAttempt(rules: ContestRules, rng: Rng = Math.random) {
  const bank = await getDrawableQuestions(
    rules.topicMix.map((t) => t.topicId),
    undefined,
    rules.skillMix.map((s) => s.skillId),
  );
  const items = drawQuestions(bank, rules.topicMix, rng, rules.skillMix);
  return items.map((item) => ({
    slot: item.slot,
    ...questionOnScreen(item.revisionId, item.choiceOrder)!,
  }));
}

/** The units a contest of `user` may be open to (no communes unless that is all they manage), top down. */
export async function scopeUnitChoices(
  user: ConsoleUser,
): Promise<{ id: number; name: string; depth: number }[]> {
  const path = await scopePath(user);
  const rows = db
    .select({ id: units.id, name: units.name, depth: units.depth, isLeaf: units.isLeaf, path: units.path })
    .from(units)
    .where(unitsInScope(path))
    .orderBy(asc(units.depth), asc(units.name))
    .all();
  const withoutCommunes = rows.filter((u) => !u.isLeaf);
  return (withoutCommunes.length ? withoutCommunes : rows).map(({ id, name, depth }) => ({
    id,
    name,
    depth,
  }));
}

/**
 * What both contest forms offer besides the contest: topics and skills with their published counts, and
 * scope units.
 */
export async function contestFormOptions(user: ConsoleUser, now: number) {
  const bank = await publishedByTopic(now);
  const bySkill = await publishedBySkill();
  return {
    topics: (await listTopics()).map((t) => ({ ...t, published: bank.get(t.id) ?? 0 })),
    skills: (await listSkills()).map((s) => ({ id: s.id, name: s.name, published: bySkill.get(s.id) ?? 0 })),
    scopeChoices: await scopeUnitChoices(user),
    everyone: user.role === "admin",
  };
}

/**
 * A contest as its public page shows it, for residents and for the organiser's preview alike, so the preview
 * cannot drift from what residents see.
 */
export async function contestPageView(
  contest: Pick<Contest, "title" | "summary" | "rules" | "rounds"> & {
    status: "draft" | "published" | "archived";
    bannerImage: string | null;
    rulesText: string;
  },
  now: number,
) {
  const topicNames = new Map((await listTopics()).map((t) => [t.id, t.name]));
  const skillNames = new Map((await listSkills()).map((s) => [s.id, s.name]));
  const round = currentRound(contest.rounds, now);
  return {
    contest: {
      title: contest.title,
      summary: contest.summary,
      status: contest.status,
      bannerImage: contest.bannerImage,
      rulesHtml: renderMarkdown(contest.rulesText),
      rules: contest.rules,
      rounds: contest.rounds.map((r) => ({ ...r, state: roundState(r, now) })),
      // What a draw is made of, as residents read it: skill quotas first (they come from any topic).
      topics: [
        ...contest.rules.skillMix.map((s) => {
          const name = skillNames.get(s.skillId) ?? s.skillId;
          return {
            name: `kỹ năng ${name.charAt(0).toLocaleLowerCase("vi")}${name.slice(1)}`,
            count: s.count,
          };
        }),
        ...contest.rules.topicMix.map((t) => ({
          name: topicNames.get(t.topicId) ?? t.topicId,
          count: t.count,
        })),
      ],
      predictionQuestion: predictionQuestion[contest.rules.prediction.kind],
    },
    round: round && {
      id: round.id,
      number: round.number,
      state: roundState(round, now),
      opensAt: round.opensAt,
      closesAt: round.closesAt,
    },
  };
}
