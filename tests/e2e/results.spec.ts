import { expect, test } from "@playwright/test";
import Database from "better-sqlite3";
import ExcelJS from "exceljs";
import { e2eDatabase } from "../../playwright.config.ts";
import { ADMIN, logIn, ORGANISER, register, uniquePhone } from "./helpers.ts";

test.use({ viewport: { width: 1280, height: 900 }, isMobile: false, hasTouch: false });

/**
 * A published copy of the demo contest with one round open now, so this test can end its round without
 * touching the demo round other tests take.
 */
function createOpenContest(slug: string): number {
  const db = new Database(e2eDatabase);
  db.pragma("busy_timeout = 5000");
  const now = Date.now();
  const { id } = db
    .prepare(
      `INSERT INTO contests (slug, title, summary, rules, scope_unit_id, status, created_at)
       SELECT ?, 'Cuộc thi kết quả', summary, rules, scope_unit_id, 'published', ? FROM contests
       WHERE slug = 'xay-dung-cong-dan-so' RETURNING id`,
    )
    .get(slug, now) as { id: number };
  db.prepare("INSERT INTO rounds (contest_id, number, opens_at, closes_at) VALUES (?, 1, ?, ?)").run(
    id,
    now - 3600_000,
    now + 3600_000,
  );
  db.close();
  return id;
}

/** The round's closing time is now past (as if the week had ended a moment ago). */
function endRound(contestId: number) {
  const db = new Database(e2eDatabase);
  db.pragma("busy_timeout = 5000");
  db.prepare("UPDATE rounds SET closes_at = ? WHERE contest_id = ?").run(Date.now() - 1000, contestId);
  db.close();
}

test("an organiser closes a round, the winners are published, a correction recomputes them and the resident sees it", async ({
  page,
  browser,
}) => {
  const slug = `ket-qua-${uniquePhone()}`;
  const contestId = createOpenContest(slug);
  const name = "Hoàng Thị Thuỳ Dương";
  await register(page, { name, phone: uniquePhone(), district: "Huyện Quản Bạ", commune: "Xã Cán Tỷ" });
  await page.goto(`/cuoc-thi/${slug}`);
  await page.getByRole("button", { name: "Bắt đầu thi" }).click();
  await expect(page).toHaveURL(/\/bai-thi\/\d+\/cau\/1$/);
  const attemptId = Number(/bai-thi\/(\d+)/.exec(page.url())![1]);
  await page.goto(`/bai-thi/${attemptId}/nop-bai`);
  await page.getByRole("button", { name: "Nộp bài" }).click();
  await expect(page).toHaveURL(new RegExp(`/bai-thi/${attemptId}/ket-qua`));
  endRound(contestId);

  const organiser = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await logIn(organiser, ORGANISER);
  const roundPage = `/quan-tri/cuoc-thi/${contestId}/vong/1`;
  await organiser.goto(roundPage);
  await expect(organiser.getByText("Đã hết giờ, chưa đóng.")).toBeVisible();
  await organiser.getByRole("link", { name: "Đóng tuần thi" }).click();
  await expect(organiser.getByText(/Khi đóng, hệ thống chốt con số thực/)).toBeVisible();
  await organiser.getByRole("button", { name: "Xác nhận đóng tuần thi" }).click();
  await expect(organiser.getByRole("status")).toContainText(
    "Đã đóng tuần thi: con số thực là 1, 1 người đoạt giải.",
  );
  const winners = organiser.getByRole("table", { name: "Người đoạt giải tuần 1" });
  await expect(winners).toContainText(name);
  await expect(winners).toContainText("Giải Nhất");

  // The public page, from the contest page's link, without phone numbers.
  await page.goto(`/cuoc-thi/${slug}`);
  await page.getByRole("link", { name: "Kết quả và giải thưởng" }).click();
  await expect(page.getByRole("heading", { name: "Người đoạt giải tuần 1" })).toBeVisible();
  await expect(page.getByRole("table", { name: "Người đoạt giải tuần 1" })).toContainText(name);
  await expect(page.getByRole("table", { name: "Người đoạt giải tuần 1" })).toContainText("Cán Tỷ");

  // On a 360 px phone only the tables scroll, inside their own box.
  await page.setViewportSize({ width: 360, height: 740 });
  await page.reload();
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);

  // The winners' export opens in Excel terms with Vietnamese text and the phone number.
  const download = await organiser.request.get(`${roundPage}/xuat/giai-thuong.xlsx`);
  expect(download.status()).toBe(200);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load((await download.body()) as unknown as ArrayBuffer);
  const sheet = workbook.worksheets[0]!;
  expect(sheet.getRow(1).values).toEqual(expect.arrayContaining(["Họ và tên", "Số điện thoại", "Xã/phường"]));
  expect(sheet.getRow(2).values).toEqual(expect.arrayContaining(["Giải Nhất", name, "Cán Tỷ"]));

  // A correction: the organiser disqualifies the winner with a reason; the winners are recomputed.
  await organiser.getByRole("link", { name: `Loại lượt ${attemptId}` }).click();
  await expect(organiser.getByLabel("Số lượt thi")).toHaveValue(String(attemptId));
  await organiser.getByLabel("Lý do").fill("Trả lời nhanh hơn tốc độ đọc");
  await organiser.getByRole("button", { name: "Ghi quyết định" }).click();
  await expect(organiser.getByRole("status")).toContainText(`Đã loại lượt thi số ${attemptId}.`);
  await expect(organiser.getByText("Chưa có người đoạt giải.")).toBeVisible();
  await expect(organiser.getByText(`Lượt ${attemptId} — ${name}`)).toBeVisible();

  await page.goto(`/bai-thi/${attemptId}/ket-qua`);
  await expect(page.getByRole("alert")).toContainText("Lượt thi này bị loại");
  await expect(page.getByRole("alert")).toContainText("Lý do: Trả lời nhanh hơn tốc độ đọc");
  await page.goto(`/cuoc-thi/${slug}/ket-qua?vong=1`);
  await expect(page.getByText("Chưa có người đoạt giải.")).toBeVisible();
  await organiser.close();

  // The admin reads both decisions in the audit log, in words, and can filter by the kind of object.
  const admin = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await logIn(admin, ADMIN);
  await admin.goto(`/quan-tri/nhat-ky?doi-tuong=attempt&ma=${attemptId}`);
  const entries = admin.getByRole("list", { name: "Các mục nhật ký" }).getByRole("listitem");
  await expect(entries).toHaveCount(1);
  await expect(entries.first()).toContainText("Loại lượt thi");
  await expect(entries.first()).toContainText("Trả lời nhanh hơn tốc độ đọc");
  await expect(admin.getByLabel("Loại đối tượng").locator("option")).toContainText([
    "Dấu hiệu gian lận",
    "Đơn vị (dân số)",
  ]);
  await admin.goto("/quan-tri/nhat-ky?doi-tuong=round");
  await expect(entries.first()).toContainText("Đóng tuần thi");
  await admin.close();
});
