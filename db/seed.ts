// Brings the database up to date at start-up: units and the question bank from content/, then (unless
// SEED_DEMO=false) the demo contest, its organiser and a few hundred fictitious residents. Safe to run again.
import path from "node:path";
import { and, eq, inArray } from "drizzle-orm";
import { placesOf } from "#app/domain/choice-keys.ts";
import { seededRng } from "#app/domain/draw.ts";
import { defaultPrizeTiers, type ContestRules } from "#app/domain/rules.ts";
import { vietnamDay, vietnamMidnight } from "#app/domain/timing.ts";
import {
  getAttemptHeader,
  getQuestionForResident,
  saveAnswer,
  savePrediction,
  startAttempt,
  submitAttempt,
} from "#app/models/attempts.server.ts";
import { closeEndedRounds, createContest, getPublishedContest } from "#app/models/contests.server.ts";
import { getAppState, setAppState } from "#app/models/app-state.server.ts";
import { refreshFlags } from "#app/models/fair-play.server.ts";
import { itemStatsRefreshedAt, refreshItemStats } from "#app/models/item-stats.server.ts";
import { importContentFolder, setQuestionReserved } from "#app/models/questions.server.ts";
import { importUnits, readUnitFile, unitsFolder } from "#app/models/units.server.ts";
import { createUser } from "#app/models/users.server.ts";
import { db, transaction } from "#app/utils/db.server.ts";
import { env } from "#app/utils/env.server.ts";
import { hashFiles } from "#app/utils/file-hash.server.ts";
import { attemptItems, choices, questions, units, users } from "./schema.ts";

const DEMO_UNITS_FILE = "ha-giang-2025-03.json";
const DEMO_CONTEST_SLUG = "xay-dung-cong-dan-so";
const DEMO_ORGANISER = {
  phone: "0912000001",
  password: "BanToChuc@2026",
  name: "Ban tổ chức tỉnh Hà Giang",
};
// A question needs a reviewer other than its last editor, so the demo has a second organiser to review.
const DEMO_REVIEWER = {
  phone: "0912000002",
  password: "ThamDinh@2026",
  name: "Hoàng Thị Duyệt",
};
// An admin manages console accounts and reads the audit log.
const DEMO_ADMIN = {
  phone: "0912000003",
  password: "QuanTri@2026",
  name: "Quản trị hệ thống",
  role: "admin" as const,
};

const DAY = 24 * 60 * 60 * 1000;

const demoRules: ContestRules = {
  questionsPerAttempt: 10,
  timeLimitSeconds: 15 * 60,
  topicMix: [
    { topicId: "lua-dao", count: 4 },
    { topicId: "dinh-danh-dien-tu", count: 3 },
    { topicId: "thanh-toan-khong-tien-mat", count: 3 },
  ],
  skillMix: [],
  attemptsPerRound: 3,
  attemptsPerDay: null,
  prediction: { kind: "participants", max: 10_000_000 },
  reviewTiming: "after_submit",
  prizeTiers: defaultPrizeTiers,
  participationPoints: 100,
  certificateScore: 8,
  graceSeconds: 10,
};

/** Weekly rounds around `now`: round 1 ended yesterday at 20:00 Vietnam time; round 2 is open. */
function demoRounds(now: number) {
  const round2Opens = vietnamMidnight(vietnamDay(now) - 2) + 8 * 3600_000; // 08:00 two days ago
  return [-1, 0, 1, 2].map((week) => ({
    opensAt: round2Opens + week * 7 * DAY,
    closesAt: round2Opens + week * 7 * DAY + 7 * DAY - 12 * 3600_000, // 20:00 six days later
  }));
}

const familyNames = [
  "Lò",
  "Vàng",
  "Giàng",
  "Sùng",
  "Hoàng",
  "Nguyễn",
  "Lý",
  "Triệu",
  "Nông",
  "Ma",
  "Đặng",
  "Hầu",
  "Thào",
  "Phàn",
  "Trần",
  "Lục",
];
const middleNames = ["Văn", "Thị", "Mí", "Seo", "Minh", "Thị Thu", "Đức", "A", "Ngọc"];
const givenNames = [
  "Páo",
  "Mai",
  "Chứ",
  "Dế",
  "Lan",
  "Sính",
  "Hùng",
  "Súa",
  "Hoa",
  "Tùng",
  "Mỷ",
  "Pó",
  "Thắng",
  "Hương",
  "Dìn",
  "Vần",
  "Linh",
  "Phương",
  "Cường",
  "Sử",
];

async function ensureOrganiser(
  account: { phone: string; password: string; name: string; role?: "organiser" | "admin" },
  provinceId: number,
  now: number,
): Promise<number> {
  const existing = db.select({ id: users.id }).from(users).where(eq(users.phone, account.phone)).get();
  if (existing) return existing.id;
  const created = await createUser({
    ...account,
    birthYear: 1985,
    unitId: provinceId,
    role: account.role ?? "organiser",
    scopeUnitId: provinceId,
    now,
  });
  return created.id;
}

async function seedDemo(now: number) {
  const contest = await getPublishedContest(DEMO_CONTEST_SLUG);
  if (contest) return;
  const province = db.select({ id: units.id }).from(units).where(eq(units.code, "02")).get();
  if (!province) throw new Error("Demo units are missing");
  const rounds = demoRounds(now);
  const { id: contestId } = await createContest({
    slug: DEMO_CONTEST_SLUG,
    title: "Xây dựng công dân số",
    summary:
      "Cuộc thi tìm hiểu kỹ năng số cho người dân: nhận diện lừa đảo trực tuyến, định danh điện tử VNeID và thanh toán không dùng tiền mặt. Mỗi tuần một vòng thi, ai cũng có thể tham gia.",
    rules: demoRules,
    scopeUnitId: province.id,
    published: true,
    rounds,
    now,
  });
  const organiserId = await ensureOrganiser(DEMO_ORGANISER, province.id, now);
  await ensureOrganiser(DEMO_REVIEWER, province.id, now);
  await ensureOrganiser(DEMO_ADMIN, province.id, now);
  // Two questions in five of each topic are kept for the contest, out of practice while its rounds last.
  const bank = db
    .select({ id: questions.id, topicId: questions.topicId })
    .from(questions)
    .orderBy(questions.id)
    .all();
  for (const topicId of new Set(bank.map((q) => q.topicId))) {
    for (const [index, q] of bank.filter((b) => b.topicId === topicId).entries())
      if (index % 5 < 2) await setQuestionReserved(q.id, true, organiserId, now);
  }

  // Fictitious residents (flagged is_demo, no phone, cannot log in) who took rounds 1 and 2 through the real engine.
  const communes = db.select({ id: units.id }).from(units).where(eq(units.isLeaf, true)).all();
  const rng = seededRng(2024);
  const pick = <T>(list: readonly T[]) => list[Math.floor(rng() * list.length)]!;
  const residents = transaction((tx) =>
    Array.from({ length: 320 }, () => {
      // Some communes get many residents, others few, as in a real contest.
      const commune = communes[Math.floor(communes.length * rng() ** 1.6)]!;
      return tx
        .insert(users)
        .values({
          name: `${pick(familyNames)} ${pick(middleNames)} ${pick(givenNames)}`,
          unitId: commune.id,
          birthYear: 1960 + Math.floor(rng() * 48),
          isDemo: true,
          createdAt: now - 10 * DAY,
        })
        .returning({ id: users.id })
        .get();
    }),
  );
  const seeded = (await getPublishedContest(DEMO_CONTEST_SLUG))!;
  for (const [index, round] of seeded.rounds.slice(0, 2).entries()) {
    const windowEnd = Math.min(round.closesAt, now) - 60_000;
    for (const resident of residents) {
      if (rng() < (index === 0 ? 0.25 : 0.35)) continue;
      const startedAt = round.opensAt + Math.floor(rng() * (windowEnd - round.opensAt - 20 * 60_000));
      const attemptId = await startAttempt(resident.id, round.id, startedAt, rng);
      const skill = 0.55 + rng() * 0.45;
      let clock = startedAt;
      const { questionCount } = await getAttemptHeader(attemptId, resident.id, clock);
      for (let slot = 1; slot <= questionCount; slot++) {
        clock += 8_000 + Math.floor(rng() * 40_000);
        const { question } = await getQuestionForResident(attemptId, resident.id, slot, clock);
        // Right with the resident's skill, otherwise a random choice; multiple-choice questions get all correct ones.
        const order = db
          .select({ choiceOrder: attemptItems.choiceOrder })
          .from(attemptItems)
          .where(and(eq(attemptItems.attemptId, attemptId), eq(attemptItems.slot, slot)))
          .get()!.choiceOrder;
        const correct = db
          .select({ id: choices.id })
          .from(choices)
          .where(and(inArray(choices.id, order), eq(choices.isCorrect, true)))
          .all()
          .map((c) => c.id);
        const answer =
          rng() < skill ? placesOf(order, correct) : [pick(question.choices.map((c) => c.place))];
        await saveAnswer(
          attemptId,
          resident.id,
          slot,
          question.type === "multiple" ? answer : answer.slice(0, 1),
          clock,
        );
      }
      await savePrediction(attemptId, resident.id, 150 + Math.floor(rng() * 200), clock);
      await submitAttempt(attemptId, resident.id, clock + 5_000);
    }
  }
  await seedFairPlayCases(seeded.rounds[1]!, communes[0]!.id, now);
  await closeEndedRounds(now);
  console.log(`Seeded the demo contest (id ${contestId}) with ${residents.length} fictitious residents.`);
}

/**
 * Something for the fair-play queue to show: one fictitious person registered twice (same name, birth year and
 * commune), answering one attempt faster than anyone can read.
 */
async function seedFairPlayCases(round: { id: number; opensAt: number }, communeId: number, now: number) {
  const startedAt = Math.min(round.opensAt + DAY, now - 2 * 3_600_000);
  for (const [index, gapMs] of [900, 25_000].entries()) {
    const { id } = db
      .insert(users)
      .values({
        name: "Vàng Thị Dung",
        unitId: communeId,
        birthYear: 1995,
        isDemo: true,
        createdAt: now - 10 * DAY,
      })
      .returning({ id: users.id })
      .get();
    const start = startedAt + index * 1_800_000;
    const attemptId = await startAttempt(id, round.id, start, seededRng(index));
    const { questionCount } = await getAttemptHeader(attemptId, id, start);
    for (let slot = 1; slot <= questionCount; slot++)
      await saveAnswer(attemptId, id, slot, [1], start + slot * gapMs);
    await submitAttempt(attemptId, id, start + (questionCount + 1) * gapMs);
  }
  // The open round is scanned only on “Quét lại” (or when it closes): the demo queue shows them from the start.
  await refreshFlags(round.id, now);
}

// What a content sync reads: when none of it changed since the last sync, a restart skips the sync.
const CONTENT_INPUTS = [
  "content",
  "db/seed.ts",
  "db/migrations",
  "app/models/questions.server.ts",
  "app/models/units.server.ts",
];

export async function seed(now = Date.now()) {
  const contentHash = hashFiles(CONTENT_INPUTS);
  if ((await getAppState("content_hash")) === contentHash) {
    console.log("Units and questions: content/ unchanged since the last sync.");
  } else {
    const unitCount = importUnits(readUnitFile(path.join(unitsFolder, DEMO_UNITS_FILE)));
    const report = await importContentFolder(undefined, now);
    console.log(
      `Units: ${unitCount}. Questions: ${report.created} new, ${report.revised} revised, ${report.unchanged} unchanged.`,
    );
    await setAppState("content_hash", contentHash);
  }
  if (env.SEED_DEMO) await seedDemo(now);
  // The question bank shows real figures from the first start (and after an upgrade), even before a round closes.
  if ((await itemStatsRefreshedAt()) === null) await refreshItemStats(now);
}

if (import.meta.url === `file://${process.argv[1]}`) await seed();
