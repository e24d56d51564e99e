import { expect, test, type Browser, type Page } from "@playwright/test";
import Database from "better-sqlite3";
import { e2eDatabase } from "../../playwright.config.ts";
import { expectAccessibleNow } from "./helpers.ts";

// A whole live game: the host screen on a projector and three phones, over the real event streams.
const HOST = { phone: "0912000002", password: "ThamDinh@2026" };

/** The answer buttons' right and a wrong place for the open question (the test peeks at the key). */
function keyOf(pin: string, position: number) {
  const db = new Database(e2eDatabase, { readonly: true });
  const question = db
    .prepare(
      `SELECT q.revision_id AS revisionId, q.choice_order AS choiceOrder FROM live_game_questions q
       JOIN live_games g ON g.id = q.game_id WHERE g.pin = ? AND g.finished_at IS NULL AND q.position = ?`,
    )
    .get(pin, position) as { revisionId: number; choiceOrder: string };
  const correct = new Set(
    (
      db
        .prepare("SELECT id FROM choices WHERE revision_id = ? AND is_correct = 1")
        .all(question.revisionId) as {
        id: number;
      }[]
    ).map((c) => c.id),
  );
  db.close();
  const order = JSON.parse(question.choiceOrder) as number[];
  return {
    right: order.findIndex((id) => correct.has(id)) + 1,
    wrong: order.findIndex((id) => !correct.has(id)) + 1,
  };
}

/** Whether the question closed before its deadline (the deadline stays recorded after the close). */
function closedEarly(pin: string, position: number): boolean {
  const db = new Database(e2eDatabase, { readonly: true });
  const row = db
    .prepare(
      `SELECT q.closed_at AS closedAt, g.deadline_at AS deadlineAt FROM live_game_questions q
       JOIN live_games g ON g.id = q.game_id WHERE g.pin = ? AND g.finished_at IS NULL AND q.position = ?`,
    )
    .get(pin, position) as { closedAt: number | null; deadlineAt: number };
  db.close();
  return row.closedAt !== null && row.closedAt < row.deadlineAt;
}

async function phone(browser: Browser, pin: string, name: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 360, height: 740 }, locale: "vi-VN" });
  const page = await context.newPage();
  await page.goto(`/choi?pin=${pin}`);
  await expect(page.getByLabel("Mã PIN")).toHaveValue(pin);
  await page.getByLabel("Tên hiển thị").fill(name);
  await page.getByRole("button", { name: "Vào chơi" }).click();
  await expect(page).toHaveURL(new RegExp(`/choi/${pin}$`));
  await expect(page.getByText(/Chờ giáo viên bắt đầu/)).toBeVisible();
  return page;
}

/** The answer button with that place: its accessible name starts with its shape. */
const button = (page: Page, place: number) => page.locator("form button[name=place]").nth(place - 1);

const myScore = async (page: Page) =>
  Number((await page.getByTestId("my-score").locator("strong").innerText()).replace(/\D/g, ""));

test("a host and three players play a whole game; a reload keeps the score; a late answer does not count", async ({
  browser,
}) => {
  test.setTimeout(240_000);
  const hostContext = await browser.newContext({ viewport: { width: 1280, height: 720 }, locale: "vi-VN" });
  const host = await hostContext.newPage();
  await host.goto("/dang-nhap");
  await host.getByLabel("Số điện thoại", { exact: true }).fill(HOST.phone);
  await host.getByLabel("Mật khẩu", { exact: true }).fill(HOST.password);
  await host.getByRole("button", { name: "Đăng nhập" }).click();
  await expect(host.getByRole("link", { name: "Quản trị" })).toBeVisible();

  await host.goto("/tro-choi");
  await host.getByLabel("Tên trò chơi").fill("Ôn tập cuối tuần");
  await host.getByLabel("Nhận diện lừa đảo trực tuyến").check();
  await host.getByLabel("Số câu hỏi").fill("2");
  // 20 s: long enough that question 2 closes because everyone answered, not by its countdown, on a busy machine.
  await host.getByLabel("Thời gian mỗi câu").selectOption("20");
  await host.getByRole("button", { name: "Tạo trò chơi" }).click();
  await expect(host).toHaveURL(/\/tro-choi\/\d+$/);
  const pinText = await host.getByLabel(/^Mã PIN/).innerText();
  const pin = pinText.trim();
  expect(pin).toMatch(/^\d{6}$/);
  await expect(host.getByRole("img", { name: /Mã QR để vào trò chơi/ }).locator("svg")).toBeVisible();

  const [lan, minh, tuan] = await Promise.all([
    phone(browser, pin, "Lan"),
    phone(browser, pin, "Minh"),
    phone(browser, pin, "Tuấn"),
  ]);
  await expect(host.getByText("3 người chơi đã vào")).toBeVisible();
  await expect(host.getByRole("list", { name: "Người chơi" })).toContainText("Tuấn");

  // Question 1: Lan right, Minh wrong, Tuấn's answer held up in the network until after the deadline.
  await host.getByRole("button", { name: "Bắt đầu" }).click();
  for (const page of [lan, minh, tuan]) await expect(page.getByText("Câu 1/2")).toBeVisible();
  await expect(host.getByText("Câu 1/2")).toBeVisible();
  const key1 = keyOf(pin, 1);
  let release: () => void = () => {};
  const held = new Promise<void>((resolve) => (release = resolve));
  await tuan.route("**/tra-loi", async (route) => {
    await held;
    await route.continue();
  });
  await button(tuan, key1.right).click();
  await button(lan, key1.right).click();
  await expect(lan.getByText("Đã gửi câu trả lời")).toBeVisible();
  await button(minh, key1.wrong).click();
  await expect(host.getByTestId("tally")).toContainText("Đã trả lời: 2/3");
  // The deadline passes: the question closes by itself and the host sees the distribution.
  await expect(host.getByText("✓ Đúng")).toBeVisible({ timeout: 25_000 });
  release();
  await expect(lan.getByText(/✓ Đúng! \+[\d.]+ điểm/)).toBeVisible();
  await expect(minh.getByText("✗ Chưa đúng")).toBeVisible();
  await expect(tuan.getByText("Bạn chưa trả lời câu này.")).toBeVisible();
  expect(await myScore(tuan)).toBe(0);
  expect(await myScore(minh)).toBe(0);
  const lanAfterOne = await myScore(lan);
  expect(lanAfterOne).toBeGreaterThanOrEqual(500);

  await host.getByRole("button", { name: "Xem bảng xếp hạng" }).click();
  await expect(host.getByRole("heading", { name: "Năm người dẫn đầu" })).toBeVisible();
  await expectAccessibleNow(host);
  await expectAccessibleNow(lan);
  await expect(lan.getByText(/Bạn đang xếp hạng 1/)).toBeVisible();

  // Question 2: Lan reloads mid-question and is still Lan, with her score; then answers.
  await host.getByRole("button", { name: "Câu tiếp theo" }).click();
  await expect(lan.getByText("Câu 2/2")).toBeVisible();
  await lan.reload();
  await expect(lan.getByText("Câu 2/2")).toBeVisible();
  await expect(lan.getByText("Lan", { exact: true })).toBeVisible();
  expect(await myScore(lan)).toBe(lanAfterOne);
  const key2 = keyOf(pin, 2);
  await button(lan, key2.right).click();
  await expect(lan.getByText("Đã gửi câu trả lời")).toBeVisible();
  await button(minh, key2.right).click();
  await expect(host.getByTestId("tally")).toContainText("Đã trả lời: 2/3");
  // Tuấn answers last: everyone has, so the question closes without the host or the countdown.
  await button(tuan, key2.wrong).click();
  await expect(host.getByText("✓ Đúng")).toBeVisible();
  expect(closedEarly(pin, 2)).toBe(true);
  await expect(lan.getByText(/✓ Đúng! \+[\d.]+ điểm/)).toBeVisible();
  // Two right answers in a row: the second earns the streak bonus.
  await expect(lan.getByText("Chuỗi 2 câu đúng liên tiếp")).toBeVisible();

  await host.getByRole("button", { name: "Xem bảng xếp hạng" }).click();
  await host.getByRole("button", { name: "Xem bục vinh quang" }).click();
  await expect(host.getByRole("heading", { name: "Bục vinh quang" })).toBeVisible();
  await expect(host.getByRole("listitem").first()).toContainText("Lan");
  await expect(lan.getByText("Trò chơi kết thúc!")).toBeVisible();
  await expect(lan.getByText(/Bạn xếp hạng 1 với/)).toBeVisible();
  await expect(tuan.getByText(/Bạn xếp hạng 3 với 0 điểm/)).toBeVisible();

  // The results, saved for the class, download as a spreadsheet.
  const download = host.waitForEvent("download");
  await host.getByRole("link", { name: "Xuất Excel kết quả" }).click();
  expect((await download).suggestedFilename()).toMatch(/^tro-choi-\d+-ket-qua\.xlsx$/);
});

test("joining needs a PIN of an open game and a name", async ({ page }) => {
  await page.goto("/choi");
  await page.getByLabel("Mã PIN").fill("12");
  await page.getByLabel("Tên hiển thị").fill("An");
  await page.getByRole("button", { name: "Vào chơi" }).click();
  await expect(page.getByRole("alert")).toContainText("Mã PIN gồm 6 chữ số");
  await page.getByLabel("Mã PIN").fill("000000");
  await page.getByRole("button", { name: "Vào chơi" }).click();
  await expect(page.getByRole("alert")).toContainText("Không có trò chơi nào đang mở với mã PIN này");
});
