import { expect, test } from "@playwright/test";
import { choose, register, startRound, uniquePhone } from "./helpers.ts";

test("a save refused as too fast (429) is kept and sent again, not shown as a refusal", async ({ page }) => {
  await register(page, {
    name: "Lục Thị Mai",
    phone: uniquePhone(),
    district: "Huyện Xín Mần",
    commune: "Xã Nà Chì",
  });
  await startRound(page);
  await page.route("**/luu", (route) =>
    route.fulfill({
      status: 429,
      contentType: "application/json",
      body: JSON.stringify({ error: "Bạn gửi câu trả lời quá nhanh. Hãy đợi một lát rồi thử lại." }),
    }),
  );
  const chosen = await choose(page, 1);
  await expect(page.getByRole("status")).toHaveText(
    "Chưa lưu được — câu trả lời sẽ được gửi lại sau ít giây.",
  );
  await expect(page.getByRole("alert")).toHaveCount(0);
  await page.unroute("**/luu");
  await page.evaluate(() => window.dispatchEvent(new Event("online")));
  await expect(page.getByRole("status")).toHaveText("✓ Đã lưu");
  await page.reload();
  await expect(page.locator('label:has(input[name="choice"]:checked)')).toHaveText(chosen);
});

test.describe("the console", () => {
  test.use({ viewport: { width: 1280, height: 900 }, isMobile: false, hasTouch: false });

  test("an organiser keeps a question for the contest and gives it back to practice", async ({ page }) => {
    const topic = "Định danh điện tử (VNeID, Đề án 06, thẻ căn cước)";
    const keptOf = async () => {
      await page.goto("/luyen-tap");
      const card = page.getByRole("listitem").filter({ has: page.getByRole("heading", { name: topic }) });
      return Number(/(\d+) câu khác được giữ riêng/.exec(await card.innerText())?.[1] ?? 0);
    };
    const keptBefore = await keptOf();
    expect(keptBefore).toBeGreaterThan(0);

    await page.goto("/dang-nhap");
    await page.getByLabel("Số điện thoại", { exact: true }).fill("0912000001");
    await page.getByLabel("Mật khẩu", { exact: true }).fill("BanToChuc@2026");
    await page.getByRole("button", { name: "Đăng nhập" }).click();
    await expect(page.getByRole("link", { name: "Quản trị" })).toBeVisible();
    await page.goto("/quan-tri/cau-hoi?chu-de=dinh-danh-dien-tu&dung-cho=giu-rieng");
    await expect(page.getByText("Dành cho cuộc thi")).toHaveCount(keptBefore);
    await page.goto("/quan-tri/cau-hoi?chu-de=dinh-danh-dien-tu&dung-cho=luyen-tap");
    await expect(page.getByText("Dành cho cuộc thi")).toHaveCount(0);
    await page.getByRole("row").nth(1).getByRole("link").click();

    await page.getByRole("button", { name: "Giữ riêng cho cuộc thi" }).click();
    await expect(page.getByText(/^Phiên bản \d+ · Đã xuất bản · Dành cho cuộc thi$/)).toBeVisible();
    await expect(page.getByRole("region", { name: "Lịch sử" })).toContainText(
      /Giữ riêng cho cuộc thi \(phiên bản \d+\) — Ban tổ chức tỉnh Hà Giang/,
    );
    const question = page.url();
    expect(await keptOf()).toBe(keptBefore + 1);

    await page.goto(question);
    await page.getByRole("button", { name: "Cho phép dùng khi luyện tập" }).click();
    await expect(page.getByRole("region", { name: "Lịch sử" })).toContainText(
      /Cho phép dùng khi luyện tập \(phiên bản \d+\) — Ban tổ chức/,
    );
    expect(await keptOf()).toBe(keptBefore);
  });
});
