import { expect, test } from "@playwright/test";
import { logIn, ORGANISER, register, uniquePhone } from "./helpers.ts";

// Today in Vietnam as a date input wants it.
const today = () => new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 10);

test("an organiser builds a two-round contest, previews and publishes it; a resident starts it", async ({
  page,
  browser,
}) => {
  // A whole contest built, previewed, published and started by a resident: the longest journey.
  test.slow();
  const title = `Cuộc thi Hội Phụ nữ ${uniquePhone().slice(-4)}`;
  await logIn(page, ORGANISER);
  await page.goto("/quan-tri/cuoc-thi");
  await page.getByRole("link", { name: "Tạo cuộc thi" }).click();

  // A mistake is explained in Vietnamese, and what was typed stays.
  await page.getByLabel("Giới thiệu ngắn").fill("Mỗi tuần một vòng cho hội viên.");
  await page.getByLabel("Số vòng").fill("2");
  await page.getByRole("button", { name: "Tạo bản nháp" }).click();
  await expect(page.getByText("Vui lòng nhập tên cuộc thi.")).toBeVisible();
  await expect(page.getByLabel("Giới thiệu ngắn")).toHaveValue("Mỗi tuần một vòng cho hội viên.");
  await expect(page.getByLabel("Số vòng")).toHaveValue("2");

  await page.getByLabel("Tên cuộc thi").fill(title);
  await page
    .getByLabel("Thể lệ chi tiết")
    .fill("## Giải thưởng\n\n- **1 giải Nhất**\n\n<script>alert(1)</script>");
  await page.getByLabel("Ngày mở vòng 1").fill(today());
  await page.getByLabel("Giờ mở").fill("00:00");
  await page.getByLabel("Giờ đóng").fill("23:59");
  await page.getByRole("button", { name: "Tạo bản nháp" }).click();
  await expect(page.getByText("Đã tạo bản nháp.")).toBeVisible({ timeout: 30_000 });
  await expect(page.getByText(/Vòng 1 đã mở lúc 00:00 ngày/)).toBeVisible();
  await expect(page.getByText(/Vòng 2 sẽ mở lúc 00:00 ngày .* và đóng lúc 23:59 ngày/)).toBeVisible();
  const contestUrl = page.url().replace(/\?.*$/, "");
  // The whole form fits a 360 px phone; only dense tables may scroll inside their own box.
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);

  // A draft is nowhere on the home page.
  await page.goto("/");
  await expect(page.getByRole("link", { name: title })).toHaveCount(0);

  // Two questions a round by skill (from any topic) instead of two from a topic: the totals still add up.
  await page.goto(contestUrl);
  const topic = page.getByLabel("Nhận diện lừa đảo trực tuyến", { exact: true });
  const fromTopic = Number(await topic.inputValue());
  expect(fromTopic).toBeGreaterThanOrEqual(2);
  await topic.fill(String(fromTopic - 2));
  const skill = page.getByLabel("Nhận diện và phòng tránh lừa đảo trực tuyến", { exact: true });
  await skill.fill("2");
  await page.getByRole("button", { name: "Lưu thay đổi" }).click();
  await expect(page.getByText("Đã lưu.")).toBeVisible({ timeout: 30_000 });
  await page.reload();
  await expect(skill).toHaveValue("2");
  await expect(topic).toHaveValue(String(fromTopic - 2));

  // The preview is the resident's page, rules text rendered without running its HTML, and a sample attempt.
  await page.goto(contestUrl);
  await page.getByRole("link", { name: "Xem như người dự thi" }).click();
  await expect(page.getByRole("heading", { name: title })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Giải thưởng" })).toBeVisible();
  await expect(page.getByText("<script>alert(1)</script>")).toBeVisible();
  await page.getByRole("link", { name: "Làm thử một bài mẫu" }).click();
  await expect(page.getByText("Câu 1/10")).toBeVisible();
  await page.getByRole("link", { name: "Câu tiếp theo" }).click();
  await expect(page.getByText("Câu 2/10")).toBeVisible();

  await page.goto(contestUrl);
  await page.getByRole("button", { name: "Công bố" }).click();
  await expect(page.getByText("Đã công bố: cuộc thi hiện trên trang chủ.")).toBeVisible();

  const resident = await (await browser.newContext()).newPage();
  await resident.goto("/");
  await resident.getByRole("link", { name: title }).click();
  // The home page lists other specs' open contests too: wait for this contest's own page.
  await expect(resident.getByRole("heading", { level: 1, name: title })).toBeVisible();
  await expect(resident.getByText("Tuần 1 đang mở")).toBeVisible();
  await register(resident, {
    name: "Lò Thị Hoa",
    phone: uniquePhone(),
    district: "Huyện Bắc Quang",
    commune: "Xã Tân Quang",
  });
  await resident.goto("/");
  await resident.getByRole("link", { name: title }).click();
  await resident.getByRole("button", { name: "Bắt đầu thi" }).click();
  await expect(resident).toHaveURL(/\/bai-thi\/\d+\/cau\/1$/);
  await expect(resident.getByText("Câu 1/10")).toBeVisible();

  // Round 1 now has an attempt: its scoring rules are read-only and say why.
  await page.reload();
  await expect(page.getByText("Vòng 1 đã có 1 lượt thi: không thể đổi số câu mỗi lượt.")).toBeVisible();
  await expect(page.getByLabel("Số câu mỗi lượt")).toHaveAttribute("readonly", "");
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("the builder explains a topic mix that does not add up, keeps the typing, and adds a round", async ({
    page,
  }) => {
    const title = `Cuộc thi Đoàn Thanh niên ${uniquePhone().slice(-4)}`;
    await logIn(page, ORGANISER);
    await page.goto("/quan-tri/cuoc-thi/moi");
    await page.getByLabel("Tên cuộc thi").fill(title);
    await page.getByLabel("Giới thiệu ngắn").fill("Thi tìm hiểu kỹ năng số cho đoàn viên.");
    await page.getByLabel("Số câu mỗi lượt").fill("12");
    await page.getByLabel("Số vòng").fill("1");
    await page.getByRole("button", { name: "Tạo bản nháp" }).click();
    await expect(
      page.getByText("Tổng số câu theo chủ đề và kỹ năng (10) phải bằng số câu mỗi lượt (12)."),
    ).toBeVisible();
    await expect(page.getByLabel("Tên cuộc thi")).toHaveValue(title);
    await expect(page.getByLabel("Số câu mỗi lượt")).toHaveValue("12");

    await page.getByLabel("Số câu mỗi lượt").fill("10");
    await page.getByRole("button", { name: "Tạo bản nháp" }).click();
    await expect(page.getByText("Đã tạo bản nháp.")).toBeVisible();
    await expect(page.getByText(/^Vòng 2 /)).toHaveCount(0);
    await page.getByRole("button", { name: "Thêm một vòng (tuần sau vòng cuối)" }).click();
    await expect(page.getByText(/Vòng 2 sẽ mở lúc 08:00 ngày .* và đóng lúc 20:00 ngày/)).toBeVisible();
    await expect(page.getByText("Vòng 2", { exact: true })).toBeVisible();
  });
});
