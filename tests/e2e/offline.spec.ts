import { expect, test, type Page } from "@playwright/test";
import Database from "better-sqlite3";
import { e2eDatabase } from "../../playwright.config.ts";
import { choose, CONTEST, expectAccessibleNow, register, startRound, uniquePhone } from "./helpers.ts";

const TOPIC = "Nhận diện lừa đảo trực tuyến";

/** Waits until public/sw.js is installed (the shell kept) and controls this page. */
async function serviceWorkerReady(page: Page) {
  await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
  if (!(await page.evaluate(() => !!navigator.serviceWorker.controller))) await page.reload();
  await expect.poll(() => page.evaluate(() => !!navigator.serviceWorker.controller)).toBe(true);
}

function offlineAnswersOf(phone: string): number {
  const db = new Database(e2eDatabase, { readonly: true });
  const row = db
    .prepare(
      "SELECT count(*) AS n FROM offline_practice_answers a JOIN users u ON u.id = a.user_id WHERE u.phone = ?",
    )
    .get(phone) as { n: number };
  db.close();
  return row.n;
}

test("the app is installable: manifest in Vietnamese with icons", async ({ page, request }) => {
  await page.goto("/");
  const href = await page.locator('link[rel="manifest"]').getAttribute("href");
  const manifest = (await (await request.get(href!)).json()) as {
    lang: string;
    name: string;
    start_url: string;
    display: string;
    icons: { src: string; purpose: string }[];
  };
  expect(manifest).toMatchObject({ lang: "vi", start_url: "/", display: "standalone" });
  expect(manifest.name).toContain("Công dân số");
  expect(manifest.icons.map((i) => i.purpose)).toContain("maskable");
  for (const icon of manifest.icons) {
    const response = await request.get(icon.src);
    expect(response.status()).toBe(200);
    expect(response.headers()["content-type"]).toBe("image/png");
  }
});

test("practice works offline after the pack is downloaded, and the answers count once back online", async ({
  page,
  context,
}) => {
  const phone = uniquePhone();
  await register(page, { name: "Lò Thị Mai", phone, district: "Huyện Quản Bạ", commune: "Xã Cán Tỷ" });
  await page.goto("/luyen-tap");
  await page.getByRole("link", { name: "Tải câu hỏi về máy để luyện cả khi mất mạng" }).click();
  await expect(page.getByRole("heading", { name: "Gói luyện tập ngoại tuyến", level: 1 })).toBeVisible();
  await serviceWorkerReady(page);
  const card = page.getByRole("listitem").filter({ has: page.getByRole("heading", { name: TOPIC }) });
  await card.getByRole("button", { name: "Tải về để luyện ngoại tuyến" }).click();
  await expect(card.getByRole("status")).toContainText(/Đã tải \d+ câu về máy/);
  await expectAccessibleNow(page);

  await context.setOffline(true);
  await page.goto("/luyen-tap/ngoai-tuyen");
  await expect(page.getByText("Luyện tập ngoại tuyến — không tính vào cuộc thi")).toBeVisible();
  await page.getByRole("button", { name: new RegExp(`^${TOPIC} \\(\\d+ câu\\)$`) }).click();
  await expect(page.getByRole("heading", { name: /^Câu 1\/\d+$/ })).toBeVisible();
  await expectAccessibleNow(page);
  await page.getByRole("button", { name: "Kiểm tra" }).click();
  await expect(page.getByRole("alert")).toContainText("Hãy chọn");
  await choose(page, 0);
  await page.getByRole("button", { name: "Kiểm tra" }).click();
  await expect(page.getByRole("heading", { name: /Chính xác!|Chưa đúng/ })).toBeVisible();
  await expect(page.getByText("✓ Đáp án đúng").first()).toBeVisible();
  await expect(page.getByText("Giải thích:")).toBeVisible();
  await expect(page.getByText(/1 câu trả lời ngoại tuyến đang chờ gửi/)).toBeVisible();
  await expectAccessibleNow(page);
  await page.getByRole("button", { name: "Câu tiếp theo" }).click();
  await expect(page.getByRole("heading", { name: /^Câu 2\/\d+$/ })).toBeVisible();
  expect(offlineAnswersOf(phone)).toBe(0);

  await context.setOffline(false);
  await expect(page.getByText(/Đã gửi các câu trả lời ngoại tuyến/)).toBeVisible();
  expect(offlineAnswersOf(phone)).toBe(1);
});

test("offline, the service worker shows a notice instead of an attempt page or a leaderboard seen before", async ({
  page,
  context,
}) => {
  await register(page, {
    name: "Vàng Văn Sử",
    phone: uniquePhone(),
    district: "Huyện Quản Bạ",
    commune: "Xã Cán Tỷ",
  });
  await page.goto(`${CONTEST}/bang-xep-hang`);
  await serviceWorkerReady(page);
  const attemptId = await startRound(page);
  const question = page.locator("legend");
  await expect(question).toBeVisible();
  const attemptUrl = `/bai-thi/${attemptId}/cau/1`;

  await context.setOffline(true);
  for (const url of [attemptUrl, `${CONTEST}/bang-xep-hang`, `/bai-thi/${attemptId}/ket-qua`, "/quan-tri"]) {
    await page.goto(url);
    await expect(page.getByRole("heading", { name: "Bạn đang ngoại tuyến", level: 1 }), url).toBeVisible();
    await expect(page.locator("legend")).toHaveCount(0);
  }
  await expectAccessibleNow(page);
  await page.getByRole("link", { name: "Luyện tập với gói đã tải về máy" }).click();
  await expect(page.getByText("Luyện tập ngoại tuyến — không tính vào cuộc thi")).toBeVisible();

  await context.setOffline(false);
  await page.goto(attemptUrl);
  await expect(page.locator("legend")).toBeVisible();
});
