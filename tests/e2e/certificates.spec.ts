import fs from "node:fs";
import { expect, test, type Page } from "@playwright/test";
import Database from "better-sqlite3";
import QRCode from "qrcode";
import { e2eDatabase } from "../../playwright.config.ts";
import { pdfQrCodes, pdfText } from "../pdf.ts";
import { expectAccessibleNow, register, uniquePhone } from "./helpers.ts";

/**
 * A published copy of the demo contest with one round open now, where every submitted attempt earns a completion
 * certificate (certificate score 0), so the test need not know the answers.
 */
function createOpenContest(slug: string) {
  const db = new Database(e2eDatabase);
  db.pragma("busy_timeout = 5000");
  const now = Date.now();
  const { id } = db
    .prepare(
      `INSERT INTO contests (slug, title, summary, rules, scope_unit_id, status, created_at)
       SELECT ?, 'Cuộc thi chứng nhận', summary, json_set(rules, '$.certificateScore', 0), scope_unit_id,
              'published', ?
       FROM contests WHERE slug = 'xay-dung-cong-dan-so' RETURNING id`,
    )
    .get(slug, now) as { id: number };
  db.prepare("INSERT INTO rounds (contest_id, number, opens_at, closes_at) VALUES (?, 1, ?, ?)").run(
    id,
    now - 3600_000,
    now + 3600_000,
  );
  db.close();
}

/** Takes the contest's round without answering and lands on the result page; returns the attempt id. */
async function submitEmpty(page: Page, slug: string): Promise<number> {
  await page.goto(`/cuoc-thi/${slug}`);
  await page.getByRole("button", { name: "Bắt đầu thi" }).click();
  await expect(page).toHaveURL(/\/bai-thi\/\d+\/cau\/1$/);
  const attemptId = Number(/bai-thi\/(\d+)/.exec(page.url())![1]);
  await page.goto(`/bai-thi/${attemptId}/nop-bai`);
  await page.getByRole("button", { name: "Nộp bài" }).click();
  await expect(page).toHaveURL(new RegExp(`/bai-thi/${attemptId}/ket-qua`));
  return attemptId;
}

const qrOf = (url: string) => {
  const { modules } = QRCode.create(url, { errorCorrectionLevel: "M" });
  return Array.from({ length: modules.size }, (_, r) =>
    Array.from({ length: modules.size }, (_, c) => modules.get(r, c) === 1),
  );
};

test("a resident downloads a certificate whose QR code opens the verify page, and shares the result with a preview card", async ({
  page,
  context,
  browser,
}) => {
  // A round taken, a PDF drawn, two more pages and axe checks: longer than one page's journey.
  test.slow();
  const slug = `chung-nhan-${uniquePhone()}`;
  createOpenContest(slug);
  const name = "Hoàng Thị Thuỳ Dương";
  const phone = uniquePhone();
  await register(page, { name, phone, district: "Huyện Quản Bạ", commune: "Xã Cán Tỷ" });
  const attemptId = await submitEmpty(page, slug);

  // The certificate: a PDF in Vietnamese with the resident's name and a QR code to the verify page.
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("button", { name: "Tải giấy chứng nhận (PDF)" }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/^giay-chung-nhan-[a-z2-7]{26}\.pdf$/);
  const bytes = new Uint8Array(fs.readFileSync((await download.path())!));
  expect(Buffer.from(bytes.subarray(0, 5)).toString()).toBe("%PDF-");
  const text = await pdfText(bytes);
  expect(text).toContain(name);
  expect(text).toContain("Xã Cán Tỷ, Huyện Quản Bạ");
  expect(text).toContain("Đã hoàn thành tuần 1 cuộc thi “Cuộc thi chứng nhận”");
  const verifyUrl = text.find((line) => line.startsWith("Kiểm tra tại: "))!.slice("Kiểm tra tại: ".length);
  expect(verifyUrl).toMatch(new RegExp(`^http://localhost:\\d+/chung-nhan/[a-z2-7]{26}$`));
  const [qr] = await pdfQrCodes(bytes);
  expect(qr).toEqual(qrOf(verifyUrl));

  // Whoever scans it sees the certificate stand, without the resident's phone.
  const verifier = await browser.newPage();
  await verifier.goto(verifyUrl);
  await expect(verifier.getByRole("status")).toContainText("Giấy chứng nhận hợp lệ");
  const details = verifier.getByRole("region", { name: "Nội dung giấy chứng nhận" });
  await expect(details).toContainText(name);
  await expect(details).toContainText("Cuộc thi chứng nhận");
  await expect(details).toContainText(/0\/10 câu trả lời đúng/);
  await expectAccessibleNow(verifier);
  await expect(verifier.locator("body")).not.toContainText(phone);
  await verifier.goto(`/chung-nhan/${"a".repeat(26)}`);
  await expect(verifier.getByRole("heading", { name: "Không tìm thấy trang" })).toBeVisible();
  await verifier.close();

  // Sharing copies the link where the browser has no share sheet (desktop Chromium has none).
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  await page.getByRole("button", { name: "Chia sẻ kết quả" }).click();
  await expect(page.getByText("Đã sao chép đường dẫn.")).toBeVisible();
  const shareUrl = await page.evaluate(() => navigator.clipboard.readText());
  expect(shareUrl).toMatch(/\/chia-se\/[a-z2-7]{26}$/);

  // The shared page carries the preview card, and its image is a 1200 × 630 PNG.
  await page.goto(shareUrl);
  const og = (property: string) => page.locator(`meta[property="${property}"]`).getAttribute("content");
  expect(await og("og:url")).toBe(shareUrl);
  expect(await og("og:title")).toBe("0/10 câu đúng — Cuộc thi chứng nhận");
  await expectAccessibleNow(page);
  expect(await og("og:description")).toContain(name);
  expect(await page.locator('meta[name="twitter:card"]').getAttribute("content")).toBe("summary_large_image");
  const image = await og("og:image");
  expect(image).toBe(`${shareUrl}/anh.png`);
  const png = await page.request.get(image!);
  expect(png.headers()["content-type"]).toBe("image/png");
  const body = await png.body();
  expect(body.subarray(1, 4).toString()).toBe("PNG");
  expect([body.readUInt32BE(16), body.readUInt32BE(20)]).toEqual([1200, 630]);
  await expect(page.getByRole("img", { name: new RegExp(name) })).toBeVisible();
  await expect(page.locator("body")).not.toContainText(phone);
  await expect(page.locator("body")).not.toContainText("1988");

  // Without JavaScript, “Chia sẻ kết quả” opens the share page with the address to copy.
  const noScript = await browser.newContext({
    javaScriptEnabled: false,
    storageState: await context.storageState(),
  });
  const plain = await noScript.newPage();
  await plain.goto(`/bai-thi/${attemptId}/ket-qua`);
  await plain.getByRole("link", { name: "Chia sẻ kết quả" }).click();
  await expect(plain.getByRole("textbox", { name: "Đường dẫn" })).toHaveValue(shareUrl);
  await noScript.close();
});
