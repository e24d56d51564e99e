import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { count, eq } from "drizzle-orm";
import { afterEach, expect, test } from "vitest";
import { contentRoot } from "#content/load.ts";
import { images, questionRevisions, questions } from "#db/schema.ts";
import { screenAlt } from "#app/domain/screen.ts";
import {
  getQuestionDetail,
  importContentFolder,
  questionOnScreen,
  saveQuestion,
} from "#app/models/questions.server.ts";
import { db } from "#app/utils/db.server.ts";
import { loader as imageLoader } from "#app/routes/anh.$imageId.ts";
import { createResident, HOUR, T0 } from "./fixtures.ts";

const question = (id: string, screen: string) => `  - id: ${id}
    difficulty: 2
    type: true_false
    text: Tin nhắn trong ảnh có phải lừa đảo không?
    choices:
      - text: Đúng
        correct: true
      - text: Sai
    explanation: Đường link lạ và lời hối thúc là dấu hiệu lừa đảo.
    source: Cẩm nang phòng chống lừa đảo trực tuyến — Bộ Công an
    checked: 2026-11-22
    skill: nhan-dien-lua-dao
    screen:
${screen.replace(/^/gm, "      ")}
`;

const sms = (text: string) => `kind: sms
time: 09:41
sender: Bưu điện Sao Sáng
messages:
  - text: ${text}
    time: 09:40
    link: http://buudien-saosang.top/cap-nhat`;

const transfer = `kind: transfer
time: 14:30
bank: Ngân hàng Sao Mai
receiverName: NGUYEN VAN HUNG
accountNumber: 0123 4567 8910
amount: 1500000
message: Phi mo khoa tai khoan`;

const folders: string[] = [];
afterEach(() => {
  for (const dir of folders.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

/** A content folder with the real topics and skills and one question file. */
function contentFolder(...questionBlocks: string[]) {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "cds-screens-"));
  folders.push(root);
  for (const file of ["topics.yaml", "skills.yaml"])
    fs.copyFileSync(path.join(contentRoot, file), path.join(root, file));
  fs.mkdirSync(path.join(root, "questions"));
  fs.writeFileSync(
    path.join(root, "questions", "lua-dao.yaml"),
    `topic: lua-dao\nquestions:\n${questionBlocks.join("")}`,
  );
  return root;
}

function publishedRevision(id: string) {
  return db
    .select({
      id: questionRevisions.id,
      image: questionRevisions.image,
      imageAlt: questionRevisions.imageAlt,
      screen: questionRevisions.screen,
    })
    .from(questions)
    .innerJoin(questionRevisions, eq(questionRevisions.id, questions.publishedRevisionId))
    .where(eq(questions.id, id))
    .get()!;
}

const revisionCount = () => db.select({ n: count() }).from(questionRevisions).get()!.n;
const imageCount = () => db.select({ n: count() }).from(images).get()!.n;

test("the import draws each described screen as a PNG with alt text, and re-importing changes nothing", async () => {
  const root = contentFolder(
    question("lua-dao-screen-901", sms("Bưu phẩm của bạn bị giữ lại. Cập nhật địa chỉ trong 24 giờ.")),
    question("lua-dao-screen-902", transfer),
  );
  expect(await importContentFolder(root, T0)).toEqual({ created: 2, revised: 0, unchanged: 0 });

  const first = publishedRevision("lua-dao-screen-901");
  expect(first.screen).toMatchObject({ kind: "sms", sender: "Bưu điện Sao Sáng" });
  expect(first.imageAlt).toBe(screenAlt(first.screen!));
  expect(first.imageAlt).toContain("http://buudien-saosang.top/cap-nhat");
  const stored = db.select().from(images).where(eq(images.id, first.image!)).get()!;
  expect(stored).toMatchObject({ mime: "image/png", width: 720 });
  expect(stored.bytes.subarray(1, 4).toString("latin1")).toBe("PNG");
  expect(stored.height).toBeGreaterThan(600);
  expect(publishedRevision("lua-dao-screen-902").imageAlt).toContain("Số tiền: 1.500.000 đ.");

  // What a resident's page gets: the picture and its alt text.
  const onScreen = questionOnScreen(first.id, []);
  expect(onScreen).toMatchObject({ image: first.image, imageAlt: first.imageAlt });
  const response = await imageLoader({
    params: { imageId: first.image! },
    request: new Request("http://x/"),
    context: { clientIp: "198.51.100.20", cspNonce: "" },
  });
  expect(response.headers.get("Content-Type")).toBe("image/png");

  // Unchanged content: no new revision, no new picture.
  const [revisions, pictures] = [revisionCount(), imageCount()];
  expect(await importContentFolder(root, T0 + HOUR)).toEqual({ created: 0, revised: 0, unchanged: 2 });
  expect([revisionCount(), imageCount()]).toEqual([revisions, pictures]);
  expect(publishedRevision("lua-dao-screen-901").id).toBe(first.id);
});

test("a changed message gives a new revision with a new picture; the old one stays for past attempts", async () => {
  const root = contentFolder(question("lua-dao-screen-903", sms("Bưu phẩm của bạn bị giữ lại.")));
  await importContentFolder(root, T0);
  const before = publishedRevision("lua-dao-screen-903");
  fs.writeFileSync(
    path.join(root, "questions", "lua-dao.yaml"),
    `topic: lua-dao\nquestions:\n${question("lua-dao-screen-903", sms("Bưu phẩm của bạn bị giữ lại, phí lưu kho 15.000đ."))}`,
  );
  expect(await importContentFolder(root, T0 + HOUR)).toEqual({ created: 0, revised: 1, unchanged: 0 });
  const after = publishedRevision("lua-dao-screen-903");
  expect(after.image).not.toBe(before.image);
  expect(after.imageAlt).toContain("phí lưu kho 15.000đ");
  expect(db.select({ id: images.id }).from(images).where(eq(images.id, before.image!)).get()).toBeDefined();
});

test("the question's history says when the drawn screen changed and what it shows now", async () => {
  const file = (text: string) => `topic: lua-dao\nquestions:\n${question("lua-dao-screen-904", sms(text))}`;
  const root = contentFolder(question("lua-dao-screen-904", sms("Bưu phẩm của bạn bị giữ lại.")));
  await importContentFolder(root, T0);
  fs.writeFileSync(
    path.join(root, "questions", "lua-dao.yaml"),
    file("Bưu phẩm bị giữ, phí lưu kho 15.000đ."),
  );
  await importContentFolder(root, T0 + HOUR);
  // An organiser rewords it in the console: the picture stays, no longer drawn from a description.
  const { content } = (await getQuestionDetail("lua-dao-screen-904"))!;
  const { userId } = createResident();
  await saveQuestion(
    {
      id: "lua-dao-screen-904",
      topicId: "lua-dao",
      content: { ...content, text: "Tin nhắn này có đáng tin?" },
    },
    userId,
    T0 + 2 * HOUR,
  );

  const events = (await getQuestionDetail("lua-dao-screen-904"))!.events;
  expect(events.map((e) => [e.action, e.revisionNumber])).toEqual([
    ["edited", 3],
    ["synced", 2],
    ["synced", 1],
  ]);
  const [edited, redrawn, drawn] = events.map((e) => e.screenChange);
  expect(edited).toEqual({ description: null, first: false });
  expect(redrawn).toMatchObject({
    first: false,
    description: expect.stringContaining("phí lưu kho 15.000đ"),
  });
  expect(drawn).toMatchObject({
    first: true,
    description: expect.stringContaining("Bưu phẩm của bạn bị giữ lại"),
  });
});
