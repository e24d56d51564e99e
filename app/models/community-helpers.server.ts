// The community digital technology team (tổ công nghệ số cộng đồng): organisers name residents as helpers of a
// commune; a helper registers residents of that commune who consent, takes attempts with them on the helper's
// own phone (marked "có hỗ trợ", limited per hour), and gives them a one-time code to set their own password.
import { createHash, randomInt, timingSafeEqual } from "node:crypto";
import { and, asc, count, desc, eq, inArray, isNull, like, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import {
  assistedRegistrations,
  attempts,
  communityHelpers,
  contests,
  rounds,
  units,
  users,
} from "#db/schema.ts";
import {
  ASSISTED_CONSENT,
  SETUP_CODE_DAYS,
  SETUP_CODE_DIGITS,
  normalizeSetupCode,
} from "#app/domain/community-help.ts";
import { describeWait } from "#app/domain/throttle.ts";
import { roundState } from "#app/domain/timing.ts";
import { db, transaction } from "#app/utils/db.server.ts";
import { env } from "#app/utils/env.server.ts";
import { UserError } from "#app/utils/errors.ts";
import { createFailureBackoff, hitWindow } from "#app/utils/rate-limit.server.ts";
import { startAttempt } from "./attempts.server.ts";
import { recordAudit } from "./audit.server.ts";
import { currentRound, getPublishedContest, listActiveContests } from "./contests.server.ts";
import { normalizeAddress } from "./registration-limits.server.ts";
import { assertCanManageUnit, scopePath, unitsInScope, type ConsoleUser } from "./scope.server.ts";
import { hashPassword } from "./users.server.ts";

const HOUR = 3600_000;
const DAY = 24 * HOUR;
const residents = alias(users, "residents");
const residentUnits = alias(units, "resident_units");

// ---------------------------------------------------------------------------------------------------------------
// The console: naming and ending helpers, and what they did.

/** The communes an organiser may name helpers for (all of them for an admin), with their district. */
export async function communesInScope(organiser: ConsoleUser) {
  const parents = alias(units, "parents");
  return db
    .select({ id: units.id, name: units.name, kind: units.kind, parentName: parents.name })
    .from(units)
    .leftJoin(parents, eq(parents.id, units.parentId))
    .where(and(eq(units.isLeaf, true), unitsInScope(await scopePath(organiser))))
    .orderBy(asc(parents.name), asc(units.name))
    .all();
}

/** Names the account with `phone` a helper of the commune `unitId`; audited. */
export async function nameHelper(input: {
  organiser: ConsoleUser;
  phone: string;
  unitId: number;
  now: number;
}): Promise<{ id: number; name: string }> {
  await assertCanManageUnit(input.organiser, input.unitId);
  return transaction((tx) => {
    const unit = tx
      .select({ isLeaf: units.isLeaf, name: units.name })
      .from(units)
      .where(eq(units.id, input.unitId))
      .get();
    if (!unit?.isLeaf) throw new UserError(400, "Vui lòng chọn một xã, phường hoặc thị trấn.");
    const account = tx
      .select({ id: users.id, name: users.name, role: users.role, disabledAt: users.disabledAt })
      .from(users)
      .where(eq(users.phone, input.phone))
      .get();
    if (!account)
      throw new UserError(
        404,
        "Chưa có tài khoản nào với số điện thoại này. Người hỗ trợ cần tự đăng ký tài khoản trước.",
      );
    // Console accounts already act through the console; a helper acts as a resident of the commune.
    if (account.role !== "resident" && account.role !== "teacher")
      throw new UserError(400, "Chỉ tài khoản người dân hoặc giáo viên mới làm người hỗ trợ được.");
    if (account.disabledAt !== null) throw new UserError(400, "Tài khoản này đã bị khoá.");
    const current = tx
      .select({ id: communityHelpers.id })
      .from(communityHelpers)
      .where(
        and(
          eq(communityHelpers.userId, account.id),
          eq(communityHelpers.unitId, input.unitId),
          isNull(communityHelpers.endedAt),
        ),
      )
      .get();
    if (current)
      throw new UserError(409, `${account.name} đã là thành viên tổ công nghệ số của ${unit.name}.`);
    const membership = tx
      .insert(communityHelpers)
      .values({ userId: account.id, unitId: input.unitId, namedBy: input.organiser.id, namedAt: input.now })
      .returning({ id: communityHelpers.id })
      .get();
    recordAudit(tx, {
      actorId: input.organiser.id,
      action: "helper.name",
      entity: "community_helper",
      entityId: membership.id,
      unitId: input.unitId,
      after: { userId: account.id, name: account.name, unitId: input.unitId },
      at: input.now,
    });
    return { id: account.id, name: account.name };
  });
}

/** Ends a membership (the helper can no longer register residents or start attempts there); audited. */
export async function endHelper(input: { organiser: ConsoleUser; membershipId: number; now: number }) {
  const membership = db
    .select({
      id: communityHelpers.id,
      userId: communityHelpers.userId,
      unitId: communityHelpers.unitId,
      endedAt: communityHelpers.endedAt,
    })
    .from(communityHelpers)
    .where(eq(communityHelpers.id, input.membershipId))
    .get();
  if (!membership) throw new UserError(404, "Không tìm thấy thành viên này.");
  await assertCanManageUnit(input.organiser, membership.unitId);
  if (membership.endedAt !== null) return;
  transaction((tx) => {
    tx.update(communityHelpers)
      .set({ endedAt: input.now, endedBy: input.organiser.id })
      .where(eq(communityHelpers.id, membership.id))
      .run();
    recordAudit(tx, {
      actorId: input.organiser.id,
      action: "helper.end",
      entity: "community_helper",
      entityId: membership.id,
      unitId: membership.unitId,
      before: { userId: membership.userId, unitId: membership.unitId, ended: false },
      after: { ended: true },
      at: input.now,
    });
  });
}

/** Memberships in the organiser's scope, current ones first, each with the attempts taken in its commune. */
export async function listHelpers(organiser: ConsoleUser) {
  const scope = await scopePath(organiser);
  const assisted = db
    .select({ n: count() })
    .from(attempts)
    .innerJoin(residents, eq(residents.id, attempts.userId))
    .where(
      and(eq(attempts.assistedBy, communityHelpers.userId), eq(residents.unitId, communityHelpers.unitId)),
    );
  return db
    .select({
      id: communityHelpers.id,
      userId: communityHelpers.userId,
      name: users.name,
      phone: users.phone,
      unitName: units.name,
      namedAt: communityHelpers.namedAt,
      endedAt: communityHelpers.endedAt,
      assistedAttempts: sql<number>`(${assisted})`,
    })
    .from(communityHelpers)
    .innerJoin(users, eq(users.id, communityHelpers.userId))
    .innerJoin(units, eq(units.id, communityHelpers.unitId))
    .where(unitsInScope(scope))
    .orderBy(sql`${communityHelpers.endedAt} is not null`, asc(units.name), asc(users.name))
    .all();
}

/**
 * A helper as an organiser sees them: their memberships in the organiser's scope (404 when they have none
 * anywhere, 403 when none is in scope) and the attempts they took with residents of that scope, newest first.
 */
export async function getHelperForConsole(organiser: ConsoleUser, helperId: number) {
  const scope = await scopePath(organiser);
  const memberships = db
    .select({
      id: communityHelpers.id,
      unitName: units.name,
      unitPath: units.path,
      namedAt: communityHelpers.namedAt,
      endedAt: communityHelpers.endedAt,
    })
    .from(communityHelpers)
    .innerJoin(units, eq(units.id, communityHelpers.unitId))
    .where(eq(communityHelpers.userId, helperId))
    .orderBy(desc(communityHelpers.namedAt))
    .all();
  if (memberships.length === 0) throw new UserError(404, "Không tìm thấy người hỗ trợ này.");
  const visible = memberships.filter((m) => scope === null || m.unitPath.startsWith(scope));
  if (visible.length === 0) throw new UserError(403, "Bạn không có quyền với nội dung của đơn vị này.");
  const helper = db
    .select({ id: users.id, name: users.name, phone: users.phone })
    .from(users)
    .where(eq(users.id, helperId))
    .get()!;
  const assisted = db
    .select({
      attemptId: attempts.id,
      residentName: residents.name,
      unitName: residentUnits.name,
      contestId: contests.id,
      contestTitle: contests.title,
      roundNumber: rounds.number,
      startedAt: attempts.startedAt,
      status: attempts.status,
      score: attempts.score,
      questionCount: attempts.questionCount,
      disqualifiedAt: attempts.disqualifiedAt,
    })
    .from(attempts)
    .innerJoin(residents, eq(residents.id, attempts.userId))
    .innerJoin(residentUnits, eq(residentUnits.id, residents.unitId))
    .innerJoin(rounds, eq(rounds.id, attempts.roundId))
    .innerJoin(contests, eq(contests.id, rounds.contestId))
    .where(
      and(
        eq(attempts.assistedBy, helperId),
        scope === null ? undefined : like(residentUnits.path, `${scope}%`),
      ),
    )
    .orderBy(desc(attempts.startedAt))
    .limit(500)
    .all();
  return { helper, memberships: visible.map(({ unitPath: _, ...m }) => m), assisted };
}

/** The assisted attempts of a round with who helped, for the round's console page. */
export async function listAssistedInRound(roundId: number) {
  const helpers = alias(users, "helpers");
  return db
    .select({
      attemptId: attempts.id,
      residentName: users.name,
      helperId: helpers.id,
      helperName: helpers.name,
      status: attempts.status,
      score: attempts.score,
      startedAt: attempts.startedAt,
    })
    .from(attempts)
    .innerJoin(users, eq(users.id, attempts.userId))
    .innerJoin(helpers, eq(helpers.id, attempts.assistedBy))
    .where(eq(attempts.roundId, roundId))
    .orderBy(asc(attempts.startedAt))
    .all();
}

// ---------------------------------------------------------------------------------------------------------------
// The helper's own pages.

export type HelperUnit = { unitId: number; name: string; kind: string };

/** The communes the user is currently a helper of (empty: not a helper). */
export async function activeHelperUnits(userId: number): Promise<HelperUnit[]> {
  return db
    .select({ unitId: units.id, name: units.name, kind: units.kind })
    .from(communityHelpers)
    .innerJoin(units, eq(units.id, communityHelpers.unitId))
    .where(and(eq(communityHelpers.userId, userId), isNull(communityHelpers.endedAt)))
    .orderBy(asc(units.name))
    .all();
}

/** The helper's communes, or a Vietnamese 403 for anyone who is not (or no longer) a helper. */
export async function requireHelperUnits(userId: number): Promise<HelperUnit[]> {
  const helperUnits = await activeHelperUnits(userId);
  if (helperUnits.length === 0)
    throw new UserError(
      403,
      "Trang này dành cho thành viên tổ công nghệ số cộng đồng. Hãy nhờ ban tổ chức ghi tên bạn vào tổ của xã.",
    );
  return helperUnits;
}

function hashCode(code: string): Buffer {
  return createHash("sha256").update(code).digest();
}

function newSetupCode(now: number) {
  const code = String(randomInt(0, 10 ** SETUP_CODE_DIGITS)).padStart(SETUP_CODE_DIGITS, "0");
  return { code, codeHash: hashCode(code), codeExpiresAt: now + SETUP_CODE_DAYS * DAY, codeUsedAt: null };
}

function limitHelper(kind: "registrations", helperId: number, now: number) {
  const hit = hitWindow(`assisted-${kind}:${helperId}`, env.ASSISTED_ATTEMPTS_PER_HOUR, HOUR, now);
  if (!hit.allowed)
    throw new UserError(
      429,
      `Bạn đã đăng ký giúp ${env.ASSISTED_ATTEMPTS_PER_HOUR} người trong một giờ qua, mức tối đa cho một người hỗ trợ. Vui lòng đợi ${describeWait(hit.retryAfterMs)} rồi thử lại.`,
    );
}

/**
 * Registers a resident of one of the helper's communes who consented, recording the consent (time, helper,
 * text version), and returns the one-time code with which the resident will set their own password. The
 * account has no password until then, so nobody can log in to it, the helper included.
 */
export async function registerResident(input: {
  helperId: number;
  name: string;
  phone: string;
  birthYear: number;
  unitId: number;
  address: string | null;
  now: number;
}): Promise<{ userId: number; code: string }> {
  const helperUnits = await requireHelperUnits(input.helperId);
  if (!helperUnits.some((u) => u.unitId === input.unitId))
    throw new UserError(400, "Bạn chỉ đăng ký giúp được người dân ở xã của tổ mình.");
  const setup = newSetupCode(input.now);
  return transaction((tx) => {
    limitHelper("registrations", input.helperId, input.now);
    // Checked again here: the form's check ran before this transaction.
    if (tx.select({ id: users.id }).from(users).where(eq(users.phone, input.phone)).get())
      throw new UserError(409, "Số điện thoại này đã được đăng ký. Hãy tìm người này theo số điện thoại.");
    const user = tx
      .insert(users)
      .values({
        name: input.name,
        phone: input.phone,
        birthYear: input.birthYear,
        unitId: input.unitId,
        role: "resident",
        registeredAddress: input.address === null ? null : normalizeAddress(input.address),
        consentedAt: input.now,
        createdAt: input.now,
      })
      .returning({ id: users.id })
      .get();
    tx.insert(assistedRegistrations)
      .values({
        userId: user.id,
        helperId: input.helperId,
        consentVersion: ASSISTED_CONSENT.version,
        consentedAt: input.now,
        codeHash: setup.codeHash,
        codeExpiresAt: setup.codeExpiresAt,
      })
      .run();
    return { userId: user.id, code: setup.code };
  });
}

/** The resident with `phone` in one of the helper's communes, or null. */
export async function findResident(helperId: number, phone: string): Promise<number | null> {
  const helperUnits = await requireHelperUnits(helperId);
  const row = db
    .select({ id: users.id })
    .from(users)
    .where(
      and(
        eq(users.phone, phone),
        eq(users.role, "resident"),
        inArray(
          users.unitId,
          helperUnits.map((u) => u.unitId),
        ),
      ),
    )
    .get();
  return row?.id ?? null;
}

/**
 * A resident as their helper sees them: name, commune, whether they can sign in yet, the contests open now and
 * the attempts this helper took with them. 404 for anyone outside the helper's communes.
 */
export async function getResidentForHelper(helperId: number, residentId: number, now: number) {
  const helperUnits = await requireHelperUnits(helperId);
  const resident = db
    .select({
      id: users.id,
      name: users.name,
      unitId: users.unitId,
      unitName: units.name,
      hasPassword: sql<boolean>`${users.passwordHash} is not null`.mapWith(Boolean),
      codeExpiresAt: assistedRegistrations.codeExpiresAt,
      codeUsedAt: assistedRegistrations.codeUsedAt,
    })
    .from(users)
    .leftJoin(units, eq(units.id, users.unitId))
    .leftJoin(assistedRegistrations, eq(assistedRegistrations.userId, users.id))
    .where(and(eq(users.id, residentId), eq(users.role, "resident")))
    .get();
  if (!resident || !helperUnits.some((u) => u.unitId === resident.unitId))
    throw new UserError(404, "Không tìm thấy người dân này ở xã của bạn.");
  const open = (await listActiveContests(now)).filter((c) => roundState(c.round, now) === "open");
  const taken = db
    .select({
      attemptId: attempts.id,
      contestTitle: contests.title,
      roundNumber: rounds.number,
      startedAt: attempts.startedAt,
      status: attempts.status,
      score: attempts.score,
      questionCount: attempts.questionCount,
    })
    .from(attempts)
    .innerJoin(rounds, eq(rounds.id, attempts.roundId))
    .innerJoin(contests, eq(contests.id, rounds.contestId))
    .where(and(eq(attempts.userId, residentId), eq(attempts.assistedBy, helperId)))
    .orderBy(desc(attempts.startedAt))
    .all();
  return {
    resident,
    contests: open.map((c) => ({ slug: c.slug, title: c.title, roundNumber: c.round.number })),
    attempts: taken,
  };
}

/**
 * Starts (or resumes) an attempt for a resident of the helper's commune in the contest's open round, marked as
 * taken with this helper and limited to ASSISTED_ATTEMPTS_PER_HOUR new attempts per helper.
 */
export async function startAssistedAttempt(input: {
  helperId: number;
  residentId: number;
  slug: string;
  now: number;
  address: string | null;
}): Promise<number> {
  await getResidentForHelper(input.helperId, input.residentId, input.now);
  const contest = await getPublishedContest(input.slug);
  const round = contest && currentRound(contest.rounds, input.now);
  if (!round) throw new UserError(404, "Không tìm thấy cuộc thi này.");
  return startAttempt(input.residentId, round.id, input.now, Math.random, input.address, {
    helperId: input.helperId,
    perHour: env.ASSISTED_ATTEMPTS_PER_HOUR,
  });
}

/**
 * A new one-time code for a resident a helper registered who has not set a password yet (the old code stops
 * working). Never for an account that has a password: a helper must not be able to take an account over.
 */
export async function issueSetupCode(helperId: number, residentId: number, now: number): Promise<string> {
  const { resident } = await getResidentForHelper(helperId, residentId, now);
  if (resident.hasPassword || resident.codeExpiresAt === null)
    throw new UserError(409, "Người này tự đăng nhập bằng mật khẩu của mình; không cần mã.");
  const setup = newSetupCode(now);
  transaction((tx) => {
    limitHelper("registrations", helperId, now);
    tx.update(assistedRegistrations)
      .set({ codeHash: setup.codeHash, codeExpiresAt: setup.codeExpiresAt, codeUsedAt: null })
      .where(eq(assistedRegistrations.userId, residentId))
      .run();
  });
  return setup.code;
}

// Wrong codes slow the next try for that phone down (30 s, 1 min … 15 min), so 10⁸ codes cannot be tried.
const codeFailures = createFailureBackoff("setup-code", 3);

const WRONG_CODE =
  "Số điện thoại hoặc mã không đúng, hoặc mã đã hết hạn. Hãy nhờ người hỗ trợ ở xã tạo mã mới.";

/**
 * The resident sets their own password with the one-time code their helper gave them; returns their id to sign
 * them in. The code works once, until it expires, and only while the account has no password.
 */
export async function setPasswordWithCode(input: {
  phone: string;
  code: string;
  password: string;
  now: number;
}): Promise<number> {
  const wait = codeFailures.waitMs(input.phone, input.now);
  if (wait > 0)
    throw new UserError(429, `Bạn đã nhập sai nhiều lần. Vui lòng đợi ${describeWait(wait)} rồi thử lại.`);
  const code = normalizeSetupCode(input.code);
  const row = db
    .select({
      userId: users.id,
      passwordHash: users.passwordHash,
      codeHash: assistedRegistrations.codeHash,
      codeExpiresAt: assistedRegistrations.codeExpiresAt,
      codeUsedAt: assistedRegistrations.codeUsedAt,
    })
    .from(users)
    .innerJoin(assistedRegistrations, eq(assistedRegistrations.userId, users.id))
    .where(eq(users.phone, input.phone))
    .get();
  const valid =
    code !== null &&
    row?.codeHash != null &&
    row.passwordHash === null &&
    row.codeUsedAt === null &&
    (row.codeExpiresAt ?? 0) > input.now &&
    timingSafeEqual(row.codeHash, hashCode(code));
  if (!valid || !row) {
    codeFailures.fail(input.phone, input.now);
    throw new UserError(400, WRONG_CODE);
  }
  const passwordHash = await hashPassword(input.password);
  const updated = transaction((tx) => {
    // Only if nothing changed while the password was hashed (a second tab using the same code).
    const set = tx
      .update(users)
      .set({ passwordHash })
      .where(and(eq(users.id, row.userId), isNull(users.passwordHash)))
      .run();
    if (set.changes === 0) return false;
    tx.update(assistedRegistrations)
      .set({ codeUsedAt: input.now, codeHash: null })
      .where(eq(assistedRegistrations.userId, row.userId))
      .run();
    return true;
  });
  if (!updated) throw new UserError(400, WRONG_CODE);
  codeFailures.clear(input.phone);
  return row.userId;
}
