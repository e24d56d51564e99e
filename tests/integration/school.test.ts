import { and, eq, isNotNull } from "drizzle-orm";
import { describe, expect, test } from "vitest";
import {
  attemptItems,
  attempts,
  auditLog,
  certificates,
  choices,
  classMembers,
  contests,
  progressEvents,
  questions,
  units,
  users,
} from "#db/schema.ts";
import { seededRng } from "#app/domain/draw.ts";
import { saveAnswer, startAttempt, submitAttempt } from "#app/models/attempts.server.ts";
import { getProgressTotals } from "#app/models/progress.server.ts";
import {
  createClass,
  createSchool,
  createTeacher,
  decideTeacher,
  issueRejoinCodes,
  joinClass,
  listRoster,
  listSchoolsInScope,
  listTeachersInScope,
  mergeStudents,
  registerTeacher,
  rejoinClass,
  removeStudent,
  REJOIN_TRIES_PER_WINDOW,
  requireTeacherSchool,
  type Teacher,
} from "#app/models/classes.server.ts";
import { closeEndedRounds, getPublishedContest, listActiveContests } from "#app/models/contests.server.ts";
import {
  classLeaderboard,
  createHomework,
  getHomeworkReport,
  homeworkRoundFor,
  schoolLeaderboard,
} from "#app/models/homework.server.ts";
import { saveQuestion, type RevisionContent } from "#app/models/questions.server.ts";
import { verifyLogin } from "#app/models/users.server.ts";
import type { ConsoleUser } from "#app/models/scope.server.ts";
import { db } from "#app/utils/db.server.ts";
import { attemptKey, createResident, createTestContest, HOUR, rejection, T0 } from "./fixtures.ts";

const DAY = 24 * HOUR;

function admin(): ConsoleUser {
  const { id } = db
    .insert(users)
    .values({ name: "Quản trị", role: "admin", createdAt: T0 })
    .returning({ id: users.id })
    .get();
  return { id, role: "admin", scopeUnitId: null };
}

const communes = () =>
  db
    .select({ id: units.id, parentId: units.parentId })
    .from(units)
    .where(eq(units.isLeaf, true))
    .orderBy(units.code)
    .all();

let phoneCounter = 0;
const nextPhone = () => `09120${String(++phoneCounter).padStart(5, "0")}`;

let schoolCounter = 0;
async function schoolWithTeacher(
  actor: ConsoleUser,
  unitId = communes()[0]!.id,
  name = `THCS Thử ${++schoolCounter}`,
) {
  const school = await createSchool(actor, { name, unitId }, T0);
  const { id } = await createTeacher(
    actor,
    { name: "Cô Lan", phone: nextPhone(), password: "MatKhau@2026", schoolId: school.id },
    T0,
  );
  return { schoolId: school.id, teacher: await requireTeacherSchool(id) };
}

const publishedIds = (n: number) =>
  db
    .select({ id: questions.id })
    .from(questions)
    .where(and(eq(questions.topicId, "lua-dao"), isNotNull(questions.publishedRevisionId)))
    .orderBy(questions.id)
    .limit(n)
    .all()
    .map((q) => q.id);

async function homework(
  teacher: Teacher,
  classIds: number[],
  questionIds = publishedIds(3),
  attemptsAllowed = 2,
) {
  return createHomework(
    teacher,
    {
      title: "Bài tập lừa đảo",
      classIds,
      opensAt: T0,
      closesAt: T0 + 7 * DAY,
      timeLimitSeconds: 600,
      attempts: attemptsAllowed,
      reviewTiming: "after_submit",
      source: "picked",
      questionIds,
    },
    T0,
  );
}

/** The place (in the order shown) of a slot's wrong choice with the lowest id: the same choice in every attempt. */
function firstWrongPlace(attemptId: number, slot: number): number {
  const { choiceOrder } = db
    .select({ choiceOrder: attemptItems.choiceOrder })
    .from(attemptItems)
    .where(and(eq(attemptItems.attemptId, attemptId), eq(attemptItems.slot, slot)))
    .get()!;
  const wrong = choiceOrder.filter(
    (id) => !db.select({ ok: choices.isCorrect }).from(choices).where(eq(choices.id, id)).get()!.ok,
  );
  return choiceOrder.indexOf(Math.min(...wrong)) + 1;
}

/** Takes the homework and answers `right` of its questions correctly (the others with the same wrong choice). */
async function take(userId: number, contestId: number, right: number, at = T0 + HOUR) {
  const roundId = await homeworkRoundFor(userId, contestId);
  const id = await startAttempt(userId, roundId, at, seededRng(userId), null);
  const count = db.select({ n: attempts.questionCount }).from(attempts).where(eq(attempts.id, id)).get()!.n;
  for (let slot = 1; slot <= count; slot++) {
    const key = attemptKey(id, slot);
    await saveAnswer(
      id,
      userId,
      slot,
      slot <= right ? key.correct : [firstWrongPlace(id, slot)],
      at + slot * 1000,
    );
  }
  await submitAttempt(id, userId, at + 60_000);
  return id;
}

describe("teachers", () => {
  test("a teacher who signs up waits for an organiser of the school's unit", async () => {
    const actor = admin();
    const school = await createSchool(actor, { name: "THCS Chờ Duyệt", unitId: communes()[0]!.id }, T0);
    const phone = nextPhone();
    const { id } = await registerTeacher(
      { name: "Thầy Minh", phone, password: "MatKhau@2026", schoolId: school.id },
      T0,
    );
    expect(await verifyLogin(phone, "MatKhau@2026")).toMatchObject({ id, pending: true, disabled: false });
    // An organiser of another district may not decide.
    const [own, other] = db.select({ id: units.id }).from(units).where(eq(units.depth, 1)).all();
    const schoolDistrict = db
      .select({ path: units.path })
      .from(units)
      .where(eq(units.id, communes()[0]!.id))
      .get()!;
    const outsider = [own, other].find((d) => !schoolDistrict.path.includes(`/${d!.id}/`))!;
    const { id: orgId } = db
      .insert(users)
      .values({ name: "BTC khác", role: "organiser", scopeUnitId: outsider.id, createdAt: T0 })
      .returning({ id: users.id })
      .get();
    expect(
      (await rejection(decideTeacher({ id: orgId, role: "organiser", scopeUnitId: outsider.id }, id, true)))
        .status,
    ).toBe(403);
    await decideTeacher(actor, id, true, T0 + HOUR);
    expect(await verifyLogin(phone, "MatKhau@2026")).toMatchObject({ pending: false, disabled: false });
    const actions = db
      .select({ action: auditLog.action })
      .from(auditLog)
      .where(eq(auditLog.entityId, String(id)))
      .all();
    expect(actions.map((a) => a.action)).toEqual(["teacher.signup", "teacher.approve"]);
  });

  test("an organiser of another district neither sees, decides nor creates teachers of a school there", async () => {
    const province = db.select({ id: units.id }).from(units).where(eq(units.depth, 0)).get()!;
    const [districtA, districtB] = db.select().from(units).where(eq(units.parentId, province.id)).all();
    const communeOf = (districtId: number) =>
      db.select({ id: units.id }).from(units).where(eq(units.parentId, districtId)).get()!.id;
    const schoolB = await createSchool(
      admin(),
      { name: "THCS Huyện Bên", unitId: communeOf(districtB!.id) },
      T0,
    );
    const { id: pendingId } = await registerTeacher(
      { name: "Thầy Hùng", phone: nextPhone(), password: "MatKhau@2026", schoolId: schoolB.id },
      T0,
    );
    const { id: orgId } = db
      .insert(users)
      .values({ name: "BTC huyện A", role: "organiser", scopeUnitId: districtA!.id, createdAt: T0 })
      .returning({ id: users.id })
      .get();
    const organiserA: ConsoleUser = { id: orgId, role: "organiser", scopeUnitId: districtA!.id };

    expect((await listTeachersInScope(organiserA)).map((t) => t.id)).not.toContain(pendingId);
    expect((await listSchoolsInScope(organiserA)).map((s) => s.id)).not.toContain(schoolB.id);
    for (const refusal of [
      decideTeacher(organiserA, pendingId, true, T0 + HOUR),
      decideTeacher(organiserA, pendingId, false, T0 + HOUR),
      createTeacher(
        organiserA,
        { name: "Cô Hoa", phone: nextPhone(), password: "MatKhau@2026", schoolId: schoolB.id },
        T0,
      ),
      createSchool(organiserA, { name: "THCS Lấn Sân", unitId: communeOf(districtB!.id) }, T0),
    ]) {
      const error = await rejection(refusal);
      expect(error.status).toBe(403);
      expect(error.message).toBe("Bạn không có quyền với nội dung của đơn vị này.");
    }
    expect(db.select().from(users).where(eq(users.id, pendingId)).get()).toMatchObject({
      pendingSince: T0,
      disabledAt: null,
    });
    expect(db.select().from(auditLog).where(eq(auditLog.actorId, orgId)).all()).toEqual([]);
    // Their own district's schools and teachers they do see.
    const schoolA = await createSchool(
      organiserA,
      { name: "THCS Huyện Mình", unitId: communeOf(districtA!.id) },
      T0,
    );
    expect((await listSchoolsInScope(organiserA)).map((s) => s.id)).toEqual([schoolA.id]);
  });

  test("two organisers deciding the same sign-up at once: the first decision stands, audited once", async () => {
    const actor = admin();
    const school = await createSchool(actor, { name: "THCS Hai Người Duyệt", unitId: communes()[1]!.id }, T0);
    const { id } = await registerTeacher(
      { name: "Cô Mai", phone: nextPhone(), password: "MatKhau@2026", schoolId: school.id },
      T0,
    );
    const outcomes = await Promise.allSettled([
      decideTeacher(actor, id, true, T0 + HOUR),
      decideTeacher(admin(), id, false, T0 + HOUR),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(["fulfilled", "rejected"]);
    expect((outcomes[1] as PromiseRejectedResult).reason).toMatchObject({ status: 409 });
    expect(db.select().from(users).where(eq(users.id, id)).get()).toMatchObject({
      pendingSince: null,
      disabledAt: null,
    });
    const decisions = db
      .select({ action: auditLog.action })
      .from(auditLog)
      .where(and(eq(auditLog.entityId, String(id)), eq(auditLog.entity, "user")))
      .all()
      .filter((a) => a.action !== "teacher.signup");
    expect(decisions).toEqual([{ action: "teacher.approve" }]);
  });
});

describe("joining a class", () => {
  test("a student joins with the code and a name only, and rejoins elsewhere with a personal code", async () => {
    const { teacher } = await schoolWithTeacher(admin());
    const { id: classId, joinCode } = await createClass(teacher, { grade: 6, name: "6A" }, T0);
    expect(joinCode).toMatch(/^[ACDEFGHJKMNPQRTUVWXY34679]{6}$/);
    const { userId } = await joinClass(
      { code: joinCode.toLowerCase(), name: "Minh Anh", studentId: null },
      T0,
    );
    const student = db.select().from(users).where(eq(users.id, userId)).get()!;
    expect(student).toMatchObject({
      role: "student",
      phone: null,
      birthYear: null,
      passwordHash: null,
      unitId: null,
    });
    expect((await rejection(joinClass({ code: "AAAAAA", name: "Bình", studentId: null }, T0))).status).toBe(
      404,
    );
    expect(
      (await rejection(joinClass({ code: joinCode, name: "Đ.M Tuấn", studentId: null }, T0))).status,
    ).toBe(400);

    const [first] = await issueRejoinCodes(teacher, classId, [userId], T0);
    expect(
      await rejoinClass({ code: joinCode, rejoinCode: first!.code, address: "203.0.113.1" }, T0),
    ).toEqual({ userId });
    // A new code replaces the old one.
    const [second] = await issueRejoinCodes(teacher, classId, null, T0);
    expect(
      (await rejection(rejoinClass({ code: joinCode, rejoinCode: first!.code, address: "203.0.113.2" }, T0)))
        .status,
    ).toBe(400);
    expect(
      await rejoinClass({ code: joinCode, rejoinCode: second!.code, address: "203.0.113.2" }, T0),
    ).toEqual({ userId });
  });

  test("guessing rejoin codes from one address is stopped", async () => {
    const { teacher } = await schoolWithTeacher(admin());
    const { joinCode } = await createClass(teacher, { grade: 7, name: "7B" }, T0);
    for (let i = 0; i < REJOIN_TRIES_PER_WINDOW; i++)
      expect(
        (await rejection(rejoinClass({ code: joinCode, rejoinCode: "CCCCCC", address: "198.51.100.9" }, T0)))
          .status,
      ).toBe(400);
    expect(
      (await rejection(rejoinClass({ code: joinCode, rejoinCode: "CCCCCC", address: "198.51.100.9" }, T0)))
        .status,
    ).toBe(429);
  });

  test("another teacher's class is not found", async () => {
    const actor = admin();
    const { teacher } = await schoolWithTeacher(actor);
    const { teacher: other } = await schoolWithTeacher(actor, communes()[1]!.id, "THCS Khác");
    const { id: classId } = await createClass(teacher, { grade: 6, name: "6A" }, T0);
    expect((await rejection(issueRejoinCodes(other, classId, null, T0))).status).toBe(404);
  });
});

describe("homework", () => {
  test("only students of an assigned class may start it, and it is never listed", async () => {
    const { teacher } = await schoolWithTeacher(admin());
    const a = await createClass(teacher, { grade: 6, name: "6A" }, T0);
    const b = await createClass(teacher, { grade: 6, name: "6B" }, T0);
    const { id: contestId } = await homework(teacher, [a.id]);
    const inA = await joinClass({ code: a.joinCode, name: "Lan", studentId: null }, T0);
    const inB = await joinClass({ code: b.joinCode, name: "Huệ", studentId: null }, T0);
    const resident = createResident();
    const roundId = await homeworkRoundFor(inA.userId, contestId);
    expect((await rejection(homeworkRoundFor(inB.userId, contestId))).status).toBe(404);
    // The start path itself checks, whatever page called it.
    expect((await rejection(startAttempt(inB.userId, roundId, T0 + HOUR))).status).toBe(403);
    expect((await rejection(startAttempt(resident.userId, roundId, T0 + HOUR))).status).toBe(403);
    expect(await startAttempt(inA.userId, roundId, T0 + HOUR)).toBeGreaterThan(0);
    // A removed student can no longer start it.
    const other = await joinClass({ code: a.joinCode, name: "Cúc", studentId: null }, T0);
    await removeStudent(teacher, a.id, other.userId, T0);
    expect((await rejection(startAttempt(other.userId, roundId, T0 + HOUR))).status).toBe(403);
    // Homework has no public page, list entry or board; a student cannot start a public contest.
    expect((await listActiveContests(T0 + HOUR)).map((c) => c.id)).not.toContain(contestId);
    const { rounds } = await createTestContest();
    expect((await rejection(startAttempt(inA.userId, rounds[0]!.id, T0 + HOUR))).status).toBe(403);
    const { slug } = db
      .select({ slug: contests.slug })
      .from(contests)
      .where(eq(contests.id, contestId))
      .get()!;
    expect(await getPublishedContest(slug)).toBeUndefined();
    // Its round closes like a contest's (settled attempts, no prizes to name).
    await expect(closeEndedRounds(T0 + 8 * DAY)).resolves.toBeGreaterThanOrEqual(1);
  });

  test("a hand-picked quiz asks exactly its questions, and refuses questions that are not usable", async () => {
    const { teacher } = await schoolWithTeacher(admin());
    const { id: classId, joinCode } = await createClass(teacher, { grade: 8, name: "8A" }, T0);
    const ids = publishedIds(4);
    expect((await rejection(homework(teacher, [classId], [...ids, "khong-co-cau-nay"]))).status).toBe(400);
    const { id: contestId } = await homework(teacher, [classId], ids);
    const { userId } = await joinClass({ code: joinCode, name: "Nam", studentId: null }, T0);
    const attemptId = await take(userId, contestId, 4);
    const report = await getHomeworkReport(teacher.id, contestId);
    expect(report.questions.map((q) => q.questionId).sort()).toEqual([...ids].sort());
    expect(report.students[0]).toMatchObject({ userId, status: "submitted", bestScore: 4, questionCount: 4 });
    expect(attemptId).toBeGreaterThan(0);
  });

  test("a teacher's own draft question is usable in their quizzes only", async () => {
    const actor = admin();
    const { teacher } = await schoolWithTeacher(actor);
    const { teacher: other } = await schoolWithTeacher(actor, communes()[3]!.id, "THCS Bên Cạnh");
    const content: RevisionContent = {
      type: "single",
      difficulty: 1,
      text: "Khi có người lạ nhắn tin xin mã OTP, em nên làm gì?",
      choices: [
        { text: "Không đưa mã OTP cho ai", correct: true },
        { text: "Gửi mã OTP cho họ", correct: false },
      ],
      explanation: "Mã OTP chỉ dành cho chính em.",
      source: "Cẩm nang phòng chống lừa đảo trực tuyến — Cục An toàn thông tin (2024)",
      checked: "2026-06-18",
      skill: "bao-ve-tai-khoan",
    };
    const { id: own } = await saveQuestion(
      { topicId: "lua-dao", content, ownerId: teacher.id },
      teacher.id,
      T0,
    );
    const { id: classId, joinCode } = await createClass(teacher, { grade: 6, name: "6D" }, T0);
    const { id: otherClass } = await createClass(other, { grade: 6, name: "6D" }, T0);
    expect((await rejection(homework(other, [otherClass], [own]))).status).toBe(400);
    const { id: contestId } = await homework(teacher, [classId], [own, ...publishedIds(1)]);
    const { userId } = await joinClass({ code: joinCode, name: "Tú", studentId: null }, T0);
    await take(userId, contestId, 2);
    const report = await getHomeworkReport(teacher.id, contestId);
    expect(report.questions.find((q) => q.questionId === own)).toMatchObject({ answered: 1, correct: 1 });
  });

  test("the class report gives each student's best attempt and each question's figures exactly", async () => {
    const { teacher } = await schoolWithTeacher(admin());
    const { id: classId, joinCode } = await createClass(teacher, { grade: 9, name: "9A" }, T0);
    const ids = publishedIds(3);
    const { id: contestId } = await homework(teacher, [classId], ids);
    const an = await joinClass({ code: joinCode, name: "An", studentId: null }, T0);
    const binh = await joinClass({ code: joinCode, name: "Bình", studentId: null }, T0);
    const chi = await joinClass({ code: joinCode, name: "Chi", studentId: null }, T0);
    await joinClass({ code: joinCode, name: "Dũng", studentId: null }, T0);
    await take(an.userId, contestId, 3);
    await take(binh.userId, contestId, 1);
    await take(binh.userId, contestId, 2, T0 + 2 * HOUR); // the second attempt is better
    const open = await startAttempt(chi.userId, await homeworkRoundFor(chi.userId, contestId), T0 + HOUR);
    expect(open).toBeGreaterThan(0);

    const report = await getHomeworkReport(teacher.id, contestId);
    const byName = Object.fromEntries(report.students.map((s) => [s.name, s]));
    expect(byName.An).toMatchObject({
      status: "submitted",
      attempts: 1,
      bestScore: 3,
      bestDurationMs: 60_000,
    });
    expect(byName["Bình"]).toMatchObject({ status: "submitted", attempts: 2, bestScore: 2 });
    expect(byName.Chi).toMatchObject({ status: "in_progress", attempts: 1, bestScore: null });
    expect(byName["Dũng"]).toMatchObject({ status: "not_started", attempts: 0, bestScore: null });
    // Three submitted attempts drew every question: per question, An right each time, Bình's attempts right on
    // their first one or two slots (slots are shuffled, so count from the attempts' own answers).
    const totals = report.questions.reduce(
      (sum, q) => ({ answered: sum.answered + q.answered, correct: sum.correct + q.correct }),
      { answered: 0, correct: 0 },
    );
    expect(totals).toEqual({ answered: 9, correct: 3 + 1 + 2 });
    for (const q of report.questions) {
      expect(q.answered).toBe(3);
      expect(q.shareCorrect).toBeCloseTo(q.correct / 3);
      // Every wrong answer took the same wrong choice, so the most chosen wrong answer has them all.
      expect(q.topWrongCount).toBe(3 - q.correct);
      if (q.correct < 3) expect(q.topWrongText).not.toBeNull();
      else expect(q.topWrongText).toBeNull();
    }
    expect(report.questions.map((q) => q.shareCorrect)).toEqual(
      [...report.questions.map((q) => q.shareCorrect)].sort((x, y) => x! - y!),
    );
    // Another teacher cannot read it.
    const { teacher: other } = await schoolWithTeacher(admin(), communes()[2]!.id, "THCS Khác");
    expect((await rejection(getHomeworkReport(other.id, contestId))).status).toBe(404);
  });

  test("merging a duplicate moves its attempts to the kept student and closes the duplicate", async () => {
    const { teacher } = await schoolWithTeacher(admin());
    const { id: classId, joinCode } = await createClass(teacher, { grade: 6, name: "6C" }, T0);
    const { id: contestId } = await homework(teacher, [classId]);
    const kept = await joinClass({ code: joinCode, name: "Hoa", studentId: null }, T0);
    const dup = await joinClass({ code: joinCode, name: "Hoa Nguyễn", studentId: null }, T0);
    await take(kept.userId, contestId, 1);
    const moved = await take(dup.userId, contestId, 3, T0 + 2 * HOUR);
    expect(await mergeStudents(teacher, classId, kept.userId, dup.userId, T0 + 3 * HOUR)).toEqual({
      movedAttempts: 1,
    });
    expect(db.select({ userId: attempts.userId }).from(attempts).where(eq(attempts.id, moved)).get()).toEqual(
      {
        userId: kept.userId,
      },
    );
    expect((await listRoster(classId)).map((r) => r.userId)).toEqual([kept.userId]);
    expect(
      db.select({ disabledAt: users.disabledAt }).from(users).where(eq(users.id, dup.userId)).get()!
        .disabledAt,
    ).toBe(T0 + 3 * HOUR);
    const report = await getHomeworkReport(teacher.id, contestId);
    expect(report.students).toEqual([
      expect.objectContaining({ userId: kept.userId, attempts: 2, bestScore: 3 }),
    ]);
    const audit = db.select().from(auditLog).where(eq(auditLog.action, "student.merge")).all();
    expect(audit).toHaveLength(1);
    expect(
      db
        .select()
        .from(classMembers)
        .where(and(eq(classMembers.userId, dup.userId), isNotNull(classMembers.removedAt)))
        .all(),
    ).toHaveLength(1);
  });
});

test("merging moves the duplicate's XP, days, badges and certificates, and nothing counts twice", async () => {
  const { teacher } = await schoolWithTeacher(admin(), communes()[3]!.id, "THCS Gộp");
  const { id: classId, joinCode } = await createClass(teacher, { grade: 7, name: "7A" }, T0);
  const { id: contestId } = await homework(teacher, [classId]);
  const kept = await joinClass({ code: joinCode, name: "Lan", studentId: null }, T0);
  const dup = await joinClass({ code: joinCode, name: "Lan Vũ", studentId: null }, T0);
  await take(kept.userId, contestId, 1);
  const dupAttempt = await take(dup.userId, contestId, 3, T0 + 2 * HOUR);
  // Practice on both accounts: the same question answered right on each counts once.
  const practice = (userId: number, questionId: string) =>
    db
      .insert(progressEvents)
      .values({
        userId,
        kind: "xp",
        amount: 10,
        source: `question:${questionId}`,
        topicId: "lua-dao",
        at: T0,
      })
      .run();
  practice(kept.userId, "q-chung");
  practice(dup.userId, "q-chung");
  practice(dup.userId, "q-rieng");
  db.insert(certificates)
    .values({
      code: "gop-chung-nhan-1",
      kind: "completion",
      userId: dup.userId,
      attemptId: dupAttempt,
      roundId: db.select({ id: attempts.roundId }).from(attempts).where(eq(attempts.id, dupAttempt)).get()!
        .id,
      issuedAt: T0 + 3 * HOUR,
    })
    .run();
  const before = {
    kept: await getProgressTotals(kept.userId, T0 + 3 * HOUR),
    dup: await getProgressTotals(dup.userId, T0 + 3 * HOUR),
  };
  // Both took a homework on the same day and hold the same first badges.
  expect(before.dup.badges.length).toBeGreaterThan(0);

  await mergeStudents(teacher, classId, kept.userId, dup.userId, T0 + 3 * HOUR);
  const after = await getProgressTotals(kept.userId, T0 + 3 * HOUR);
  // All of both, less the duplicate's copy of the shared practice question.
  expect(after.xp).toBe(before.kept.xp + before.dup.xp - 10);
  expect(after.badges.map((b) => b.id).sort()).toEqual(
    [...new Set([...before.kept.badges, ...before.dup.badges].map((b) => b.id))].sort(),
  );
  expect(after.bestStreak).toBe(1);
  const sources = (userId: number) =>
    db
      .select({ source: progressEvents.source })
      .from(progressEvents)
      .where(eq(progressEvents.userId, userId))
      .all()
      .map((e) => e.source);
  expect(sources(kept.userId)).toEqual(expect.arrayContaining(["question:q-chung", "question:q-rieng"]));
  // What the kept student already had stays on the closed account, not counted anywhere.
  expect(sources(dup.userId)).toContain("question:q-chung");
  expect(sources(dup.userId)).not.toContain("question:q-rieng");
  expect(
    db
      .select({ userId: certificates.userId })
      .from(certificates)
      .where(eq(certificates.code, "gop-chung-nhan-1"))
      .get(),
  ).toEqual({ userId: kept.userId });
  const audit = db
    .select({ after: auditLog.after })
    .from(auditLog)
    .where(and(eq(auditLog.action, "student.merge"), eq(auditLog.entityId, String(kept.userId))))
    .get()!;
  expect(audit.after).toMatchObject({
    movedAttempts: [dupAttempt],
    movedCertificates: 1,
  });
});

describe("class and school leaderboards", () => {
  test("rank by average, or by participation with absentees as zero", async () => {
    const actor = admin();
    // A commune no other test here puts a school in.
    const commune = communes().at(-1)!;
    const { teacher, schoolId } = await schoolWithTeacher(actor, commune.id, "THCS Một");
    const a = await createClass(teacher, { grade: 6, name: "6A" }, T0);
    const b = await createClass(teacher, { grade: 6, name: "6B" }, T0);
    const { id: contestId } = await homework(teacher, [a.id, b.id], publishedIds(2));
    // 6A: two students, one takes it and gets 2/2. 6B: two students, both take it, 1/2 each.
    const a1 = await joinClass({ code: a.joinCode, name: "Ánh", studentId: null }, T0);
    await joinClass({ code: a.joinCode, name: "Bảo", studentId: null }, T0);
    const b1 = await joinClass({ code: b.joinCode, name: "Cường", studentId: null }, T0);
    const b2 = await joinClass({ code: b.joinCode, name: "Diệp", studentId: null }, T0);
    await take(a1.userId, contestId, 2);
    await take(b1.userId, contestId, 1);
    await take(b2.userId, contestId, 1);

    const byAverage = await classLeaderboard(schoolId, false, T0 + DAY);
    expect(byAverage.map((r) => [r.name, r.rank, r.averagePercent, r.participation, r.points])).toEqual([
      ["6A", 1, 100, 0.5, 100],
      ["6B", 2, 50, 1, 50],
    ]);
    const byParticipation = await classLeaderboard(schoolId, true, T0 + DAY);
    // Equal points: the class where more students took part comes first.
    expect(byParticipation.map((r) => [r.name, r.rank, r.points])).toEqual([
      ["6B", 1, 50],
      ["6A", 2, 50],
    ]);

    // A second school in the same commune with one class where its only student scored 1/2.
    const { teacher: t2 } = await schoolWithTeacher(actor, commune.id, "THCS Hai");
    const c = await createClass(t2, { grade: 6, name: "6A" }, T0);
    const { id: hw2 } = await homework(t2, [c.id], publishedIds(2));
    const c1 = await joinClass({ code: c.joinCode, name: "Em", studentId: null }, T0);
    await take(c1.userId, hw2, 1);
    const schools = await schoolLeaderboard(commune.id, true, T0 + DAY);
    // THCS Một: 4 students × 1 homework, results 1 + 0.5 + 0.5 → 50; THCS Hai: 0.5 over 1 → 50; ties on points,
    // then participation (3/4 against 1/1).
    expect(schools.map((r) => [r.name, r.points, r.participation, r.rank])).toEqual([
      ["THCS Hai", 50, 1, 1],
      ["THCS Một", 50, 0.75, 2],
    ]);
    const district = (await schoolLeaderboard(commune.parentId!, false, T0 + DAY)).filter((r) =>
      ["THCS Một", "THCS Hai"].includes(r.name),
    );
    expect(district.map((r) => [r.name, r.averagePercent])).toEqual([
      ["THCS Một", 66.7],
      ["THCS Hai", 50],
    ]);
  });
});
