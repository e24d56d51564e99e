import { eq } from "drizzle-orm";
import sharp from "sharp";
import { describe, expect, test } from "vitest";
import { attempts, certificates, contests, images, users } from "#db/schema.ts";
import {
  createShareLink,
  getCertificate,
  issueCertificate,
  posterFacts,
  resultSharing,
} from "#app/models/certificates.server.ts";
import { closeRound } from "#app/models/contests.server.ts";
import { recordSubmission } from "#app/models/leaderboards.server.ts";
import { setAttemptDisqualified } from "#app/models/results.server.ts";
import { loader as pdfLoader } from "#app/routes/chung-nhan.$code_.pdf.ts";
import { loader as verifyLoader } from "#app/routes/chung-nhan.$code.tsx";
import { loader as cardLoader } from "#app/routes/chia-se.$code_.anh[.]png.ts";
import { loader as shareLoader, meta as shareMeta } from "#app/routes/chia-se.$code.tsx";
import { loader as posterLoader } from "#app/routes/quan-tri.cuoc-thi.$contestId.ap-phich.ts";
import { commitSessionCookie, createSession } from "#app/utils/auth.server.ts";
import { db, transaction } from "#app/utils/db.server.ts";
import { qrMatrix } from "#app/utils/pdf.server.ts";
import { pdfQrCodes, pdfText } from "#tests/pdf.ts";
import { createResident, createTestContest, rejection, T0 } from "./fixtures.ts";

type Resident = ReturnType<typeof createResident>;

let phones = 0;
/** A resident with a phone and birth year, to check neither ever reaches a public page. */
function resident(name: string) {
  const r = createResident(0, name);
  const phone = `0987${String(++phones).padStart(6, "0")}`;
  db.update(users).set({ phone, birthYear: 1957 }).where(eq(users.id, r.userId)).run();
  return r;
}

/** Fails when a phone number or the birth year of the residents above shows in `text`. */
function expectNothingPrivate(text: string) {
  expect(text).not.toMatch(/0987\d{6}/);
  expect(text).not.toContain("1957");
}

/** A submitted attempt of `score` out of 5, on the boards like a real submission. */
function submit(r: Resident, round: { id: number }, contestId: number, score: number) {
  const submittedAt = T0 + 3_600_000;
  return transaction((tx) => {
    const { id } = tx
      .insert(attempts)
      .values({
        userId: r.userId,
        roundId: round.id,
        startedAt: submittedAt - 60_000,
        deadlineAt: submittedAt,
        submittedAt,
        status: "submitted",
        questionCount: 5,
        score,
        durationMs: 60_000,
        prediction: 3,
      })
      .returning({ id: attempts.id })
      .get();
    recordSubmission(tx, {
      ...r,
      roundId: round.id,
      contestId,
      attemptId: id,
      predictionActual: null,
      score,
      durationMs: 60_000,
      submittedAt,
      prediction: 3,
    });
    return id;
  });
}

let ip = 0;
/** Route arguments from a fresh address each time (misses are counted per address). */
const args = (path: string, params: Record<string, string>, address = `198.51.100.${++ip}`) => ({
  request: new Request(`http://localhost${path}`),
  params,
  context: { clientIp: address, cspNonce: "" },
});

async function thrown(work: Promise<unknown>): Promise<Response> {
  const error = await work.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(Response);
  return error as Response;
}

describe("completion certificates", () => {
  test("are issued at or above the contest's certificate score, once per attempt", async () => {
    const contest = await createTestContest({ certificateScore: 4 });
    const round = contest.rounds[0]!;
    const passed = resident("Lò Thị Mỷ");
    const failed = resident("Vàng Seo Dính");
    const good = submit(passed, round, contest.id, 4);
    const poor = submit(failed, round, contest.id, 3);

    expect((await resultSharing(good, passed.userId)).certificates).toEqual([{ kind: "completion" }]);
    expect((await resultSharing(poor, failed.userId)).certificates).toEqual([]);
    // Someone else's attempt offers nothing.
    expect(await resultSharing(good, failed.userId)).toMatchObject({ offered: false, certificates: [] });

    const code = await issueCertificate({
      attemptId: good,
      userId: passed.userId,
      kind: "completion",
      now: T0,
    });
    expect(code).toMatch(/^[a-z2-7]{26}$/);
    expect(
      await issueCertificate({ attemptId: good, userId: passed.userId, kind: "completion", now: T0 + 5 }),
    ).toBe(code);
    expect(db.select().from(certificates).where(eq(certificates.attemptId, good)).all()).toHaveLength(1);

    const refused = await rejection(
      issueCertificate({ attemptId: poor, userId: failed.userId, kind: "completion", now: T0 }),
    );
    expect(refused.status).toBe(403);
    expect(refused.message).toBe("Lượt thi này chưa đạt số câu đúng để nhận giấy chứng nhận.");
    expect(
      (
        await rejection(
          issueCertificate({ attemptId: good, userId: failed.userId, kind: "completion", now: T0 }),
        )
      ).status,
    ).toBe(404);
  });

  test("a contest stored before certificates existed issues none for completion", async () => {
    const contest = await createTestContest();
    const stored = db
      .select({ rules: contests.rules })
      .from(contests)
      .where(eq(contests.id, contest.id))
      .get()!;
    const { certificateScore: _, ...oldRules } = stored.rules as Record<string, unknown>;
    db.update(contests).set({ rules: oldRules }).where(eq(contests.id, contest.id)).run();
    const r = resident("Đặng Văn Lộc");
    const id = submit(r, contest.rounds[0]!, contest.id, 5);
    expect(await resultSharing(id, r.userId)).toMatchObject({ offered: true, certificates: [] });
  });
});

describe("prize certificates and revocation", () => {
  test("a winner gets a prize certificate; disqualifying the attempt revokes it, reinstating restores it", async () => {
    const contest = await createTestContest({ certificateScore: 5 });
    const round = contest.rounds[0]!;
    const winner = resident("Hoàng Thị Thuỳ Dương");
    const attemptId = submit(winner, round, contest.id, 5);
    expect((await resultSharing(attemptId, winner.userId)).certificates).toEqual([{ kind: "completion" }]);
    await closeRound(round.id, round.closesAt);

    expect((await resultSharing(attemptId, winner.userId)).certificates).toEqual([
      { kind: "completion" },
      { kind: "prize", tierIndex: 0, label: "Giải Nhất" },
    ]);
    const prize = await issueCertificate({
      attemptId,
      userId: winner.userId,
      kind: "prize",
      now: round.closesAt,
    });
    const completion = await issueCertificate({
      attemptId,
      userId: winner.userId,
      kind: "completion",
      now: T0,
    });
    expect(prize).not.toBe(completion);
    expect(await getCertificate(prize)).toMatchObject({
      revoked: null,
      facts: {
        kind: "prize",
        prizeLabel: "Giải Nhất",
        name: "Hoàng Thị Thuỳ Dương",
        score: 5,
        roundNumber: 1,
      },
    });

    await setAttemptDisqualified(attemptId, {
      disqualified: true,
      reason: "Trả lời nhanh hơn thời gian đọc câu hỏi",
      actorId: winner.userId,
      now: round.closesAt + 1000,
    });
    expect((await getCertificate(prize))!.revoked).toBe("Lượt thi này đã bị ban tổ chức loại.");
    expect((await getCertificate(completion))!.revoked).toBe("Lượt thi này đã bị ban tổ chức loại.");
    expect(await resultSharing(attemptId, winner.userId)).toMatchObject({ offered: false, certificates: [] });
    const page = (await verifyLoader(args(`/chung-nhan/${prize}`, { code: prize }))) as { revoked: string };
    expect(page.revoked).toBe("Lượt thi này đã bị ban tổ chức loại.");
    const pdf = await thrown(Promise.resolve(pdfLoader(args(`/chung-nhan/${prize}/pdf`, { code: prize }))));
    expect(pdf.status).toBe(410);

    await setAttemptDisqualified(attemptId, {
      disqualified: false,
      reason: "Đã xác minh lại với người dự thi",
      actorId: winner.userId,
      now: round.closesAt + 2000,
    });
    expect((await getCertificate(prize))!.revoked).toBeNull();
  });

  test("a prize certificate whose prize went to someone else after a correction says so", async () => {
    const contest = await createTestContest({
      prizeTiers: [{ label: "Giải Nhất", count: 1, unitPoints: 10 }],
    });
    const round = contest.rounds[0]!;
    const first = resident("Người thứ nhất");
    const second = resident("Người thứ hai");
    const winning = submit(first, round, contest.id, 5);
    const other = submit(first, round, contest.id, 2);
    const secondAttempt = submit(second, round, contest.id, 4);
    await closeRound(round.id, round.closesAt);
    const code = await issueCertificate({ attemptId: winning, userId: first.userId, kind: "prize", now: T0 });
    expect(
      (
        await rejection(
          issueCertificate({ attemptId: secondAttempt, userId: second.userId, kind: "prize", now: T0 }),
        )
      ).message,
    ).toBe("Lượt thi này không đoạt giải nên chưa có giấy chứng nhận đạt giải.");
    // A disqualified attempt of the same resident, not the winning one, takes the prize away from them.
    await setAttemptDisqualified(other, {
      disqualified: true,
      reason: "Nhờ người khác làm hộ",
      actorId: first.userId,
      now: round.closesAt + 1,
    });
    expect((await getCertificate(code))!.revoked).toBe(
      "Kết quả giải của tuần thi đã được ban tổ chức điều chỉnh.",
    );
    expect((await resultSharing(secondAttempt, second.userId)).certificates).toEqual([
      { kind: "prize", tierIndex: 0, label: "Giải Nhất" },
    ]);
  });
});

describe("verify page and PDF", () => {
  test("the verify page shows name, contest, round, result and date, never phone or birth year", async () => {
    const contest = await createTestContest({ certificateScore: 3 });
    const r = resident("Lục Văn Thành");
    const attemptId = submit(r, contest.rounds[0]!, contest.id, 4);
    const code = await issueCertificate({ attemptId, userId: r.userId, kind: "completion", now: T0 });
    const data = await verifyLoader(args(`/chung-nhan/${code}`, { code }));
    expect(data).toMatchObject({
      name: "Lục Văn Thành",
      contestTitle: expect.stringMatching(/^Cuộc thi \d+$/),
      roundNumber: 1,
      award: "Hoàn thành tuần thi",
      result: "4/5 câu trả lời đúng",
      submitted: "18/06/2026",
      revoked: null,
    });
    expectNothingPrivate(JSON.stringify(data));
  });

  test("the PDF says it all in Vietnamese and its QR code opens the verify page", async () => {
    const contest = await createTestContest({ certificateScore: 3 });
    const r = resident("Hoàng Thị Thuỳ Dương");
    const attemptId = submit(r, contest.rounds[0]!, contest.id, 4);
    const code = await issueCertificate({ attemptId, userId: r.userId, kind: "completion", now: T0 });
    const response = await pdfLoader(args(`/chung-nhan/${code}/pdf`, { code }));
    expect(response.headers.get("Content-Type")).toBe("application/pdf");
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect(Buffer.from(bytes.subarray(0, 5)).toString()).toBe("%PDF-");
    const text = (await pdfText(bytes)).join("\n");
    expect(text).toContain("GIẤY CHỨNG NHẬN");
    expect(text).toContain("Hoàng Thị Thuỳ Dương");
    expect(text).toMatch(/Đã hoàn thành tuần 1 cuộc thi “Cuộc thi \d+”/);
    expect(text).toContain("với kết quả 4/5 câu trả lời đúng, nộp bài ngày 18/06/2026.");
    expect(text).toContain("BAN TỔ CHỨC CUỘC THI — TỈNH HÀ GIANG");
    expect(text).toContain("Cấp ngày 18 tháng 6 năm 2026");
    expectNothingPrivate(text);
    const [qr] = await pdfQrCodes(bytes);
    expect(qr).toEqual(qrMatrix(`http://localhost/chung-nhan/${code}`));
  });

  test("unknown codes are a Vietnamese 404, and guessing from one address is slowed down", async () => {
    const contest = await createTestContest({ certificateScore: 0 });
    const r = resident("Người thật");
    const attemptId = submit(r, contest.rounds[0]!, contest.id, 0);
    const real = await issueCertificate({ attemptId, userId: r.userId, kind: "completion", now: T0 });
    const guesser = "203.0.113.77";
    const miss = await thrown(verifyLoader(args("/chung-nhan/x", { code: "a".repeat(26) }, guesser)));
    expect(miss.status).toBe(404);
    expect(await miss.text()).toBe(
      "Không tìm thấy giấy chứng nhận này. Hãy kiểm tra lại đường dẫn hoặc quét lại mã QR.",
    );
    for (let i = 1; i < 20; i++)
      await thrown(verifyLoader(args("/chung-nhan/x", { code: `z${i}` }, guesser)));
    const blocked = await thrown(verifyLoader(args(`/chung-nhan/${real}`, { code: real }, guesser)));
    expect(blocked.status).toBe(429);
    expect(await blocked.text()).toMatch(/^Bạn đã thử quá nhiều mã không đúng\. Hãy thử lại sau \d+ giây\.$/);
    // Another address is not held back.
    expect(await verifyLoader(args(`/chung-nhan/${real}`, { code: real }))).toMatchObject({
      name: "Người thật",
    });
  });
});

describe("share links", () => {
  test("the share page carries the preview card and never a phone or a birth year", async () => {
    const contest = await createTestContest();
    const r = resident("Sùng Thị Hoa");
    const attemptId = submit(r, contest.rounds[0]!, contest.id, 4);
    const code = await createShareLink(attemptId, r.userId, T0);
    expect(await createShareLink(attemptId, r.userId, T0 + 1)).toBe(code);
    expect((await resultSharing(attemptId, r.userId)).shareCode).toBe(code);
    await rejection(createShareLink(attemptId, r.userId + 1_000_000, T0));

    const data = await shareLoader(args(`/chia-se/${code}`, { code }));
    expectNothingPrivate(JSON.stringify(data));
    const tags = Object.fromEntries(
      shareMeta({ data } as Parameters<typeof shareMeta>[0])
        .filter((t): t is { property: string; content: string } => "property" in t)
        .map((t) => [t.property, t.content]),
    );
    expect(tags["og:url"]).toBe(`http://localhost/chia-se/${code}`);
    expect(tags["og:image"]).toBe(`http://localhost/chia-se/${code}/anh.png`);
    expect(tags["og:title"]).toMatch(/^4\/5 câu đúng — Cuộc thi \d+$/);
    expect(tags["og:description"]).toMatch(/^Sùng Thị Hoa \(.+\) trả lời đúng 4\/5 câu ở tuần 1 cuộc thi/);

    const card = await cardLoader(args(`/chia-se/${code}/anh.png`, { code }));
    expect(card.headers.get("Content-Type")).toBe("image/png");
    const png = Buffer.from(await card.arrayBuffer());
    expect(await sharp(png).metadata()).toMatchObject({ format: "png", width: 1200, height: 630 });
    const stored = db.select({ id: images.id }).from(images).all().length;
    const again = await cardLoader(args(`/chia-se/${code}/anh.png`, { code }));
    expect(Buffer.from(await again.arrayBuffer()).equals(png)).toBe(true);
    expect(db.select({ id: images.id }).from(images).all()).toHaveLength(stored);

    await setAttemptDisqualified(attemptId, {
      disqualified: true,
      reason: "Nhiều tài khoản từ một địa chỉ",
      actorId: r.userId,
      now: T0 + 10,
    });
    expect((await thrown(shareLoader(args(`/chia-se/${code}`, { code })))).status).toBe(410);
  });
});

describe("posters", () => {
  test("a commune's poster names the commune, the rounds in Vietnam time and a QR code to the contest", async () => {
    const contest = await createTestContest();
    const commune = createResident(3);
    const organiser = db
      .insert(users)
      .values({
        name: "Quản trị",
        role: "admin",
        unitId: contest.provinceId,
        scopeUnitId: contest.provinceId,
        createdAt: T0,
      })
      .returning()
      .get();
    const cookie = (
      await commitSessionCookie(new Request("http://localhost/"), await createSession(organiser.id))
    ).split(";")[0]!;
    const request = (query: string) =>
      new Request(`http://localhost/quan-tri/cuoc-thi/${contest.id}/ap-phich${query}`, {
        headers: { Cookie: cookie },
      });
    const call = (query: string) =>
      posterLoader({
        request: request(query),
        params: { contestId: String(contest.id) },
        context: { clientIp: "", cspNonce: "" },
      });
    const response = await call(`?xa=${commune.unitId}`);
    expect(response.headers.get("Content-Disposition")).toContain(`-xa-${commune.unitId}.pdf`);
    const bytes = new Uint8Array(await response.arrayBuffer());
    const text = (await pdfText(bytes)).join("\n");
    const facts = await posterFacts(organiser, contest.id, commune.unitId);
    expect(text).toContain(`Mời bà con ${facts.commune!.charAt(0).toLocaleLowerCase("vi")}`);
    expect(text).toContain("Tuần 1: từ 08:00 ngày 18/06/2026 đến 08:00 ngày 25/06/2026");
    expect(text).toContain("Đọc trên loa truyền thanh");
    const [qr] = await pdfQrCodes(bytes);
    expect(qr).toEqual(qrMatrix(`http://localhost/cuoc-thi/${contest.slug}`));

    expect((await thrown(Promise.resolve(call("?xa=abc")))).status).toBe(400);
    expect((await thrown(Promise.resolve(call(`?xa=${contest.provinceId}`)))).status).toBe(404);
  });
});
