import { expect, test, type Page } from "@playwright/test";
import { CONTEST, choose, moveDeadline, register, startRound, uniquePhone } from "./helpers.ts";

/** The UI guide's rule: no horizontal scrolling, ever. */
async function expectNoSideways(page: Page) {
  const { scrollWidth, innerWidth } = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: window.innerWidth,
  }));
  expect(scrollWidth).toBeLessThanOrEqual(innerWidth);
}

async function takeWholeRound(page: Page) {
  const counter = page.getByText(/^Câu \d+\/10$/);
  for (let slot = 1; slot <= 10; slot++) {
    await expect(counter).toHaveText(`Câu ${slot}/10`);
    if (slot > 1) await expect(page.getByRole("status")).toHaveText(`✓ Đã lưu câu ${slot - 1}`);
    else await expectNoSideways(page);
    await choose(page, 0);
    await page.getByRole("button", { name: slot < 10 ? "Câu tiếp theo" : "Câu dự đoán" }).click();
  }
  await page.getByLabel(/bao nhiêu người tham gia/).fill("1500");
  await page.getByRole("button", { name: "Lưu và nộp bài" }).click();
  await expect(page.getByRole("heading", { name: "Bạn chắc chắn muốn nộp bài?" })).toBeVisible();
  await expect(page.getByText("Bạn đã trả lời tất cả 10 câu.")).toBeVisible();
  await page.getByRole("button", { name: "Nộp bài" }).click();
  await expect(page.getByRole("heading", { name: "Bạn đã nộp bài" })).toBeVisible();
  await expectNoSideways(page);
}

/**
 * The boards are served from the page cache (the same page for everyone, a few seconds old at most), so a
 * resident who just submitted may need the next render: reload until their row is there.
 */
async function untilListed(page: Page, rowText: string | RegExp, within = page.getByRole("listitem")) {
  await expect(async () => {
    await page.reload();
    await expect(within.filter({ hasText: rowText }).first()).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 20_000 });
}

async function findMyselfOnBoards(
  page: Page,
  {
    name,
    district,
    commune,
    javaScript,
  }: { name: string; district: string; commune: string; javaScript: boolean },
) {
  await page.getByRole("link", { name: "Bảng xếp hạng" }).first().click();
  // The resident's own place is not part of the cached page: with JavaScript it is fetched into it, without it
  // the page links to it.
  if (!javaScript) {
    await page.getByRole("link", { name: "Xem vị trí của bạn" }).click();
    await expect(page.getByRole("heading", { name: "Vị trí của bạn" })).toBeVisible();
    await expect(page.getByRole("listitem").filter({ hasText: `${name} (bạn)` })).toBeVisible();
    await expect(page.getByText(/Bạn đang xếp hạng [\d.]+ trên [\d.]+ người/)).toBeVisible();
    await page.getByRole("link", { name: /^Bảng xếp hạng tuần/ }).click();
  } else {
    await expect(page.getByText(/Bạn đang xếp hạng [\d.]+ trên [\d.]+ người/)).toBeVisible();
  }
  await page.getByLabel("Huyện/Thị xã/Thành phố", { exact: true }).selectOption({ label: district });
  // Without JavaScript the filter needs its button; with it, the choice applies at once.
  const filter = page.getByRole("button", { name: "Lọc" });
  if (await filter.isVisible()) await filter.click();
  await expect(page).toHaveURL(/huyen=\d+/);
  const communeName = commune.replace(/^(Xã|Phường|Thị trấn) /, "");
  await untilListed(page, name);
  await expect(page.getByRole("listitem").filter({ hasText: name }).first()).toContainText(communeName);
  await expectNoSideways(page);
  await page.getByRole("link", { name: "Theo xã" }).click();
  await untilListed(page, commune);
  await expect(page.getByRole("listitem").filter({ hasText: commune })).toContainText(/[1-9]\d* người/);
  // The district board and the total of all rounds count the resident too.
  await page.getByRole("link", { name: "Theo huyện" }).click();
  await expect(page.getByRole("listitem").filter({ hasText: district })).toContainText(/[1-9]\d* người/);
  // Each click waits for its page, so the next one reads the links of the board it moved to.
  await page.getByRole("link", { name: "Tổng các tuần" }).click();
  await expect(page.getByRole("link", { name: "Tổng các tuần" })).toHaveAttribute("aria-current", "page");
  await page.getByRole("link", { name: "Cá nhân" }).click();
  await expect(page.getByRole("link", { name: "Cá nhân" })).toHaveAttribute("aria-current", "page");
  await page.getByLabel("Huyện/Thị xã/Thành phố", { exact: true }).selectOption({ label: district });
  if (await filter.isVisible()) await filter.click();
  await expect(page).toHaveURL(/vong=tong.*huyen=\d+|huyen=\d+.*vong=tong/);
  await untilListed(page, name);
}

test.describe("a resident with JavaScript", () => {
  test("registers, takes the round, submits and finds their commune on the leaderboard", async ({ page }) => {
    const resident = {
      name: "Giàng Thị Mỷ",
      phone: uniquePhone(),
      district: "Huyện Mèo Vạc",
      commune: "Xã Pả Vi",
    };
    await register(page, resident);
    await startRound(page);
    await expect(page.getByRole("timer")).toHaveText(/Còn 1[45]:\d\d/);
    await takeWholeRound(page);
    await expect(page.getByText(/Xem lại đáp án/)).toBeVisible();
    await expect(page.getByText(/Giải thích:/).first()).toBeVisible();
    await findMyselfOnBoards(page, { ...resident, javaScript: true });
  });

  test("a reload mid-attempt keeps every answer", async ({ page }) => {
    await register(page, {
      name: "Lò Văn Páo",
      phone: uniquePhone(),
      district: "Huyện Đồng Văn",
      commune: "Xã Lũng Cú",
    });
    const attemptId = await startRound(page);
    const chosen: string[] = [];
    for (let slot = 1; slot <= 3; slot++) {
      // Wait for the question itself, not the page it replaces.
      await expect(page.getByText(`Câu ${slot}/10`, { exact: true })).toBeVisible();
      chosen.push(await choose(page, slot % 2));
      // The background save says so before we move on.
      await expect(page.getByRole("status")).toHaveText("✓ Đã lưu");
      if (slot < 3) await page.getByRole("button", { name: "Câu tiếp theo" }).click();
    }
    await page.reload();
    await expect(page.locator('input[name="choice"]:checked')).toHaveCount(1);
    // Closing the tab and coming back resumes at the first unanswered question.
    await page.goto(`/bai-thi/${attemptId}`);
    await expect(page).toHaveURL(new RegExp(`/bai-thi/${attemptId}/cau/4$`));
    for (let slot = 1; slot <= 3; slot++) {
      await page.goto(`/bai-thi/${attemptId}/cau/${slot}`);
      const checked = page.locator('label:has(input[name="choice"]:checked)');
      await expect(checked).toHaveText(chosen[slot - 1]!);
    }
    await expect(page.getByRole("button", { name: /Câu 3, đã trả lời/ })).toBeVisible();
  });

  test("an answer after the deadline is refused and the attempt is settled", async ({ page }) => {
    await register(page, {
      name: "Sùng Mí Chứ",
      phone: uniquePhone(),
      district: "Huyện Yên Minh",
      commune: "Xã Lao Và Chải",
    });
    const attemptId = await startRound(page);
    await choose(page, 0);
    await expect(page.getByRole("status")).toHaveText("✓ Đã lưu");
    // Past the 10 s grace, but not the minute after which the background job settles it first (da-nop).
    moveDeadline(attemptId, -30);
    await choose(page, 1);
    await expect(page.getByRole("alert")).toContainText(
      "Đã hết giờ làm bài. Câu trả lời này không được ghi nhận.",
    );
    await page.getByRole("link", { name: "Xem kết quả" }).click();
    await expect(page.getByRole("heading", { name: "Bạn đã nộp bài" })).toBeVisible();
    await expect(page.getByText(/^[01]\/10$/)).toBeVisible();
  });

  test("an answer given offline is kept and sent when the network returns", async ({ page, context }) => {
    await register(page, {
      name: "Ma Văn Cường",
      phone: uniquePhone(),
      district: "Huyện Xín Mần",
      commune: "Xã Nà Chì",
    });
    await startRound(page);
    await context.setOffline(true);
    const chosen = await choose(page, 1);
    await expect(page.getByRole("status")).toHaveText(
      "Mất kết nối — câu trả lời sẽ được gửi lại khi có mạng.",
    );
    await context.setOffline(false);
    await page.evaluate(() => window.dispatchEvent(new Event("online")));
    await expect(page.getByRole("status")).toHaveText("✓ Đã lưu");
    await page.reload();
    await expect(page.locator('label:has(input[name="choice"]:checked)')).toHaveText(chosen);
  });

  test("when the countdown reaches zero the attempt is submitted", async ({ page }) => {
    await register(page, {
      name: "Phàn Thị Hương",
      phone: uniquePhone(),
      district: "Huyện Hoàng Su Phì",
      commune: "Xã Thông Nguyên",
    });
    const attemptId = await startRound(page);
    await choose(page, 0);
    await expect(page.getByRole("status")).toHaveText("✓ Đã lưu");
    moveDeadline(attemptId, 3);
    await page.reload();
    await expect(page.getByRole("timer")).toHaveText(/Còn 00:0[0-3]/);
    await expect(page.getByRole("heading", { name: "Bạn đã nộp bài" })).toBeVisible({ timeout: 15_000 });
  });

  test("the attempt page carries no correct answers", async ({ page }) => {
    await register(page, {
      name: "Vàng Thị Hoa",
      phone: uniquePhone(),
      district: "Huyện Quản Bạ",
      commune: "Xã Thái An",
    });
    const attemptId = await startRound(page);
    const html = await (await page.request.get(`/bai-thi/${attemptId}/cau/1`)).text();
    expect(html).not.toMatch(/isCorrect|is_correct|correct/i);
    expect(html).not.toContain("Giải thích");
    // Choices are sent as their places on screen (1, 2, …), not as ids that could follow the key.
    const values = [...html.matchAll(/name="choice"[^>]*value="(\d+)"/g)].map((m) => Number(m[1]));
    expect(values.length).toBeGreaterThanOrEqual(2);
    expect(values).toEqual(values.map((_, i) => i + 1));
  });
});

test.describe("a resident without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("registers, takes the round, submits and finds their commune on the leaderboard", async ({ page }) => {
    const resident = {
      name: "Hầu Mí Dế",
      phone: uniquePhone(),
      district: "Huyện Bắc Mê",
      commune: "Xã Yên Phong",
    };
    await register(page, resident, false);
    await takeRoundFromContestPage(page);
    await findMyselfOnBoards(page, { ...resident, javaScript: false });
  });

  test("a late answer is refused without JavaScript too", async ({ page }) => {
    await register(
      page,
      { name: "Thào Seo Sính", phone: uniquePhone(), district: "Huyện Mèo Vạc", commune: "Xã Xín Cái" },
      false,
    );
    const attemptId = await startRound(page);
    // Past the 10 s grace, but not the minute after which the background job settles it first (da-nop).
    moveDeadline(attemptId, -30);
    await choose(page, 0);
    await page.getByRole("button", { name: "Câu tiếp theo" }).click();
    await expect(page.getByRole("alert")).toContainText(
      "Đã hết giờ làm bài. Câu trả lời này không được ghi nhận.",
    );
    await expect(page.getByRole("heading", { name: "Bạn đã nộp bài" })).toBeVisible();
  });
  test("when time runs out the page moves on to the result by itself", async ({ page }) => {
    await register(
      page,
      { name: "Lục Văn Thắng", phone: uniquePhone(), district: "Huyện Quang Bình", commune: "Xã Tân Bắc" },
      false,
    );
    const attemptId = await startRound(page);
    await choose(page, 0);
    await page.getByRole("button", { name: "Câu tiếp theo" }).click();
    await expect(page.getByRole("status")).toHaveText("✓ Đã lưu câu 1");
    moveDeadline(attemptId, 1);
    await page.reload();
    // A timed refresh after the deadline and its grace period; the result page settles the attempt.
    await expect(page.getByRole("heading", { name: "Bạn đã nộp bài" })).toBeVisible({ timeout: 30_000 });
    expect(page.url()).toContain(`/bai-thi/${attemptId}/ket-qua`);
  });
});

async function takeRoundFromContestPage(page: Page) {
  await startRound(page);
  await takeWholeRound(page);
}

test("the contest page shows the rules and schedule; bad links get a Vietnamese 404", async ({ page }) => {
  await page.goto(CONTEST);
  await expect(page.getByRole("heading", { name: "Thể lệ" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Lịch thi" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Đăng nhập để thi" })).toBeVisible();
  const response = await page.goto("/cuoc-thi/khong-co");
  expect(response?.status()).toBe(404);
  await expect(page.getByText("Không tìm thấy cuộc thi này.")).toBeVisible();
  const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(scrollWidth).toBeLessThanOrEqual(360);
});

test("a long name fits the phone's header, and a resident far down the board sees their own row", async ({
  page,
}) => {
  const name = "Nguyễn Thị Phương Thảo Hoàng Minh Khánh Linh";
  await register(page, { name, phone: uniquePhone(), district: "Huyện Quản Bạ", commune: "Xã Tùng Vài" });
  // The narrowest phones the UI guide names: the whole "Đăng xuất" button stays on screen.
  await page.setViewportSize({ width: 320, height: 640 });
  await expect(page.getByRole("button", { name: "Đăng xuất" })).toBeInViewport({ ratio: 1 });
  await expectNoSideways(page);
  await page.setViewportSize({ width: 360, height: 740 });
  // Submitting with no answers puts the resident below the demo's ~320 residents, past the first page.
  await startRound(page);
  await expectNoSideways(page);
  await page.getByRole("button", { name: "Nộp bài" }).click();
  await expect(page.getByRole("heading", { name: "Bạn chắc chắn muốn nộp bài?" })).toBeVisible();
  await page.getByRole("button", { name: "Nộp bài" }).click();
  await expect(page.getByRole("heading", { name: "Bạn đã nộp bài" })).toBeVisible();
  await page.getByRole("link", { name: "Bảng xếp hạng" }).first().click();
  // Fetched into the cached board by its script: the resident's row with its neighbours.
  const myPlace = page.getByRole("region", { name: "Vị trí của bạn" });
  await expect(myPlace.getByRole("listitem").filter({ hasText: `${name} (bạn)` })).toBeVisible();
  // Two neighbours above; below only those other tests left with no answers either.
  expect(await myPlace.getByRole("listitem").count()).toBeGreaterThanOrEqual(3);
  const rank = Number(
    (await page.getByText(/Bạn đang xếp hạng/).innerText())
      .match(/xếp hạng ([\d.]+)/)![1]!
      .replace(/\./g, ""),
  );
  expect(rank).toBeGreaterThan(50);
  await expectNoSideways(page);
});
