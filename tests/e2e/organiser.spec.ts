import { expect, test } from "@playwright/test";
import Database from "better-sqlite3";
import ExcelJS from "exceljs";
import sharp from "sharp";
import { e2eDatabase } from "../../playwright.config.ts";
import { logIn, ORGANISER, REVIEWER } from "./helpers.ts";

// A topic no other browser test practises, so this test may empty it.
const TOPIC = { id: "phap-luat-khong-gian-mang", name: "Pháp luật trên không gian mạng" };
const HEADERS = [
  "Mã câu hỏi",
  "Chủ đề",
  "Độ khó",
  "Loại",
  "Câu hỏi",
  "Lựa chọn 1",
  "Lựa chọn 2",
  "Lựa chọn 3",
  "Lựa chọn 4",
  "Lựa chọn 5",
  "Lựa chọn 6",
  "Đáp án đúng",
  "Giải thích",
  "Nguồn",
  "Ngày kiểm tra",
  "Kỹ năng",
];

async function xlsx(rows: (string | number)[][]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet("Câu hỏi");
  sheet.addRow(HEADERS);
  for (const row of rows) sheet.addRow(row);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** Takes every other question of the topic out of the draw, so practice can only show the new one. */
function unpublishOthers(keepText: string) {
  const db = new Database(e2eDatabase);
  db.pragma("busy_timeout = 5000");
  db.prepare(
    `UPDATE questions SET published_revision_id = NULL, status = 'draft'
     WHERE topic_id = ? AND current_revision_id NOT IN (SELECT id FROM question_revisions WHERE text = ?)`,
  ).run(TOPIC.id, keepText);
  db.close();
}

test.use({ viewport: { width: 1280, height: 900 }, isMobile: false, hasTouch: false });

test("an organiser imports a sheet, a second organiser reviews and publishes it, and residents practise it", async ({
  page,
  browser,
}) => {
  await logIn(page, ORGANISER);
  await page.goto("/quan-tri/cau-hoi/nhap");
  const template = await page.request.get("/quan-tri/cau-hoi/mau.xlsx");
  expect(template.headers()["content-type"]).toContain("spreadsheetml");

  // A file with bad rows: every problem is listed with its row, and nothing is saved.
  const text = `Khi nhận cuộc gọi tự xưng công an yêu cầu chuyển tiền để "xác minh", bạn nên làm gì? (${Date.now()})`;
  const good = [
    "",
    TOPIC.id,
    1,
    "một đáp án",
    text,
    "Chuyển tiền ngay",
    "Từ chối, gọi lại số đường dây nóng chính thức của công an",
    "",
    "",
    "",
    "",
    2,
    "Công an không yêu cầu người dân chuyển tiền qua điện thoại để xác minh.",
    "Bộ luật Hình sự, Điều 174",
    "22/11/2026",
    "nhan-dien-lua-dao",
  ];
  const bad = [...good];
  bad[11] = "";
  const withBadDate = [...good];
  withBadDate[14] = "31/02/2026";
  await page.getByLabel(/Tệp câu hỏi/).setInputFiles({
    name: "cau-hoi.xlsx",
    mimeType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    buffer: await xlsx([good, bad, withBadDate]),
  });
  await page.getByRole("button", { name: "Kiểm tra và nhập" }).click();
  await expect(page.getByRole("alert")).toContainText("Chưa nhập câu nào");
  await expect(page.getByRole("alert")).toContainText("Dòng 3: thiếu đáp án đúng");
  await expect(page.getByRole("alert")).toContainText("Dòng 4: ngày kiểm tra “31/02/2026” không hợp lệ");
  await page.goto(`/quan-tri/cau-hoi?q=${encodeURIComponent("xac minh")}&chu-de=${TOPIC.id}`);
  await expect(page.getByRole("link", { name: text })).toHaveCount(0);

  // The clean file goes in as a draft.
  await page.goto("/quan-tri/cau-hoi/nhap");
  await page.getByLabel(/Tệp câu hỏi/).setInputFiles({
    name: "cau-hoi.xlsx",
    mimeType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    buffer: await xlsx([good]),
  });
  await page.getByRole("button", { name: "Kiểm tra và nhập" }).click();
  await expect(page.getByRole("status")).toContainText("1 câu mới");

  // Search ignores diacritics: "xac minh" finds "xác minh".
  await page.goto(`/quan-tri/cau-hoi?q=${encodeURIComponent("xac minh")}&chu-de=${TOPIC.id}`);
  await page.getByRole("link", { name: text }).click();
  await expect(page.getByText(/^Phiên bản 1 · Nháp$/)).toBeVisible();
  await expect(page.getByRole("complementary", { name: "Xem trước trên điện thoại" })).toContainText(text);
  // Whoever wrote the revision cannot review it: a second person must.
  await expect(page.getByRole("button", { name: "Duyệt", exact: true })).toHaveCount(0);
  await expect(page.getByText("cần một người khác trong ban tổ chức duyệt")).toBeVisible();
  const questionUrl = page.url();
  const reviewer = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await logIn(reviewer, REVIEWER);
  await reviewer.goto(questionUrl);
  await reviewer.getByRole("button", { name: "Duyệt", exact: true }).click();
  await reviewer.getByRole("button", { name: "Xuất bản", exact: true }).click();
  await expect(reviewer.getByText(/^Phiên bản 1 · Đã xuất bản$/)).toBeVisible();
  await expect(reviewer.getByRole("region", { name: "Lịch sử" })).toContainText(
    `Duyệt (phiên bản 1) — ${REVIEWER.name}`,
  );
  await expect(reviewer.getByRole("region", { name: "Lịch sử" })).toContainText("Xuất bản");
  await reviewer.close();

  unpublishOthers(text);
  await page.goto("/luyen-tap");
  const card = page.getByRole("listitem").filter({ has: page.getByRole("heading", { name: TOPIC.name }) });
  await card.getByRole("button", { name: "Luyện tập" }).click();
  await expect(page.getByText(text)).toBeVisible();
  await page.getByText("Từ chối, gọi lại số đường dây nóng chính thức của công an").click();
  await page.getByRole("button", { name: "Kiểm tra" }).click();
  await expect(page.getByText("Chính xác!")).toBeVisible();
  await expect(page.getByText("Công an không yêu cầu người dân chuyển tiền")).toBeVisible();
});

test("an organiser writes a question with a live preview; bad input is explained and kept", async ({
  page,
}) => {
  await logIn(page, ORGANISER);
  await page.goto("/quan-tri/cau-hoi/moi");
  await page.getByLabel("Chủ đề").selectOption({ label: "Kỹ năng số cơ bản" });
  await page.getByLabel("Câu hỏi", { exact: true }).fill("Mật khẩu nào mạnh nhất?");
  await page.getByLabel("Lựa chọn 1", { exact: true }).fill("123456");
  await page.getByLabel("Lựa chọn 2", { exact: true }).fill("Tên và năm sinh của bạn");
  await page.getByLabel("Lựa chọn 3", { exact: true }).fill("Một câu dài gồm chữ, số và ký hiệu");
  const preview = page.getByRole("complementary", { name: "Xem trước trên điện thoại" });
  await expect(preview).toContainText("Mật khẩu nào mạnh nhất?");
  await expect(preview).toContainText("Một câu dài gồm chữ, số và ký hiệu");
  await page.getByRole("button", { name: "Lưu nháp" }).click();
  await expect(page.getByText(/Cần đúng 1 đáp án đúng/)).toBeVisible();
  await expect(page.getByText(/Thiếu giải thích|Giải thích quá ngắn/)).toBeVisible();
  await expect(page.getByLabel("Lựa chọn 3", { exact: true })).toHaveValue(
    "Một câu dài gồm chữ, số và ký hiệu",
  );

  await page.getByLabel("Lựa chọn 3 là đáp án đúng").check();
  await page.getByLabel("Giải thích").fill("Mật khẩu dài, trộn chữ, số và ký hiệu thì khó đoán hơn nhiều.");
  // A descriptive label is not a source: refused on the field, with what to write instead.
  await page.getByLabel("Nguồn").fill("Cẩm nang kỹ năng số");
  await page.getByRole("button", { name: "Lưu nháp" }).click();
  await expect(page.getByText(/^Nguồn “Cẩm nang kỹ năng số”: cần số hiệu văn bản/)).toBeVisible();
  await expect(page.getByLabel("Nguồn")).toHaveAttribute("aria-invalid", "true");
  await page.getByLabel("Nguồn").fill("Quyết định 757/QĐ-BKHCN");
  await page.getByLabel("Kỹ năng (khung kỹ năng số cơ bản)").selectOption("bao-ve-tai-khoan");
  // A large screenshot-like picture: stored resized for phones, with its description.
  const picture = await sharp({ create: { width: 1600, height: 1200, channels: 3, background: "#3366aa" } })
    .png()
    .toBuffer();
  await page
    .getByLabel("Chọn ảnh", { exact: true })
    .setInputFiles({ name: "mat-khau.png", mimeType: "image/png", buffer: picture });
  await page.getByLabel("Mô tả ảnh (cho người không xem được ảnh)").fill("Ô nhập mật khẩu trên điện thoại");
  await page.getByRole("button", { name: "Lưu nháp" }).click();
  await expect(page.getByRole("status")).toContainText("Đã lưu");
  await expect(page.getByText(/^Phiên bản 1 · Nháp$/)).toBeVisible();
  const image = page
    .getByRole("complementary", { name: "Xem trước trên điện thoại" })
    .getByRole("img", { name: "Ô nhập mật khẩu trên điện thoại" });
  const src = await image.getAttribute("src");
  expect(src).toMatch(/^\/anh\/[0-9a-f]{20}$/);
  const stored = await page.request.get(src!);
  expect(stored.headers()["content-type"]).toBe("image/webp");
  expect((await stored.body()).length).toBeLessThanOrEqual(60 * 1024);

  // The bank, this draft included, exports to Excel.
  const exported = await page.request.get("/quan-tri/cau-hoi/xuat.xlsx");
  expect(exported.headers()["content-type"]).toContain("spreadsheetml");
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load((await exported.body()) as unknown as ArrayBuffer);
  const texts = workbook.worksheets[0]!.getColumn(5).values.map(String);
  expect(texts).toContain("Mật khẩu nào mạnh nhất?");
});

test("item statistics read on a 360 px phone; the bank filters by skill and by what needs another look", async ({
  page,
}) => {
  await page.setViewportSize({ width: 360, height: 740 });
  await logIn(page, ORGANISER);
  await page.goto("/quan-tri/cau-hoi");
  await page.getByRole("button", { name: "Cập nhật thống kê" }).click();
  await expect(page.getByText(/Cập nhật lúc \d{2}:\d{2} ngày/)).toBeVisible();
  // The demo's residents answered rounds 1 and 2: questions show their figures in one line under the text.
  await page.getByLabel("Cần xem lại").selectOption("qua-de");
  await page.getByRole("button", { name: "Lọc" }).click();
  await expect(page).toHaveURL(/xem-lai=qua-de/);
  const figures = page.getByText(/^\d+ lượt · [\d,]+% đúng/).first();
  await expect(figures).toBeVisible();
  await expect(figures).toContainText("Quá dễ");
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
  await page.locator("tbody a").first().click();
  const card = page.getByRole("region", { name: "Thống kê câu hỏi" });
  await expect(card).toContainText("Độ phân biệt");
  await expect(card).toContainText("Quá dễ");
  // (The editor below keeps its 360 px phone preview; the figures themselves fit the screen.)
  expect((await card.boundingBox())!.x + (await card.boundingBox())!.width).toBeLessThanOrEqual(360);

  await page.goto("/quan-tri/cau-hoi?ky-nang=nhan-dien-lua-dao");
  await expect(page.getByLabel("Kỹ năng", { exact: true })).toHaveValue("nhan-dien-lua-dao");
  await expect(page.getByText(/^\d+ câu hỏi/)).toBeVisible();
});

test("a scam-screen question's history says what its drawn phone screen shows", async ({ page }) => {
  await logIn(page, ORGANISER);
  await page.goto("/quan-tri/cau-hoi/dich-vu-cong-026");
  const history = page.getByRole("region", { name: "Lịch sử" });
  await history.getByText("Màn hình điện thoại được vẽ").click();
  await expect(history.getByText(/^Màn hình .* lúc \d{2}:\d{2}/)).toBeVisible();
});

test("residents cannot open the console", async ({ page }) => {
  const response = await page.goto("/quan-tri/cau-hoi");
  expect(page.url()).toContain("/dang-nhap");
  expect(response?.status()).toBe(200);
});

test("an organiser's header fits a 360 px phone: the name shrinks, the buttons stay whole", async ({
  page,
}) => {
  await page.setViewportSize({ width: 360, height: 740 });
  await logIn(page, ORGANISER);
  await expect(page.getByRole("link", { name: "Quản trị" })).toBeInViewport({ ratio: 1 });
  await expect(page.getByRole("button", { name: "Đăng xuất" })).toBeInViewport({ ratio: 1 });
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
});
