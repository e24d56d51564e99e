import AxeBuilder from "@axe-core/playwright";
import { expect, type Page } from "@playwright/test";
import Database from "better-sqlite3";
import { e2eDatabase } from "../../playwright.config.ts";

export const CONTEST = "/cuoc-thi/xay-dung-cong-dan-so";

// The demo's console accounts (README): two organisers of the province (a question's reviewer must be someone
// other than its last editor) and an admin.
export const ORGANISER = { phone: "0912000001", password: "BanToChuc@2026" };
export const REVIEWER = { phone: "0912000002", password: "ThamDinh@2026", name: "Hoàng Thị Duyệt" };
export const ADMIN = { phone: "0912000003", password: "QuanTri@2026" };

let counter = 0;
/** A phone number no other test uses: 09 + 8 digits. */
export function uniquePhone(): string {
  const n = (Date.now() % 1_000_000) * 100 + (process.pid % 10) * 10 + (counter++ % 10);
  return `09${String(n).padStart(8, "0").slice(-8)}`;
}

export type Resident = { name: string; phone: string; district: string; commune: string };

/** Registers through the form; works with JavaScript on or off. */
export async function register(page: Page, resident: Resident, javaScript = true) {
  await page.goto("/dang-ky");
  await page.getByLabel("Họ và tên", { exact: true }).fill(resident.name);
  await page.getByLabel("Số điện thoại", { exact: true }).fill(resident.phone);
  await page.getByLabel("Năm sinh", { exact: true }).fill("1988");
  await page.getByLabel("Huyện/Thị xã/Thành phố", { exact: true }).selectOption({ label: resident.district });
  if (!javaScript) await page.getByRole("button", { name: "Chọn" }).click();
  await page.getByLabel("Xã/Phường/Thị trấn", { exact: true }).selectOption({ label: resident.commune });
  await page.getByLabel("Mật khẩu", { exact: true }).fill("matkhau-an-toan");
  await page.getByLabel(/Tôi đồng ý/).check();
  await page.getByRole("button", { name: "Đăng ký" }).click();
  await expect(page.getByRole("button", { name: "Đăng xuất" })).toBeVisible();
}

/** Logs in through the form, as anyone with a password (resident, teacher, organiser, admin). */
export async function logIn(page: Page, who: { phone: string; password: string }) {
  await page.goto("/dang-nhap");
  await page.getByLabel("Số điện thoại", { exact: true }).fill(who.phone);
  await page.getByLabel("Mật khẩu", { exact: true }).fill(who.password);
  await page.getByRole("button", { name: "Đăng nhập" }).click();
  await expect(page.getByRole("button", { name: "Đăng xuất" })).toBeVisible();
}

/** Starts the demo contest's open round and returns the attempt id from the URL. */
export async function startRound(page: Page): Promise<number> {
  await page.goto(CONTEST);
  await page.getByRole("button", { name: "Bắt đầu thi" }).click();
  await expect(page).toHaveURL(/\/bai-thi\/\d+\/cau\/1$/);
  return Number(/bai-thi\/(\d+)/.exec(page.url())![1]);
}

/** Picks the n-th choice of the current question (0-based) and returns its text. */
export async function choose(page: Page, index: number): Promise<string> {
  const label = page.locator('label:has(input[name="choice"])').nth(index);
  await label.click();
  return (await label.innerText()).trim();
}

/**
 * Moves an attempt's deadline: negative seconds into the past (a resident who left the tab open too long),
 * positive a few seconds from now (to watch the countdown run out).
 */
export function moveDeadline(attemptId: number, secondsFromNow: number) {
  const db = new Database(e2eDatabase);
  db.pragma("busy_timeout = 5000");
  const deadline = Date.now() + secondsFromNow * 1000;
  db.prepare("UPDATE attempts SET deadline_at = ?, started_at = ? WHERE id = ?").run(
    deadline,
    deadline - 600_000,
    attemptId,
  );
  db.close();
}

/**
 * Issue 11 §3: the page as it stands has no serious or critical axe-core violation and does not scroll sideways
 * (tests/e2e/a11y.spec.ts walks the pages of every resident and console journey; flow specs check their own).
 */
export async function expectAccessibleNow(page: Page) {
  // Legacy mode runs axe inside the page itself, so pages opened with browser.newPage() can be checked too.
  const { violations } = await new AxeBuilder({ page }).setLegacyMode(true).analyze();
  const serious = violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
  expect(serious, `axe on ${new URL(page.url()).pathname}`).toEqual([]);
  const sideways = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(sideways, `sideways scroll on ${page.url()}`).toBeLessThanOrEqual(0);
}
