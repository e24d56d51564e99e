import { expect, test, type Page } from "@playwright/test";
import Database from "better-sqlite3";
import { e2eDatabase } from "../../playwright.config.ts";
import { ADMIN, CONTEST, expectAccessibleNow, logIn, register, startRound, uniquePhone } from "./helpers.ts";

// Issue 11 §3: every resident and console page free of serious or critical axe-core violations, at 360 px, with
// the display settings a resident may choose (console pages also at laptop width).
const SETTINGS = [
  { name: "normal", cookie: null },
  { name: "large text", cookie: "large" },
  { name: "high contrast", cookie: "large.contrast" },
] as const;

async function expectAccessible(page: Page, path: string) {
  const response = await page.goto(path);
  expect(response?.status(), path).toBeLessThan(400);
  await expectAccessibleNow(page);
}

function readOne<T>(sql: string, ...params: unknown[]): T {
  const db = new Database(e2eDatabase, { readonly: true });
  const row = db.prepare(sql).get(...params) as T;
  db.close();
  return row;
}

for (const setting of SETTINGS) {
  test(`resident pages, ${setting.name}`, async ({ page, context, baseURL }) => {
    // About twenty pages, each analysed by axe on a busy 2-core machine.
    test.setTimeout(600_000);
    if (setting.cookie)
      await context.addCookies([{ name: "cds_display", value: setting.cookie, url: baseURL! }]);
    for (const path of [
      "/",
      CONTEST,
      `${CONTEST}/bang-xep-hang`,
      `${CONTEST}/ket-qua`,
      "/luyen-tap",
      "/dang-nhap",
      "/dang-ky",
      "/cai-dat",
      "/lop",
      "/choi",
      "/kich-hoat",
      "/luyen-tap/goi",
      "/giao-vien/dang-ky",
    ])
      await expectAccessible(page, path);

    // Practice: a question, its feedback and the run's result.
    await page.goto("/luyen-tap");
    await page.getByRole("button", { name: "Luyện tập" }).first().click();
    await expect(page).toHaveURL(/\/luyen-tap\/[a-z2-7]{32}\/1$/);
    await expectAccessibleNow(page);
    await page.locator('label:has(input[name="choice"])').first().click();
    await page.getByRole("button", { name: "Kiểm tra" }).click();
    await expect(page.getByText("Giải thích:")).toBeVisible();
    await expectAccessibleNow(page);
    await expectAccessible(page, page.url().replace(/\/1$/, "/ket-qua"));

    // An attempt: question, prediction, submit, result, own place, profile.
    await register(page, {
      name: "Vàng Thị Mỷ",
      phone: uniquePhone(),
      district: "Huyện Đồng Văn",
      commune: "Xã Lũng Cú",
    });
    const attemptId = await startRound(page);
    await expectAccessibleNow(page);
    await page.locator('label:has(input[name="choice"])').first().click();
    await expectAccessible(page, `/bai-thi/${attemptId}/du-doan`);
    await expectAccessible(page, `/bai-thi/${attemptId}/nop-bai`);
    await page.getByRole("button", { name: "Nộp bài" }).click();
    await expect(page.getByRole("heading", { name: "Bạn đã nộp bài" })).toBeVisible();
    await expectAccessibleNow(page);
    await expectAccessible(page, `${CONTEST}/bang-xep-hang/cua-toi`);
    await expectAccessible(page, "/ho-so");
  });
}

for (const width of [360, 1280]) {
  test(`console pages at ${width} px`, async ({ page }) => {
    test.setTimeout(600_000);
    await page.setViewportSize({ width, height: 900 });
    await logIn(page, ADMIN);
    const { id: contestId } = readOne<{ id: number }>(
      "SELECT id FROM contests WHERE slug = 'xay-dung-cong-dan-so'",
    );
    const { id: organiserId } = readOne<{ id: number }>("SELECT id FROM users WHERE phone = '0912000001'");
    for (const path of [
      "/quan-tri/cau-hoi",
      // A question with picture choices, in the editor with its phone preview.
      "/quan-tri/cau-hoi/dinh-danh-dien-tu-054",
      "/quan-tri/cau-hoi/moi",
      "/quan-tri/cau-hoi/nhap",
      "/quan-tri/cuoc-thi",
      "/quan-tri/cuoc-thi/moi",
      `/quan-tri/cuoc-thi/${contestId}`,
      `/quan-tri/cuoc-thi/${contestId}/xem-truoc`,
      `/quan-tri/cuoc-thi/${contestId}/xem-truoc/bai-mau`,
      `/quan-tri/cuoc-thi/${contestId}/vong/1`,
      `/quan-tri/cuoc-thi/${contestId}/theo-doi`,
      `/quan-tri/cuoc-thi/${contestId}/gian-lan`,
      "/quan-tri/don-vi/dan-so",
      "/quan-tri/tai-khoan",
      `/quan-tri/tai-khoan/${organiserId}`,
      "/quan-tri/nhat-ky",
      "/quan-tri/gioi-han",
      "/quan-tri/giao-vien",
      "/quan-tri/to-cong-nghe",
      "/tro-choi",
    ])
      await expectAccessible(page, path);
  });
}
