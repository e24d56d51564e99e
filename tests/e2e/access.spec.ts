import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import { expect, test, type Page } from "@playwright/test";
import Database from "better-sqlite3";
import { e2eDatabase } from "../../playwright.config.ts";
import { CONTEST, register, startRound, uniquePhone } from "./helpers.ts";

/** Starts a practice run (no account needed) and returns its token. */
async function startPractice(page: Page): Promise<string> {
  await page.goto("/luyen-tap");
  await page.getByRole("button", { name: "Luyện tập" }).first().click();
  await expect(page).toHaveURL(/\/luyen-tap\/[a-z2-7]{32}\/1$/);
  return /luyen-tap\/([a-z2-7]{32})\//.exec(page.url())![1]!;
}

/**
 * Replaces the browser's voices and records what is spoken. `voices` are the voices at first; `later` the
 * voices announced by a `voiceschanged` event 300 ms after the page first asks, as Chrome on Android does.
 */
async function stubSpeech(page: Page, voices: string[], later?: string[]) {
  await page.addInitScript(
    ({ voices, later }) => {
      const list = (langs: string[]) => langs.map((lang) => ({ lang, name: `Giọng ${lang}` }));
      let current = list(voices);
      const log = { asked: 0, spoken: [] as { text: string; lang: string; voice: string }[], cancelled: 0 };
      Object.assign(window, { speechLog: log });
      const synth = window.speechSynthesis;
      // A real utterance refuses a voice that is not one of the browser's own.
      window.SpeechSynthesisUtterance = class {
        voice: unknown = null;
        lang = "";
        rate = 1;
        onend: unknown = null;
        onerror: unknown = null;
        constructor(public text: string) {}
      } as unknown as typeof SpeechSynthesisUtterance;
      synth.getVoices = () => {
        log.asked++;
        announce();
        return current as unknown as SpeechSynthesisVoice[];
      };
      synth.speak = (u) => {
        log.spoken.push({ text: u.text, lang: u.lang, voice: u.voice?.name ?? "" });
      };
      synth.cancel = () => {
        log.cancelled++;
      };
      let announced = false;
      const announce = () => {
        if (!later || announced) return;
        announced = true;
        setTimeout(() => {
          current = list(later);
          synth.dispatchEvent(new Event("voiceschanged"));
        }, 300);
      };
    },
    { voices, later },
  );
}

type SpeechLog = {
  asked: number;
  spoken: { text: string; lang: string; voice: string }[];
  cancelled: number;
};
const speechLog = (page: Page) =>
  page.evaluate(() => (window as unknown as { speechLog: SpeechLog }).speechLog);

test.describe("Nghe câu hỏi", () => {
  test("reads the question and its lettered choices with the Vietnamese voice, and stops on leaving", async ({
    page,
  }) => {
    await stubSpeech(page, ["en-US", "vi-VN"]);
    await startPractice(page);
    const listen = page.getByRole("button", { name: "Nghe câu hỏi" });
    await listen.click();
    const question = (await page.locator("legend").innerText()).trim();
    const choices = await page.locator('label:has(input[name="choice"])').allInnerTexts();
    const { spoken } = await speechLog(page);
    expect(spoken).toHaveLength(1);
    expect(spoken[0]).toEqual({
      text: [question, ...choices.map((c, i) => `${"ABCDEF"[i]}. ${c.trim()}`)].join("\n"),
      lang: "vi-VN",
      voice: "Giọng vi-VN",
    });
    await expect(page.getByRole("button", { name: "Dừng đọc" })).toBeVisible();
    // The letters read out are drawn beside each choice.
    expect(
      await page
        .locator("label [data-letter]")
        .evaluateAll((els) => els.map((e) => getComputedStyle(e, "::before").content)),
    ).toEqual(choices.map((_, i) => `"${"ABCDEF"[i]}"`));

    // Answering moves on to the feedback: the reading stops.
    const before = (await speechLog(page)).cancelled;
    await page.locator('label:has(input[name="choice"])').first().click();
    await page.getByRole("button", { name: "Kiểm tra" }).click();
    await expect(page.getByText("Giải thích:")).toBeVisible();
    expect((await speechLog(page)).cancelled).toBeGreaterThan(before);
    await expect(page.getByRole("button", { name: "Nghe câu hỏi" })).toHaveCount(0);
  });

  test("appears when the Vietnamese voice arrives late, on a contest question too", async ({ page }) => {
    await stubSpeech(page, [], ["en-US", "vi-VN"]);
    await register(page, {
      name: "Lò Thị Nghe",
      phone: uniquePhone(),
      district: "Huyện Mèo Vạc",
      commune: "Xã Pải Lủng",
    });
    await startRound(page);
    await page.getByRole("button", { name: "Nghe câu hỏi" }).click();
    const { spoken } = await speechLog(page);
    expect(spoken[0]!.text.startsWith((await page.locator("legend").innerText()).trim())).toBe(true);
    expect(spoken[0]!.lang).toBe("vi-VN");
  });

  test("is not shown where the browser has no Vietnamese voice", async ({ page }) => {
    await stubSpeech(page, ["en-US", "fr-FR"], ["en-US", "fr-FR", "en-GB"]);
    await startPractice(page);
    // The component has looked at the voices, before and after the late list.
    await page.waitForFunction(() => (window as unknown as { speechLog: SpeechLog }).speechLog.asked >= 2);
    await expect(page.getByRole("button", { name: "Nghe câu hỏi" })).toHaveCount(0);
  });
});

test("picture choices are large enough to tap at 360 px, with their alt text", async ({ page }) => {
  const token = await startPractice(page);
  // Put the demo question with picture choices first in this run, as the draw might have.
  const db = new Database(e2eDatabase);
  db.pragma("busy_timeout = 5000");
  const { revisionId } = db
    .prepare("SELECT published_revision_id AS revisionId FROM questions WHERE id = 'dinh-danh-dien-tu-054'")
    .get() as { revisionId: number };
  const ids = (
    db.prepare("SELECT id FROM choices WHERE revision_id = ? ORDER BY id").all(revisionId) as { id: number }[]
  ).map((c) => c.id);
  const session = db.prepare("SELECT items FROM practice_sessions WHERE id = ?").get(token) as {
    items: string;
  };
  const items = JSON.parse(session.items) as { revisionId: number; choiceOrder: number[] }[];
  items[0] = { revisionId, choiceOrder: ids };
  db.prepare("UPDATE practice_sessions SET items = ? WHERE id = ?").run(JSON.stringify(items), token);
  db.close();

  await page.reload();
  const labels = page.locator('label:has(input[name="choice"])');
  await expect(labels).toHaveCount(4);
  await expect(page.getByRole("img", { name: "Trụ sở công an xã, có ngôi sao vàng trên mái" })).toBeVisible();
  for (const label of await labels.all()) {
    const picture = label.locator("img");
    await expect(picture).toHaveAttribute("alt", /.{5,}/);
    const box = (await picture.boundingBox())!;
    expect(box.width).toBeGreaterThanOrEqual(100);
    expect(box.x + box.width).toBeLessThanOrEqual(360);
  }
  // Tapping the picture picks its choice: the whole row is the target.
  await page.getByRole("img", { name: "Tòa nhà ngân hàng có hàng cột" }).click();
  await expect(page.getByRole("radio", { name: /Ngân hàng/ })).toBeChecked();
  const sideways = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(sideways).toBeLessThanOrEqual(0);
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("large text and high contrast are remembered and apply to the cached leaderboard too", async ({
    page,
    request,
  }) => {
    await page.goto(`${CONTEST}/bang-xep-hang`);
    const heading = page.getByRole("heading", { level: 1 });
    const normal = (await heading.boundingBox())!.height;
    await page.getByRole("link", { name: "Cỡ chữ và độ tương phản" }).click();
    await expect(page).toHaveURL(/\/cai-dat\?quay-lai=/);
    await page.getByLabel("Chữ lớn").check();
    await page.getByLabel(/Tương phản cao/).check();
    await page.getByRole("button", { name: "Lưu cài đặt" }).click();
    await expect(page.getByRole("status")).toHaveText("✓ Đã lưu cài đặt.");
    await expect(page.getByLabel("Chữ lớn")).toBeChecked();
    // A page of one's own carries the rules inline: no extra, render-blocking request.
    expect(await page.locator('link[href="/cai-dat.css"]').count()).toBe(0);
    expect(await page.evaluate(() => getComputedStyle(document.body).zoom)).toBe("1.2");
    await page.getByRole("link", { name: "Quay lại" }).click();
    await expect(page).toHaveURL(new RegExp(`${CONTEST}/bang-xep-hang$`));
    expect((await heading.boundingBox())!.height).toBeGreaterThan(normal * 1.1);
    expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe(
      "rgb(255, 255, 255)",
    );

    // The page itself is the same for everyone (the page cache); only the stylesheet follows the cookie.
    const css = await page.request.get("/cai-dat.css");
    expect(css.headers()["cache-control"]).toBe("private, no-cache");
    expect(await css.text()).toContain("zoom:1.2");
    expect(await (await request.get("/cai-dat.css")).text()).toBe("");

    // Both off: the cookie is gone and the page is as before.
    await page.goto("/cai-dat");
    await page.getByLabel("Chữ lớn").uncheck();
    await page.getByLabel(/Tương phản cao/).uncheck();
    await page.getByRole("button", { name: "Lưu cài đặt" }).click();
    await expect(page.getByRole("status")).toBeVisible();
    expect((await page.context().cookies()).some((c) => c.name === "cds_display")).toBe(false);
    await page.goto(`${CONTEST}/bang-xep-hang`);
    expect((await heading.boundingBox())!.height).toBeCloseTo(normal, 0);
  });
});

test("the attempt question page loads at most 100 KB of JavaScript, gzipped", async ({ page, browser }) => {
  await register(page, {
    name: "Giàng Thị Nhẹ",
    phone: uniquePhone(),
    district: "Huyện Quản Bạ",
    commune: "Xã Quản Bạ",
  });
  await startRound(page);
  // A fresh browser cache with the same session: everything the page needs is fetched.
  const fresh = await browser.newContext({ storageState: await page.context().storageState() });
  const phone = await fresh.newPage();
  const scripts = new Set<string>();
  phone.on("request", (r) => {
    const { pathname } = new URL(r.url());
    if (pathname.endsWith(".js")) scripts.add(pathname);
  });
  await phone.goto(page.url());
  await phone.waitForLoadState("networkidle");
  await fresh.close();
  expect(scripts.size).toBeGreaterThan(0);
  // The bytes a phone downloads: each file as the server sends it, compressed at build time.
  let total = 0;
  for (const script of scripts) {
    const file = path.join("build/client", script);
    total += fs.existsSync(`${file}.gz`)
      ? fs.statSync(`${file}.gz`).size
      : zlib.gzipSync(fs.readFileSync(file), { level: 9 }).length;
  }
  console.log(`attempt question page: ${scripts.size} scripts, ${(total / 1000).toFixed(1)} KB gzipped`);
  expect(total).toBeLessThanOrEqual(100_000);
});
