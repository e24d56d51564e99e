import { expect, test, type Page } from "@playwright/test";
import Database from "better-sqlite3";
import { e2eDatabase } from "../../playwright.config.ts";
import { choose, register, startRound, uniquePhone } from "./helpers.ts";

/** The places (0-based, in the order shown) of the right choices of a drawn question: tests may peek at the key. */
function rightPlaces(choiceOrder: number[]): number[] {
  const db = new Database(e2eDatabase, { readonly: true });
  const right = new Set(
    (
      db
        .prepare(
          `SELECT id FROM choices WHERE is_correct = 1 AND id IN (${choiceOrder.map(() => "?").join(",")})`,
        )
        .all(...choiceOrder) as { id: number }[]
    ).map((c) => c.id),
  );
  db.close();
  return choiceOrder.flatMap((id, place) => (right.has(id) ? [place] : []));
}

function practiceOrder(token: string, slot: number): number[] {
  const db = new Database(e2eDatabase, { readonly: true });
  const row = db.prepare("SELECT items FROM practice_sessions WHERE id = ?").get(token) as { items: string };
  db.close();
  return (JSON.parse(row.items) as { choiceOrder: number[] }[])[slot - 1]!.choiceOrder;
}

function attemptOrder(attemptId: number, slot: number): number[] {
  const db = new Database(e2eDatabase, { readonly: true });
  const row = db
    .prepare("SELECT choice_order FROM attempt_items WHERE attempt_id = ? AND slot = ?")
    .get(attemptId, slot) as { choice_order: string };
  db.close();
  return JSON.parse(row.choice_order) as number[];
}

async function chooseAll(page: Page, places: number[]) {
  for (const place of places) await choose(page, place);
}

async function noSideways(page: Page) {
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
}

test("a resident practises and takes an attempt, earns XP and a badge, and sees them on the profile", async ({
  page,
  browser,
  baseURL,
}) => {
  await register(page, {
    name: "Hoàng Thị Xuân Mai",
    phone: uniquePhone(),
    district: "Huyện Bắc Quang",
    commune: "Xã Tân Quang",
  });
  await expect(page.getByRole("banner").getByRole("link", { name: "Hồ sơ" })).toBeVisible();

  // Practice, signed in: a right answer earns XP, and the page says so.
  await page.goto("/luyen-tap");
  await expect(page.getByText(/được cộng 5 điểm kinh nghiệm/)).toBeVisible();
  const card = page
    .getByRole("listitem")
    .filter({ has: page.getByRole("heading", { name: "Nhận diện lừa đảo trực tuyến" }) });
  await card.getByRole("button", { name: "Luyện tập" }).click();
  await expect(page).toHaveURL(/\/luyen-tap\/[a-z2-7]{32}\/1$/);
  const token = /luyen-tap\/([a-z2-7]{32})\//.exec(page.url())![1]!;
  await chooseAll(page, rightPlaces(practiceOrder(token, 1)));
  await page.getByRole("button", { name: "Kiểm tra" }).click();
  await expect(page.getByRole("heading", { name: "✓ Chính xác!" })).toBeVisible();

  // A contest attempt with its first question right: 10 XP and the first badge on the result page.
  const attemptId = await startRound(page);
  await chooseAll(page, rightPlaces(attemptOrder(attemptId, 1)));
  await page.getByRole("button", { name: "Câu tiếp theo" }).click();
  await expect(page).toHaveURL(/\/cau\/2(\?|$)/);
  await page.goto(`/bai-thi/${attemptId}/nop-bai`);
  await page.getByRole("button", { name: "Nộp bài" }).click();
  await expect(page.getByRole("heading", { name: "Bạn đã nộp bài" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "+10 điểm kinh nghiệm" })).toBeVisible();
  await expect(page.getByText("Huy hiệu mới: Lần đầu dự thi")).toBeVisible();
  await expect(page.getByText(/Còn 35 điểm kinh nghiệm nữa để lên cấp “Công dân số tập sự”/)).toBeVisible();
  await noSideways(page);

  // The profile, with JavaScript off.
  const noScript = await browser.newContext({
    baseURL,
    viewport: { width: 360, height: 740 },
    javaScriptEnabled: false,
    storageState: await page.context().storageState(),
  });
  const profile = await noScript.newPage();
  await profile.goto("/ho-so");
  await expect(profile.getByRole("heading", { name: "Hồ sơ của bạn" })).toBeVisible();
  await expect(profile.getByText("Cấp 1: Người mới")).toBeVisible();
  await expect(profile.getByText("15 điểm kinh nghiệm", { exact: true })).toBeVisible();
  await expect(profile.getByText(/Chuỗi ngày học: 1 ngày/)).toBeVisible();
  const badges = profile.getByRole("region", { name: "Huy hiệu" });
  await expect(badges.getByRole("listitem").filter({ hasText: "Lần đầu dự thi" })).toContainText("Đạt ngày");
  await expect(badges.getByRole("listitem").filter({ hasText: "Khắc tinh lừa đảo" })).toContainText(
    "Trả lời đúng 20 câu hỏi về lừa đảo",
  );
  const history = profile.getByRole("region", { name: "Lịch sử" });
  await expect(history.getByRole("link", { name: /— tuần \d+$/ })).toHaveAttribute(
    "href",
    `/bai-thi/${attemptId}/ket-qua`,
  );
  await expect(history.getByRole("link", { name: "Nhận diện lừa đảo trực tuyến" })).toBeVisible();
  await expect(profile.getByRole("region", { name: "Mức thành thạo theo chủ đề" })).toContainText(
    /\d+% đúng/,
  );
  await noSideways(profile);

  // The weakest topic's practice starts from a plain form.
  await profile.getByRole("button", { name: "Luyện chủ đề yếu nhất" }).click();
  await expect(profile).toHaveURL(/\/luyen-tap\/[a-z2-7]{32}\/1$/);
  await expect(profile.getByRole("heading", { name: /^Câu 1\// })).toBeVisible();
  await noScript.close();
});
