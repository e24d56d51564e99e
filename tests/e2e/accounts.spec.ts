import { expect, test, type Page } from "@playwright/test";
import { register, uniquePhone } from "./helpers.ts";

/** Logs out and waits until the page says so (a navigation started before would cancel the logout). */
async function logOut(page: Page) {
  await page.getByRole("button", { name: "Đăng xuất" }).click();
  await expect(page.getByRole("banner").getByRole("link", { name: "Đăng nhập" })).toBeVisible();
}

test("log out, log back in, and repeated wrong passwords are slowed down", async ({ page }) => {
  const phone = uniquePhone();
  await register(page, { name: "Nông Thị Lan", phone, district: "Huyện Bắc Quang", commune: "Xã Tân Quang" });
  await logOut(page);

  await page.goto("/dang-nhap?redirectTo=/cuoc-thi/xay-dung-cong-dan-so");
  await page.getByLabel("Số điện thoại", { exact: true }).fill(phone.replace(/^0/, "+84"));
  await page.getByLabel("Mật khẩu", { exact: true }).fill("matkhau-an-toan");
  await page.getByRole("button", { name: "Đăng nhập" }).click();
  await expect(page).toHaveURL(/\/cuoc-thi\/xay-dung-cong-dan-so$/);
  await logOut(page);

  for (let i = 0; i < 5; i++) {
    await page.goto("/dang-nhap");
    await page.getByLabel("Số điện thoại", { exact: true }).fill(phone);
    await page.getByLabel("Mật khẩu", { exact: true }).fill(`sai-${i}`);
    await page.getByRole("button", { name: "Đăng nhập" }).click();
    await expect(page.getByRole("alert")).toHaveText("Số điện thoại hoặc mật khẩu không đúng.");
  }
  // Even the right password waits now: the phone is locked for a while.
  await page.getByLabel("Số điện thoại", { exact: true }).fill(phone);
  await page.getByLabel("Mật khẩu", { exact: true }).fill("matkhau-an-toan");
  await page.getByRole("button", { name: "Đăng nhập" }).click();
  await expect(page.getByRole("alert")).toContainText("quá nhiều lần");
});

test("registration refuses a phone already registered and bad input, keeping what was typed", async ({
  page,
}) => {
  const phone = uniquePhone();
  await register(page, {
    name: "Triệu Văn Tùng",
    phone,
    district: "Huyện Vị Xuyên",
    commune: "Xã Thuận Hoà",
  });
  await logOut(page);
  await page.goto("/dang-ky");
  await page.getByLabel("Họ và tên", { exact: true }).fill("<script>alert(1)</script>");
  await page.getByLabel("Số điện thoại", { exact: true }).fill(phone);
  await page.getByLabel("Năm sinh", { exact: true }).fill("2030");
  await page.getByLabel("Mật khẩu", { exact: true }).fill("ngan");
  await page.getByRole("button", { name: "Đăng ký" }).click();
  await expect(page.getByText("Họ và tên chỉ gồm chữ cái và dấu cách.")).toBeVisible();
  await expect(page.getByText("Số điện thoại này đã được đăng ký. Hãy đăng nhập.")).toBeVisible();
  await expect(page.getByText("Người thi phải từ 6 tuổi trở lên.")).toBeVisible();
  await expect(page.getByText("Mật khẩu cần ít nhất 8 ký tự.")).toBeVisible();
  await expect(page.getByText("Vui lòng chọn xã, phường hoặc thị trấn nơi bạn sống.")).toBeVisible();
  await expect(page.getByText("Bạn cần đồng ý để tiếp tục.")).toBeVisible();
  await expect(page.getByLabel("Số điện thoại", { exact: true })).toHaveValue(phone);
});
