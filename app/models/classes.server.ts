// Schools, teachers, classes and their students. A student is a `users` row with role "student": a display
// name only (no phone, birth year or password), signed in with the ordinary session cookie.
import { createHash, randomInt } from "node:crypto";
import { and, asc, count, eq, inArray, isNotNull, isNull, like, sql } from "drizzle-orm";
import {
  attempts,
  certificates,
  classes,
  classMembers,
  schools,
  sessions,
  units,
  users,
} from "#db/schema.ts";
import { JOIN_CODE_LENGTH, normalizeCode, randomCode, REJOIN_CODE_LENGTH } from "#app/domain/class-codes.ts";
import { hasOffensiveWord } from "#app/domain/offensive-words.ts";
import { requireRole } from "#app/utils/auth.server.ts";
import { db, transaction, type Db } from "#app/utils/db.server.ts";
import { UserError } from "#app/utils/errors.ts";
import { orUserErrorResponse } from "#app/utils/http.server.ts";
import { hitWindow } from "#app/utils/rate-limit.server.ts";
import { recordAudit } from "./audit.server.ts";
import { moveProgress } from "./progress.server.ts";
import { rebuildRoundFor } from "./results.server.ts";
import { assertCanManageUnit, scopePath, type ConsoleUser } from "./scope.server.ts";
import { hashPassword } from "./users.server.ts";

/** Wrong rejoin codes one address may try per quarter hour: 25^6 codes make guessing hopeless at this pace. */
export const REJOIN_TRIES_PER_WINDOW = 10;
const REJOIN_WINDOW_MS = 15 * 60_000;

export type Teacher = { id: number; schoolId: number; unitId: number };

const offensiveRefusal = "Tên này có từ ngữ không phù hợp. Hãy chọn tên khác.";

/** Refuses a display name with an offensive word (names are checked for form by `domain/names` first). */
export function assertDecentName(name: string): void {
  if (hasOffensiveWord(name)) throw new UserError(400, offensiveRefusal);
}

// ---- Schools and teachers (console) ----

export type SchoolRow = { id: number; name: string; unitId: number; unitName: string };

/** Schools in the organiser's unit and below (every school for an admin). */
export async function listSchoolsInScope(user: ConsoleUser): Promise<SchoolRow[]> {
  const scope = await scopePath(user);
  return db
    .select({ id: schools.id, name: schools.name, unitId: schools.unitId, unitName: units.name })
    .from(schools)
    .innerJoin(units, eq(units.id, schools.unitId))
    .where(scope === null ? undefined : like(units.path, `${scope}%`))
    .orderBy(asc(units.name), asc(schools.name))
    .all();
}

/** The communes and wards (leaf units) in the organiser's scope, where they may add schools. */
export async function communesInScope(user: ConsoleUser): Promise<{ id: number; name: string }[]> {
  const scope = await scopePath(user);
  return db
    .select({ id: units.id, name: units.name })
    .from(units)
    .where(and(eq(units.isLeaf, true), scope === null ? undefined : like(units.path, `${scope}%`)))
    .orderBy(asc(units.name))
    .all();
}

/** Every school, for the teacher sign-up form. */
export async function listAllSchools(): Promise<SchoolRow[]> {
  return db
    .select({ id: schools.id, name: schools.name, unitId: schools.unitId, unitName: units.name })
    .from(schools)
    .innerJoin(units, eq(units.id, schools.unitId))
    .orderBy(asc(units.name), asc(schools.name))
    .all();
}

export async function createSchool(
  actor: ConsoleUser,
  input: { name: string; unitId: number },
  now = Date.now(),
): Promise<{ id: number }> {
  await assertCanManageUnit(actor, input.unitId);
  return transaction((tx) => {
    const unit = tx.select({ isLeaf: units.isLeaf }).from(units).where(eq(units.id, input.unitId)).get();
    if (!unit?.isLeaf) throw new UserError(400, "Hãy chọn xã, phường hoặc thị trấn của trường.");
    const taken = tx
      .select({ id: schools.id })
      .from(schools)
      .where(and(eq(schools.unitId, input.unitId), eq(schools.name, input.name)))
      .get();
    if (taken) throw new UserError(409, "Xã này đã có trường mang tên đó.");
    const { id } = tx
      .insert(schools)
      .values({ name: input.name, unitId: input.unitId, createdAt: now })
      .returning({ id: schools.id })
      .get();
    recordAudit(tx, {
      actorId: actor.id,
      action: "school.create",
      entity: "school",
      entityId: id,
      unitId: input.unitId,
      after: input,
      at: now,
    });
    return { id };
  });
}

function schoolUnit(tx: Db, schoolId: number): number {
  const school = tx.select({ unitId: schools.unitId }).from(schools).where(eq(schools.id, schoolId)).get();
  if (!school) throw new UserError(404, "Không tìm thấy trường.");
  return school.unitId;
}

function assertPhoneFree(tx: Db, phone: string) {
  if (tx.select({ id: users.id }).from(users).where(eq(users.phone, phone)).get())
    throw new UserError(409, "Số điện thoại này đã có tài khoản.");
}

type TeacherInput = { name: string; phone: string; password: string; schoolId: number };

/**
 * A teacher account of the school's unit, audited. `organiser` null: the teacher signed up themselves, agreeing
 * to the terms on the form, and the account waits (no login) for an organiser's approval.
 */
function insertTeacher(
  tx: Db,
  input: TeacherInput,
  unitId: number,
  passwordHash: string,
  organiser: ConsoleUser | null,
  now: number,
): number {
  assertPhoneFree(tx, input.phone);
  const { id } = tx
    .insert(users)
    .values({
      name: input.name,
      phone: input.phone,
      role: "teacher",
      unitId,
      schoolId: input.schoolId,
      passwordHash,
      ...(organiser ? {} : { pendingSince: now, consentedAt: now }),
      createdAt: now,
    })
    .returning({ id: users.id })
    .get();
  recordAudit(tx, {
    actorId: organiser?.id ?? id,
    action: organiser ? "teacher.create" : "teacher.signup",
    entity: "user",
    entityId: id,
    unitId,
    after: { name: input.name, phone: input.phone, schoolId: input.schoolId },
    at: now,
  });
  return id;
}

/** A teacher account an organiser creates for a school in their unit: it can log in at once. */
export async function createTeacher(actor: ConsoleUser, input: TeacherInput, now = Date.now()) {
  const unitId = schoolUnit(db, input.schoolId);
  await assertCanManageUnit(actor, unitId);
  const passwordHash = await hashPassword(input.password);
  return transaction((tx) => ({ id: insertTeacher(tx, input, unitId, passwordHash, actor, now) }));
}

/** A teacher who signs up themselves: the account waits (no login) until an organiser of the school's unit approves it. */
export async function registerTeacher(input: TeacherInput, now = Date.now()): Promise<{ id: number }> {
  const passwordHash = await hashPassword(input.password);
  return transaction((tx) => ({
    id: insertTeacher(tx, input, schoolUnit(tx, input.schoolId), passwordHash, null, now),
  }));
}

export type TeacherRow = {
  id: number;
  name: string;
  phone: string | null;
  schoolName: string;
  unitName: string;
  pendingSince: number | null;
  disabledAt: number | null;
};

/** Teachers of the schools in the organiser's scope, those waiting for approval first. */
export async function listTeachersInScope(user: ConsoleUser): Promise<TeacherRow[]> {
  const scope = await scopePath(user);
  return db
    .select({
      id: users.id,
      name: users.name,
      phone: users.phone,
      schoolName: schools.name,
      unitName: units.name,
      pendingSince: users.pendingSince,
      disabledAt: users.disabledAt,
    })
    .from(users)
    .innerJoin(schools, eq(schools.id, users.schoolId))
    .innerJoin(units, eq(units.id, schools.unitId))
    .where(and(eq(users.role, "teacher"), scope === null ? undefined : like(units.path, `${scope}%`)))
    .orderBy(sql`${users.pendingSince} IS NULL`, asc(users.name))
    .all();
}

/**
 * Approves a waiting teacher, or refuses them (the account stays, disabled, so the decision is kept). Scoped by
 * the school's unit, as the list is; the update only applies while the account still waits, so when two
 * organisers decide at once the first decision stands and the second is told so.
 */
export async function decideTeacher(
  actor: ConsoleUser,
  teacherId: number,
  approve: boolean,
  now = Date.now(),
): Promise<void> {
  const teacher = db
    .select({ unitId: schools.unitId })
    .from(users)
    .innerJoin(schools, eq(schools.id, users.schoolId))
    .where(and(eq(users.id, teacherId), eq(users.role, "teacher")))
    .get();
  if (!teacher) throw new UserError(404, "Không tìm thấy giáo viên.");
  await assertCanManageUnit(actor, teacher.unitId);
  transaction((tx) => {
    const before = tx
      .select({ pendingSince: users.pendingSince })
      .from(users)
      .where(eq(users.id, teacherId))
      .get()!;
    const decided = tx
      .update(users)
      .set(approve ? { pendingSince: null } : { pendingSince: null, disabledAt: now })
      .where(and(eq(users.id, teacherId), isNotNull(users.pendingSince)))
      .run();
    if (decided.changes === 0)
      throw new UserError(409, "Tài khoản này không còn chờ duyệt: đã có người duyệt hoặc từ chối trước.");
    recordAudit(tx, {
      actorId: actor.id,
      action: approve ? "teacher.approve" : "teacher.refuse",
      entity: "user",
      entityId: teacherId,
      unitId: teacher.unitId,
      before,
      after: approve ? { pendingSince: null } : { disabledAt: now },
      at: now,
    });
  });
}

/** The signed-in teacher's school, or a 403 for a teacher without one (an old account). */
export async function requireTeacherSchool(userId: number): Promise<Teacher> {
  const row = db
    .select({ schoolId: users.schoolId, unitId: schools.unitId })
    .from(users)
    .innerJoin(schools, eq(schools.id, users.schoolId))
    .where(and(eq(users.id, userId), eq(users.role, "teacher")))
    .get();
  if (!row)
    throw new UserError(403, "Tài khoản giáo viên này chưa gắn với trường nào. Hãy liên hệ ban tổ chức.");
  return { id: userId, schoolId: row.schoolId!, unitId: row.unitId };
}

/** The signed-in teacher with their school, for every page under /giao-vien (403 for anyone else). */
export async function requireTeacher(request: Request): Promise<Teacher> {
  const user = await requireRole(request, ["teacher"]);
  return orUserErrorResponse(requireTeacherSchool(user.id));
}

// ---- Classes ----

export type ClassRow = {
  id: number;
  grade: number;
  name: string;
  joinCode: string;
  members: number;
  archivedAt: number | null;
};

const activeMembers = db
  .select({ classId: classMembers.classId, n: count().as("n") })
  .from(classMembers)
  .where(isNull(classMembers.removedAt))
  .groupBy(classMembers.classId)
  .as("active_members");

export async function listTeacherClasses(teacherId: number): Promise<ClassRow[]> {
  return db
    .select({
      id: classes.id,
      grade: classes.grade,
      name: classes.name,
      joinCode: classes.joinCode,
      members: sql<number>`coalesce(${activeMembers.n}, 0)`,
      archivedAt: classes.archivedAt,
    })
    .from(classes)
    .leftJoin(activeMembers, eq(activeMembers.classId, classes.id))
    .where(eq(classes.teacherId, teacherId))
    .orderBy(sql`${classes.archivedAt} IS NOT NULL`, asc(classes.grade), asc(classes.name))
    .all();
}

export async function createClass(
  teacher: Teacher,
  input: { grade: number; name: string },
  now = Date.now(),
): Promise<{ id: number; joinCode: string }> {
  return transaction((tx) => {
    // 25^6 codes: a clash is rare, and the unique index makes it safe; try again with another code.
    for (let i = 0; ; i++) {
      const joinCode = randomCode(JOIN_CODE_LENGTH, randomInt);
      if (tx.select({ id: classes.id }).from(classes).where(eq(classes.joinCode, joinCode)).get()) {
        if (i > 20) throw new Error("No free class code");
        continue;
      }
      const { id } = tx
        .insert(classes)
        .values({ ...input, schoolId: teacher.schoolId, joinCode, teacherId: teacher.id, createdAt: now })
        .returning({ id: classes.id })
        .get();
      recordAudit(tx, {
        actorId: teacher.id,
        action: "class.create",
        entity: "class",
        entityId: id,
        unitId: teacher.unitId,
        after: { ...input, joinCode },
        at: now,
      });
      return { id, joinCode };
    }
  });
}

export type TeacherClass = ClassRow & { schoolName: string };

/** The teacher's own class, or a 404 (another teacher's class is not found, rather than forbidden). */
export async function getTeacherClass(teacherId: number, classId: number): Promise<TeacherClass> {
  const row = db
    .select({
      id: classes.id,
      grade: classes.grade,
      name: classes.name,
      joinCode: classes.joinCode,
      archivedAt: classes.archivedAt,
      schoolName: schools.name,
    })
    .from(classes)
    .innerJoin(schools, eq(schools.id, classes.schoolId))
    .where(and(eq(classes.id, classId), eq(classes.teacherId, teacherId)))
    .get();
  if (!row) throw new UserError(404, "Không tìm thấy lớp.");
  const members = db
    .select({ n: count() })
    .from(classMembers)
    .where(and(eq(classMembers.classId, classId), isNull(classMembers.removedAt)))
    .get()!.n;
  return { ...row, members };
}

/**
 * Archives the teacher's class at the end of its year: it leaves their active classes and the class and school
 * boards, and its code takes no new student; its students (who may still rejoin), attempts and reports stay.
 */
export const archiveClass = (teacher: Teacher, classId: number, now = Date.now()) =>
  setClassArchived(teacher, classId, true, now);

/** Undoes an archiving (a class archived by mistake, or kept another year): the class is open again as before. */
export const restoreClass = (teacher: Teacher, classId: number, now = Date.now()) =>
  setClassArchived(teacher, classId, false, now);

async function setClassArchived(
  teacher: Teacher,
  classId: number,
  archived: boolean,
  now: number,
): Promise<void> {
  await getTeacherClass(teacher.id, classId);
  transaction((tx) => {
    const before = tx
      .select({ archivedAt: classes.archivedAt })
      .from(classes)
      .where(eq(classes.id, classId))
      .get();
    // Only from the other state: a double tap or two tabs is refused and audited once.
    const { changes } = tx
      .update(classes)
      .set({ archivedAt: archived ? now : null })
      .where(
        and(eq(classes.id, classId), archived ? isNull(classes.archivedAt) : isNotNull(classes.archivedAt)),
      )
      .run();
    if (!changes)
      throw new UserError(
        409,
        archived ? "Lớp này đã được lưu trữ." : "Lớp này đang mở, không cần khôi phục.",
      );
    recordAudit(tx, {
      actorId: teacher.id,
      action: archived ? "class.archive" : "class.restore",
      entity: "class",
      entityId: classId,
      unitId: teacher.unitId,
      before,
      after: { archivedAt: archived ? now : null },
      at: now,
    });
  });
}

export type RosterRow = { userId: number; name: string; joinedAt: number; hasRejoinCode: boolean };

export async function listRoster(classId: number): Promise<RosterRow[]> {
  return db
    .select({
      userId: users.id,
      name: users.name,
      joinedAt: classMembers.joinedAt,
      hasRejoinCode: sql<boolean>`${classMembers.rejoinHash} IS NOT NULL`.mapWith(Boolean),
    })
    .from(classMembers)
    .innerJoin(users, eq(users.id, classMembers.userId))
    .where(and(eq(classMembers.classId, classId), isNull(classMembers.removedAt)))
    .orderBy(asc(users.name), asc(users.id))
    .all();
}

// ---- Students joining and rejoining ----

export type JoinableClass = {
  id: number;
  name: string;
  grade: number;
  schoolName: string;
  joinCode: string;
  archived: boolean;
};

/** The class with this code, archived or not, or null (an unknown or malformed code). */
export async function findClassByCode(code: string): Promise<JoinableClass | null> {
  const joinCode = normalizeCode(code, JOIN_CODE_LENGTH);
  if (!joinCode) return null;
  return (
    db
      .select({
        id: classes.id,
        name: classes.name,
        grade: classes.grade,
        schoolName: schools.name,
        joinCode: classes.joinCode,
        archived: sql<boolean>`${classes.archivedAt} IS NOT NULL`.mapWith(Boolean),
      })
      .from(classes)
      .innerJoin(schools, eq(schools.id, classes.schoolId))
      .where(eq(classes.joinCode, joinCode))
      .get() ?? null
  );
}

const unknownCode = "Không tìm thấy lớp có mã này. Hãy kiểm tra lại mã thầy cô cho.";

/** Why an archived class takes no new student, shown on the class page as soon as its code is opened. */
export const archivedClassRefusal = (name: string) =>
  `Lớp ${name} đã được thầy cô lưu trữ nên không nhận thêm học sinh. Hãy hỏi thầy cô mã của lớp mới.`;

/**
 * A student joins a class with its code and a display name (already checked by `domain/names`). A signed-in
 * student joins with their own account (a second class); anyone else gets a new student account.
 */
export async function joinClass(
  input: { code: string; name: string; studentId: number | null },
  now = Date.now(),
): Promise<{ userId: number; classId: number }> {
  const found = await findClassByCode(input.code);
  if (!found) throw new UserError(404, unknownCode);
  if (found.archived) throw new UserError(409, archivedClassRefusal(found.name));
  if (input.studentId === null) assertDecentName(input.name);
  return transaction((tx) => {
    const userId =
      input.studentId ??
      tx
        .insert(users)
        .values({ name: input.name, role: "student", createdAt: now })
        .returning({ id: users.id })
        .get().id;
    tx.insert(classMembers)
      .values({ classId: found.id, userId, joinedAt: now })
      .onConflictDoUpdate({
        target: [classMembers.classId, classMembers.userId],
        set: { removedAt: null },
      })
      .run();
    return { userId, classId: found.id };
  });
}

const rejoinHash = (classId: number, code: string) =>
  createHash("sha256").update(`${classId}:${code}`).digest("hex");

/**
 * A student on another device: class code + personal rejoin code. Every try from an address counts against its
 * limit (right or wrong), so the codes cannot be guessed from one place.
 */
export async function rejoinClass(
  input: { code: string; rejoinCode: string; address: string },
  now = Date.now(),
): Promise<{ userId: number }> {
  const limit = hitWindow(`rejoin:${input.address}`, REJOIN_TRIES_PER_WINDOW, REJOIN_WINDOW_MS, now);
  if (!limit.allowed)
    throw new UserError(
      429,
      `Bạn đã thử quá nhiều lần. Hãy đợi khoảng ${Math.ceil(limit.retryAfterMs / 60_000)} phút rồi thử lại.`,
    );
  // An archived class's students still rejoin (to see their results): archiving only stops new joins.
  const found = await findClassByCode(input.code);
  const code = normalizeCode(input.rejoinCode, REJOIN_CODE_LENGTH);
  const member =
    found &&
    code &&
    db
      .select({ userId: classMembers.userId })
      .from(classMembers)
      .innerJoin(users, eq(users.id, classMembers.userId))
      .where(
        and(
          eq(classMembers.classId, found.id),
          eq(classMembers.rejoinHash, rejoinHash(found.id, code)),
          isNull(classMembers.removedAt),
          isNull(users.disabledAt),
        ),
      )
      .get();
  if (!member) throw new UserError(400, "Mã lớp hoặc mã vào lại không đúng. Hãy hỏi lại thầy cô.");
  return { userId: member.userId };
}

function assertMember(tx: Db, classId: number, userId: number) {
  const row = tx
    .select({ userId: classMembers.userId })
    .from(classMembers)
    .where(
      and(eq(classMembers.classId, classId), eq(classMembers.userId, userId), isNull(classMembers.removedAt)),
    )
    .get();
  if (!row) throw new UserError(404, "Không tìm thấy học sinh trong lớp này.");
}

/**
 * New personal rejoin codes for students of the teacher's class (all of them when `userIds` is null), shown
 * once: only their hashes are kept, and a new code replaces the old one.
 */
export async function issueRejoinCodes(
  teacher: Teacher,
  classId: number,
  userIds: number[] | null,
  now = Date.now(),
): Promise<{ userId: number; name: string; code: string }[]> {
  await getTeacherClass(teacher.id, classId);
  const roster = await listRoster(classId);
  const chosen = userIds === null ? roster : roster.filter((r) => userIds.includes(r.userId));
  if (userIds !== null && chosen.length !== userIds.length)
    throw new UserError(404, "Không tìm thấy học sinh trong lớp này.");
  return transaction((tx) => {
    const issued = chosen.map((student) => {
      const code = randomCode(REJOIN_CODE_LENGTH, randomInt);
      tx.update(classMembers)
        .set({ rejoinHash: rejoinHash(classId, code) })
        .where(and(eq(classMembers.classId, classId), eq(classMembers.userId, student.userId)))
        .run();
      return { userId: student.userId, name: student.name, code };
    });
    recordAudit(tx, {
      actorId: teacher.id,
      action: "class.rejoin_codes",
      entity: "class",
      entityId: classId,
      unitId: teacher.unitId,
      after: { students: issued.map((s) => s.userId) },
      at: now,
    });
    return issued;
  });
}

// ---- Roster management ----

export async function renameStudent(
  teacher: Teacher,
  classId: number,
  userId: number,
  name: string,
  now = Date.now(),
): Promise<void> {
  await getTeacherClass(teacher.id, classId);
  assertDecentName(name);
  transaction((tx) => {
    assertMember(tx, classId, userId);
    const before = tx.select({ name: users.name }).from(users).where(eq(users.id, userId)).get()!;
    tx.update(users).set({ name }).where(eq(users.id, userId)).run();
    recordAudit(tx, {
      actorId: teacher.id,
      action: "student.rename",
      entity: "user",
      entityId: userId,
      unitId: teacher.unitId,
      before,
      after: { name },
      at: now,
    });
  });
}

/** Takes a student off the roster; their attempts stay (a removed student no longer counts in class size). */
export async function removeStudent(
  teacher: Teacher,
  classId: number,
  userId: number,
  now = Date.now(),
): Promise<void> {
  await getTeacherClass(teacher.id, classId);
  transaction((tx) => {
    assertMember(tx, classId, userId);
    tx.update(classMembers)
      .set({ removedAt: now, rejoinHash: null })
      .where(and(eq(classMembers.classId, classId), eq(classMembers.userId, userId)))
      .run();
    recordAudit(tx, {
      actorId: teacher.id,
      action: "student.remove",
      entity: "class",
      entityId: classId,
      unitId: teacher.unitId,
      before: { userId },
      at: now,
    });
  });
}

/**
 * Merges a duplicate (a student who joined twice) into the kept student: the duplicate's attempts, with their
 * answers and certificates, move to the kept student, and so do its XP, active days and badges; boards are
 * rebuilt for both and a closed round's winners recomputed; the duplicate account is closed.
 */
export async function mergeStudents(
  teacher: Teacher,
  classId: number,
  keepId: number,
  dropId: number,
  now = Date.now(),
): Promise<{ movedAttempts: number }> {
  if (keepId === dropId) throw new UserError(400, "Hãy chọn hai học sinh khác nhau.");
  await getTeacherClass(teacher.id, classId);
  return transaction((tx) => {
    assertMember(tx, classId, keepId);
    assertMember(tx, classId, dropId);
    const student = (id: number) =>
      tx.select({ name: users.name, role: users.role }).from(users).where(eq(users.id, id)).get()!;
    const keep = student(keepId);
    const drop = student(dropId);
    // Only student accounts are merged: a teacher cannot reach a resident's attempts through a class.
    if (keep.role !== "student" || drop.role !== "student")
      throw new UserError(400, "Chỉ gộp được tài khoản học sinh.");
    const moved = tx
      .select({ id: attempts.id, roundId: attempts.roundId })
      .from(attempts)
      .where(eq(attempts.userId, dropId))
      .all();
    tx.update(attempts).set({ userId: keepId }).where(eq(attempts.userId, dropId)).run();
    const movedCertificates = tx
      .update(certificates)
      .set({ userId: keepId })
      .where(eq(certificates.userId, dropId))
      .run().changes;
    const movedProgress = moveProgress(tx, dropId, keepId, now);
    // Both students' entries on the rounds the attempts came from, and a closed round's results (its winners
    // and their prize badge) with them.
    for (const roundId of new Set(moved.map((a) => a.roundId)))
      rebuildRoundFor(tx, roundId, [dropId, keepId], now);
    // The duplicate joined other classes too: the kept student takes its places.
    const otherClasses = tx
      .select({ classId: classMembers.classId, joinedAt: classMembers.joinedAt })
      .from(classMembers)
      .where(and(eq(classMembers.userId, dropId), isNull(classMembers.removedAt)))
      .all();
    for (const place of otherClasses)
      tx.insert(classMembers)
        .values({ classId: place.classId, userId: keepId, joinedAt: place.joinedAt })
        .onConflictDoUpdate({ target: [classMembers.classId, classMembers.userId], set: { removedAt: null } })
        .run();
    tx.update(classMembers)
      .set({ removedAt: now, rejoinHash: null })
      .where(eq(classMembers.userId, dropId))
      .run();
    tx.update(users).set({ disabledAt: now }).where(eq(users.id, dropId)).run();
    tx.delete(sessions).where(eq(sessions.userId, dropId)).run();
    recordAudit(tx, {
      actorId: teacher.id,
      action: "student.merge",
      entity: "user",
      entityId: keepId,
      unitId: teacher.unitId,
      before: { kept: keep.name, dropped: { id: dropId, name: drop.name } },
      after: { movedAttempts: moved.map((a) => a.id), movedCertificates, movedProgress },
      at: now,
    });
    return { movedAttempts: moved.length };
  });
}

/** The classes a student belongs to now. */
export async function studentClassIds(userId: number): Promise<number[]> {
  return db
    .select({ classId: classMembers.classId })
    .from(classMembers)
    .where(and(eq(classMembers.userId, userId), isNull(classMembers.removedAt)))
    .all()
    .map((r) => r.classId);
}

/** Class ids of `classIds` that the teacher owns and has not archived (for assigning homework). */
export function ownOpenClasses(tx: Db, teacherId: number, classIds: number[]): number[] {
  if (!classIds.length) return [];
  return tx
    .select({ id: classes.id })
    .from(classes)
    .where(and(inArray(classes.id, classIds), eq(classes.teacherId, teacherId), isNull(classes.archivedAt)))
    .all()
    .map((r) => r.id);
}
