// Homework quizzes: a contest of kind "homework" with one round, owned by a teacher and assigned to classes
// (homework_classes). Students take it with the contest engine; it is never listed nor on a public board.
import { randomBytes } from "node:crypto";
import { and, asc, count, desc, eq, inArray, isNull, sql } from "drizzle-orm";
import {
  answers,
  attemptItems,
  attempts,
  choices,
  classes,
  classMembers,
  contests,
  homeworkClasses,
  questionRevisions,
  questions,
  rounds,
  schools,
  units,
  users,
} from "#db/schema.ts";
import { rankGroups, sumTallies, type GroupTally, type RankedGroup } from "#app/domain/class-ranking.ts";
import type { DrawableQuestion } from "#app/domain/draw.ts";
import { addAnswer, emptyTally, summarise } from "#app/domain/item-stats.ts";
import { isBetterAttempt } from "#app/domain/ranking.ts";
import { contestRulesSchema, storedRules, type ContestRules } from "#app/domain/rules.ts";
import { db, transaction } from "#app/utils/db.server.ts";
import { UserError } from "#app/utils/errors.ts";
import { recordAudit } from "./audit.server.ts";
import { ownOpenClasses, type Teacher } from "./classes.server.ts";
import { getDrawableQuestions, groupByRevision } from "./questions.server.ts";

export type HomeworkInput = {
  title: string;
  classIds: number[];
  opensAt: number;
  closesAt: number;
  timeLimitSeconds: number;
  attempts: number;
  reviewTiming: ContestRules["reviewTiming"];
} & (
  | { source: "mix"; topicMix: { topicId: string; count: number }[] }
  | { source: "picked"; questionIds: string[] }
);

// Homework has no prediction question, prizes nor collective ranking; the schema still wants their fields.
const homeworkRuleDefaults = {
  prediction: { kind: "participants", max: 1 },
  graceSeconds: 10,
  prizeTiers: [],
  participationPoints: 0,
  attemptsPerDay: null,
} as const;

// A published question's published revision, or the current revision of the quiz owner's own draft.
const drawnRevision = (ownerId: number) =>
  sql<
    number | null
  >`coalesce(${questions.publishedRevisionId}, CASE WHEN ${questions.ownerId} = ${ownerId} THEN ${questions.currentRevisionId} END)`;

/** The hand-picked questions of a quiz as the draw takes them; ids that are neither published nor the owner's are left out. */
export function homeworkQuestionSet(questionIds: readonly string[], ownerId: number): DrawableQuestion[] {
  if (!questionIds.length) return [];
  const rows = db
    .select({ topicId: questions.topicId, revisionId: questionRevisions.id, choiceId: choices.id })
    .from(questions)
    .innerJoin(questionRevisions, eq(questionRevisions.id, drawnRevision(ownerId)))
    .innerJoin(choices, eq(choices.revisionId, questionRevisions.id))
    .where(inArray(questions.id, [...questionIds]))
    .orderBy(asc(choices.position))
    .all();
  return groupByRevision(rows);
}

/** Ids among `questionIds` a teacher may not use: unknown, or neither published nor their own. */
function unusableQuestions(questionIds: readonly string[], ownerId: number): string[] {
  const usable = new Set(
    db
      .select({ id: questions.id })
      .from(questions)
      .where(and(inArray(questions.id, [...questionIds]), sql`${drawnRevision(ownerId)} IS NOT NULL`))
      .all()
      .map((r) => r.id),
  );
  return questionIds.filter((id) => !usable.has(id));
}

const userRole = db
  .select({ role: users.role })
  .from(users)
  .where(eq(users.id, sql.placeholder("userId")))
  .prepare();
const memberOfAssignedClass = db
  .select({ classId: homeworkClasses.classId })
  .from(homeworkClasses)
  .innerJoin(
    classMembers,
    and(eq(classMembers.classId, homeworkClasses.classId), isNull(classMembers.removedAt)),
  )
  .where(
    and(
      eq(homeworkClasses.contestId, sql.placeholder("contestId")),
      eq(classMembers.userId, sql.placeholder("userId")),
    ),
  )
  .prepare();

/**
 * Who may start an attempt: a homework quiz only a student of a class it is assigned to; a contest anyone but a
 * student (students are minors known by a display name only: they stay off the public boards).
 */
export function assertMayStart(
  userId: number,
  round: { contestId: number; contestKind: "contest" | "homework" },
) {
  if (round.contestKind === "homework") {
    if (!memberOfAssignedClass.get({ contestId: round.contestId, userId }))
      throw new UserError(403, "Bài tập này chỉ dành cho học sinh của lớp được giao.");
  } else if (userRole.get({ userId })?.role === "student")
    throw new UserError(403, "Tài khoản học sinh chỉ làm bài tập của lớp. Hãy vào mục Lớp học của em.");
}

export async function createHomework(
  teacher: Teacher,
  input: HomeworkInput,
  now = Date.now(),
): Promise<{ id: number }> {
  if (input.closesAt <= input.opensAt) throw new UserError(400, "Giờ đóng phải sau giờ mở.");
  if (input.closesAt <= now) throw new UserError(400, "Giờ đóng đã qua. Hãy chọn giờ đóng sau bây giờ.");
  let questionIds: string[] = [];
  let topicMix: { topicId: string; count: number }[] = [];
  if (input.source === "picked") {
    questionIds = [...new Set(input.questionIds)];
    if (!questionIds.length) throw new UserError(400, "Hãy chọn ít nhất một câu hỏi.");
    const bad = unusableQuestions(questionIds, teacher.id);
    if (bad.length)
      throw new UserError(
        400,
        `Không dùng được các câu hỏi: ${bad.join(", ")} (không có, hoặc chưa xuất bản).`,
      );
  } else {
    topicMix = input.topicMix.filter((t) => t.count > 0);
    if (!topicMix.length) throw new UserError(400, "Hãy chọn số câu cho ít nhất một chủ đề.");
    const bank = await getDrawableQuestions(topicMix.map((t) => t.topicId));
    for (const t of topicMix) {
      const available = bank.filter((q) => q.topicId === t.topicId).length;
      if (available < t.count)
        throw new UserError(
          400,
          `Chủ đề ${t.topicId} chỉ có ${available} câu đã xuất bản, ít hơn ${t.count} câu.`,
        );
    }
  }
  const parsed = contestRulesSchema.safeParse({
    ...homeworkRuleDefaults,
    questionsPerAttempt: questionIds.length + topicMix.reduce((sum, t) => sum + t.count, 0),
    timeLimitSeconds: input.timeLimitSeconds,
    topicMix,
    questionIds,
    attemptsPerRound: input.attempts,
    reviewTiming: input.reviewTiming,
  });
  if (!parsed.success) throw new UserError(400, parsed.error.issues[0]!.message);
  return transaction((tx) => {
    const classIds = ownOpenClasses(tx, teacher.id, input.classIds);
    if (!classIds.length || classIds.length !== new Set(input.classIds).size)
      throw new UserError(400, "Hãy chọn ít nhất một lớp của thầy cô.");
    const { id } = tx
      .insert(contests)
      .values({
        kind: "homework",
        slug: `bai-tap-${randomBytes(6).toString("hex")}`,
        title: input.title,
        summary: "",
        rules: parsed.data,
        scopeUnitId: teacher.unitId,
        status: "published",
        createdBy: teacher.id,
        createdAt: now,
        updatedAt: now,
      })
      .returning({ id: contests.id })
      .get();
    tx.insert(rounds)
      .values({ contestId: id, number: 1, opensAt: input.opensAt, closesAt: input.closesAt })
      .run();
    for (const classId of classIds) tx.insert(homeworkClasses).values({ contestId: id, classId }).run();
    recordAudit(tx, {
      actorId: teacher.id,
      action: "homework.create",
      entity: "contest",
      entityId: id,
      unitId: teacher.unitId,
      after: {
        title: input.title,
        classIds,
        opensAt: input.opensAt,
        closesAt: input.closesAt,
        rules: parsed.data,
      },
      at: now,
    });
    return { id };
  });
}

export type HomeworkRow = {
  id: number;
  title: string;
  roundId: number;
  opensAt: number;
  closesAt: number;
  questionsPerAttempt: number;
  timeLimitSeconds: number;
  attemptsAllowed: number;
  classNames: string[];
};

function homeworkRows(where: ReturnType<typeof and>): HomeworkRow[] {
  const rows = db
    .select({
      id: contests.id,
      title: contests.title,
      rules: sql<string>`${contests.rules}`,
      roundId: rounds.id,
      opensAt: rounds.opensAt,
      closesAt: rounds.closesAt,
      classNames: sql<string>`group_concat(${classes.name}, '|')`,
    })
    .from(contests)
    .innerJoin(rounds, eq(rounds.contestId, contests.id))
    .innerJoin(homeworkClasses, eq(homeworkClasses.contestId, contests.id))
    .innerJoin(classes, eq(classes.id, homeworkClasses.classId))
    .where(and(eq(contests.kind, "homework"), where))
    .groupBy(contests.id)
    .orderBy(desc(rounds.closesAt), desc(contests.id))
    .all();
  return rows.map(({ rules: text, classNames, ...row }) => {
    const rules = storedRules(text);
    return {
      ...row,
      questionsPerAttempt: rules.questionsPerAttempt,
      timeLimitSeconds: rules.timeLimitSeconds,
      attemptsAllowed: rules.attemptsPerRound,
      classNames: classNames.split("|").sort((a, b) => a.localeCompare(b, "vi")),
    };
  });
}

export async function listTeacherHomework(teacherId: number): Promise<HomeworkRow[]> {
  return homeworkRows(and(eq(contests.createdBy, teacherId)));
}

export type StudentHomework = HomeworkRow & {
  attemptsUsed: number;
  openAttemptId: number | null;
  bestScore: number | null;
  lastAttemptId: number | null;
};

/** A student's homework from the classes they are in now, newest deadline first, with how they did. */
export async function listStudentHomework(userId: number): Promise<StudentHomework[]> {
  const memberOf = db
    .select({ classId: classMembers.classId })
    .from(classMembers)
    .where(and(eq(classMembers.userId, userId), isNull(classMembers.removedAt)));
  const rows = homeworkRows(and(inArray(homeworkClasses.classId, memberOf)));
  if (!rows.length) return [];
  const mine = db
    .select({
      id: attempts.id,
      roundId: attempts.roundId,
      status: attempts.status,
      score: attempts.score,
    })
    .from(attempts)
    .where(
      and(
        eq(attempts.userId, userId),
        inArray(
          attempts.roundId,
          rows.map((r) => r.roundId),
        ),
      ),
    )
    .orderBy(asc(attempts.startedAt))
    .all();
  return rows.map((row) => {
    const own = mine.filter((a) => a.roundId === row.roundId);
    const scores = own.flatMap((a) => (a.status === "submitted" && a.score !== null ? [a.score] : []));
    return {
      ...row,
      attemptsUsed: own.length,
      openAttemptId: own.find((a) => a.status === "open")?.id ?? null,
      bestScore: scores.length ? Math.max(...scores) : null,
      lastAttemptId: own.at(-1)?.id ?? null,
    };
  });
}

/** The round of a homework quiz the student may start (a 404 for anyone else: homework is not public). */
export async function homeworkRoundFor(userId: number, contestId: number): Promise<number> {
  const row = db
    .select({ roundId: rounds.id })
    .from(rounds)
    .innerJoin(contests, and(eq(contests.id, rounds.contestId), eq(contests.kind, "homework")))
    .where(eq(rounds.contestId, contestId))
    .get();
  if (!row || !memberOfAssignedClass.get({ contestId, userId }))
    throw new UserError(404, "Không tìm thấy bài tập này trong lớp của em.");
  return row.roundId;
}

// ---- The class report ----

export type StudentReportRow = {
  userId: number;
  name: string;
  className: string;
  /** "not_started": no attempt; "in_progress": only an attempt still open. */
  status: "not_started" | "in_progress" | "submitted";
  attempts: number;
  bestScore: number | null;
  questionCount: number | null;
  bestDurationMs: number | null;
};
export type QuestionReportRow = {
  questionId: string;
  text: string;
  answered: number;
  correct: number;
  /** Share correct, 0–1, of the submitted attempts that drew the question (null before any). */
  shareCorrect: number | null;
  topWrongText: string | null;
  topWrongCount: number;
};
export type HomeworkReport = {
  homework: HomeworkRow;
  students: StudentReportRow[];
  questions: QuestionReportRow[];
};

/**
 * The teacher's report of one quiz: per student of the assigned classes (their best counted attempt, by score
 * then time), and per question over every submitted, not disqualified attempt that drew it (share correct,
 * most chosen wrong answer; an unanswered question counts as not correct).
 */
export async function getHomeworkReport(teacherId: number, contestId: number): Promise<HomeworkReport> {
  const homework = homeworkRows(and(eq(contests.id, contestId), eq(contests.createdBy, teacherId)))[0];
  if (!homework) throw new UserError(404, "Không tìm thấy bài tập.");
  const roster = db
    .select({ userId: users.id, name: users.name, className: classes.name })
    .from(homeworkClasses)
    .innerJoin(classes, eq(classes.id, homeworkClasses.classId))
    .innerJoin(classMembers, and(eq(classMembers.classId, classes.id), isNull(classMembers.removedAt)))
    .innerJoin(users, eq(users.id, classMembers.userId))
    .where(eq(homeworkClasses.contestId, contestId))
    .orderBy(asc(classes.name), asc(users.name), asc(users.id))
    .all();
  const all = db
    .select({
      id: attempts.id,
      userId: attempts.userId,
      status: attempts.status,
      score: attempts.score,
      durationMs: attempts.durationMs,
      submittedAt: attempts.submittedAt,
      questionCount: attempts.questionCount,
      disqualifiedAt: attempts.disqualifiedAt,
    })
    .from(attempts)
    .where(eq(attempts.roundId, homework.roundId))
    .all();
  const seen = new Set<number>();
  const students = roster.flatMap((s): StudentReportRow[] => {
    if (seen.has(s.userId)) return []; // in two assigned classes: listed once
    seen.add(s.userId);
    const own = all.filter((a) => a.userId === s.userId);
    let best: (typeof own)[number] | undefined;
    for (const a of own) {
      if (a.status !== "submitted" || a.disqualifiedAt !== null) continue;
      const candidate = {
        score: a.score ?? 0,
        durationMs: a.durationMs ?? 0,
        submittedAt: a.submittedAt ?? 0,
      };
      const current = best && {
        score: best.score ?? 0,
        durationMs: best.durationMs ?? 0,
        submittedAt: best.submittedAt ?? 0,
      };
      if (isBetterAttempt(candidate, current)) best = a;
    }
    return [
      {
        ...s,
        status: best ? "submitted" : own.length ? "in_progress" : "not_started",
        attempts: own.length,
        bestScore: best?.score ?? null,
        questionCount: best?.questionCount ?? null,
        bestDurationMs: best?.durationMs ?? null,
      },
    ];
  });
  return {
    homework,
    students,
    questions: questionReport(
      all.filter((a) => a.status === "submitted" && a.disqualifiedAt === null).map((a) => a.id),
    ),
  };
}

function questionReport(attemptIds: number[]): QuestionReportRow[] {
  if (!attemptIds.length) return [];
  const items = db
    .select({
      attemptId: attemptItems.attemptId,
      slot: attemptItems.slot,
      choiceOrder: attemptItems.choiceOrder,
      questionId: questionRevisions.questionId,
      text: questionRevisions.text,
    })
    .from(attemptItems)
    .innerJoin(questionRevisions, eq(questionRevisions.id, attemptItems.revisionId))
    .where(inArray(attemptItems.attemptId, attemptIds))
    .all();
  const choiceRows = db
    .select({ id: choices.id, text: choices.text, isCorrect: choices.isCorrect })
    .from(choices)
    .where(inArray(choices.id, [...new Set(items.flatMap((i) => i.choiceOrder))]))
    .all();
  const choiceById = new Map(choiceRows.map((c) => [c.id, c]));
  const given = new Map(
    db
      .select({ attemptId: answers.attemptId, slot: answers.slot, choiceIds: answers.choiceIds })
      .from(answers)
      .where(inArray(answers.attemptId, attemptIds))
      .all()
      .map((a) => [`${a.attemptId}:${a.slot}`, a.choiceIds]),
  );
  const tallies = new Map<string, { text: string; tally: ReturnType<typeof emptyTally> }>();
  for (const item of items) {
    const entry = tallies.get(item.questionId) ?? { text: item.text, tally: emptyTally() };
    tallies.set(item.questionId, entry);
    addAnswer(entry.tally, {
      chosen: given.get(`${item.attemptId}:${item.slot}`) ?? [],
      correctIds: item.choiceOrder.filter((id) => choiceById.get(id)?.isCorrect),
      choiceTexts: new Map(item.choiceOrder.map((id) => [id, choiceById.get(id)?.text ?? ""])),
      spentMs: 0,
      group: null,
    });
  }
  return [...tallies.entries()]
    .map(([questionId, { text, tally }]) => {
      const summary = summarise(tally);
      return {
        questionId,
        text,
        answered: summary.answered,
        correct: summary.correct,
        shareCorrect: summary.answered ? summary.correct / summary.answered : null,
        topWrongText: summary.topWrongText,
        topWrongCount: summary.topWrongCount,
      };
    })
    .sort(
      (a, b) => (a.shareCorrect ?? 1) - (b.shareCorrect ?? 1) || a.questionId.localeCompare(b.questionId),
    );
}

// ---- Leaderboards of classes and schools ----

type ClassInfo = { id: number; name: string; schoolId: number; schoolName: string };

/** Whether the live games' results table exists yet (another part of the app creates it). */
function hasLiveResults(): boolean {
  return !!db.get<{ n: number } | undefined>(
    sql`SELECT 1 AS n FROM sqlite_master WHERE type = 'table' AND name = 'live_game_results'`,
  );
}

/**
 * Each class's tally: every homework assigned to it that has opened, and every live game it played, times its
 * current students; a student's result in a homework is their best counted attempt (score / questions), in a
 * game their score over the game's best.
 */
function classTallies(classList: readonly ClassInfo[], now: number): Map<number, GroupTally> {
  const ids = classList.map((c) => c.id);
  const tallies = new Map<number, GroupTally>(
    classList.map((c) => [c.id, { id: c.id, name: c.name, members: 0, expected: 0, taken: 0, shareSum: 0 }]),
  );
  if (!ids.length) return tallies;
  const members = new Map<number, Set<number>>(ids.map((id) => [id, new Set()]));
  for (const m of db
    .select({ classId: classMembers.classId, userId: classMembers.userId })
    .from(classMembers)
    .where(and(inArray(classMembers.classId, ids), isNull(classMembers.removedAt)))
    .all())
    members.get(m.classId)!.add(m.userId);
  const events = new Map<number, number>(ids.map((id) => [id, 0]));
  for (const e of db
    .select({ classId: homeworkClasses.classId, n: count() })
    .from(homeworkClasses)
    .innerJoin(rounds, eq(rounds.contestId, homeworkClasses.contestId))
    .where(and(inArray(homeworkClasses.classId, ids), sql`${rounds.opensAt} <= ${now}`))
    .groupBy(homeworkClasses.classId)
    .all())
    events.set(e.classId, e.n);
  const results: { classId: number; userId: number; share: number }[] = db.all(
    sql`SELECT hc.class_id AS classId, a.user_id AS userId, max(CAST(a.score AS REAL) / a.question_count) AS share
        FROM homework_classes hc
        JOIN rounds r ON r.contest_id = hc.contest_id AND r.opens_at <= ${now}
        JOIN attempts a ON a.round_id = r.id AND a.status = 'submitted' AND a.disqualified_at IS NULL
        WHERE hc.class_id IN (${sql.join(
          ids.map((id) => sql`${id}`),
          sql`, `,
        )})
        GROUP BY hc.class_id, r.contest_id, a.user_id`,
  );
  if (hasLiveResults()) {
    const games: { classId: number; gameId: number; userId: number; share: number }[] = db.all(
      sql`SELECT class_id AS classId, game_id AS gameId, user_id AS userId,
            CASE WHEN max(score) OVER (PARTITION BY game_id) > 0
              THEN CAST(score AS REAL) / max(score) OVER (PARTITION BY game_id) ELSE 0 END AS share
          FROM live_game_results
          WHERE class_id IN (${sql.join(
            ids.map((id) => sql`${id}`),
            sql`, `,
          )})`,
    );
    const played = new Map<number, Set<number>>();
    for (const g of games) {
      played.set(g.classId, (played.get(g.classId) ?? new Set()).add(g.gameId));
      results.push(g);
    }
    for (const [classId, gameIds] of played) events.set(classId, (events.get(classId) ?? 0) + gameIds.size);
  }
  for (const [classId, tally] of tallies) {
    tally.members = members.get(classId)!.size;
    tally.expected = tally.members * events.get(classId)!;
  }
  for (const r of results) {
    // Only current students count: a removed student's results leave with them.
    if (!members.get(r.classId)?.has(r.userId)) continue;
    const tally = tallies.get(r.classId)!;
    tally.taken++;
    tally.shareSum += r.share;
  }
  return tallies;
}

function openClasses(where: ReturnType<typeof and>): ClassInfo[] {
  return db
    .select({ id: classes.id, name: classes.name, schoolId: schools.id, schoolName: schools.name })
    .from(classes)
    .innerJoin(schools, eq(schools.id, classes.schoolId))
    .innerJoin(units, eq(units.id, schools.unitId))
    .where(and(isNull(classes.archivedAt), where))
    .all();
}

/** The classes of a school, ranked. */
export async function classLeaderboard(
  schoolId: number,
  byParticipation: boolean,
  now = Date.now(),
): Promise<RankedGroup[]> {
  const list = openClasses(and(eq(schools.id, schoolId)));
  return rankGroups([...classTallies(list, now).values()], byParticipation);
}

/** The schools of a commune or district (any unit: its subtree), ranked over all their classes. */
export async function schoolLeaderboard(
  unitId: number,
  byParticipation: boolean,
  now = Date.now(),
): Promise<RankedGroup[]> {
  const unit = db.select({ path: units.path }).from(units).where(eq(units.id, unitId)).get();
  if (!unit) throw new UserError(404, "Không tìm thấy đơn vị.");
  const schoolList = db
    .select({ id: schools.id, name: schools.name })
    .from(schools)
    .innerJoin(units, eq(units.id, schools.unitId))
    .where(sql`${units.path} LIKE ${`${unit.path}%`}`)
    .all();
  const list = openClasses(sql`${units.path} LIKE ${`${unit.path}%`}`);
  const tallies = classTallies(list, now);
  return rankGroups(
    schoolList.map((s) =>
      sumTallies(
        s.id,
        s.name,
        list.filter((c) => c.schoolId === s.id).map((c) => tallies.get(c.id)!),
      ),
    ),
    byParticipation,
  );
}

/** A school with its commune and district, for a leaderboard's title and links. */
export async function getSchoolPlace(schoolId: number) {
  const row = db
    .select({
      id: schools.id,
      name: schools.name,
      unitId: units.id,
      unitName: units.name,
      parentId: units.parentId,
    })
    .from(schools)
    .innerJoin(units, eq(units.id, schools.unitId))
    .where(eq(schools.id, schoolId))
    .get();
  if (!row) throw new UserError(404, "Không tìm thấy trường.");
  const parent =
    row.parentId === null
      ? null
      : (db.select({ id: units.id, name: units.name }).from(units).where(eq(units.id, row.parentId)).get() ??
        null);
  return { ...row, district: parent };
}

export type OwnQuestion = { id: string; text: string; status: "draft" | "reviewed" | "published" };

/** The questions a teacher wrote, newest first: usable in their own quizzes at once, in others' once published. */
export async function listOwnQuestions(teacherId: number): Promise<OwnQuestion[]> {
  return db
    .select({ id: questions.id, text: questionRevisions.text, status: questions.status })
    .from(questions)
    .innerJoin(questionRevisions, eq(questionRevisions.id, questions.currentRevisionId))
    .where(eq(questions.ownerId, teacherId))
    .orderBy(desc(questions.updatedAt), desc(questions.id))
    .all();
}
