import Database from "better-sqlite3";
import { expect, test, type Page } from "@playwright/test";
import { e2eDatabase } from "../../playwright.config.ts";
import { choose, expectAccessibleNow, logIn, ORGANISER, uniquePhone } from "./helpers.ts";

async function fitsTheScreen(page: Page) {
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
}

test("organiser → teacher → class → student joins without JavaScript → homework → report and .xlsx", async ({
  page,
  browser,
  baseURL,
}) => {
  // Three people and a dozen pages, with password hashing on a busy machine.
  test.slow();
  const stamp = Date.now().toString(36);
  const school = `THCS Lũng Cú ${stamp}`;
  const teacher = { name: "Cô Giàng Thị Mai", phone: uniquePhone(), password: "GiaoVien@2026" };

  // The organiser adds the school and the teacher's account.
  await logIn(page, ORGANISER);
  await page.goto("/quan-tri/giao-vien");
  await page.getByLabel("Tên trường").fill(school);
  await page.getByRole("button", { name: "Thêm trường" }).click();
  await expect(page.getByRole("status")).toContainText(`Đã thêm trường “${school}”`);
  await page.getByLabel("Họ và tên").fill(teacher.name);
  await page.getByLabel("Số điện thoại").fill(teacher.phone);
  await page.getByLabel("Mật khẩu ban đầu").fill(teacher.password);
  const schoolSelect = page.getByLabel("Trường", { exact: true });
  await schoolSelect.selectOption({
    label: (await schoolSelect.locator("option", { hasText: school }).innerText()).trim(),
  });
  await page.getByRole("button", { name: "Tạo tài khoản" }).click();
  await expect(page.getByRole("status")).toContainText(`Đã tạo tài khoản giáo viên cho ${teacher.name}`, {
    timeout: 30_000,
  });

  // The teacher creates a class from the header's "Lớp học".
  const teacherContext = await browser.newContext({ baseURL, viewport: { width: 360, height: 740 } });
  const t = await teacherContext.newPage();
  await logIn(t, teacher);
  await fitsTheScreen(t);
  await t.getByRole("link", { name: "Lớp học" }).click();
  await t.getByLabel("Tên lớp").fill("6A1");
  await t.getByRole("button", { name: "Tạo lớp" }).click();
  await expect(t.getByRole("heading", { name: "Lớp 6A1" })).toBeVisible();
  await expectAccessibleNow(t);
  await expect(t.getByRole("img", { name: "Mã QR vào lớp 6A1" })).toBeVisible();
  const code = (await t.locator("strong.font-mono").innerText()).trim();
  expect(code).toMatch(/^[A-Z0-9]{6}$/);

  // The student scans the QR (its link) on a phone without JavaScript and joins with a name only.
  const studentContext = await browser.newContext({
    baseURL,
    viewport: { width: 360, height: 740 },
    javaScriptEnabled: false,
  });
  const s = await studentContext.newPage();
  await s.goto(`/lop/${code}`);
  await expect(s.getByText("Lớp 6A1")).toBeVisible();
  await s.getByLabel("Tên của em").fill("Đ.M");
  await s.getByRole("button", { name: "Vào lớp" }).click();
  await expect(s.getByRole("alert")).toContainText("không phù hợp");
  await s.getByLabel("Tên của em").fill("Sùng A Páo");
  await s.getByRole("button", { name: "Vào lớp" }).click();
  await expect(s.getByRole("heading", { name: "Bài tập của Sùng A Páo" })).toBeVisible();
  await fitsTheScreen(s);

  // The teacher assigns homework: three questions on scams.
  await t.getByRole("navigation", { name: "Giáo viên" }).getByRole("link", { name: "Giao bài tập" }).click();
  await t.getByLabel("Tên bài tập").fill("Nhận biết lừa đảo");
  await t.locator('input[name="topic:lua-dao"]').fill("3");
  await t.getByRole("button", { name: "Giao bài" }).click();
  await expect(t.getByRole("heading", { name: "Nhận biết lừa đảo" })).toBeVisible();
  await expect(t.getByRole("row", { name: /Sùng A Páo/ })).toContainText("Chưa làm");

  // The student takes it at the ordinary attempt pages, still without JavaScript.
  await s.reload();
  await expect(s.getByRole("heading", { name: "Nhận biết lừa đảo" })).toBeVisible();
  await s.getByRole("button", { name: "Làm bài" }).click();
  await expect(s).toHaveURL(/\/bai-thi\/\d+\/cau\/1$/);
  for (let n = 1; n <= 3; n++) {
    await choose(s, 0);
    await s
      .getByRole("button", { name: n < 3 ? "Câu tiếp theo" : "Nộp bài" })
      .first()
      .click();
  }
  await expect(s).toHaveURL(/\/nop-bai$/);
  await expect(s.getByText("câu hỏi dự đoán")).toHaveCount(0);
  await s.getByRole("button", { name: "Nộp bài" }).click();
  await expect(s.getByRole("heading", { name: "Bạn đã nộp bài" })).toBeVisible();
  await expect(s.getByRole("link", { name: "Về lớp học" })).toBeVisible();
  await fitsTheScreen(s);

  // The teacher's report shows the submission and downloads as .xlsx.
  await t.reload();
  await expect(t.getByRole("row", { name: /Sùng A Páo/ })).toContainText("Đã nộp");
  await expect(t.getByRole("heading", { name: "Theo câu hỏi" })).toBeVisible();
  await expectAccessibleNow(t);
  const [download] = await Promise.all([
    t.waitForEvent("download"),
    t.getByRole("link", { name: "Xuất Excel" }).first().click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/^bai-tap-\d+-hoc-sinh\.xlsx$/);
  const bytes = await (await download.createReadStream()).toArray();
  // An .xlsx is a zip: it starts with "PK".
  expect(Buffer.concat(bytes).subarray(0, 2).toString()).toBe("PK");

  // The teacher's other pages and the public boards of classes and schools pass axe too.
  const db = new Database(e2eDatabase, { readonly: true });
  const created = db.prepare("SELECT id, unit_id AS unitId FROM schools ORDER BY id DESC LIMIT 1").get() as {
    id: number;
    unitId: number;
  };
  db.close();
  for (const path of [
    "/giao-vien",
    "/giao-vien/xep-hang",
    "/giao-vien/cau-hoi",
    "/giao-vien/bai-tap/moi",
    `/truong/${created.id}`,
    `/truong/don-vi/${created.unitId}`,
  ]) {
    expect((await t.goto(path))?.status(), path).toBeLessThan(400);
    await expectAccessibleNow(t);
  }

  await teacherContext.close();
  await studentContext.close();
});
