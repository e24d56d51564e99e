// Issue 9's teacher and student journeys beyond tests/e2e/school.spec.ts: a teacher who signs up and is
// approved, the roster (rename, merge, remove), rejoining on another phone, a teacher's own draft questions and
// archiving a class. Teachers use a 360 px phone; students' pages run without JavaScript.
import sharp from "sharp";
import { expect, test, type Browser, type Locator, type Page } from "@playwright/test";
import { choose, expectAccessibleNow, uniquePhone } from "./helpers.ts";

// The demo province's organiser: their scope is the whole province, so every commune's schools.
const ORGANISER = { phone: "0912000001", password: "BanToChuc@2026" };
const PHONE = { width: 360, height: 740 };

type Account = { name: string; phone: string; password: string };

async function logIn(page: Page, who: { phone: string; password: string }) {
  await page.goto("/dang-nhap");
  await page.getByLabel("Số điện thoại", { exact: true }).fill(who.phone);
  await page.getByLabel("Mật khẩu", { exact: true }).fill(who.password);
  await page.getByRole("button", { name: "Đăng nhập" }).click();
  await expect(page.getByRole("button", { name: "Đăng xuất" })).toBeVisible();
}

/** A new phone: its own cookies, 360 px wide, with or without JavaScript. */
async function phone(browser: Browser, baseURL: string | undefined, javaScriptEnabled = true): Promise<Page> {
  const context = await browser.newContext({ baseURL, viewport: PHONE, javaScriptEnabled });
  return context.newPage();
}

async function selectByText(select: Locator, text: string) {
  const option = select.locator("option", { hasText: text }).first();
  await select.selectOption({ value: (await option.getAttribute("value"))! });
}

/** The organiser adds a school with a unique name; returns its name. */
async function addSchool(organiser: Page): Promise<string> {
  const school = `THCS Đồng Văn ${Date.now().toString(36)}${Math.floor(Math.random() * 1000)}`;
  await organiser.goto("/quan-tri/giao-vien");
  await organiser.getByLabel("Tên trường").fill(school);
  await organiser.getByRole("button", { name: "Thêm trường" }).click();
  await expect(organiser.getByRole("status")).toContainText(`Đã thêm trường “${school}”`);
  return school;
}

/** The organiser creates a teacher's account for `school`; it can log in at once. */
async function createTeacher(organiser: Page, school: string, name: string): Promise<Account> {
  const teacher = { name, phone: uniquePhone(), password: "GiaoVien@2026" };
  await organiser.goto("/quan-tri/giao-vien");
  await organiser.getByLabel("Họ và tên").fill(teacher.name);
  await organiser.getByLabel("Số điện thoại").fill(teacher.phone);
  await organiser.getByLabel("Mật khẩu ban đầu").fill(teacher.password);
  await selectByText(organiser.getByLabel("Trường", { exact: true }), school);
  await organiser.getByRole("button", { name: "Tạo tài khoản" }).click();
  await expect(organiser.getByRole("status")).toContainText(
    `Đã tạo tài khoản giáo viên cho ${teacher.name}`,
    {
      timeout: 30_000,
    },
  );
  return teacher;
}

/** A signed-in teacher on their phone, with a new school made by the organiser. */
async function teacherOnPhone(
  page: Page,
  browser: Browser,
  baseURL: string | undefined,
  name: string,
  javaScriptEnabled = true,
) {
  await logIn(page, ORGANISER);
  const school = await addSchool(page);
  const account = await createTeacher(page, school, name);
  const t = await phone(browser, baseURL, javaScriptEnabled);
  await logIn(t, account);
  return { t, school, account };
}

/** Creates a class from the teacher's home page; returns its join code and page (left open). */
async function createClass(t: Page, name: string): Promise<{ code: string; path: string }> {
  await t.goto("/giao-vien");
  await t.getByLabel("Tên lớp").fill(name);
  await t.getByRole("button", { name: "Tạo lớp" }).click();
  await expect(t.getByRole("heading", { name: `Lớp ${name}` })).toBeVisible();
  return { code: (await t.locator("strong.font-mono").innerText()).trim(), path: new URL(t.url()).pathname };
}

/** A student joins from the QR code's link with a display name, on a phone without JavaScript. */
async function joinWithName(s: Page, code: string, name: string) {
  await s.goto(`/lop/${code}`);
  await s.getByLabel("Tên của em").fill(name);
  await s.getByRole("button", { name: "Vào lớp" }).click();
  await expect(s.getByRole("heading", { name: `Bài tập của ${name}` })).toBeVisible();
}

/** Homework from the bank's scam topic, for the teacher's one class (checked by default); returns its id. */
async function assignHomework(t: Page, title: string, questions: number): Promise<number> {
  await t.goto("/giao-vien/bai-tap/moi");
  await t.getByLabel("Tên bài tập").fill(title);
  await t.locator('input[name="topic:lua-dao"]').fill(String(questions));
  await t.getByRole("button", { name: "Giao bài" }).click();
  await expect(t.getByRole("heading", { name: title })).toBeVisible();
  return Number(/bai-tap\/(\d+)/.exec(t.url())![1]);
}

/** Takes a homework from the class page to the end (first choice each time), without JavaScript. */
async function takeHomework(s: Page, title: string, questions: number) {
  await s.goto("/lop");
  await s
    .getByRole("listitem")
    .filter({ has: s.getByRole("heading", { name: title }) })
    .getByRole("button", { name: "Làm bài" })
    .click();
  await expect(s).toHaveURL(/\/bai-thi\/\d+\/cau\/1$/);
  for (let n = 1; n <= questions; n++) {
    await choose(s, 0);
    await s
      .getByRole("button", { name: n < questions ? "Câu tiếp theo" : "Nộp bài" })
      .first()
      .click();
  }
  await expect(s).toHaveURL(/\/nop-bai$/);
  await s.getByRole("button", { name: "Nộp bài" }).click();
  await expect(s.getByRole("heading", { name: "Bạn đã nộp bài" })).toBeVisible();
}

test("a teacher signs up, waits, is approved by the organiser and creates a class", async ({
  page,
  browser,
  baseURL,
}) => {
  test.slow();
  await logIn(page, ORGANISER);
  const school = await addSchool(page);

  const teacher = { name: "Thầy Lục Văn Sơn", phone: uniquePhone(), password: "GiaoVien@2026" };
  const t = await phone(browser, baseURL);
  await t.goto("/giao-vien/dang-ky");
  await t.getByLabel("Họ và tên").fill(teacher.name);
  await t.getByLabel("Số điện thoại").fill(teacher.phone);
  await t.getByLabel(/^Mật khẩu/).fill(teacher.password);
  await selectByText(t.getByLabel("Trường"), school);
  await expectAccessibleNow(t);
  await t.getByRole("button", { name: "Gửi đăng ký" }).click();
  await expect(t.getByRole("heading", { name: "Đã gửi đăng ký" })).toBeVisible({ timeout: 30_000 });
  await expectAccessibleNow(t);

  // Until approved, the password is right but the account waits.
  await t.goto("/dang-nhap");
  await t.getByLabel("Số điện thoại", { exact: true }).fill(teacher.phone);
  await t.getByLabel("Mật khẩu", { exact: true }).fill(teacher.password);
  await t.getByRole("button", { name: "Đăng nhập" }).click();
  await expect(t.getByRole("alert")).toContainText("đang chờ ban tổ chức duyệt");

  await page.goto("/quan-tri/giao-vien");
  const waiting = page
    .getByRole("region", { name: /Giáo viên chờ duyệt/ })
    .getByRole("listitem")
    .filter({ hasText: teacher.phone });
  await expect(waiting).toContainText(teacher.name);
  await expect(waiting).toContainText(school);
  await waiting.getByRole("button", { name: "Duyệt" }).click();
  await expect(page.getByRole("status")).toContainText("Đã duyệt");
  await expect(waiting).toHaveCount(0);
  await expect(page.getByRole("row", { name: new RegExp(teacher.phone) })).toContainText("Đang hoạt động");

  await logIn(t, teacher);
  const { code } = await createClass(t, "7C");
  expect(code).toMatch(/^[A-Z0-9]{6}$/);
  await t.context().close();
});

test("roster: two students join, one twice; the teacher renames, merges the duplicate and removes one", async ({
  page,
  browser,
  baseURL,
}) => {
  test.slow();
  const { t } = await teacherOnPhone(page, browser, baseURL, "Cô Vàng Thị Hoa");
  const { code, path } = await createClass(t, "8B");
  const title = "Mật khẩu và lừa đảo";
  const homeworkId = await assignHomework(t, title, 2);

  // Minh joins on his phone, then again on the family tablet typing his name without diacritics.
  const minh = await phone(browser, baseURL, false);
  await joinWithName(minh, code, "Lò Văn Minh");
  const tablet = await phone(browser, baseURL, false);
  await joinWithName(tablet, code, "Lo Van Minh");
  const mai = await phone(browser, baseURL, false);
  await joinWithName(mai, code, "Hoàng Thị Mai");
  // On the tablet he does the homework.
  await takeHomework(tablet, title, 2);

  await t.goto(`/giao-vien/bai-tap/${homeworkId}`);
  await expect(t.getByRole("row", { name: /Lo Van Minh/ })).toContainText("Đã nộp");
  await expect(t.getByRole("row", { name: /Lò Văn Minh/ })).toContainText("Chưa làm");

  await t.goto(path);
  await expect(t.getByText("3 học sinh")).toBeVisible();
  const roster = t.getByRole("region", { name: "Danh sách học sinh" });
  await roster.getByLabel("Tên mới của Hoàng Thị Mai").fill("Hoàng Thị Mây");
  await roster
    .getByRole("listitem")
    .filter({ hasText: "Hoàng Thị Mai" })
    .getByRole("button", { name: "Đổi tên" })
    .click();
  await expect(t.getByRole("status")).toContainText("Đã đổi tên thành “Hoàng Thị Mây”");
  await expect(roster.getByRole("listitem").filter({ hasText: "Hoàng Thị Mây" })).toHaveCount(1);
  await expectAccessibleNow(t);

  const merge = t.getByRole("region", { name: "Gộp hai tên của cùng một em" });
  await selectByText(merge.getByLabel("Giữ lại"), "Lò Văn Minh");
  await selectByText(merge.getByLabel("Tên trùng (sẽ xoá)"), "Lo Van Minh");
  await merge.getByRole("button", { name: "Gộp" }).click();
  await expect(t.getByRole("status")).toContainText("Đã gộp hai tên; 1 lượt làm bài được chuyển sang.");
  await expect(roster.getByRole("listitem").filter({ hasText: "Lo Van Minh" })).toHaveCount(0);
  await expect(t.getByText("2 học sinh")).toBeVisible();

  // The report has one row for Minh, with the tablet's attempt.
  await t.goto(`/giao-vien/bai-tap/${homeworkId}`);
  await expect(t.getByRole("row", { name: /Lò Văn Minh/ })).toHaveCount(1);
  await expect(t.getByRole("row", { name: /Lò Văn Minh/ })).toContainText("Đã nộp");
  await expect(t.getByRole("row", { name: /Lo Van Minh/ })).toHaveCount(0);
  // Minh's phone sees the result; the tablet's duplicate account is signed out.
  await minh.goto("/lop");
  await expect(minh.getByText(/^Điểm cao nhất: \d\/2$/)).toBeVisible();
  await tablet.goto("/lop");
  await expect(tablet.getByRole("heading", { name: /^Bài tập của/ })).toHaveCount(0);
  await expect(tablet.getByRole("button", { name: "Vào lớp" })).toBeVisible();

  // Mai's page is open when the teacher removes her: her tap on "Làm bài" is refused.
  await mai.goto("/lop");
  await expect(mai.getByRole("heading", { name: title })).toBeVisible();
  await t.goto(path);
  await t.getByRole("button", { name: "Xoá khỏi lớp: Hoàng Thị Mây" }).click();
  await expect(t.getByRole("status")).toContainText("Đã xoá học sinh khỏi lớp");
  await expect(t.getByText("1 học sinh")).toBeVisible();

  const [refused] = await Promise.all([
    mai.waitForResponse((r) => r.request().method() === "POST"),
    mai.getByRole("button", { name: "Làm bài" }).click(),
  ]);
  expect(refused.status()).toBe(404);
  await expect(mai.getByRole("alert")).toContainText("Không tìm thấy bài tập này trong lớp của em.");
  await mai.reload();
  await expect(mai.getByText("Chưa có bài tập nào.")).toBeVisible();
  await t.goto(`/giao-vien/bai-tap/${homeworkId}`);
  await expect(t.getByRole("row", { name: /Hoàng Thị/ })).toHaveCount(0);

  for (const p of [t, minh, tablet, mai]) await p.context().close();
});

test("rejoin: the teacher shows a personal code, the student rejoins on another phone; guessing is stopped", async ({
  page,
  browser,
  baseURL,
}) => {
  test.slow();
  const { t } = await teacherOnPhone(page, browser, baseURL, "Thầy Sùng Mí Chá");
  const { code, path } = await createClass(t, "9A");
  const title = "Ôn tập lừa đảo";
  await assignHomework(t, title, 2);
  const oldPhone = await phone(browser, baseURL, false);
  await joinWithName(oldPhone, code, "Vàng Thị Dung");
  await takeHomework(oldPhone, title, 2);
  await oldPhone.goto("/lop");
  const score = (await oldPhone.getByText(/^Điểm cao nhất: /).innerText()).trim();

  await t.goto(path);
  await t.getByRole("button", { name: "Tạo mã vào lại cho Vàng Thị Dung" }).click();
  const codes = t.getByRole("region", { name: "Mã vào lại (chỉ hiện lần này)" });
  await expect(codes).toContainText("Vàng Thị Dung");
  const rejoinCode = (await codes.getByTestId("rejoin-code").innerText()).trim();
  expect(rejoinCode).toMatch(/^[A-Z0-9]{6}$/);
  await expectAccessibleNow(t);
  // Shown once: a reload does not show it again.
  await t.goto(path);
  await expect(t.getByTestId("rejoin-code")).toHaveCount(0);

  const rejoin = async (p: Page, personal: string) => {
    const form = p.getByRole("region", { name: "Em đã vào lớp trên máy khác?" });
    await form.getByLabel("Mã lớp").fill(code);
    await form.getByLabel("Mã vào lại của em").fill(personal);
    const [response] = await Promise.all([
      p.waitForResponse((r) => r.request().method() === "POST"),
      form.getByRole("button", { name: "Vào lại lớp" }).click(),
    ]);
    return response.status();
  };
  // A code of the right form that is not hers.
  const wrong = rejoinCode === "XXXXXX" ? "YYYYYY" : "XXXXXX";

  const newPhone = await phone(browser, baseURL, false);
  await newPhone.goto("/lop");
  expect(await rejoin(newPhone, wrong)).toBe(400);
  await expect(newPhone.getByRole("alert")).toHaveText(
    "Mã lớp hoặc mã vào lại không đúng. Hãy hỏi lại thầy cô.",
  );
  expect(await rejoin(newPhone, rejoinCode.toLowerCase())).toBe(302);
  await expect(newPhone.getByRole("heading", { name: "Bài tập của Vàng Thị Dung" })).toBeVisible();
  await expect(newPhone.getByText(score, { exact: true })).toBeVisible();
  await newPhone.getByRole("link", { name: "Xem kết quả" }).click();
  await expect(newPhone).toHaveURL(/\/bai-thi\/\d+\/ket-qua$/);

  // Someone guessing from one network is slowed down: every try counts, ten per quarter hour per address.
  const guesser = await phone(browser, baseURL, false);
  await guesser.goto("/lop");
  let status = 0;
  for (let i = 0; i < 10 && status !== 429; i++) status = await rejoin(guesser, wrong);
  expect(status).toBe(429);
  await expect(guesser.getByRole("alert")).toContainText("Bạn đã thử quá nhiều lần. Hãy đợi khoảng");

  for (const p of [t, oldPhone, newPhone, guesser]) await p.context().close();
});

test("a teacher writes a draft question with a picture and sets it as homework; nobody else sees the draft", async ({
  page,
  browser,
  baseURL,
}) => {
  test.slow();
  const { t, school } = await teacherOnPhone(page, browser, baseURL, "Cô Má Thị Say");
  const other = await createTeacher(page, school, "Thầy Giàng A Lử");
  const { code } = await createClass(t, "6D");

  const topic = "Bảo vệ dữ liệu cá nhân";
  const published = async (p: Page) => {
    await p.goto("/giao-vien/bai-tap/moi");
    return (await p.getByText(new RegExp(`^${topic} \\(có \\d+ câu\\)$`)).innerText()).trim();
  };
  const bankBefore = await published(t);

  const text = `Ứng dụng đèn pin xin quyền đọc danh bạ: em nên làm gì? (${Date.now()})`;
  await t.goto("/giao-vien/cau-hoi");
  await t.getByLabel("Chủ đề").selectOption({ label: topic });
  await t.getByLabel("Câu hỏi", { exact: true }).fill(text);
  await t.getByLabel("Lựa chọn 1", { exact: true }).fill("Cho phép để ứng dụng chạy được");
  await t.getByLabel("Lựa chọn 2", { exact: true }).fill("Từ chối quyền và gỡ ứng dụng");
  await t.getByLabel("Lựa chọn 2 là đáp án đúng").check();
  await t
    .getByLabel("Giải thích")
    .fill("Đèn pin không cần danh bạ; ứng dụng xin quyền thừa có thể lấy cắp dữ liệu.");
  await t.getByLabel("Nguồn").fill("Nghị định 13/2023/NĐ-CP, Điều 9");
  await t.getByLabel("Kỹ năng (khung kỹ năng số cơ bản)").selectOption({ index: 1 });
  // A 6 MB phone photo is refused as soon as it is picked: sent, the server would refuse the whole form unread
  // and everything typed would be lost. A smaller photo is stored resized.
  const picture = t.getByLabel("Chọn ảnh", { exact: true });
  await picture.setInputFiles({
    name: "anh-chup.jpg",
    mimeType: "image/jpeg",
    buffer: Buffer.alloc(6 << 20, 1),
  });
  await expect(t.getByRole("alert")).toHaveText(
    "Ảnh quá lớn: tối đa 5 MB. Hãy chọn ảnh khác hoặc thu nhỏ ảnh.",
  );
  expect(await picture.evaluate((input: HTMLInputElement) => input.files?.length)).toBe(0);
  await expect(t.getByLabel("Câu hỏi", { exact: true })).toHaveValue(text);

  const photo = await sharp({ create: { width: 1200, height: 900, channels: 3, background: "#e0a030" } })
    .jpeg()
    .toBuffer();
  await picture.setInputFiles({
    name: "den-pin.jpg",
    mimeType: "image/jpeg",
    buffer: photo,
  });
  await expect(t.getByRole("alert")).toHaveCount(0);
  await t.getByLabel("Mô tả ảnh (cho người không xem được ảnh)").fill("Hộp thoại xin quyền đọc danh bạ");
  await t.getByRole("button", { name: "Lưu câu hỏi" }).click();
  await expect(t.getByRole("status")).toContainText("Đã lưu câu hỏi");
  const questionId = /Đã lưu câu hỏi (\S+)\./.exec(await t.getByRole("status").innerText())![1]!;
  const mine = t.getByRole("listitem").filter({ hasText: text });
  await expect(mine).toContainText(`${questionId} · Nháp`);
  await expectAccessibleNow(t);

  // The draft is not in the public bank: the published count of its topic is unchanged.
  expect(await published(t)).toBe(bankBefore);

  // The teacher sets it as homework; a student takes it and sees the question and its picture.
  await t.getByLabel("Tên bài tập").fill("Quyền của ứng dụng");
  await t.getByLabel("Chọn sẵn câu hỏi (mọi em làm cùng các câu, thứ tự xáo trộn)").check();
  await t.getByLabel("Mã các câu hỏi").fill(questionId);
  await t.getByRole("button", { name: "Giao bài" }).click();
  await expect(t.getByRole("heading", { name: "Quyền của ứng dụng" })).toBeVisible();
  const student = await phone(browser, baseURL, false);
  await joinWithName(student, code, "Thào Mí Dính");
  await student.getByRole("button", { name: "Làm bài" }).click();
  await expect(student.getByText(text)).toBeVisible();
  await expect(student.getByRole("img", { name: "Hộp thoại xin quyền đọc danh bạ" })).toBeVisible();

  // Another teacher of the same school neither sees it nor may use it.
  const o = await phone(browser, baseURL);
  await logIn(o, other);
  await createClass(o, "6E");
  await o.goto("/giao-vien/cau-hoi");
  await expect(o.getByText(text)).toHaveCount(0);
  expect(await published(o)).toBe(bankBefore);
  await o.getByLabel("Tên bài tập").fill("Bài mượn câu");
  await o.getByLabel("Chọn sẵn câu hỏi (mọi em làm cùng các câu, thứ tự xáo trộn)").check();
  await o.getByLabel("Mã các câu hỏi").fill(questionId);
  await o.getByRole("button", { name: "Giao bài" }).click();
  await expect(o.getByRole("alert")).toContainText(`Không dùng được các câu hỏi: ${questionId}`);

  for (const p of [t, student, o]) await p.context().close();
});

test("a teacher archives a class after confirming, without JavaScript; its code takes no one until restored", async ({
  page,
  browser,
  baseURL,
}) => {
  test.slow();
  const { t, account } = await teacherOnPhone(page, browser, baseURL, "Thầy Hầu A Lềnh", false);
  const { code, path } = await createClass(t, "9A");
  const student = await phone(browser, baseURL, false);
  await joinWithName(student, code, "Lù Thị Na");
  // axe runs inside the page: the same teacher's pages are checked on a phone with JavaScript.
  const look = await phone(browser, baseURL);
  await logIn(look, account);

  await t.goto(path);
  const archive = t.getByRole("region", { name: "Lưu trữ lớp" });
  await archive.getByRole("link", { name: "Lưu trữ lớp…" }).click();
  await expect(archive).toContainText("mã lớp không nhận thêm học sinh");
  await look.goto(new URL(t.url()).pathname + new URL(t.url()).search);
  await expect(look.getByRole("button", { name: "Xác nhận lưu trữ lớp" })).toBeVisible();
  await expectAccessibleNow(look);
  // "Thôi" changes nothing.
  await archive.getByRole("link", { name: "Thôi" }).click();
  await expect(archive.getByRole("link", { name: "Lưu trữ lớp…" })).toBeVisible();
  await archive.getByRole("link", { name: "Lưu trữ lớp…" }).click();
  await archive.getByRole("button", { name: "Xác nhận lưu trữ lớp" }).click();
  await expect(t.getByRole("status")).toContainText("Lớp đã được lưu trữ ngày");
  await expect(t.getByRole("region", { name: "Lưu trữ lớp" })).toHaveCount(0);
  await expect(t.getByRole("img", { name: "Mã QR vào lớp 9A" })).toHaveCount(0);
  await expect(t.getByRole("listitem").filter({ hasText: "Lù Thị Na" })).toHaveCount(1);
  // Nor can the code sheet for the projector be opened by its address any more.
  const sheet = await t.goto(`${path}/ma`);
  expect(sheet?.status()).toBe(409);
  await expect(t.getByText("Lớp 9A đã được thầy cô lưu trữ nên không nhận thêm học sinh.")).toBeVisible();

  await t.goto("/giao-vien");
  await expect(
    t.getByRole("region", { name: "Lớp của tôi" }).getByRole("link", { name: "Lớp 9A" }),
  ).toHaveCount(0);
  await expect(
    t.getByRole("region", { name: "Lớp đã lưu trữ" }).getByRole("link", { name: "Lớp 9A" }),
  ).toBeVisible();
  for (const seen of [path, "/giao-vien"]) {
    await look.goto(seen);
    await expectAccessibleNow(look);
  }

  const refusal = "Lớp 9A đã được thầy cô lưu trữ nên không nhận thêm học sinh.";
  const latecomer = await phone(browser, baseURL, false);
  await latecomer.goto(`/lop/${code}`);
  await expect(latecomer.getByRole("alert")).toContainText(refusal);
  await latecomer.getByLabel("Tên của em").fill("Sình Thị Dợ");
  const [response] = await Promise.all([
    latecomer.waitForResponse((r) => r.request().method() === "POST"),
    latecomer.getByRole("button", { name: "Vào lớp" }).click(),
  ]);
  expect(response.status()).toBe(409);
  await expect(latecomer.getByRole("alert")).toContainText(refusal);
  await expect(latecomer.getByRole("heading", { name: /^Bài tập của/ })).toHaveCount(0);

  // Archived too early: the teacher restores it, and its code takes students again.
  await t.goto(path);
  await t.getByRole("button", { name: "Khôi phục lớp" }).click();
  await expect(t.getByText("Đã khôi phục lớp")).toBeVisible();
  await expect(t.getByRole("region", { name: "Lưu trữ lớp" })).toBeVisible();
  await expect(t.getByRole("img", { name: "Mã QR vào lớp 9A" })).toBeVisible();
  await latecomer.goto(`/lop/${code}`);
  await latecomer.getByLabel("Tên của em").fill("Sình Thị Dợ");
  await latecomer.getByRole("button", { name: "Vào lớp" }).click();
  await expect(latecomer.getByRole("heading", { name: /^Bài tập của/ })).toBeVisible();

  for (const p of [t, student, look, latecomer]) await p.context().close();
});
