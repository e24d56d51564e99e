import { expect, test, type Page } from "@playwright/test";
import Database from "better-sqlite3";
import { e2eDatabase } from "../../playwright.config.ts";
import { choose } from "./helpers.ts";

/**
 * Starts a practice run and puts a published question with a drawn screen at slot 1 (the draw is random);
 * returns the page's path and the picture's id and alt text as stored.
 */
async function practiseAScreen(page: Page): Promise<{ path: string; image: string; alt: string }> {
  await page.goto("/luyen-tap");
  await page.getByRole("button", { name: "Luyện tập" }).first().click();
  await expect(page).toHaveURL(/\/luyen-tap\/[a-z2-7]{32}\/1$/);
  const token = /luyen-tap\/([a-z2-7]{32})\//.exec(page.url())![1]!;
  const db = new Database(e2eDatabase);
  db.pragma("busy_timeout = 5000");
  const screen = db
    .prepare(
      `SELECT r.id, r.image, r.image_alt AS alt FROM questions q
       JOIN question_revisions r ON r.id = q.published_revision_id
       WHERE r.screen IS NOT NULL AND q.reserved = 0 ORDER BY q.id LIMIT 1`,
    )
    .get() as { id: number; image: string; alt: string } | undefined;
  expect(screen, "the seeded bank has a question with a drawn screen").toBeDefined();
  const choiceOrder = (
    db.prepare("SELECT id FROM choices WHERE revision_id = ? ORDER BY position").all(screen!.id) as {
      id: number;
    }[]
  ).map((c) => c.id);
  const session = db.prepare("SELECT items FROM practice_sessions WHERE id = ?").get(token) as {
    items: string;
  };
  const items = JSON.parse(session.items) as { revisionId: number; choiceOrder: number[] }[];
  items[0] = { revisionId: screen!.id, choiceOrder };
  db.prepare("UPDATE practice_sessions SET items = ? WHERE id = ?").run(JSON.stringify(items), token);
  db.close();
  await page.goto(`/luyen-tap/${token}/1`);
  return { path: `/luyen-tap/${token}/1`, image: screen!.image, alt: screen!.alt };
}

/** The screen picture is loaded, as wide as the 360 px phone (no horizontal scroll) and carries its alt text. */
async function expectScreenShown(page: Page, image: string, alt: string) {
  const picture = page.getByRole("img", { name: alt });
  await expect(picture).toBeVisible();
  expect(alt).toMatch(/^Màn hình /);
  // The address is the picture's id alone: nothing in it says anything about the answer.
  await expect(picture).toHaveAttribute("src", `/anh/${image}`);
  expect(await picture.getAttribute("loading")).toBeNull();
  await expect
    .poll(() => picture.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth))
    .toBe(720);
  const box = (await picture.boundingBox())!;
  expect(box.x).toBeGreaterThanOrEqual(0);
  expect(box.width).toBe(360);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
  await expect(page.getByRole("link", { name: "Mở ảnh cỡ lớn" })).toHaveAttribute("href", `/anh/${image}`);
}

for (const javaScriptEnabled of [true, false]) {
  test.describe(javaScriptEnabled ? "with JavaScript" : "without JavaScript", () => {
    test.use({ javaScriptEnabled });

    test("a scam question shows its drawn phone screen, full width and described, before and after answering", async ({
      page,
    }) => {
      const { image, alt } = await practiseAScreen(page);
      await expectScreenShown(page, image, alt);
      await choose(page, 0);
      await page.getByRole("button", { name: "Kiểm tra" }).click();
      await expect(page.getByRole("heading", { name: /Chính xác!|Chưa đúng/ })).toBeVisible();
      await expectScreenShown(page, image, alt);
      const response = await page.request.get(`/anh/${image}`);
      expect(response.headers()["content-type"]).toBe("image/png");
    });
  });
}
