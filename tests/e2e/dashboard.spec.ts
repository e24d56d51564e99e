import { expect, test, type Page } from "@playwright/test";
import Database from "better-sqlite3";
import { e2eDatabase } from "../../playwright.config.ts";
import { logIn, ORGANISER, register, startRound, uniquePhone } from "./helpers.ts";

function demoContestId(): number {
  const db = new Database(e2eDatabase, { readonly: true });
  const row = db.prepare("SELECT id FROM contests WHERE slug = 'xay-dung-cong-dan-so'").get() as {
    id: number;
  };
  db.close();
  return row.id;
}

const figure = async (page: Page, testId: string) =>
  Number((await page.getByTestId(testId).innerText()).replace(/\D/g, ""));

test("the dashboard updates without a reload when a resident submits, on a 360 px phone", async ({
  page,
  browser,
}) => {
  await logIn(page, ORGANISER);
  await page.goto(`/quan-tri/cuoc-thi/${demoContestId()}/theo-doi`);
  await expect(page.getByRole("heading", { name: "Theo dõi trực tiếp" })).toBeVisible();
  await expect(page.getByText(/tự cập nhật khi trang đang mở/)).toBeVisible();
  await expect(page.getByRole("img", { name: "Người bắt đầu thi theo giờ" })).toBeVisible();
  await expect(page.getByTestId("commune-table")).toBeVisible();
  // Dense tables scroll inside their own box; the page itself never scrolls sideways.
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
  const participants = await figure(page, "participants");
  const started = await figure(page, "started");
  await page.evaluate(() => ((window as unknown as { sameDocument: boolean }).sameDocument = true));

  const resident = await browser.newPage();
  await register(resident, {
    name: "Lò Văn Thắng",
    phone: uniquePhone(),
    district: "Huyện Quản Bạ",
    commune: "Xã Cán Tỷ",
  });
  const attemptId = await startRound(resident);
  await resident.goto(`/bai-thi/${attemptId}/nop-bai`);
  await resident.getByRole("button", { name: "Nộp bài" }).click();
  await expect(resident).toHaveURL(new RegExp(`/bai-thi/${attemptId}/ket-qua`));

  await expect.poll(() => figure(page, "participants"), { timeout: 30_000 }).toBeGreaterThan(participants);
  expect(await figure(page, "started")).toBeGreaterThan(started);
  // The same document: the figures came in without a reload.
  expect(await page.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument)).toBe(
    true,
  );
  await resident.close();
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("the dashboard, its filters and the fair-play queue work as plain pages", async ({ page }) => {
    await logIn(page, ORGANISER);
    const contestId = demoContestId();
    await page.goto(`/quan-tri/cuoc-thi/${contestId}/theo-doi`);
    await expect(page.getByText(/tải lại trang để cập nhật/)).toBeVisible();
    await page.getByRole("combobox", { name: /^Huyện/ }).selectOption({ label: "Huyện Quản Bạ" });
    await page.getByRole("button", { name: "Lọc" }).click();
    await expect(page).toHaveURL(/huyen=\d+/);
    await expect(page.getByTestId("commune-table")).toContainText("Cán Tỷ");
    await page.getByRole("link", { name: "Tỉ lệ tham gia" }).first().click();
    await expect(page).toHaveURL(/sx=ti-le/);
    // The demo holds one person registered twice, one of whose attempts was answered faster than reading.
    await page.goto(`/quan-tri/cuoc-thi/${contestId}/gian-lan`);
    await expect(page.getByRole("heading", { name: "Rà soát gian lận" })).toBeVisible();
    const fast = page.getByTestId("flag").filter({ hasText: "Trả lời nhanh hơn tốc độ đọc" });
    await expect(fast).toContainText("Vàng Thị Dung");
    // (Other specs share the database and may register look-alike residents: count the demo's own.)
    await expect(
      page
        .getByTestId("flag")
        .filter({ hasText: "Một người nhiều số điện thoại" })
        .filter({ hasText: "Vàng Thị Dung" }),
    ).toHaveCount(2);
    // Opening the queue only reads what the last scan stored; “Quét lại” scans again, as a plain form post.
    await expect(page.getByTestId("last-scan")).toContainText("Lần quét gần nhất:");
    await page.getByRole("button", { name: "Quét lại" }).click();
    await expect(page.getByRole("status")).toHaveText(/^Đã quét lại: \d+ dấu hiệu chờ xử lý\.$/);
    // A scan costs the server a second: asking again at once is refused before any work.
    await page.getByRole("button", { name: "Quét lại" }).click();
    await expect(page.getByRole("alert")).toHaveText(/^Vừa quét xong\. Vui lòng đợi .+ rồi quét lại\.$/);
    await expect(fast).toContainText("Vàng Thị Dung");
    await fast.getByLabel("Lý do quyết định").fill("Đã gọi điện: người nhà bấm hộ, không gian lận");
    await fast.getByRole("button", { name: "Bỏ qua" }).click();
    await expect(page.getByRole("status")).toHaveText("Đã bỏ qua dấu hiệu.");
    await page.getByRole("link", { name: "Đã bỏ qua" }).click();
    await expect(page.getByTestId("flag")).toContainText("Đã gọi điện: người nhà bấm hộ");
  });
});
