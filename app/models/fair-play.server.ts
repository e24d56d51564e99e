// Fair-play flags of a round: detection reads the round's data and stores what the rules in domain/fair-play find;
// organisers then disqualify or clear each flag with a reason, and every decision is audited.
import { and, asc, count, desc, eq, inArray, isNull, lte, max, or, sql, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import {
  answers,
  attemptItems,
  attempts,
  fairPlayFlags,
  knownDevices,
  questionRevisions,
  rounds,
  units,
  users,
} from "#db/schema.ts";
import { MAX_TIME_LIMIT_SECONDS } from "#app/domain/rules.ts";
import {
  detectFlags,
  type AccountFact,
  type AttemptFact,
  type FlagEvidence,
  type FlagKind,
} from "#app/domain/fair-play.ts";
import { recordAudit } from "#app/models/audit.server.ts";
import { setAttemptDisqualifiedNow } from "#app/models/results.server.ts";
import { db, transaction, type Db } from "#app/utils/db.server.ts";
import { UserError } from "#app/utils/errors.ts";
import { formatDateTime } from "#app/utils/format.ts";

function roundFacts(roundId: number): { attempts: AttemptFact[]; accounts: AccountFact[] } {
  const attemptRows = db
    .select({
      attemptId: attempts.id,
      userId: attempts.userId,
      startedAt: attempts.startedAt,
      startAddress: attempts.startAddress,
    })
    .from(attempts)
    .where(eq(attempts.roundId, roundId))
    .all();
  if (attemptRows.length === 0) return { attempts: [], accounts: [] };
  const answerRows = db
    .select({
      attemptId: answers.attemptId,
      slot: answers.slot,
      choiceIds: answers.choiceIds,
      answeredAt: answers.answeredAt,
      revisionId: attemptItems.revisionId,
      text: questionRevisions.text,
    })
    .from(answers)
    .innerJoin(attempts, eq(attempts.id, answers.attemptId))
    .innerJoin(
      attemptItems,
      and(eq(attemptItems.attemptId, answers.attemptId), eq(attemptItems.slot, answers.slot)),
    )
    .innerJoin(questionRevisions, eq(questionRevisions.id, attemptItems.revisionId))
    .where(eq(attempts.roundId, roundId))
    .all();
  const answersByAttempt = new Map<number, AttemptFact["answers"]>();
  for (const { attemptId, text, ...answer } of answerRows)
    answersByAttempt.set(attemptId, [
      ...(answersByAttempt.get(attemptId) ?? []),
      { ...answer, textLength: text.length },
    ]);
  const userIds = [...new Set(attemptRows.map((a) => a.userId))];
  const devices = new Map<number, AccountFact["devices"]>();
  const accountRows = [];
  // In chunks: SQLite limits the number of bound parameters.
  for (let i = 0; i < userIds.length; i += 500) {
    const chunk = userIds.slice(i, i + 500);
    accountRows.push(
      ...db
        .select({
          userId: users.id,
          name: users.name,
          birthYear: users.birthYear,
          unitId: users.unitId,
          phone: users.phone,
          createdAt: users.createdAt,
          registeredAddress: users.registeredAddress,
        })
        .from(users)
        .where(inArray(users.id, chunk))
        .all(),
    );
    for (const d of db
      .select({
        userId: knownDevices.userId,
        tokenHash: knownDevices.tokenHash,
        createdAt: knownDevices.createdAt,
        lastUsedAt: knownDevices.lastUsedAt,
      })
      .from(knownDevices)
      .where(inArray(knownDevices.userId, chunk))
      .all()) {
      const hash = d.tokenHash.toString("hex");
      devices.set(d.userId, [
        ...(devices.get(d.userId) ?? []),
        { hash, at: d.createdAt },
        ...(d.lastUsedAt !== d.createdAt ? [{ hash, at: d.lastUsedAt }] : []),
      ]);
    }
  }
  return {
    attempts: attemptRows.map((a) => ({ ...a, answers: answersByAttempt.get(a.attemptId) ?? [] })),
    accounts: accountRows.map((a) => ({ ...a, devices: devices.get(a.userId) ?? [] })),
  };
}

/**
 * Runs every rule on a round and stores the flags: new ones are added, open ones get the latest evidence, and
 * open ones the rules no longer find are dropped. Decided flags keep the evidence they were decided on.
 */
export async function refreshFlags(roundId: number, now = Date.now()): Promise<{ open: number }> {
  const facts = roundFacts(roundId);
  const flags = detectFlags(facts.attempts, facts.accounts);
  return transaction((tx) => {
    const existing = tx
      .select({
        id: fairPlayFlags.id,
        attemptId: fairPlayFlags.attemptId,
        kind: fairPlayFlags.kind,
        status: fairPlayFlags.status,
      })
      .from(fairPlayFlags)
      .where(eq(fairPlayFlags.roundId, roundId))
      .all();
    const byKey = new Map(existing.map((f) => [`${f.attemptId}:${f.kind}`, f]));
    const found = new Set(flags.map((f) => `${f.attemptId}:${f.kind}`));
    const stale = existing.filter((f) => f.status === "open" && !found.has(`${f.attemptId}:${f.kind}`));
    if (stale.length)
      tx.delete(fairPlayFlags)
        .where(
          inArray(
            fairPlayFlags.id,
            stale.map((f) => f.id),
          ),
        )
        .run();
    for (const flag of flags) {
      const old = byKey.get(`${flag.attemptId}:${flag.kind}`);
      if (!old)
        tx.insert(fairPlayFlags)
          .values({ roundId, ...flag, createdAt: now, updatedAt: now })
          .run();
      else if (old.status === "open")
        tx.update(fairPlayFlags)
          .set({ evidence: flag.evidence, updatedAt: now })
          .where(eq(fairPlayFlags.id, old.id))
          .run();
    }
    tx.update(rounds).set({ flagsScannedAt: now }).where(eq(rounds.id, roundId)).run();
    const open = tx
      .select({ id: fairPlayFlags.id })
      .from(fairPlayFlags)
      .where(and(eq(fairPlayFlags.roundId, roundId), eq(fairPlayFlags.status, "open")))
      .all().length;
    return { open };
  });
}

/**
 * “Quét lại”: detection on the contest's rounds that have started and are not closed yet (closing scans a round
 * one last time, and its facts cannot change after that); returns the contest's open flags. Detection re-reads
 * whole rounds, so it runs when an organiser asks, never on a page view.
 */
export async function rescanContest(contestId: number, now = Date.now()): Promise<{ open: number }> {
  const started = db
    .select({ id: rounds.id })
    .from(rounds)
    .where(and(eq(rounds.contestId, contestId), lte(rounds.opensAt, now), isNull(rounds.predictionActual)))
    .all();
  for (const round of started) await refreshFlags(round.id, now);
  const { open } = db
    .select({ open: count() })
    .from(fairPlayFlags)
    .innerJoin(rounds, eq(rounds.id, fairPlayFlags.roundId))
    .where(and(eq(rounds.contestId, contestId), eq(fairPlayFlags.status, "open")))
    .get()!;
  return { open };
}

/** How long an open round with new attempts waits between two scans by the background job. */
export const AUTO_SCAN_INTERVAL_MS = 10 * 60_000;

/**
 * The background job's detection (models/jobs, in the process that runs the scheduled jobs): the open round
 * scanned longest ago, if that was at least AUTO_SCAN_INTERVAL_MS ago and an attempt has started since (or was
 * still running then), is scanned again, so new flags reach organisers without “Quét lại”. One round a pass keeps
 * a pass short; returns the round scanned, or null.
 */
export async function scanStaleRound(now = Date.now()): Promise<number | null> {
  const stale = db
    .select({ id: rounds.id })
    .from(rounds)
    .where(
      and(
        lte(rounds.opensAt, now),
        isNull(rounds.predictionActual),
        or(isNull(rounds.flagsScannedAt), lte(rounds.flagsScannedAt, now - AUTO_SCAN_INTERVAL_MS)),
        sql`EXISTS (SELECT 1 FROM ${attempts} WHERE ${attempts.roundId} = ${rounds.id}
          AND ${attempts.startedAt} > coalesce(${rounds.flagsScannedAt}, 0) - ${MAX_TIME_LIMIT_SECONDS * 1000})`,
      ),
    )
    .orderBy(sql`coalesce(${rounds.flagsScannedAt}, 0)`)
    .limit(1)
    .get();
  if (!stale) return null;
  await refreshFlags(stale.id, now);
  return stale.id;
}

/** When detection last ran on any of the contest's rounds, or null when it never has. */
export async function lastFlagScan(contestId: number): Promise<number | null> {
  return (
    db
      .select({ at: max(rounds.flagsScannedAt) })
      .from(rounds)
      .where(eq(rounds.contestId, contestId))
      .get()?.at ?? null
  );
}

export type FlagStatus = "open" | "disqualified" | "cleared";

export type FlagRow = {
  id: number;
  roundId: number;
  roundNumber: number;
  attemptId: number;
  userId: number;
  name: string;
  unitName: string | null;
  score: number | null;
  /** The community helper the attempt was taken with ("có hỗ trợ"): one phone, many residents, on purpose. */
  helperName: string | null;
  kind: FlagKind;
  evidence: FlagEvidence;
  status: FlagStatus;
  reason: string | null;
  decidedAt: number | null;
  decidedBy: number | null;
  createdAt: number;
};

const helpers = alias(users, "helpers");

/** A contest's flags, open ones first, then the newest decisions. */
export async function listFlags(
  contestId: number,
  filter: { roundId?: number; status?: FlagStatus } = {},
): Promise<FlagRow[]> {
  const conditions: SQL[] = [eq(rounds.contestId, contestId)];
  if (filter.roundId !== undefined) conditions.push(eq(fairPlayFlags.roundId, filter.roundId));
  if (filter.status) conditions.push(eq(fairPlayFlags.status, filter.status));
  return db
    .select({
      id: fairPlayFlags.id,
      roundId: fairPlayFlags.roundId,
      roundNumber: rounds.number,
      attemptId: fairPlayFlags.attemptId,
      userId: fairPlayFlags.userId,
      name: users.name,
      unitName: units.name,
      score: attempts.score,
      helperName: helpers.name,
      kind: fairPlayFlags.kind,
      evidence: fairPlayFlags.evidence,
      status: fairPlayFlags.status,
      reason: fairPlayFlags.reason,
      decidedAt: fairPlayFlags.decidedAt,
      decidedBy: fairPlayFlags.decidedBy,
      createdAt: fairPlayFlags.createdAt,
    })
    .from(fairPlayFlags)
    .innerJoin(rounds, eq(rounds.id, fairPlayFlags.roundId))
    .innerJoin(users, eq(users.id, fairPlayFlags.userId))
    .innerJoin(attempts, eq(attempts.id, fairPlayFlags.attemptId))
    .leftJoin(units, eq(units.id, users.unitId))
    .leftJoin(helpers, eq(helpers.id, attempts.assistedBy))
    .where(and(...conditions))
    .orderBy(
      desc(eq(fairPlayFlags.status, "open")),
      desc(fairPlayFlags.decidedAt),
      asc(rounds.number),
      asc(fairPlayFlags.attemptId),
    )
    .all() as FlagRow[];
}

const decidedWhat = { disqualified: "loại bài thi này", cleared: "bỏ qua dấu hiệu này" } as const;

/**
 * An organiser's decision on a flag, with a reason. Disqualifying takes the attempt off the boards (through the
 * results model, which audits the correction) and settles every open flag of that attempt; clearing settles
 * this flag only. Both are audited with the evidence they were taken on. Everything happens in one transaction
 * whose update applies only while the flag is still open: when two organisers decide at once, the first decision
 * stands and the second is told who took it.
 */
export async function decideFlag(input: {
  flagId: number;
  contestId: number;
  decision: "disqualify" | "clear";
  reason: string;
  actorId: number;
  unitId: number | null;
  now?: number;
}): Promise<void> {
  const now = input.now ?? Date.now();
  const status: FlagStatus = input.decision === "disqualify" ? "disqualified" : "cleared";
  const decision = { status, reason: input.reason, decidedBy: input.actorId, decidedAt: now, updatedAt: now };
  transaction((tx) => {
    const flag = tx
      .select({ id: fairPlayFlags.id })
      .from(fairPlayFlags)
      .innerJoin(rounds, eq(rounds.id, fairPlayFlags.roundId))
      .where(and(eq(fairPlayFlags.id, input.flagId), eq(rounds.contestId, input.contestId)))
      .get();
    if (!flag) throw new UserError(404, "Không tìm thấy dấu hiệu này trong cuộc thi.");
    const decided = tx
      .update(fairPlayFlags)
      .set(decision)
      .where(and(eq(fairPlayFlags.id, flag.id), eq(fairPlayFlags.status, "open")))
      .returning({
        attemptId: fairPlayFlags.attemptId,
        kind: fairPlayFlags.kind,
        evidence: fairPlayFlags.evidence,
      })
      .get();
    if (!decided) throw decidedBefore(tx, flag.id);
    if (input.decision === "disqualify") {
      const { disqualifiedAt } = tx
        .select({ disqualifiedAt: attempts.disqualifiedAt })
        .from(attempts)
        .where(eq(attempts.id, decided.attemptId))
        .get()!;
      // An attempt already taken out on the round page needs no second disqualification: its flags just follow.
      if (disqualifiedAt === null)
        setAttemptDisqualifiedNow(decided.attemptId, {
          disqualified: true,
          reason: input.reason,
          actorId: input.actorId,
          now,
        });
      tx.update(fairPlayFlags)
        .set(decision)
        .where(and(eq(fairPlayFlags.attemptId, decided.attemptId), eq(fairPlayFlags.status, "open")))
        .run();
    }
    recordAudit(tx, {
      actorId: input.actorId,
      action: input.decision === "disqualify" ? "flag.disqualify" : "flag.clear",
      entity: "flag",
      entityId: flag.id,
      unitId: input.unitId,
      before: {
        status: "open",
        attemptId: decided.attemptId,
        kind: decided.kind,
        evidence: decided.evidence,
      },
      after: { status },
      reason: input.reason,
      at: now,
    });
  });
}

/** The 409 for a flag someone else decided first (the update found it no longer open): who, what and when. */
function decidedBefore(tx: Db, flagId: number): UserError {
  const row = tx
    .select({ status: fairPlayFlags.status, decidedAt: fairPlayFlags.decidedAt, name: users.name })
    .from(fairPlayFlags)
    .leftJoin(users, eq(users.id, fairPlayFlags.decidedBy))
    .where(eq(fairPlayFlags.id, flagId))
    .get()!;
  const what = decidedWhat[row.status as keyof typeof decidedWhat];
  return new UserError(409, `${row.name} đã ${what} lúc ${formatDateTime(row.decidedAt!)}, trước bạn.`);
}
