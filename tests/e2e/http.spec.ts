import { expect, test, type Page } from "@playwright/test";
import { CONTEST, choose, register, startRound, uniquePhone } from "./helpers.ts";

/** Console errors and CSP violations the page reports while `work` runs. */
async function problemsDuring(page: Page, work: () => Promise<void>): Promise<string[]> {
  const problems: string[] = [];
  page.on("console", (m) => m.type() === "error" && problems.push(m.text()));
  page.on("pageerror", (e) => problems.push(e.message));
  await page.addInitScript(() =>
    document.addEventListener("securitypolicyviolation", (e) =>
      console.error(`CSP: ${e.violatedDirective} ${e.blockedURI}`),
    ),
  );
  await work();
  return problems;
}

test("the attempt runs under the Content-Security-Policy with no violation or console error", async ({
  page,
}) => {
  const problems = await problemsDuring(page, async () => {
    await register(page, {
      name: "Lò Văn Páo",
      phone: uniquePhone(),
      district: "Huyện Mèo Vạc",
      commune: "Xã Pả Vi",
    });
    const response = await page.goto("/");
    const csp = response!.headers()["content-security-policy"]!;
    const nonce = /'nonce-([^']+)'/.exec(csp)![1]!;
    // Remix's inline scripts carry this response's nonce (the browser hides it from attributes).
    expect(
      await page
        .locator("script:not([src])")
        .first()
        .evaluate((s: HTMLScriptElement) => s.nonce),
    ).toBe(nonce);
    await startRound(page);
    await choose(page, 0);
    // The background save is the script at work: it only runs when hydration succeeded.
    await expect(page.getByRole("status")).toHaveText(/^✓ Đã lưu/);
    await page.getByRole("button", { name: "Câu tiếp theo" }).click();
    await expect(page.getByText("Câu 2/10")).toBeVisible();
  });
  expect(problems).toEqual([]);
});

test("the question editor's live preview of a chosen picture works under the policy", async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  const problems = await problemsDuring(page, async () => {
    await page.goto("/dang-nhap");
    await page.getByLabel("Số điện thoại", { exact: true }).fill("0912000001");
    await page.getByLabel("Mật khẩu", { exact: true }).fill("BanToChuc@2026");
    await page.getByRole("button", { name: "Đăng nhập" }).click();
    await expect(page.getByRole("link", { name: "Quản trị" })).toBeVisible();
    await page.goto("/quan-tri/cau-hoi/moi");
    await page.getByLabel("Câu hỏi", { exact: true }).fill("Câu hỏi thử chính sách bảo mật");
    const preview = page.getByRole("complementary", { name: "Xem trước trên điện thoại" });
    await expect(preview).toContainText("Câu hỏi thử chính sách bảo mật");
    // A 1×1 PNG: previewed from a blob: URL before it is uploaded.
    const png = Buffer.from(
      "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==",
      "base64",
    );
    await page
      .getByLabel("Chọn ảnh", { exact: true })
      .setInputFiles({ name: "a.png", mimeType: "image/png", buffer: png });
    await expect(preview.locator("img")).toHaveAttribute("src", /^blob:/);
    await expect
      .poll(() => preview.locator("img").evaluate((i: HTMLImageElement) => i.complete && i.naturalWidth))
      .toBe(1);
  });
  expect(problems).toEqual([]);
});

test("a form sent where no page takes one is a Vietnamese 405; a null Origin is a 403, not a 500", async ({
  page,
  baseURL,
}) => {
  for (const path of ["/", `${CONTEST}/bang-xep-hang`]) {
    const response = await page.request.post(path, {
      headers: { Origin: baseURL! },
      form: { a: "1" },
    });
    expect(response.status(), path).toBe(405);
    // What the page shows (Remix's hydration data still carries its developer message, never displayed).
    const shown = /<main[^>]*>([\s\S]*?)<\/main>/.exec(await response.text())![1]!;
    expect(shown).toContain("Thao tác không được hỗ trợ");
    expect(shown).toContain("Trang này không nhận dữ liệu gửi lên.");
  }
  // A resource route (no page) answers with the server's own short page.
  const resource = await page.request.post("/healthz", { headers: { Origin: baseURL! }, form: { a: "1" } });
  expect(resource.status()).toBe(405);
  expect(await resource.text()).toContain("Trang này không nhận thao tác này.");
  const nullOrigin = await page.request.post("/dang-nhap", {
    headers: { Origin: "null" },
    form: { phone: "0912000001", password: "x" },
  });
  expect(nullOrigin.status()).toBe(403);
  expect(await nullOrigin.text()).toContain("Yêu cầu không được gửi từ trang Công dân số");
  const oversized = await page.request.post("/dang-nhap", {
    headers: { Origin: baseURL! },
    form: { phone: "0912000001", password: "x".repeat(100_000) },
  });
  expect(oversized.status()).toBe(413);
  const unknownPage = await page.goto("/khong-co-trang-nay");
  expect(unknownPage!.status()).toBe(404);
  await expect(page.getByText("Trang bạn tìm không có hoặc đã bị chuyển đi.")).toBeVisible();
});
