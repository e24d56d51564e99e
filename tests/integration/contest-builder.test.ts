import { eq } from "drizzle-orm";
import sharp from "sharp";
import { describe, expect, test } from "vitest";
import { attempts, auditLog, boardEntries, units, users } from "#db/schema.ts";
import { vietnamParts, type ContestInput } from "#app/domain/contest-plan.ts";
import { seededRng } from "#app/domain/draw.ts";
import { startAttempt } from "#app/models/attempts.server.ts";
import {
  changeContestStatus,
  cloneContest,
  ContestFormError,
  createContestDraft,
  drawSampleAttempt,
  getManageableContest,
  getPublicContest,
  getPublishedContest,
  listActiveContests,
  listManageableContests,
  publishedByTopic,
  updateContest,
} from "#app/models/contests.server.ts";
import { commitSessionCookie, createSession } from "#app/utils/auth.server.ts";
import { editFormValues } from "#app/utils/contest-form.server.ts";
import { db } from "#app/utils/db.server.ts";
import { createResident, HOUR, rejection, T0, testRules } from "./fixtures.ts";

const DAY = 24 * HOUR;
const province = db.select().from(units).where(eq(units.depth, 0)).get()!;
const [district, otherDistrict] = db.select().from(units).where(eq(units.parentId, province.id)).all();

function consoleUser(role: "organiser" | "admin", scopeUnitId: number | null) {
  const { id } = db
    .insert(users)
    .values({ name: role === "admin" ? "Quản trị tỉnh" : "Ban tổ chức", role, scopeUnitId, createdAt: T0 })
    .returning({ id: users.id })
    .get();
  return { id, role, scopeUnitId };
}

const organiser = consoleUser("organiser", district!.id);
const stranger = consoleUser("organiser", otherDistrict!.id);
const admin = consoleUser("admin", null);

const input = (overrides: Partial<ContestInput> = {}): ContestInput => ({
  title: "Cuộc thi Chuyển đổi số huyện",
  summary: "Mỗi tuần một vòng, thi trên điện thoại.",
  rulesText: "## Giải thưởng\n\n- 1 giải Nhất",
  scopeUnitId: district!.id,
  rules: testRules,
  rounds: [
    { opensAt: T0, closesAt: T0 + 6 * DAY },
    { opensAt: T0 + 7 * DAY, closesAt: T0 + 13 * DAY },
  ],
  ...overrides,
});

const auditOf = (contestId: number) =>
  db
    .select()
    .from(auditLog)
    .where(eq(auditLog.entityId, String(contestId)))
    .orderBy(auditLog.id)
    .all();

async function fieldErrors(work: Promise<unknown>) {
  const error = await rejection(work);
  expect(error).toBeInstanceOf(ContestFormError);
  return (error as ContestFormError).fieldErrors;
}

describe("contest builder", () => {
  test("an organiser creates a draft in their district: unique slug from the title, audited, not public", async () => {
    const first = await createContestDraft(organiser, input(), T0);
    const second = await createContestDraft(organiser, input(), T0);
    expect(first.slug).toBe("cuoc-thi-chuyen-doi-so-huyen");
    expect(second.slug).toBe("cuoc-thi-chuyen-doi-so-huyen-2");
    const contest = await getManageableContest(organiser, first.id);
    expect(contest).toMatchObject({
      status: "draft",
      rulesText: input().rulesText,
      scopeUnitId: district!.id,
    });
    expect(contest.rounds.map((r) => [r.number, r.opensAt, r.attempts])).toEqual([
      [1, T0, 0],
      [2, T0 + 7 * DAY, 0],
    ]);
    expect(await getPublicContest(first.slug)).toBeUndefined();
    expect((await listActiveContests(T0)).map((c) => c.id)).not.toContain(first.id);
    const [created] = auditOf(first.id);
    expect(created).toMatchObject({ action: "contest.create", actorId: organiser.id, unitId: district!.id });
    expect(created!.after).toMatchObject({ title: input().title, status: "draft" });
  });

  test("draft → published → archived: listed on the home page only while published, each step audited", async () => {
    const { id, slug } = await createContestDraft(organiser, input(), T0);
    await changeContestStatus(organiser, id, "publish", T0);
    expect((await listActiveContests(T0)).map((c) => c.id)).toContain(id);
    expect((await rejection(changeContestStatus(organiser, id, "publish", T0))).status).toBe(409);
    await changeContestStatus(organiser, id, "archive", T0 + 1);
    expect((await listActiveContests(T0)).map((c) => c.id)).not.toContain(id);
    // The archived contest's page stays readable, but nobody can start it.
    expect((await getPublicContest(slug))?.status).toBe("archived");
    expect(await getPublishedContest(slug)).toBeUndefined();
    expect(auditOf(id).map((a) => [a.action, a.before, a.after])).toEqual([
      ["contest.create", null, expect.anything()],
      ["contest.publish", { status: "draft" }, { status: "published" }],
      ["contest.archive", { status: "published" }, { status: "archived" }],
    ]);
  });

  test("an organiser of another district is refused every change with a 403, and does not see the contest", async () => {
    const { id } = await createContestDraft(organiser, input(), T0);
    for (const work of [
      getManageableContest(stranger, id),
      updateContest(stranger, id, input({ scopeUnitId: otherDistrict!.id }), T0),
      changeContestStatus(stranger, id, "publish", T0),
      cloneContest(stranger, id, T0),
      createContestDraft(stranger, input(), T0),
    ])
      expect((await rejection(work)).status).toBe(403);
    // Nor may an organiser open a contest to everyone or move theirs out of their district.
    expect((await rejection(createContestDraft(organiser, input({ scopeUnitId: null }), T0))).status).toBe(
      403,
    );
    expect(
      (await rejection(updateContest(organiser, id, input({ scopeUnitId: province.id }), T0))).status,
    ).toBe(403);
    expect((await listManageableContests(stranger, T0)).map((c) => c.id)).not.toContain(id);
    expect((await listManageableContests(organiser, T0)).map((c) => c.id)).toContain(id);
    expect((await listManageableContests(admin, T0)).map((c) => c.id)).toContain(id);
    expect(await createContestDraft(admin, input({ scopeUnitId: null }), T0)).toMatchObject({
      id: expect.any(Number),
    });
  });

  test("a topic mix the bank cannot fill is refused on the topic mix, with the count the bank has", async () => {
    const bank = await publishedByTopic(T0);
    const available = bank.get("lua-dao")!;
    const errors = await fieldErrors(
      createContestDraft(
        organiser,
        input({
          rules: {
            ...testRules,
            questionsPerAttempt: available + 1,
            topicMix: [{ topicId: "lua-dao", count: available + 1 }],
          },
        }),
        T0,
      ),
    );
    expect(errors.topicMix).toEqual([
      `Chủ đề “lua-dao” chỉ có ${available} câu đã xuất bản, không đủ ${available + 1} câu mỗi lượt.`,
    ]);
  });

  test("overlapping rounds are refused on the round concerned", async () => {
    const errors = await fieldErrors(
      createContestDraft(
        organiser,
        input({
          rounds: [
            { opensAt: T0, closesAt: T0 + 6 * DAY },
            { opensAt: T0 + 5 * DAY, closesAt: T0 + 13 * DAY },
          ],
        }),
        T0,
      ),
    );
    expect(errors).toEqual({ "rounds[1]": ["Vòng 2 phải mở sau khi vòng 1 đóng."] });
  });

  test("edits are audited with before and after; later rounds can be added and removed", async () => {
    const { id } = await createContestDraft(organiser, input(), T0);
    const third = { opensAt: T0 + 14 * DAY, closesAt: T0 + 20 * DAY };
    await updateContest(
      organiser,
      id,
      input({ title: "Tên mới của cuộc thi", rounds: [...input().rounds, third] }),
      T0 + 1,
    );
    let contest = await getManageableContest(organiser, id);
    expect(contest.title).toBe("Tên mới của cuộc thi");
    expect(contest.rounds).toHaveLength(3);
    await updateContest(organiser, id, input({ title: "Tên mới của cuộc thi" }), T0 + 2);
    contest = await getManageableContest(organiser, id);
    expect(contest.rounds).toHaveLength(2);
    const update = auditOf(id).find((a) => a.action === "contest.update")!;
    expect(update.before).toMatchObject({ title: input().title });
    expect(update.after).toMatchObject({ title: "Tên mới của cuộc thi" });
  });

  test("once round 1 has attempts, its scoring rules and times are refused in the model; the rest stays editable", async () => {
    const resident = createResident(0);
    const residentDistrict = db
      .select({ parentId: units.parentId })
      .from(units)
      .where(eq(units.id, resident.unitId))
      .get()!;
    const scoped = input({ scopeUnitId: residentDistrict.parentId });
    const { id } = await createContestDraft(admin, scoped, T0);
    await changeContestStatus(admin, id, "publish", T0);
    const contest = await getManageableContest(admin, id);
    await startAttempt(resident.userId, contest.rounds[0]!.id, T0 + HOUR);

    const errors = await fieldErrors(
      updateContest(
        admin,
        id,
        {
          ...scoped,
          rules: { ...testRules, timeLimitSeconds: 300, graceSeconds: 0 },
          rounds: [{ opensAt: T0, closesAt: T0 + 5 * DAY }, scoped.rounds[1]!],
        },
        T0 + 2 * HOUR,
      ),
    );
    expect(errors).toEqual({
      timeLimitSeconds: ["Vòng 1 đã có 1 lượt thi: không thể đổi thời gian làm bài."],
      graceSeconds: ["Vòng 1 đã có 1 lượt thi: không thể đổi thời gian gia hạn."],
      "rounds[0]": ["Vòng 1 đã có 1 lượt thi: không thể đổi giờ mở và giờ đóng của vòng này."],
    });
    const unchanged = await getManageableContest(admin, id);
    expect(unchanged.rules.timeLimitSeconds).toBe(testRules.timeLimitSeconds);

    await updateContest(
      admin,
      id,
      {
        ...scoped,
        title: "Đổi tên vẫn được",
        rules: {
          ...testRules,
          reviewTiming: "after_close",
          prizeTiers: [{ label: "Giải Nhất", count: 3, unitPoints: 10 }],
        },
        rounds: [scoped.rounds[0]!, { opensAt: T0 + 8 * DAY, closesAt: T0 + 14 * DAY }],
      },
      T0 + 2 * HOUR,
    );
    const edited = await getManageableContest(admin, id);
    expect(edited.title).toBe("Đổi tên vẫn được");
    expect(edited.rules.prizeTiers).toEqual([{ label: "Giải Nhất", count: 3, unitPoints: 10 }]);
    expect(edited.rounds[1]!.opensAt).toBe(T0 + 8 * DAY);
    expect(edited.rounds[0]!.attempts).toBe(1);
  });

  test("a clone is a draft with the same rules, its rounds moved by whole weeks to start next week", async () => {
    const { id } = await createContestDraft(organiser, input(), T0);
    await changeContestStatus(organiser, id, "publish", T0);
    const now = T0 + 3 * DAY;
    const copy = await cloneContest(organiser, id, now);
    const cloned = await getManageableContest(organiser, copy.id);
    expect(cloned).toMatchObject({ status: "draft", title: `${input().title} (bản sao)`, rules: testRules });
    expect(cloned.rounds.map((r) => r.opensAt)).toEqual([T0 + 7 * DAY, T0 + 14 * DAY]);
    expect(vietnamParts(cloned.rounds[0]!.opensAt).time).toBe("08:00");
    expect(auditOf(copy.id)[0]).toMatchObject({ action: "contest.clone", before: { clonedFrom: id } });
  });

  test("the sample attempt is drawn by the real draw from the mix and saves nothing", async () => {
    const attemptsBefore = db.select().from(attempts).all().length;
    const entriesBefore = db.select().from(boardEntries).all().length;
    const sample = await drawSampleAttempt(testRules, seededRng(7));
    expect(sample).toHaveLength(testRules.questionsPerAttempt);
    expect(sample.every((q) => q.text && q.choices.length >= 2)).toBe(true);
    expect(await drawSampleAttempt(testRules, seededRng(7))).toEqual(sample);
    expect(db.select().from(attempts).all()).toHaveLength(attemptsBefore);
    expect(db.select().from(boardEntries).all()).toHaveLength(entriesBefore);
  });
});

describe("contest builder pages", async () => {
  const editRoute = await import("#app/routes/quan-tri.cuoc-thi.$contestId._index.tsx");
  const newRoute = await import("#app/routes/quan-tri.cuoc-thi.moi.tsx");
  const cookie = (
    await commitSessionCookie(new Request("http://localhost/"), await createSession(admin.id))
  ).split(";")[0]!;
  const post = (path: string, body: FormData | URLSearchParams) =>
    new Request(`http://localhost${path}`, { method: "POST", body, headers: { Cookie: cookie } });
  // A plain form posts urlencoded; only the banner form is multipart.
  const form = (fields: Record<string, string>) => {
    const body = new URLSearchParams();
    for (const [name, value] of Object.entries(fields)) body.append(name, value);
    return body;
  };
  const call = (route: typeof editRoute | typeof newRoute, request: Request, contestId?: number) =>
    route.action({
      request,
      params: contestId ? { contestId: String(contestId) } : {},
      context: {} as never,
    });
  const payload = (result: unknown) =>
    (
      result as {
        data: { result: { error: Record<string, string[]>; initialValue: Record<string, unknown> } };
      }
    ).data.result;

  test("every field error comes back in Vietnamese with what was typed", async () => {
    const result = await call(
      newRoute,
      post(
        "/quan-tri/cuoc-thi/moi",
        form({ title: "Ab", summary: "Giới thiệu đủ dài rồi", questionsPerAttempt: "mười", roundCount: "2" }),
      ),
    );
    const reply = payload(result);
    expect(reply.error).toMatchObject({
      title: ["Tên cuộc thi cần ít nhất 5 ký tự."],
      questionsPerAttempt: ["Vui lòng nhập số câu mỗi lượt."],
      firstDate: ["Vui lòng chọn ngày."],
    });
    expect(reply.initialValue).toMatchObject({
      title: "Ab",
      summary: "Giới thiệu đủ dài rồi",
      roundCount: "2",
    });
  });

  test("a locked rule posted anyway is refused on its field", async () => {
    const resident = createResident(1);
    const { id } = await createContestDraft(admin, input({ scopeUnitId: null }), T0);
    const contest = await getManageableContest(admin, id);
    await startAttempt(resident.userId, contest.rounds[0]!.id, Date.now() > T0 ? T0 + HOUR : T0);
    const values = editFormValues(contest, ["lua-dao", "dinh-danh-dien-tu"], []);
    const body = form({
      title: values.title,
      summary: values.summary,
      rulesText: values.rulesText,
      scopeUnitId: "",
      questionsPerAttempt: values.questionsPerAttempt,
      timeLimitMinutes: "5",
      attemptsPerRound: values.attemptsPerRound,
      predictionKind: values.predictionKind,
      predictionMax: values.predictionMax,
      graceSeconds: values.graceSeconds,
      reviewTiming: values.reviewTiming,
      participationPoints: values.participationPoints,
    });
    values.topicMix.forEach((t, i) => {
      body.append(`topicMix[${i}].topicId`, t.topicId);
      body.append(`topicMix[${i}].count`, t.count);
    });
    values.rounds.forEach((r, i) => {
      for (const [key, value] of Object.entries(r)) body.append(`rounds[${i}].${key}`, value);
    });
    const reply = payload(await call(editRoute, post(`/quan-tri/cuoc-thi/${id}`, body), id));
    expect(reply.error).toEqual({
      timeLimitMinutes: ["Vòng 1 đã có 1 lượt thi: không thể đổi thời gian làm bài."],
    });
  });

  test("a banner picture is stored for phones and audited", async () => {
    const { id } = await createContestDraft(admin, input(), T0);
    const png = await sharp({ create: { width: 1600, height: 600, channels: 3, background: "#1d4ed8" } })
      .png()
      .toBuffer();
    const body = new FormData();
    body.append("banner", new File([new Uint8Array(png)], "bia.png", { type: "image/png" }));
    const response = await call(editRoute, post(`/quan-tri/cuoc-thi/${id}`, body), id);
    expect((response as Response).headers.get("Location")).toBe(`/quan-tri/cuoc-thi/${id}?da-luu=anh`);
    const { bannerImage } = await getManageableContest(admin, id);
    expect(bannerImage).toMatch(/^[0-9a-f]{20}$/);
    expect(auditOf(id).at(-1)).toMatchObject({ action: "contest.banner", after: { bannerImage } });
  });
});
