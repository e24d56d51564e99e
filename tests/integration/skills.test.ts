// Skills (content/skills.yaml, Quyết định 757/QĐ-BKHCN): stored with each revision, required to publish, chosen
// in the editor and the spreadsheet, and used by contests that mix questions by skill as well as by topic.
import { eq, inArray } from "drizzle-orm";
import { describe, expect, test } from "vitest";
import { attemptItems, questionRevisions, questions, skills, units, users } from "#db/schema.ts";
import type { ContestInput } from "#app/domain/contest-plan.ts";
import { seededRng } from "#app/domain/draw.ts";
import { startAttempt } from "#app/models/attempts.server.ts";
import {
  changeContestStatus,
  ContestFormError,
  createContestDraft,
  drawSampleAttempt,
  getManageableContest,
} from "#app/models/contests.server.ts";
import {
  changeQuestionStatus,
  getDrawableQuestions,
  getQuestionDetail,
  listQuestions,
  listSkills,
  publishedBySkill,
  saveQuestion,
  setQuestionReserved,
  type RevisionContent,
} from "#app/models/questions.server.ts";
import { action as newQuestionAction } from "#app/routes/quan-tri.cau-hoi.moi.tsx";
import { action as importAction } from "#app/routes/quan-tri.cau-hoi.nhap.tsx";
import { sheetColumns } from "#app/domain/question-sheet.ts";
import { commitSessionCookie, createSession } from "#app/utils/auth.server.ts";
import { db } from "#app/utils/db.server.ts";
import { createResident, HOUR, rejection, T0, testRules } from "./fixtures.ts";

const DAY = 24 * HOUR;
const SKILL = "xu-ly-su-co";
const province = db.select().from(units).where(eq(units.depth, 0)).get()!;
const person = (name: string, role: "organiser" | "admin") => {
  const { id } = db
    .insert(users)
    .values({ name, role, scopeUnitId: role === "admin" ? null : province.id, createdAt: T0 })
    .returning({ id: users.id })
    .get();
  return { id, role, scopeUnitId: role === "admin" ? null : province.id };
};
const admin = person("Quản trị tỉnh", "admin");
const reviewer = person("Người duyệt", "organiser");

const content = (text: string, skill?: string): RevisionContent => ({
  type: "single",
  difficulty: 1,
  text,
  choices: [
    { text: "Gọi tổng đài của ngân hàng in trên thẻ", correct: true },
    { text: "Gọi số lạ trong tin nhắn", correct: false },
  ],
  explanation: "Chỉ liên hệ qua số chính thức in trên thẻ hoặc trên trang web của ngân hàng.",
  source: "Cẩm nang phòng chống lừa đảo trực tuyến — Cục An toàn thông tin",
  checked: "2026-06-01",
  ...(skill ? { skill } : {}),
});

async function published(topicId: string, text: string, skill = SKILL) {
  const { id } = await saveQuestion({ topicId, content: content(text, skill) }, admin.id, T0);
  await changeQuestionStatus(id, "review", reviewer, T0);
  await changeQuestionStatus(id, "publish", admin, T0);
  return id;
}

const skillOfRevision = (revisionIds: number[]) =>
  new Map(
    db
      .select({ id: questionRevisions.id, skill: questionRevisions.skillId, topic: questions.topicId })
      .from(questionRevisions)
      .innerJoin(questions, eq(questions.id, questionRevisions.questionId))
      .where(inArray(questionRevisions.id, revisionIds))
      .all()
      .map((r) => [r.id, r]),
  );

const input = (rules: Partial<ContestInput["rules"]>): ContestInput => ({
  title: "Cuộc thi theo kỹ năng",
  summary: "Mỗi lượt có câu theo kỹ năng và theo chủ đề.",
  rulesText: "",
  scopeUnitId: null,
  rules: { ...testRules, ...rules },
  rounds: [{ opensAt: T0, closesAt: T0 + 6 * DAY }],
});

async function fieldErrors(work: Promise<unknown>) {
  const error = await work.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ContestFormError);
  return (error as ContestFormError).fieldErrors;
}

async function cookieOf(userId: number) {
  return (await commitSessionCookie(new Request("http://localhost/"), await createSession(userId))).split(
    ";",
  )[0]!;
}

test("the skills of content/skills.yaml are synced, in their order", async () => {
  const synced = await listSkills();
  expect(synced.length).toBeGreaterThanOrEqual(11);
  expect(synced[0]).toEqual({
    id: "su-dung-thiet-bi",
    area: "Sử dụng thiết bị và ứng dụng",
    name: "Dùng điện thoại, ứng dụng và cài đặt cơ bản",
  });
  expect(
    db
      .select()
      .from(skills)
      .all()
      .map((s) => s.id),
  ).toContain(SKILL);
});

describe("a question's skill", () => {
  test("is kept with the revision, filters the list, and is needed to publish", async () => {
    const { id } = await saveQuestion(
      { topicId: "ky-nang-so", content: content("Thẻ ngân hàng bị nuốt ở cây ATM, bạn gọi ai?") },
      admin.id,
      T0,
    );
    await changeQuestionStatus(id, "review", reviewer, T0 + 1);
    const refused = await rejection(changeQuestionStatus(id, "publish", admin, T0 + 2));
    expect(refused.status).toBe(409);
    expect(refused.message).toContain("Hãy chọn kỹ năng");
    expect((await getQuestionDetail(id))?.status).toBe("reviewed");

    await saveQuestion(
      { id, topicId: "ky-nang-so", content: content("Thẻ ngân hàng bị nuốt ở cây ATM, bạn gọi ai?", SKILL) },
      admin.id,
      T0 + 3,
    );
    expect((await getQuestionDetail(id))?.content.skill).toBe(SKILL);
    await changeQuestionStatus(id, "review", reviewer, T0 + 4);
    await changeQuestionStatus(id, "publish", admin, T0 + 5);
    expect((await getQuestionDetail(id))?.status).toBe("published");
    const bySkill = (await listQuestions({ skillId: SKILL }, { limit: 5000, offset: 0 })).rows;
    expect(bySkill.map((r) => r.id)).toContain(id);
    expect(bySkill.every((r) => r.skillId === SKILL)).toBe(true);
    const other = (await listQuestions({ skillId: "phap-luat-so" }, { limit: 5000, offset: 0 })).rows;
    expect(other.map((r) => r.id)).not.toContain(id);
  });

  test("the editor refuses a vague source and an unknown skill on their fields, in Vietnamese", async () => {
    const cookie = await cookieOf(admin.id);
    const post = async (fields: Record<string, string>) => {
      const body = new FormData();
      const values: Record<string, string> = {
        topicId: "lua-dao",
        difficulty: "1",
        type: "single",
        text: "Người lạ gọi điện xin mã OTP, bạn làm gì?",
        choice: "",
        explanation: "Mã OTP chỉ dành cho chính bạn, không đưa cho ai.",
        checked: "2026-06-01",
        ...fields,
      };
      for (const [key, value] of Object.entries(values)) if (key !== "choice") body.set(key, value);
      body.append("choice", "Không đưa mã");
      body.append("choice", "Đọc mã cho họ");
      body.append("correct", "0");
      return newQuestionAction({
        request: new Request("http://localhost/quan-tri/cau-hoi/moi", {
          method: "POST",
          headers: { Cookie: cookie },
          body,
        }),
        params: {},
        context: { clientIp: "127.0.0.1", cspNonce: "" },
      });
    };
    type Failed = { init: { status: number }; data: { result: { error: Record<string, string[]> } } };
    const vague = (await post({ source: "Quy định của ngân hàng", skill: SKILL })) as unknown as Failed;
    expect(vague.init.status).toBe(400);
    expect(vague.data.result.error["source"]).toEqual([
      "Nguồn “Quy định của ngân hàng”: cần số hiệu văn bản (kèm điều), hoặc tên tài liệu và đơn vị phát hành dạng “Tên — Đơn vị”.",
    ]);
    const noArticle = (await post({ source: "Nghị định 13/2023/NĐ-CP", skill: SKILL })) as unknown as Failed;
    expect(noArticle.data.result.error["source"]).toEqual([
      "Nguồn “Nghị định 13/2023/NĐ-CP”: văn bản luật cần ghi điều được dùng (ví dụ: Nghị định 69/2024/NĐ-CP, Điều 12).",
    ]);
    const unknown = (await post({
      source: "Nghị định 13/2023/NĐ-CP, Điều 9",
      skill: "boi-loi",
    })) as unknown as Failed;
    expect(unknown.data.result.error["skill"]).toEqual(["Chọn kỹ năng trong danh sách."]);

    const saved = (await post({ source: "Nghị định 13/2023/NĐ-CP, Điều 9", skill: SKILL })) as Response;
    expect(saved.status).toBe(302);
    const id = saved.headers.get("Location")!.split("/").pop()!.split("?")[0]!;
    expect((await getQuestionDetail(id))?.content).toMatchObject({
      source: "Nghị định 13/2023/NĐ-CP, Điều 9",
      skill: SKILL,
    });
  });

  test("a spreadsheet row with a vague source is reported with its row number, nothing written", async () => {
    const header = sheetColumns.map((c) => c.header);
    const cells: Record<string, string> = {
      topic: "lua-dao",
      difficulty: "1",
      type: "một đáp án",
      text: "Tin nhắn báo trúng thưởng kèm link. Bạn làm gì?",
      choice1: "Không bấm link",
      choice2: "Bấm link nhận quà",
      correct: "1",
      explanation: "Tin nhắn trúng thưởng kèm link lạ thường là lừa đảo.",
      source: "Theo Bộ Công an",
      checked: "01/06/2026",
      skill: "Nhận diện và phòng tránh lừa đảo trực tuyến",
    };
    const csv = [header, sheetColumns.map((c) => cells[c.key] ?? "")].map((r) => r.join(",")).join("\r\n");
    const body = new FormData();
    body.set("file", new File([csv], "cau-hoi.csv"));
    const before = (await listQuestions({}, { limit: 1, offset: 0 })).total;
    const response = (await importAction({
      request: new Request("http://localhost/quan-tri/cau-hoi/nhap", {
        method: "POST",
        headers: { Cookie: await cookieOf(admin.id) },
        body,
      }),
      params: {},
      context: { clientIp: "127.0.0.1", cspNonce: "" },
    })) as unknown as { init: { status: number }; data: { errors: string[] } };
    expect(response.init.status).toBe(400);
    expect(response.data.errors).toEqual([
      "Dòng 2: nguồn: nguồn “Theo Bộ Công an”: cần số hiệu văn bản (kèm điều), hoặc tên tài liệu và đơn vị phát hành dạng “Tên — Đơn vị”",
    ]);
    expect((await listQuestions({}, { limit: 1, offset: 0 })).total).toBe(before);
  });
});

describe("contests by skill", () => {
  test("the builder checks each skill and topic quota against the pool the draw uses", async () => {
    const bySkill = (await publishedBySkill()).get(SKILL) ?? 0;
    const errors = await fieldErrors(
      createContestDraft(
        admin,
        input({
          questionsPerAttempt: bySkill + 1,
          topicMix: [],
          skillMix: [{ skillId: SKILL, count: bySkill + 1 }],
        }),
        T0,
      ),
    );
    expect(errors).toEqual({
      skillMix: [
        `Kỹ năng “${SKILL}” chỉ có ${bySkill} câu đã xuất bản, không đủ ${bySkill + 1} câu mỗi lượt.`,
      ],
    });
    // Beside a skill quota, a topic quota counts only the topic's questions of other skills.
    const luaDao = await getDrawableQuestions(["lua-dao"]);
    const rest = luaDao.filter((q) => q.skillId !== SKILL).length;
    const topicErrors = await fieldErrors(
      createContestDraft(
        admin,
        input({
          questionsPerAttempt: rest + 2,
          topicMix: [{ topicId: "lua-dao", count: rest + 1 }],
          skillMix: [{ skillId: SKILL, count: 1 }],
        }),
        T0,
      ),
    );
    expect(topicErrors).toEqual({
      topicMix: [
        `Chủ đề “lua-dao” chỉ có ${rest} câu đã xuất bản (ngoài các câu rút theo kỹ năng), không đủ ${rest + 1} câu mỗi lượt.`,
      ],
    });
  });

  test("an attempt draws the skill's quota from any topic and the topic quota from the other skills", async () => {
    await published("lua-dao", "Tài khoản ngân hàng bị khoá bất ngờ, bạn làm gì đầu tiên?");
    await published("dich-vu-cong", "Hồ sơ trên Cổng dịch vụ công bị trả lại, bạn hỏi ở đâu?");
    const { id } = await createContestDraft(
      admin,
      input({
        questionsPerAttempt: 4,
        topicMix: [{ topicId: "lua-dao", count: 2 }],
        skillMix: [{ skillId: SKILL, count: 2 }],
      }),
      T0,
    );
    await changeContestStatus(admin, id, "publish", T0);
    const contest = await getManageableContest(admin, id);
    for (const seed of [1, 2, 3, 4, 5]) {
      const resident = createResident(seed);
      const attemptId = await startAttempt(
        resident.userId,
        contest.rounds[0]!.id,
        T0 + HOUR,
        seededRng(seed),
      );
      const items = db.select().from(attemptItems).where(eq(attemptItems.attemptId, attemptId)).all();
      const drawn = skillOfRevision(items.map((i) => i.revisionId));
      expect(drawn.size).toBe(4);
      const bySkill = [...drawn.values()].filter((r) => r.skill === SKILL);
      expect(bySkill).toHaveLength(2);
      const byTopic = [...drawn.values()].filter((r) => r.skill !== SKILL);
      expect(byTopic.map((r) => r.topic)).toEqual(["lua-dao", "lua-dao"]);
    }
    // The organiser's sample attempt is drawn the same way.
    const sample = await drawSampleAttempt(contest.rules, seededRng(9));
    expect(sample).toHaveLength(4);
  });

  test("a reserved question stays out of practice while a coming round mixes its skill", async () => {
    const id = await published("ky-nang-so", "Điện thoại bị mất, bạn khoá tài khoản ngân hàng thế nào?");
    await setQuestionReserved(id, true, admin.id, T0);
    const drawable = async (now: number) =>
      (await getDrawableQuestions(["ky-nang-so"], now)).map((q) => q.revisionId);
    const own = db
      .select({ r: questions.publishedRevisionId })
      .from(questions)
      .where(eq(questions.id, id))
      .get()!.r!;
    // The contests above mix this skill, with rounds until T0 + 6 days.
    expect(await drawable(T0 + DAY)).not.toContain(own);
    expect(await drawable(T0 + 7 * DAY)).toContain(own);
  });
});
