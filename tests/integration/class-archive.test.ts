import { and, eq, isNotNull } from "drizzle-orm";
import { expect, test } from "vitest";
import { auditLog, questions, units, users } from "#db/schema.ts";
import {
  archiveClass,
  archivedClassRefusal,
  createClass,
  createSchool,
  createTeacher,
  findClassByCode,
  issueRejoinCodes,
  joinClass,
  listTeacherClasses,
  rejoinClass,
  requireTeacherSchool,
  restoreClass,
} from "#app/models/classes.server.ts";
import { classLeaderboard, createHomework } from "#app/models/homework.server.ts";
import type { ConsoleUser } from "#app/models/scope.server.ts";
import { db } from "#app/utils/db.server.ts";
import { HOUR, rejection, T0 } from "./fixtures.ts";

function admin(): ConsoleUser {
  const { id } = db
    .insert(users)
    .values({ name: "Quản trị", role: "admin", createdAt: T0 })
    .returning({ id: users.id })
    .get();
  return { id, role: "admin", scopeUnitId: null };
}

let counter = 0;
async function teacherOfNewSchool(actor: ConsoleUser) {
  const commune = db.select({ id: units.id }).from(units).where(eq(units.isLeaf, true)).get()!;
  const school = await createSchool(actor, { name: `THCS Lưu Trữ ${++counter}`, unitId: commune.id }, T0);
  const { id } = await createTeacher(
    actor,
    {
      name: "Cô Hằng",
      phone: `09130${String(counter).padStart(5, "0")}`,
      password: "MatKhau@2026",
      schoolId: school.id,
    },
    T0,
  );
  return { schoolId: school.id, teacher: await requireTeacherSchool(id) };
}

test("an archived class takes no new student, leaves the boards and new homework; its students still rejoin", async () => {
  const actor = admin();
  const { schoolId, teacher } = await teacherOfNewSchool(actor);
  const { teacher: other } = await teacherOfNewSchool(actor);
  const { id: classId, joinCode } = await createClass(teacher, { grade: 9, name: "9A" }, T0);
  const { id: openId } = await createClass(teacher, { grade: 9, name: "9B" }, T0);
  const { userId } = await joinClass({ code: joinCode, name: "Lù Văn Páo", studentId: null }, T0);
  const [rejoin] = await issueRejoinCodes(teacher, classId, [userId], T0);

  // Only the class's own teacher may archive it.
  expect((await rejection(archiveClass(other, classId, T0 + HOUR))).status).toBe(404);
  await archiveClass(teacher, classId, T0 + HOUR);
  const again = await rejection(archiveClass(teacher, classId, T0 + 2 * HOUR));
  expect(again.status).toBe(409);
  expect(
    db
      .select({ action: auditLog.action, actorId: auditLog.actorId })
      .from(auditLog)
      .where(and(eq(auditLog.entity, "class"), eq(auditLog.entityId, String(classId))))
      .all()
      .filter((a) => a.action === "class.archive"),
  ).toEqual([{ action: "class.archive", actorId: teacher.id }]);

  expect((await listTeacherClasses(teacher.id)).map((c) => [c.name, c.archivedAt])).toEqual([
    ["9B", null],
    ["9A", T0 + HOUR],
  ]);
  expect(await findClassByCode(joinCode)).toMatchObject({ id: classId, archived: true });
  const refused = await rejection(joinClass({ code: joinCode, name: "Giàng Thị Pà", studentId: null }, T0));
  expect(refused.status).toBe(409);
  expect(refused.message).toBe(archivedClassRefusal("9A"));
  // A student of the class still gets their account back on a new phone.
  expect(
    await rejoinClass({ code: joinCode, rejoinCode: rejoin!.code, address: "203.0.113.40" }, T0 + 2 * HOUR),
  ).toEqual({ userId });

  expect((await classLeaderboard(schoolId, false, T0 + 2 * HOUR)).map((r) => r.name)).toEqual(["9B"]);
  const questionIds = db
    .select({ id: questions.id })
    .from(questions)
    .where(isNotNull(questions.publishedRevisionId))
    .limit(2)
    .all()
    .map((q) => q.id);
  const homework = (classIds: number[]) =>
    createHomework(
      teacher,
      {
        title: "Ôn tập cuối năm",
        classIds,
        opensAt: T0,
        closesAt: T0 + 24 * HOUR,
        timeLimitSeconds: 600,
        attempts: 1,
        reviewTiming: "after_submit",
        source: "picked",
        questionIds,
      },
      T0,
    );
  expect((await rejection(homework([classId]))).status).toBe(400);
  await homework([openId]);
});

test("an archived class is restored by its own teacher, open as before, and the restore is audited", async () => {
  const actor = admin();
  const { schoolId, teacher } = await teacherOfNewSchool(actor);
  const { teacher: other } = await teacherOfNewSchool(actor);
  const { id: classId, joinCode } = await createClass(teacher, { grade: 8, name: "8A" }, T0);
  expect((await rejection(restoreClass(teacher, classId, T0 + HOUR))).status).toBe(409);
  await archiveClass(teacher, classId, T0 + HOUR);

  expect((await rejection(restoreClass(other, classId, T0 + 2 * HOUR))).status).toBe(404);
  await restoreClass(teacher, classId, T0 + 2 * HOUR);
  expect((await rejection(restoreClass(teacher, classId, T0 + 3 * HOUR))).status).toBe(409);
  expect((await listTeacherClasses(teacher.id)).map((c) => [c.name, c.archivedAt])).toEqual([["8A", null]]);
  expect(await findClassByCode(joinCode)).toMatchObject({ id: classId, archived: false });
  await joinClass({ code: joinCode, name: "Hờ A Sử", studentId: null }, T0 + 3 * HOUR);
  expect((await classLeaderboard(schoolId, false, T0 + 3 * HOUR)).map((r) => r.name)).toEqual(["8A"]);
  expect(
    db
      .select({ action: auditLog.action, before: auditLog.before })
      .from(auditLog)
      .where(and(eq(auditLog.entity, "class"), eq(auditLog.entityId, String(classId))))
      .all()
      .filter((a) => a.action !== "class.create"),
  ).toEqual([
    { action: "class.archive", before: { archivedAt: null } },
    { action: "class.restore", before: { archivedAt: T0 + HOUR } },
  ]);
});
