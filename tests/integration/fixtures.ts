import { and, eq, inArray } from "drizzle-orm";
import { expect } from "vitest";
import { attemptItems, choices, practiceSessions, units, users } from "#db/schema.ts";
import { placesOf } from "#app/domain/choice-keys.ts";
import { defaultPrizeTiers, type ContestRules } from "#app/domain/rules.ts";
import { createContest } from "#app/models/contests.server.ts";
import { db } from "#app/utils/db.server.ts";
import { UserError } from "#app/utils/errors.ts";

export const HOUR = 3600_000;
export const T0 = Date.UTC(2026, 5, 18, 1, 0, 0); // 08:00 on 18/06/2026 in Vietnam

export const testRules: ContestRules = {
  questionsPerAttempt: 5,
  timeLimitSeconds: 600,
  topicMix: [
    { topicId: "lua-dao", count: 3 },
    { topicId: "dinh-danh-dien-tu", count: 2 },
  ],
  skillMix: [],
  attemptsPerRound: 3,
  attemptsPerDay: null,
  prediction: { kind: "participants", max: 1_000_000 },
  reviewTiming: "after_submit",
  prizeTiers: defaultPrizeTiers,
  participationPoints: 100,
  certificateScore: null,
  graceSeconds: 5,
};

let contestCounter = 0;

/** A published contest with one round open from T0 for a week (plus any extra rounds given). */
export async function createTestContest(
  rules: Partial<ContestRules> = {},
  rounds = [{ opensAt: T0, closesAt: T0 + 7 * 24 * HOUR }],
) {
  const province = db.select({ id: units.id }).from(units).where(eq(units.depth, 0)).get()!;
  const slug = `test-${++contestCounter}`;
  const { id } = await createContest({
    slug,
    title: `Cuộc thi ${contestCounter}`,
    summary: "Thử nghiệm",
    rules: { ...testRules, ...rules },
    scopeUnitId: province.id,
    published: true,
    rounds,
    now: T0,
  });
  const { rounds: roundRows } = (await import("#app/models/contests.server.ts").then((m) =>
    m.getPublishedContest(slug),
  ))!;
  return { id, slug, rounds: roundRows, provinceId: province.id };
}

/** A resident in the n-th commune (no password: these tests do not log in). */
export function createResident(communeIndex = 0, name = "Người thi") {
  const communes = db
    .select({ id: units.id, path: units.path })
    .from(units)
    .where(eq(units.isLeaf, true))
    .orderBy(units.code)
    .all();
  const commune = communes[communeIndex % communes.length]!;
  const user = db
    .insert(users)
    .values({ name, unitId: commune.id, createdAt: T0 })
    .returning({ id: users.id })
    .get();
  return { userId: user.id, unitId: commune.id, unitPath: commune.path };
}

/** The places of the right and wrong choices in the order shown (tests may peek at the key; residents never can). */
function keyOf(choiceOrder: number[]): { correct: number[]; wrong: number[] } {
  const correct = db
    .select({ id: choices.id })
    .from(choices)
    .where(and(inArray(choices.id, choiceOrder), eq(choices.isCorrect, true)))
    .all()
    .map((c) => c.id);
  return {
    correct: placesOf(choiceOrder, correct),
    wrong: placesOf(
      choiceOrder,
      choiceOrder.filter((id) => !correct.includes(id)),
    ),
  };
}

/** The key of one slot of an attempt, as places in that attempt's choice order. */
export function attemptKey(attemptId: number, slot: number) {
  const item = db
    .select({ choiceOrder: attemptItems.choiceOrder })
    .from(attemptItems)
    .where(and(eq(attemptItems.attemptId, attemptId), eq(attemptItems.slot, slot)))
    .get()!;
  return keyOf(item.choiceOrder);
}

/** The key of one slot of a practice run, as places in that run's choice order. */
export function practiceKey(token: string, slot: number) {
  const run = db
    .select({ items: practiceSessions.items })
    .from(practiceSessions)
    .where(eq(practiceSessions.id, token))
    .get()!;
  return keyOf(run.items[slot - 1]!.choiceOrder);
}

/** The UserError a model call fails with (and a failed test when it does not fail that way). */
export async function rejection(work: Promise<unknown>) {
  const error = await work.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(UserError);
  return error as UserError;
}

type Sqlite = {
  prepare(sql: string): { run(...params: unknown[]): unknown; all(...params: unknown[]): unknown[] };
};

/**
 * An edit as the question editor publishes one (revisions never change): a new revision of the question with
 * `changes` (column name → value), its choices copied (in reverse order with `reverseChoices`), published in
 * place of `revisionId`. Through any connection, e.g. another worker's. Returns the new revision's id.
 */
export function publishEdit(
  sqlite: Sqlite,
  revisionId: number,
  changes: Record<string, string> = {},
  reverseChoices = false,
): number {
  const columnsOf = (table: string, except: string[]) =>
    (sqlite.prepare(`SELECT name FROM pragma_table_info('${table}')`).all() as { name: string }[])
      .map((c) => c.name)
      .filter((name) => !except.includes(name));
  const revisionColumns = columnsOf("question_revisions", ["id", "number"]);
  const copied = revisionColumns.map((c) => (Object.hasOwn(changes, c) ? `@${c}` : c));
  const { lastInsertRowid } = sqlite
    .prepare(
      `INSERT INTO question_revisions (number, ${revisionColumns.join(", ")})
       SELECT (SELECT max(number) + 1 FROM question_revisions WHERE question_id = r.question_id), ${copied.join(", ")}
       FROM question_revisions r WHERE id = @revisionId`,
    )
    .run({ ...changes, revisionId }) as { lastInsertRowid: number | bigint };
  const edited = Number(lastInsertRowid);
  const choiceColumns = columnsOf("choices", ["id", "revision_id", "position"]);
  sqlite
    .prepare(
      `INSERT INTO choices (revision_id, position, ${choiceColumns.join(", ")})
       SELECT @edited, CASE WHEN @reverse THEN 1000 - position ELSE position END, ${choiceColumns.join(", ")}
       FROM choices WHERE revision_id = @revisionId ORDER BY position`,
    )
    .run({ edited, reverse: reverseChoices ? 1 : 0, revisionId });
  sqlite
    .prepare("UPDATE questions SET published_revision_id = ? WHERE published_revision_id = ?")
    .run(edited, revisionId);
  return edited;
}
