import { eq } from "drizzle-orm";
import { describe, expect, test } from "vitest";
import { sessions, units, users } from "#db/schema.ts";
import {
  createConsoleAccount,
  getConsoleAccount,
  listConsoleAccounts,
  listScopeUnits,
  resetConsolePassword,
  setConsoleAccountDisabled,
  updateConsoleAccount,
} from "#app/models/accounts.server.ts";
import { listAudit } from "#app/models/audit.server.ts";
import {
  changeQuestionStatus,
  getQuestionDetail,
  saveQuestion,
  saveQuestions,
  setQuestionReserved,
  type RevisionContent,
} from "#app/models/questions.server.ts";
import { grantAllowance, revokeAllowance } from "#app/models/registration-limits.server.ts";
import { verifyLogin } from "#app/models/users.server.ts";
import { createSession, validateSessionToken } from "#app/utils/auth.server.ts";
import { db } from "#app/utils/db.server.ts";
import { HOUR, rejection, T0 } from "./fixtures.ts";

const province = db.select().from(units).where(eq(units.depth, 0)).get()!;
const [district, otherDistrict] = db.select().from(units).where(eq(units.parentId, province.id)).all();
const admin = db
  .insert(users)
  .values({ name: "Quản trị", role: "admin", unitId: province.id, scopeUnitId: province.id, createdAt: T0 })
  .returning({ id: users.id, role: users.role })
  .get();

describe("console accounts", () => {
  test("an admin creates, moves, promotes, resets and disables an organiser; each change is audited", async () => {
    const { id } = await createConsoleAccount(
      {
        name: "Ban tổ chức huyện",
        phone: "0912555001",
        password: "mat-khau-1",
        role: "organiser",
        scopeUnitId: district!.id,
      },
      admin.id,
      T0,
    );
    expect(await getConsoleAccount(id)).toMatchObject({
      role: "organiser",
      scopeUnitId: district!.id,
      unitName: district!.name,
      disabledAt: null,
      lastChangedAt: T0,
    });
    expect(
      (
        await rejection(
          createConsoleAccount(
            {
              name: "Trùng",
              phone: "0912555001",
              password: "mat-khau-1",
              role: "organiser",
              scopeUnitId: district!.id,
            },
            admin.id,
          ),
        )
      ).status,
    ).toBe(409);
    expect(
      (
        await rejection(
          createConsoleAccount(
            {
              name: "Sai đơn vị",
              phone: "0912555002",
              password: "mat-khau-1",
              role: "organiser",
              scopeUnitId: 999_999,
            },
            admin.id,
          ),
        )
      ).status,
    ).toBe(400);

    await updateConsoleAccount(id, { role: "admin", scopeUnitId: otherDistrict!.id }, admin.id, T0 + 1);
    const session = await createSession(id, T0 + 2);
    await resetConsolePassword(id, "mat-khau-moi", admin.id, T0 + 3);
    expect(await validateSessionToken(session, T0 + 4)).toBeNull();
    expect(await verifyLogin("0912555001", "mat-khau-1")).toBeNull();
    expect(await verifyLogin("0912555001", "mat-khau-moi")).toEqual({ id, disabled: false, pending: false });

    const again = await createSession(id, T0 + 5);
    await setConsoleAccountDisabled(id, true, admin.id, T0 + 6);
    expect(await validateSessionToken(again, T0 + 7)).toBeNull();
    expect(db.select().from(sessions).where(eq(sessions.userId, id)).all()).toHaveLength(0);
    // A session that raced the disabling (created just after it) is refused too.
    expect(await validateSessionToken(await createSession(id, T0 + 7), T0 + 7)).toBeNull();
    expect(await verifyLogin("0912555001", "mat-khau-moi")).toEqual({ id, disabled: true, pending: false });
    await setConsoleAccountDisabled(id, false, admin.id, T0 + 8);
    expect(await verifyLogin("0912555001", "mat-khau-moi")).toEqual({ id, disabled: false, pending: false });

    const log = await listAudit({ entity: "user", entityId: String(id) }, 10);
    expect(log.map((e) => e.action)).toEqual([
      "user.enable",
      "user.disable",
      "user.reset_password",
      "user.update",
      "user.create",
    ]);
    expect(log.every((e) => e.actorId === admin.id)).toBe(true);
    expect(log[3]).toMatchObject({
      before: { role: "organiser", scopeUnitId: district!.id, unit: district!.name },
      after: { role: "admin", scopeUnitId: otherDistrict!.id, unit: otherDistrict!.name },
    });
    expect(JSON.stringify(log)).not.toMatch(/argon2|passwordHash|mat-khau/);
    expect((await listConsoleAccounts()).find((a) => a.id === id)?.lastChangedAt).toBe(T0 + 8);
  });

  test("a disabled account is told so at login (only with the right password) and gets no session", async () => {
    const { action } = await import("#app/routes/dang-nhap.tsx");
    const { id } = await createConsoleAccount(
      {
        name: "Xã",
        phone: "0912555009",
        password: "mat-khau-xa",
        role: "organiser",
        scopeUnitId: district!.id,
      },
      admin.id,
    );
    await setConsoleAccountDisabled(id, true, admin.id);
    const login = async (password: string) => {
      const result = (await action({
        request: new Request("http://localhost/dang-nhap", {
          method: "POST",
          body: new URLSearchParams({ phone: "0912555009", password }),
        }),
        params: {},
        context: { clientIp: "198.51.100.20", cspNonce: "" },
      })) as { init: ResponseInit | null; data: { result: { error: Record<string, string[]> } } };
      return { status: result.init?.status, errors: result.data.result.error[""] };
    };
    expect(await login("sai-mat-khau")).toEqual({
      status: 400,
      errors: ["Số điện thoại hoặc mật khẩu không đúng."],
    });
    expect(await login("mat-khau-xa")).toEqual({
      status: 403,
      errors: ["Tài khoản này đã bị khoá. Hãy liên hệ quản trị viên để được mở lại."],
    });
    expect(db.select().from(sessions).where(eq(sessions.userId, id)).all()).toHaveLength(0);
  });

  test("an admin cannot lock themselves out; residents are not console accounts", async () => {
    expect((await rejection(setConsoleAccountDisabled(admin.id, true, admin.id))).status).toBe(409);
    expect(
      (
        await rejection(
          updateConsoleAccount(admin.id, { role: "organiser", scopeUnitId: province.id }, admin.id),
        )
      ).status,
    ).toBe(409);
    const resident = db
      .insert(users)
      .values({ name: "Người dân", unitId: district!.id, createdAt: T0 })
      .returning({ id: users.id })
      .get();
    expect((await rejection(setConsoleAccountDisabled(resident.id, true, admin.id))).status).toBe(404);
    expect(await getConsoleAccount(resident.id)).toBeUndefined();
  });

  test("the unit list is the tree in order: a province, then each district followed by its communes", async () => {
    const list = await listScopeUnits();
    expect(list[0]).toMatchObject({ id: province.id, depth: 0 });
    const at = list.findIndex((u) => u.id === district!.id);
    expect(list[at + 1]!.depth).toBe(2);
    expect(list).toHaveLength(db.select().from(units).all().length);
  });
});

describe("console changes that existed before the log are audited", () => {
  const content: RevisionContent = {
    type: "single",
    difficulty: 1,
    text: "Khi có người gọi tự xưng công an đòi chuyển tiền, bạn nên làm gì?",
    choices: [
      { text: "Chuyển tiền ngay", correct: false },
      { text: "Gác máy và báo công an xã", correct: true },
    ],
    explanation: "Công an không yêu cầu chuyển tiền qua điện thoại.",
    source: "Bộ luật Hình sự, Điều 174",
    checked: "2026-06-01",
    skill: "nhan-dien-lua-dao",
  };

  test("questions: create, edit, review, publish, unpublish, reserve, and one entry per import", async () => {
    const reviewer = db
      .insert(users)
      .values({ name: "Người duyệt", role: "organiser", scopeUnitId: province.id, createdAt: T0 })
      .returning({ id: users.id, role: users.role })
      .get();
    const { id } = await saveQuestion({ topicId: "lua-dao", content }, admin.id, T0);
    await saveQuestion(
      {
        id,
        topicId: "lua-dao",
        content: { ...content, source: "Bộ luật Hình sự, Điều 174; Quyết định 757/QĐ-BKHCN" },
      },
      admin.id,
      T0 + 1,
    );
    await changeQuestionStatus(id, "review", reviewer, T0 + 2);
    await changeQuestionStatus(id, "publish", admin, T0 + 3);
    await changeQuestionStatus(id, "unpublish", admin, T0 + 4);
    await setQuestionReserved(id, true, admin.id, T0 + 5);
    const log = await listAudit({ entity: "question", entityId: id }, 10);
    expect(log.map((e) => e.action)).toEqual([
      "question.reserve",
      "question.unpublish",
      "question.publish",
      "question.review",
      "question.edit",
      "question.create",
    ]);
    expect(log[3]).toMatchObject({
      actorId: reviewer.id,
      before: { status: "draft" },
      after: { status: "reviewed" },
    });
    expect(log[0]).toMatchObject({ before: { reserved: false }, after: { reserved: true } });

    const detail = (await getQuestionDetail(id))!;
    const report = await saveQuestions(
      [
        { topicId: "lua-dao", content },
        { id, topicId: detail.topicId, content: { ...content, source: "Quyết định 757/QĐ-BKHCN" } },
      ],
      admin.id,
      T0 + HOUR,
      "cau-hoi-thang-6.xlsx",
    );
    const imports = await listAudit({ action: "question.import" }, 10);
    expect(imports).toHaveLength(1);
    expect(imports[0]).toMatchObject({
      actorId: admin.id,
      entityId: "cau-hoi-thang-6.xlsx",
      after: { file: "cau-hoi-thang-6.xlsx", ...report },
    });
    expect(report).toEqual({ created: 1, updated: 1, unchanged: 0 });
    expect(await listAudit({ action: "question.edit", from: T0 + HOUR }, 10)).toHaveLength(0);
  });

  test("registration allowances: grant and revoke", async () => {
    const { id } = await grantAllowance({
      address: "203.0.113.0/24",
      perHour: 80,
      reason: "Nhà văn hoá xã",
      days: 1,
      grantedBy: admin.id,
      now: T0,
    });
    await revokeAllowance(id, { id: admin.id, role: "admin", scopeUnitId: null }, T0 + 1);
    const log = await listAudit({ entity: "allowance", entityId: String(id) }, 10);
    expect(log.map((e) => e.action)).toEqual(["allowance.revoke", "allowance.grant"]);
    expect(log[1]!.after).toMatchObject({ address: "203.0.113.0/24", perHour: 80, reason: "Nhà văn hoá xã" });
    expect(log[0]).toMatchObject({ before: { revoked: false }, after: { revoked: true } });
  });
});
