import { expect, test, type Page } from "@playwright/test";
import { choose } from "./helpers.ts";

const TOPIC = "Nhận diện lừa đảo trực tuyến";

/** Starts a practice run of a topic from /luyen-tap and returns the run's token. */
async function startTopic(page: Page, topic: string): Promise<string> {
  await page.goto("/luyen-tap");
  await expect(page.getByRole("heading", { name: "Luyện tập", level: 1 })).toBeVisible();
  await expect(page.getByText(/không cần đăng nhập/)).toBeVisible();
  const card = page.getByRole("listitem").filter({ has: page.getByRole("heading", { name: topic }) });
  await expect(card).toContainText(/\d+ câu hỏi/);
  // The demo keeps part of each topic of its open round for the contest, and says so.
  if (topic === TOPIC) await expect(card).toContainText(/\d+ câu khác được giữ riêng cho cuộc thi/);
  await card.getByRole("button", { name: "Luyện tập" }).click();
  await expect(page).toHaveURL(/\/luyen-tap\/[a-z2-7]{32}\/1$/);
  return /luyen-tap\/([a-z2-7]{32})\//.exec(page.url())![1]!;
}

/** Answers every question with its first choice; returns how many the feedback called right. */
async function practiseToTheEnd(page: Page, token: string): Promise<number> {
  let right = 0;
  for (let slot = 1; slot <= 10; slot++) {
    await expect(page).toHaveURL(new RegExp(`/luyen-tap/${token}/${slot}$`));
    await expect(page.getByRole("heading", { name: `Câu ${slot}/10` })).toBeVisible();
    await expect(page.getByText("Giải thích:")).toHaveCount(0);
    if (slot === 1) {
      // Checking without a choice says what to do.
      await page.getByRole("button", { name: "Kiểm tra" }).click();
      await expect(page.getByRole("alert")).toContainText("Hãy chọn");
    }
    await choose(page, 0);
    await page.getByRole("button", { name: "Kiểm tra" }).click();
    const verdict = page.getByRole("heading", { name: /Chính xác!|Chưa đúng/ });
    await expect(verdict).toBeVisible();
    if ((await verdict.innerText()).includes("Chính xác!")) right++;
    // Right and wrong are told by symbols and words, not colour alone.
    await expect(page.getByText("✓ Đáp án đúng").first()).toBeVisible();
    await expect(page.getByText(/Bạn chọn/)).toHaveCount(1);
    await expect(page.getByText("Giải thích:")).toBeVisible();
    await expect(page.getByText(/^Nguồn: /)).toBeVisible();
    await page.getByRole("link", { name: slot < 10 ? "Câu tiếp theo" : "Xem kết quả" }).click();
  }
  await expect(page).toHaveURL(new RegExp(`/luyen-tap/${token}/ket-qua$`));
  await expect(page.getByRole("heading", { name: `Bạn trả lời đúng ${right}/10 câu` })).toBeVisible();
  await expect(page.getByText(/^Câu \d+: (✓ Đúng|✗ Chưa đúng)$/)).toHaveCount(10);
  return right;
}

async function noHorizontalScroll(page: Page) {
  const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(scrollWidth).toBeLessThanOrEqual(360);
}

test.describe("a visitor with JavaScript", () => {
  test("practises a topic to the end without an account and starts again", async ({ page }) => {
    const token = await startTopic(page, TOPIC);
    await expect(page.getByRole("link", { name: "Đăng nhập", exact: true })).toBeVisible();
    await noHorizontalScroll(page);
    await practiseToTheEnd(page, token);
    await noHorizontalScroll(page);
    await page.getByRole("button", { name: "Luyện tập lại chủ đề này" }).click();
    await expect(page).toHaveURL(/\/luyen-tap\/[a-z2-7]{32}\/1$/);
    expect(page.url()).not.toContain(token);
    await page.goto(`/luyen-tap/${token}/ket-qua`);
    await page.getByRole("link", { name: "Chọn chủ đề khác" }).click();
    await expect(page).toHaveURL(/\/luyen-tap$/);
  });

  test("an unanswered question page carries no answers; bad links get a Vietnamese 404", async ({ page }) => {
    const token = await startTopic(page, TOPIC);
    const html = await (await page.request.get(`/luyen-tap/${token}/1`)).text();
    expect(html).not.toMatch(/isCorrect|is_correct|correct|explanation/i);
    expect(html).not.toContain("Giải thích");
    const missing = await page.goto(`/luyen-tap/${token}/11`);
    expect(missing?.status()).toBe(404);
    await expect(page.getByText("Không có câu hỏi này trong lượt luyện tập.")).toBeVisible();
    const unknown = await page.goto(`/luyen-tap/${"a".repeat(32)}/1`);
    expect(unknown?.status()).toBe(404);
    await expect(page.getByText(/Không tìm thấy lượt luyện tập này/)).toBeVisible();
  });
});

test.describe("a visitor without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("practises a topic to the end and sees the summary", async ({ page }) => {
    const token = await startTopic(page, "Thanh toán không dùng tiền mặt");
    await practiseToTheEnd(page, token);
    await noHorizontalScroll(page);
    // The back button and a second tap change nothing: the first answer stands.
    await page.goto(`/luyen-tap/${token}/1`);
    await expect(page.getByRole("heading", { name: /Chính xác!|Chưa đúng/ })).toBeVisible();
    await page.goto(`/luyen-tap/${token}/ket-qua`);
    await page.getByRole("button", { name: "Luyện tập lại chủ đề này" }).click();
    await expect(page).toHaveURL(/\/luyen-tap\/[a-z2-7]{32}\/1$/);
  });
});
