import { expect, test } from "@playwright/test";
import { ADMIN, logIn, uniquePhone } from "./helpers.ts";

test("an admin creates a district organiser, who runs the console but not accounts or the log; both are audited", async ({
  page,
  browser,
  baseURL,
}) => {
  // Two people, a dozen pages and a log: longer than one resident's journey.
  test.slow();
  const organiser = { name: "Ban tổ chức huyện Mèo Vạc", phone: uniquePhone(), password: "MeoVac@2026" };
  await logIn(page, ADMIN);
  await page.goto("/quan-tri/cau-hoi");
  const nav = page.getByRole("navigation", { name: "Quản trị" });
  await nav.getByRole("link", { name: "Tài khoản" }).click();
  await expect(page.getByRole("heading", { name: "Tài khoản quản trị" })).toBeVisible();

  // A mistake is explained and what was typed is kept (except the password).
  const form = page.locator("form#new-account");
  await form.getByLabel("Tên", { exact: true }).fill(organiser.name);
  await form.getByLabel("Số điện thoại (dùng để đăng nhập)").fill(organiser.phone);
  await form.getByLabel("Mật khẩu ban đầu").fill("ngan");
  const unit = form.getByLabel("Đơn vị phụ trách");
  const meoVac = await unit.locator("option", { hasText: "Huyện Mèo Vạc" }).getAttribute("value");
  await unit.selectOption(meoVac!);
  await form.getByRole("button", { name: "Tạo tài khoản" }).click();
  await expect(page.getByText("Mật khẩu cần ít nhất 8 ký tự.")).toBeVisible();
  await expect(form.getByLabel("Tên", { exact: true })).toHaveValue(organiser.name);
  await expect(unit).toHaveValue(meoVac!);

  await form.getByLabel("Mật khẩu ban đầu").fill(organiser.password);
  await form.getByRole("button", { name: "Tạo tài khoản" }).click();
  // Hashing the password (argon2id) takes a while on a busy 2-core CI machine.
  await expect(page.getByRole("status")).toContainText(`Đã tạo tài khoản “${organiser.name}”`, {
    timeout: 30_000,
  });
  const row = page.getByRole("row", { name: new RegExp(organiser.name) });
  await expect(row).toContainText("Người tổ chức");
  await expect(row).toContainText("Huyện Mèo Vạc");

  // The new organiser logs in on their own phone: the console opens, accounts and the log do not.
  const theirs = await browser.newContext({ baseURL, viewport: { width: 360, height: 740 } });
  const them = await theirs.newPage();
  await logIn(them, organiser);
  await them.goto("/quan-tri/gioi-han");
  const theirNav = them.getByRole("navigation", { name: "Quản trị" });
  await expect(theirNav.getByRole("link", { name: "Giới hạn đăng ký" })).toBeVisible();
  await expect(theirNav.getByRole("link", { name: "Tài khoản" })).toHaveCount(0);
  await expect(theirNav.getByRole("link", { name: "Nhật ký" })).toHaveCount(0);
  for (const path of ["/quan-tri/tai-khoan", "/quan-tri/nhat-ky"]) {
    const response = await them.goto(path);
    expect(response?.status()).toBe(403);
    await expect(them.getByText("Bạn không có quyền vào trang này.")).toBeVisible();
  }
  // The demo contest is the province's: a district organiser neither sees it nor opens or changes any of it.
  await them.goto("/quan-tri/cuoc-thi");
  await expect(them.getByRole("link", { name: "Xây dựng công dân số" })).toHaveCount(0);
  for (const path of [
    "",
    "/vong/1",
    "/theo-doi",
    "/gian-lan",
    "/xem-truoc",
    "/vong/1/xuat/giai-thuong.xlsx",
  ]) {
    const response = await them.goto(`/quan-tri/cuoc-thi/1${path}`);
    expect(response?.status(), path).toBe(403);
  }
  await expect(them.getByText("Bạn không có quyền với nội dung của đơn vị này.")).toBeVisible();
  const close = await them.request.post("/quan-tri/cuoc-thi/1/vong/1", {
    form: { intent: "close" },
    headers: { Origin: baseURL! },
  });
  expect(close.status()).toBe(403);
  // …and what they change is in the log too.
  await them.goto("/quan-tri/gioi-han");
  await them.getByLabel("Địa chỉ IP hoặc dải mạng").fill("198.51.100.0/24");
  await them.getByLabel("Số tài khoản mỗi giờ").fill("80");
  await them.getByLabel("Lý do").fill("Nhà văn hoá xã Pải Lủng, buổi hướng dẫn");
  await them.getByRole("button", { name: "Cấp giới hạn" }).click();
  await expect(them.getByText("Đã cấp. Giới hạn mới có hiệu lực ngay.")).toBeVisible();

  await page.goto("/quan-tri/nhat-ky");
  const entries = page.getByRole("list", { name: "Các mục nhật ký" }).getByRole("listitem");
  const grant = entries.filter({ hasText: "Cấp giới hạn đăng ký" }).first();
  await expect(grant).toContainText(organiser.name);
  await expect(grant).toContainText("198.51.100.0/24");
  const created = entries.filter({ hasText: "Tạo tài khoản" }).filter({ hasText: organiser.phone }).first();
  await expect(created).toContainText("Quản trị hệ thống");
  await expect(created).toContainText("Đơn vị");
  await expect(created).toContainText("Mèo Vạc");
  await expect(created).not.toContainText("password");

  // Filtering by who did it keeps only their entries; it works as a plain GET form.
  await page.getByLabel("Người thực hiện").selectOption({ label: organiser.name });
  await page.getByRole("button", { name: "Lọc" }).click();
  await expect(entries).toHaveCount(1);
  await expect(entries.first()).toContainText("Cấp giới hạn đăng ký");

  // Disabling the account logs them out at once, and they cannot log in again.
  await page.goto("/quan-tri/tai-khoan");
  await page.getByRole("link", { name: organiser.name }).click();
  await page.getByRole("button", { name: "Khoá tài khoản" }).click();
  await expect(page.getByRole("status")).toHaveText("Đã khoá tài khoản. Tài khoản không đăng nhập được nữa.");
  await them.goto("/quan-tri/gioi-han");
  await expect(them).toHaveURL(/\/dang-nhap/);
  await them.getByLabel("Số điện thoại", { exact: true }).fill(organiser.phone);
  await them.getByLabel("Mật khẩu", { exact: true }).fill(organiser.password);
  await them.getByRole("button", { name: "Đăng nhập" }).click();
  await expect(them.getByRole("alert")).toHaveText(
    "Tài khoản này đã bị khoá. Hãy liên hệ quản trị viên để được mở lại.",
  );
  await theirs.close();
});
