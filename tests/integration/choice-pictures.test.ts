import { and, asc, eq } from "drizzle-orm";
import sharp from "sharp";
import { expect, test } from "vitest";
import { questionContentSchema } from "#content/schema.ts";
import { choices, images, questionRevisions, questions, users } from "#db/schema.ts";
import {
  getQuestionDetail,
  importContentFolder,
  questionOnScreen,
  saveQuestions,
} from "#app/models/questions.server.ts";
import { db } from "#app/utils/db.server.ts";
import { handleQuestionForm } from "#app/utils/question-editor-action.server.ts";
import { T0 } from "./fixtures.ts";

const organiser = db
  .insert(users)
  .values({ name: "Hoàng Thị Ảnh (ban tổ chức)", role: "organiser", createdAt: T0 })
  .returning({ id: users.id })
  .get().id;

function publishedChoices(questionId: string) {
  const { revisionId } = db
    .select({ revisionId: questions.publishedRevisionId })
    .from(questions)
    .where(eq(questions.id, questionId))
    .get()!;
  const rows = db
    .select({ id: choices.id, text: choices.text, image: choices.imageId, imageAlt: choices.imageAlt })
    .from(choices)
    .where(eq(choices.revisionId, revisionId!))
    .orderBy(asc(choices.position))
    .all();
  return { revisionId: revisionId!, rows };
}

test("picture choices in the content files are imported with their alt text, and a re-import changes nothing", async () => {
  const { revisionId, rows } = publishedChoices("dinh-danh-dien-tu-054");
  expect(rows.map((c) => c.text)).toEqual([
    "Công an cấp xã",
    "Chờ công an gọi điện làm giúp",
    "Ngân hàng",
    "Cửa hàng điện thoại",
  ]);
  for (const choice of rows) {
    expect(choice.image).toMatch(/^[0-9a-f]{20}$/);
    expect(choice.imageAlt!.length).toBeGreaterThan(5);
    const stored = db.select({ mime: images.mime }).from(images).where(eq(images.id, choice.image!)).get();
    expect(stored?.mime).toBe("image/webp");
  }
  expect(new Set(rows.map((c) => c.image)).size).toBe(4);

  // A resident sees each picture with its own choice, in the attempt's order, known only by place.
  const order = [rows[2]!.id, rows[0]!.id, rows[3]!.id, rows[1]!.id];
  const shown = questionOnScreen(revisionId, order)!;
  expect(shown.choices).toEqual([
    { place: 1, text: "Ngân hàng", image: rows[2]!.image, imageAlt: rows[2]!.imageAlt },
    { place: 2, text: "Công an cấp xã", image: rows[0]!.image, imageAlt: rows[0]!.imageAlt },
    { place: 3, text: "Cửa hàng điện thoại", image: rows[3]!.image, imageAlt: rows[3]!.imageAlt },
    { place: 4, text: "Chờ công an gọi điện làm giúp", image: rows[1]!.image, imageAlt: rows[1]!.imageAlt },
  ]);

  // Pictures are stored by content hash, so the same files give the same ids and no new revision.
  await importContentFolder();
  const after = db
    .select({ count: questionRevisions.id })
    .from(questionRevisions)
    .where(eq(questionRevisions.questionId, "dinh-danh-dien-tu-054"))
    .all();
  expect(after).toHaveLength(1);
  expect(publishedChoices("dinh-danh-dien-tu-054").revisionId).toBe(revisionId);
});

test("a choice picture needs its alt text", () => {
  const result = questionContentSchema.safeParse({
    type: "single",
    difficulty: 1,
    text: "Bạn đăng ký định danh mức 2 ở đâu?",
    choices: [{ text: "Công an cấp xã", correct: true, image: "cong-an-xa.png" }, { text: "Qua điện thoại" }],
    explanation: "Mức 2 được đăng ký tại công an cấp xã.",
    source: "Nghị định 69/2024/NĐ-CP, Điều 10",
    checked: "2026-12-02",
  });
  expect(result.error?.issues.map((i) => i.message)).toEqual([
    "ảnh của lựa chọn 1 cần có mô tả (imageAlt): ảnh cho thấy gì",
  ]);
});

async function icon(colour: string): Promise<File> {
  const png = await sharp({ create: { width: 200, height: 200, channels: 3, background: colour } })
    .png()
    .toBuffer();
  return new File([new Uint8Array(png)], `${colour}.png`, { type: "image/png" });
}

/** The editor's multipart post, as the browser sends it: six choice boxes, each with its picture fields. */
function editorPost(boxes: { text?: string; file?: File; kept?: string; alt?: string; remove?: boolean }[]) {
  const form = new FormData();
  for (const [name, value] of Object.entries({
    topicId: "dinh-danh-dien-tu",
    skill: "dich-vu-cong-truc-tuyen",
    difficulty: "1",
    type: "single",
    text: "Bạn đăng ký tài khoản định danh mức 2 ở đâu?",
    explanation: "Mức 2 được đăng ký tại công an cấp xã, có lấy vân tay.",
    source: "Nghị định 69/2024/NĐ-CP, Điều 10",
    checked: "2026-12-02",
    imageAlt: "",
  }))
    form.append(name, value);
  form.append("correct", "0");
  for (let i = 0; i < 6; i++) {
    const box = boxes[i] ?? {};
    form.append("choice", box.text ?? "");
    form.append("choiceImageKept", box.kept ?? "");
    form.append("choiceImageAlt", box.alt ?? "");
    if (box.remove) form.append("removeChoiceImage", String(i));
    form.append(`choiceImage${i}`, box.file ?? new File([], ""));
  }
  return new Request("http://localhost/quan-tri/cau-hoi/moi", { method: "POST", body: form });
}

test("the editor saves a picture per choice, keeps it on the next save, removes it, and refuses one without alt text", async () => {
  const created = await handleQuestionForm(
    editorPost([
      { text: "Công an cấp xã", file: await icon("#2e6b3f"), alt: "Trụ sở công an xã" },
      { text: "Qua một cuộc gọi", file: await icon("#0b5cad"), alt: "Điện thoại đang đổ chuông" },
      { text: "Ngân hàng" },
    ]),
    organiser,
  );
  expect(created).toBeInstanceOf(Response);
  const id = /cau-hoi\/([^?]+)/.exec((created as Response).headers.get("Location")!)![1]!;
  const saved = (await getQuestionDetail(id))!;
  const [police, call, bank] = saved.content.choices;
  expect(police).toMatchObject({ text: "Công an cấp xã", imageAlt: "Trụ sở công an xã" });
  expect(police!.image).toMatch(/^[0-9a-f]{20}$/);
  expect(call).toMatchObject({ text: "Qua một cuộc gọi", imageAlt: "Điện thoại đang đổ chuông" });
  expect(bank!.image).toBeUndefined();

  // Next save: the first box keeps its picture, the second's is removed, and a picture id that is not this
  // question's own (typed into the hidden field) is ignored.
  const other = publishedChoices("lua-dao-054").rows[0]!.image!;
  const existing = {
    id,
    image: null,
    choiceImages: saved.content.choices.flatMap((c) => (c.image ? [c.image] : [])),
  };
  await handleQuestionForm(
    editorPost([
      { text: "Công an cấp xã", kept: police!.image, alt: "Trụ sở công an xã, sao vàng" },
      { text: "Qua một cuộc gọi", kept: call!.image, alt: "Điện thoại", remove: true },
      { text: "Ngân hàng", kept: other, alt: "Ngân hàng" },
    ]),
    organiser,
    existing,
  );
  const edited = (await getQuestionDetail(id))!.content.choices;
  expect(edited[0]).toMatchObject({ image: police!.image, imageAlt: "Trụ sở công an xã, sao vàng" });
  expect(edited[1]!.image).toBeUndefined();
  expect(edited[2]!.image).toBeUndefined();

  const refused = (await handleQuestionForm(
    editorPost([{ text: "Công an cấp xã", file: await icon("#c8102e") }, { text: "Ngân hàng" }]),
    organiser,
    existing,
  )) as unknown as { init: { status: number }; data: { result: { error: Record<string, string[]> } } };
  expect(refused.init.status).toBe(400);
  expect(refused.data.result.error.choice).toEqual([
    "Ảnh của lựa chọn 1 cần có mô tả (imageAlt): ảnh cho thấy gì.",
  ]);
});

test("a spreadsheet row keeps the picture of each choice whose text it keeps", async () => {
  const detail = (await getQuestionDetail("thanh-toan-khong-tien-mat-054"))!;
  const { image, imageAlt, ...content } = detail.content;
  void image;
  void imageAlt;
  const sheetChoices = content.choices.map(({ text, correct }) => ({ text, correct }));
  sheetChoices[2] = { text: "Tem thư dán trên phong bì", correct: false };
  await saveQuestions(
    [{ id: detail.id, topicId: detail.topicId, content: { ...content, choices: sheetChoices } }],
    organiser,
  );
  const current = db
    .select({ image: choices.imageId, text: choices.text })
    .from(choices)
    .innerJoin(questions, and(eq(questions.currentRevisionId, choices.revisionId)))
    .where(eq(questions.id, detail.id))
    .orderBy(asc(choices.position))
    .all();
  expect(current.map((c) => [c.text, Boolean(c.image)])).toEqual([
    ["Mã QR", true],
    ["Mã vạch trên bao bì hàng", true],
    ["Tem thư dán trên phong bì", false],
  ]);
});
