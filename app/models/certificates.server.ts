// Certificates (completion and prize), their public verify page, share links with their preview card, and the
// facts a contest poster prints. Nothing here ever selects a phone number or a birth year.
import { createHash, randomBytes } from "node:crypto";
import { and, asc, eq, like, sql, type AnyColumn } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import {
  attempts,
  certificates,
  contests,
  images,
  roundWinners,
  rounds,
  shareLinks,
  units,
  users,
} from "#db/schema.ts";
import { publicCode, SHARE_CARD, type CertificateFacts, type ShareFacts } from "#app/domain/certificates.ts";
import { storedRules } from "#app/domain/rules.ts";
import { db, transaction } from "#app/utils/db.server.ts";
import { UserError } from "#app/utils/errors.ts";
import { renderShareCardPng } from "#app/utils/screen-image.server.ts";
import { getManageableContest } from "./contests.server.ts";
import type { ConsoleUser } from "./scope.server.ts";

const districts = alias(units, "districts");
const scopeUnits = alias(units, "scope_units");
const creators = alias(users, "creators");
const creatorUnits = alias(units, "creator_units");

const newCode = () => publicCode(randomBytes(16));

/** A unit as people write it, with its kind: "Xã Cán Tỷ", "Tỉnh Hà Giang" (null without a unit). */
const fullName = (unit: { kind: AnyColumn; name: AnyColumn }) =>
  sql<string | null>`${unit.kind} || ' ' || ${unit.name}`;

/** "Xã Cán Tỷ, Huyện Quản Bạ" (the commune and the unit above it), or "" without a unit. */
const placeOf = (commune: string | null, district: string | null) =>
  [commune, district].filter(Boolean).join(", ");

/** An attempt with its resident, round and contest, as certificates and shared results state them. */
// Prepared once (better-sqlite3 runs them on the one connection, inside a caller's transaction too): built per
// call, drizzle's query building and SQL compiling were most of the result page's sharing panel.
const attemptFactsById = db
  .select({
    attemptId: attempts.id,
    userId: attempts.userId,
    status: attempts.status,
    score: attempts.score,
    questionCount: attempts.questionCount,
    submittedAt: attempts.submittedAt,
    disqualifiedAt: attempts.disqualifiedAt,
    roundId: rounds.id,
    roundNumber: rounds.number,
    contestTitle: contests.title,
    contestSlug: contests.slug,
    contestKind: contests.kind,
    rules: sql<string>`${contests.rules}`,
    name: users.name,
    communeName: fullName(units),
    districtName: fullName(districts),
    // Who awards the certificate: the unit whose residents the contest is for, or else its creator's unit.
    organiser: sql<string | null>`coalesce(${fullName(scopeUnits)}, ${fullName(creatorUnits)})`,
  })
  .from(attempts)
  .innerJoin(users, eq(users.id, attempts.userId))
  .innerJoin(rounds, eq(rounds.id, attempts.roundId))
  .innerJoin(contests, eq(contests.id, rounds.contestId))
  .leftJoin(units, eq(units.id, users.unitId))
  .leftJoin(districts, eq(districts.id, units.parentId))
  .leftJoin(scopeUnits, eq(scopeUnits.id, contests.scopeUnitId))
  .leftJoin(creators, eq(creators.id, contests.createdBy))
  .leftJoin(creatorUnits, eq(creatorUnits.id, creators.scopeUnitId))
  .where(eq(attempts.id, sql.placeholder("attemptId")))
  .prepare();
const attemptFacts = (attemptId: number) => attemptFactsById.get({ attemptId });
type AttemptFacts = NonNullable<ReturnType<typeof attemptFacts>>;

/** The resident's own submitted attempt, or a Vietnamese refusal. */
function ownSubmitted(attemptId: number, userId: number): AttemptFacts {
  const facts = attemptFacts(attemptId);
  if (!facts || facts.userId !== userId) throw new UserError(404, "Không tìm thấy bài thi này.");
  if (facts.status !== "submitted") throw new UserError(409, "Bài thi này chưa nộp.");
  return facts;
}

/**
 * Whether an attempt may have certificates and a public link: submitted, not disqualified, and in a contest
 * (a class's homework is for students, often children, whose names stay off public pages).
 */
const shareable = (facts: AttemptFacts) =>
  facts.status === "submitted" && facts.disqualifiedAt === null && facts.contestKind === "contest";

export type CertificateChoice = { kind: "completion" } | { kind: "prize"; tierIndex: number; label: string };

/**
 * The certificates an attempt earns now: completion when its score reaches the contest's certificate score, and
 * the prize its resident won with it in a closed round. None for a disqualified attempt.
 */
const prizesOf = db
  .select({ tierIndex: roundWinners.tierIndex, label: roundWinners.label })
  .from(roundWinners)
  .where(
    and(
      eq(roundWinners.roundId, sql.placeholder("roundId")),
      eq(roundWinners.userId, sql.placeholder("userId")),
      eq(roundWinners.attemptId, sql.placeholder("attemptId")),
    ),
  )
  .prepare();

function earned(facts: AttemptFacts): CertificateChoice[] {
  if (!shareable(facts)) return [];
  const { certificateScore } = storedRules(facts.rules);
  const choices: CertificateChoice[] = [];
  if (certificateScore !== null && (facts.score ?? 0) >= certificateScore)
    choices.push({ kind: "completion" });
  for (const w of prizesOf.all({ roundId: facts.roundId, userId: facts.userId, attemptId: facts.attemptId }))
    choices.push({ kind: "prize", tierIndex: w.tierIndex, label: w.label });
  return choices;
}

const shareCodeOf = db
  .select({ code: shareLinks.code })
  .from(shareLinks)
  .where(eq(shareLinks.attemptId, sql.placeholder("attemptId")))
  .prepare();

/**
 * What the result page offers: whether the attempt can be shared at all, the certificates it earns and its share
 * link, if already made.
 */
export async function resultSharing(attemptId: number, userId: number) {
  const facts = attemptFacts(attemptId);
  if (!facts || facts.userId !== userId || !shareable(facts))
    return { offered: false, certificates: [], shareCode: null };
  const share = shareCodeOf.get({ attemptId });
  return { offered: true, certificates: earned(facts), shareCode: share?.code ?? null };
}

/**
 * Issues the certificate the resident asks for (idempotent: asking again gives the same code), refused unless
 * the attempt earns it now.
 */
export async function issueCertificate(input: {
  attemptId: number;
  userId: number;
  kind: "completion" | "prize";
  now: number;
}): Promise<string> {
  return transaction((tx) => {
    const facts = ownSubmitted(input.attemptId, input.userId);
    const choice = earned(facts).find((c) => c.kind === input.kind);
    if (!choice)
      throw new UserError(
        403,
        input.kind === "prize"
          ? "Lượt thi này không đoạt giải nên chưa có giấy chứng nhận đạt giải."
          : "Lượt thi này chưa đạt số câu đúng để nhận giấy chứng nhận.",
      );
    const tierIndex = choice.kind === "prize" ? choice.tierIndex : null;
    tx.insert(certificates)
      .values({
        code: newCode(),
        kind: choice.kind,
        userId: facts.userId,
        attemptId: facts.attemptId,
        roundId: facts.roundId,
        tierIndex,
        prizeLabel: choice.kind === "prize" ? choice.label : null,
        issuedAt: input.now,
      })
      .onConflictDoNothing()
      .run();
    return tx
      .select({ code: certificates.code })
      .from(certificates)
      .where(
        and(
          eq(certificates.attemptId, facts.attemptId),
          eq(certificates.kind, choice.kind),
          tierIndex === null ? undefined : eq(certificates.tierIndex, tierIndex),
        ),
      )
      .get()!.code;
  });
}

export type CertificateView = {
  code: string;
  facts: CertificateFacts;
  /** Why it no longer stands, derived at every read: a disqualified attempt, or a prize no longer held. */
  revoked: string | null;
};

/** A certificate by its public code, with whether it still stands; undefined for an unknown code. */
export async function getCertificate(code: string): Promise<CertificateView | undefined> {
  const cert = db.select().from(certificates).where(eq(certificates.code, code)).get();
  if (!cert) return undefined;
  const facts = attemptFacts(cert.attemptId)!;
  const prizeHeld =
    cert.kind !== "prize" ||
    !!db
      .select({ rank: roundWinners.rank })
      .from(roundWinners)
      .where(
        and(
          eq(roundWinners.roundId, cert.roundId),
          eq(roundWinners.userId, cert.userId),
          eq(roundWinners.tierIndex, cert.tierIndex ?? -1),
        ),
      )
      .get();
  return {
    code,
    facts: {
      kind: cert.kind,
      prizeLabel: cert.prizeLabel,
      name: facts.name,
      place: placeOf(facts.communeName, facts.districtName),
      contestTitle: facts.contestTitle,
      organiser: facts.organiser ?? "Công dân số",
      roundNumber: facts.roundNumber,
      score: facts.score ?? 0,
      questionCount: facts.questionCount,
      submittedAt: facts.submittedAt ?? cert.issuedAt,
      issuedAt: cert.issuedAt,
    },
    revoked:
      facts.disqualifiedAt !== null
        ? "Lượt thi này đã bị ban tổ chức loại."
        : !prizeHeld
          ? "Kết quả giải của tuần thi đã được ban tổ chức điều chỉnh."
          : null,
  };
}

/** The share link of the resident's own submitted attempt, made on first request (the same code afterwards). */
export async function createShareLink(attemptId: number, userId: number, now: number): Promise<string> {
  return transaction((tx) => {
    const facts = ownSubmitted(attemptId, userId);
    if (!shareable(facts))
      throw new UserError(
        409,
        facts.disqualifiedAt !== null
          ? "Lượt thi này đã bị loại nên không chia sẻ được."
          : "Bài tập của lớp không chia sẻ công khai.",
      );
    tx.insert(shareLinks).values({ code: newCode(), attemptId, createdAt: now }).onConflictDoNothing().run();
    return tx
      .select({ code: shareLinks.code })
      .from(shareLinks)
      .where(eq(shareLinks.attemptId, attemptId))
      .get()!.code;
  });
}

export type SharedResult = ShareFacts & { contestSlug: string; disqualified: boolean };

/** A shared result by its public code; undefined for an unknown code. */
export async function getSharedResult(code: string): Promise<SharedResult | undefined> {
  const link = db
    .select({ attemptId: shareLinks.attemptId })
    .from(shareLinks)
    .where(eq(shareLinks.code, code))
    .get();
  const facts = link && attemptFacts(link.attemptId);
  if (!facts) return undefined;
  return {
    name: facts.name,
    place: placeOf(facts.communeName, facts.districtName),
    contestTitle: facts.contestTitle,
    contestSlug: facts.contestSlug,
    roundNumber: facts.roundNumber,
    score: facts.score ?? 0,
    questionCount: facts.questionCount,
    disqualified: facts.disqualifiedAt !== null,
  };
}

/**
 * The preview card of a shared result as PNG, drawn once per content: kept in `images` under a hash of what it
 * shows, so a renamed resident or contest gets a new card and an unchanged one is never drawn again.
 */
export async function shareCardPng(facts: ShareFacts, now: number): Promise<Buffer> {
  const id = createHash("sha256")
    .update(JSON.stringify(["share-card", SHARE_CARD.style, facts]))
    .digest("hex")
    .slice(0, 20);
  const stored = db.select({ bytes: images.bytes }).from(images).where(eq(images.id, id)).get();
  if (stored) return stored.bytes;
  const png = await renderShareCardPng(facts);
  db.insert(images)
    .values({
      id,
      mime: "image/png",
      bytes: png,
      width: SHARE_CARD.width,
      height: SHARE_CARD.height,
      createdAt: now,
    })
    .onConflictDoNothing()
    .run();
  return png;
}

/**
 * What a poster prints for a contest the organiser manages, and for one commune in its scope when `unitId` is
 * given (404 for a unit outside it).
 */
export async function posterFacts(user: ConsoleUser, contestId: number, unitId: number | null) {
  const contest = await getManageableContest(user, contestId);
  const scope = contest.scopeUnitId
    ? db
        .select({ path: units.path, name: fullName(units) })
        .from(units)
        .where(eq(units.id, contest.scopeUnitId))
        .get()
    : undefined;
  let commune: string | null = null;
  if (unitId !== null) {
    const unit = db
      .select({ name: fullName(units) })
      .from(units)
      .where(
        and(
          eq(units.id, unitId),
          eq(units.isLeaf, true),
          scope ? like(units.path, `${scope.path}%`) : undefined,
        ),
      )
      .get();
    if (!unit) throw new UserError(404, "Không tìm thấy xã, phường này trong phạm vi cuộc thi.");
    commune = unit.name!;
  }
  const creator = db
    .select({ name: fullName(units) })
    .from(contests)
    .innerJoin(users, eq(users.id, contests.createdBy))
    .innerJoin(units, eq(units.id, users.scopeUnitId))
    .where(eq(contests.id, contestId))
    .get();
  return {
    slug: contest.slug,
    contestTitle: contest.title,
    summary: contest.summary,
    organiser: scope?.name ?? creator?.name ?? "Công dân số",
    commune,
    rounds: contest.rounds.map((r) => ({ number: r.number, opensAt: r.opensAt, closesAt: r.closesAt })),
  };
}

/** The communes (leaf units) in a contest's scope, by district, for choosing a commune's poster. */
export async function posterCommunes(scopeUnitId: number | null) {
  const scope = scopeUnitId
    ? db.select({ path: units.path }).from(units).where(eq(units.id, scopeUnitId)).get()
    : undefined;
  return db
    .select({ id: units.id, name: fullName(units), parentName: fullName(districts) })
    .from(units)
    .leftJoin(districts, eq(districts.id, units.parentId))
    .where(and(eq(units.isLeaf, true), scope ? like(units.path, `${scope.path}%`) : undefined))
    .orderBy(asc(districts.name), asc(units.name))
    .all();
}
