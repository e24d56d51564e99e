import { expect, test, type Page } from "@playwright/test";
import Database from "better-sqlite3";
import { e2eDatabase } from "../../playwright.config.ts";
import { expectAccessibleNow, logIn, ORGANISER, register, uniquePhone } from "./helpers.ts";

function roundOf(attemptId: number): { contestId: number; number: number } {
  const db = new Database(e2eDatabase, { readonly: true });
  const row = db
    .prepare(
      "SELECT r.contest_id AS contestId, r.number AS number FROM attempts a JOIN rounds r ON r.id = a.round_id WHERE a.id = ?",
    )
    .get(attemptId) as { contestId: number; number: number };
  db.close();
  return row;
}

const noSideways = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth);

test("an organiser names a helper, who registers a resident and takes an attempt with them; the organiser sees it marked", async ({
  browser,
}) => {
  // Three pages, two sign-ins, an attempt and axe checks: longer than one page's journey on a busy machine.
  test.slow();
  // The helper has an ordinary resident account on their own phone.
  const helper = await browser.newPage();
  const helperPhone = uniquePhone();
  await register(helper, {
    name: "Vàng Thị Giúp",
    phone: helperPhone,
    district: "Huyện Quản Bạ",
    commune: "Xã Cán Tỷ",
  });
  // Not a member yet: the helper page says so.
  const refused = await helper.goto("/ho-tro");
  expect(refused?.status()).toBe(403);

  const organiser = await browser.newPage();
  await logIn(organiser, ORGANISER);
  await organiser.goto("/quan-tri/to-cong-nghe");
  await organiser.getByLabel("Số điện thoại của người hỗ trợ").fill(helperPhone);
  await organiser.getByLabel("Xã, phường, thị trấn").selectOption({ label: "Xã Cán Tỷ — Quản Bạ" });
  await organiser.getByRole("button", { name: "Ghi tên" }).click();
  await expect(organiser.getByText("Đã ghi tên Vàng Thị Giúp vào tổ công nghệ số.")).toBeVisible();
  await expect(organiser.getByTestId("helper-row").filter({ hasText: "Vàng Thị Giúp" })).toBeVisible();

  // On the helper's phone: register a resident who consents, then start an attempt for them.
  await helper.goto("/ho-tro");
  await expect(helper.getByRole("heading", { name: "Hỗ trợ người dân" })).toBeVisible();
  await expectAccessibleNow(helper);
  expect(await noSideways(helper)).toBeLessThanOrEqual(360);
  const residentPhone = uniquePhone();
  const form = helper.locator("#assisted-register");
  await form.getByLabel("Họ và tên", { exact: true }).fill("Giàng Thị Mai");
  await form.getByLabel("Số điện thoại", { exact: true }).fill(residentPhone);
  await form.getByLabel("Năm sinh", { exact: true }).fill("1958");
  await form.getByRole("button", { name: "Đăng ký giúp" }).click();
  // Without the resident's consent, nothing is registered.
  await expect(form.getByText("Người dân cần đồng ý thì mới đăng ký giúp được.")).toBeVisible();
  await form.getByLabel(/Tôi đồng ý để thành viên tổ công nghệ số/).check();
  await form.getByRole("button", { name: "Đăng ký giúp" }).click();
  const code = (await helper.getByTestId("setup-code").innerText()).trim();
  expect(code).toMatch(/^\d{4} \d{4}$/);
  await helper.getByRole("link", { name: "Chọn cuộc thi cho Giàng Thị Mai" }).click();
  await helper.getByRole("button", { name: "Bắt đầu bài thi cho người này" }).first().click();
  await expect(helper).toHaveURL(/\/bai-thi\/\d+\/cau\/1$/);
  const attemptId = Number(/bai-thi\/(\d+)/.exec(helper.url())![1]);
  await helper.locator('label:has(input[name="choice"])').first().click();
  await helper.goto(`/bai-thi/${attemptId}/nop-bai`);
  await helper.getByRole("button", { name: "Nộp bài" }).click();
  await expect(helper).toHaveURL(new RegExp(`/bai-thi/${attemptId}/ket-qua`));
  await expect(helper.getByTestId("assisted-note")).toContainText("bạn đã thi cùng Giàng Thị Mai");

  // The organiser sees it counted apart on the dashboard and marked on the round page and the helper's page.
  const round = roundOf(attemptId);
  await organiser.goto(`/quan-tri/cuoc-thi/${round.contestId}/theo-doi`);
  await expect
    .poll(async () => Number((await organiser.getByTestId("assisted").innerText()).replace(/\D/g, "")))
    .toBeGreaterThanOrEqual(1);
  await organiser.goto(`/quan-tri/cuoc-thi/${round.contestId}/vong/${round.number}`);
  const marked = organiser.getByTestId("assisted-attempt").filter({ hasText: `#${attemptId}` });
  await expect(marked).toContainText("Giàng Thị Mai");
  await expect(marked).toContainText("có hỗ trợ");
  await marked.getByRole("link", { name: "Vàng Thị Giúp" }).click();
  await expect(organiser.getByRole("heading", { name: "Vàng Thị Giúp" })).toBeVisible();
  await expectAccessibleNow(organiser);
  await expect(organiser.getByTestId("assisted-attempt")).toContainText("Giàng Thị Mai");

  // Later, on the resident's own phone: the one-time code sets their own password and signs them in.
  const resident = await browser.newPage();
  await resident.goto("/dang-nhap");
  await resident.getByRole("link", { name: "Đặt mật khẩu bằng mã" }).click();
  await expect(resident.getByRole("heading", { name: "Đặt mật khẩu bằng mã" })).toBeVisible();
  await expectAccessibleNow(resident);
  await resident.getByLabel("Số điện thoại", { exact: true }).fill(residentPhone);
  await resident.getByLabel("Mã một lần", { exact: true }).fill(code);
  await resident.getByLabel("Mật khẩu mới", { exact: true }).fill("matkhau-cua-mai");
  await resident.getByRole("button", { name: "Đặt mật khẩu và đăng nhập" }).click();
  await expect(resident.getByRole("button", { name: "Đăng xuất" })).toBeVisible();
  // Their result is theirs to see too, marked with who helped.
  await resident.goto(`/bai-thi/${attemptId}/ket-qua`);
  await expect(resident.getByTestId("assisted-note")).toContainText("Vàng Thị Giúp");

  await Promise.all([helper.close(), organiser.close(), resident.close()]);
});

test("without JavaScript a helper finds a registered resident by phone and takes an attempt with them", async ({
  browser,
}) => {
  const resident = await browser.newPage();
  const residentPhone = uniquePhone();
  await register(resident, {
    name: "Sùng Văn Tìm",
    phone: residentPhone,
    district: "Huyện Quản Bạ",
    commune: "Xã Cán Tỷ",
  });
  const context = await browser.newContext({ javaScriptEnabled: false });
  const helper = await context.newPage();
  const helperPhone = uniquePhone();
  await register(
    helper,
    { name: "Lù Thị Hai", phone: helperPhone, district: "Huyện Quản Bạ", commune: "Xã Cán Tỷ" },
    false,
  );
  // Named by an organiser (the console's form is walked in the test above).
  const db = new Database(e2eDatabase);
  db.pragma("busy_timeout = 5000");
  db.prepare(
    `INSERT INTO community_helpers (user_id, unit_id, named_by, named_at)
     SELECT h.id, h.unit_id, o.id, ? FROM users h, users o WHERE h.phone = ? AND o.phone = '0912000001'`,
  ).run(Date.now(), helperPhone);
  db.close();

  await helper.goto("/ho-tro");
  await helper.getByLabel("Số điện thoại của người dân").fill("0999999990");
  await helper.getByRole("button", { name: "Tìm", exact: true }).click();
  await expect(helper.getByText(/Không tìm thấy người dân có số này ở xã của bạn/)).toBeVisible();
  await helper.getByLabel("Số điện thoại của người dân").fill(residentPhone);
  await helper.getByRole("button", { name: "Tìm", exact: true }).click();
  await expect(helper.getByRole("heading", { name: "Sùng Văn Tìm" })).toBeVisible();
  // Someone who set their own password needs no code from the helper.
  await expect(helper.getByText("Sùng Văn Tìm đã tự đặt mật khẩu")).toBeVisible();
  await helper.getByRole("button", { name: "Bắt đầu bài thi cho người này" }).first().click();
  await expect(helper).toHaveURL(/\/bai-thi\/\d+\/cau\/1$/);
  const attemptId = Number(/bai-thi\/(\d+)/.exec(helper.url())![1]);
  await helper.locator('label:has(input[name="choice"])').first().click();
  await helper.getByRole("button", { name: "Câu tiếp theo" }).click();
  await expect(helper).toHaveURL(new RegExp(`/bai-thi/${attemptId}/cau/2(\\?|$)`));
  expect(await noSideways(helper)).toBeLessThanOrEqual(360);
  await helper.goto(`/bai-thi/${attemptId}/nop-bai`);
  await helper.getByRole("button", { name: "Nộp bài" }).click();
  await expect(helper.getByTestId("assisted-note")).toContainText("bạn đã thi cùng Sùng Văn Tìm");
  // The resident sees it among their own attempts.
  await resident.goto(`/bai-thi/${attemptId}/ket-qua`);
  await expect(resident.getByTestId("assisted-note")).toContainText("Lù Thị Hai");
  await Promise.all([resident.close(), context.close()]);
});
