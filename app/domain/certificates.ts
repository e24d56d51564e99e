// Certificates, share cards and posters: what they say and how their text fits. Pure: codes come from random
// bytes the caller draws, times are parameters (shown in Vietnam time), text is measured with the caller's font.
import { encodeBase32LowerCaseNoPadding } from "@oslojs/encoding";
import { vietnamParts } from "./contest-plan.ts";
import { escape, wrapText, type Measure } from "./screen.ts";

/** A public code from 16 random bytes (128 bits): 26 lower-case base32 characters, safe in a URL and a QR. */
export function publicCode(bytes: Uint8Array): string {
  if (bytes.length !== 16) throw new Error("A public code takes 16 random bytes.");
  return encodeBase32LowerCaseNoPadding(bytes);
}

/** Whether a route parameter can be a public code at all (anything else is a 404 without a database read). */
export const isPublicCode = (value: string | undefined): value is string =>
  /^[a-z2-7]{26}$/.test(value ?? "");

/** "18/06/2026" in Vietnam time. */
export function vietnamDate(at: number): string {
  const [year, month, day] = vietnamParts(at).date.split("-");
  return `${day}/${month}/${year}`;
}

/** "08:00 ngày 18/06/2026" in Vietnam time. */
export const vietnamDateTime = (at: number) => `${vietnamParts(at).time} ngày ${vietnamDate(at)}`;

/** "ngày 18 tháng 6 năm 2026", as a certificate is dated, in Vietnam time. */
export function vietnamDateWords(at: number): string {
  const [year, month, day] = vietnamParts(at).date.split("-").map(Number);
  return `ngày ${day} tháng ${month} năm ${year}`;
}

/**
 * The largest of `sizes` (largest first) at which `text` wraps into at most `maxLines` lines of `width`. At the
 * smallest size, a text still too long keeps its first `maxLines` lines, the last one ending in "…".
 */
export function fitText(
  text: string,
  width: number,
  maxLines: number,
  sizes: readonly number[],
  measure: (text: string, size: number) => number,
): { size: number; lines: string[] } {
  for (const size of sizes) {
    const lines = wrapText(text, width, (s) => measure(s, size));
    if (lines.length <= maxLines) return { size, lines };
  }
  const size = sizes[sizes.length - 1]!;
  const lines = wrapText(text, width, (s) => measure(s, size)).slice(0, maxLines);
  let last = lines[maxLines - 1]!;
  while (last.length > 0 && measure(`${last}…`, size) > width)
    last = [...last].slice(0, -1).join("").trimEnd();
  lines[maxLines - 1] = `${last}…`;
  return { size, lines };
}

/** What a certificate states; the same facts make its PDF and its verify page. */
export type CertificateFacts = {
  kind: "completion" | "prize";
  prizeLabel: string | null;
  name: string;
  /** The resident's commune and district, "Xã Cán Tỷ, Huyện Quản Bạ" (empty when unknown). */
  place: string;
  contestTitle: string;
  /** Who awards it: the contest's unit, e.g. "Tỉnh Hà Giang". */
  organiser: string;
  roundNumber: number;
  score: number;
  questionCount: number;
  submittedAt: number;
  issuedAt: number;
};

/** The sentences of a certificate, in the order the PDF prints them. */
export function certificateWording(f: CertificateFacts) {
  const round = `tuần ${f.roundNumber} cuộc thi “${f.contestTitle}”`;
  return {
    issuer: `Ban tổ chức cuộc thi — ${f.organiser}`,
    heading: "GIẤY CHỨNG NHẬN",
    lead: "Chứng nhận",
    name: f.name,
    place: f.place,
    achievement: f.kind === "prize" ? `Đã đoạt ${f.prizeLabel ?? "giải"} ${round}` : `Đã hoàn thành ${round}`,
    result: `với kết quả ${f.score}/${f.questionCount} câu trả lời đúng, nộp bài ngày ${vietnamDate(f.submittedAt)}.`,
    date: `Cấp ${vietnamDateWords(f.issuedAt)}`,
  };
}

/** Drawn 1200 × 630, the size Facebook and Zalo show a link's preview at. Bump when the drawing changes. */
export const SHARE_CARD = { width: 1200, height: 630, style: 1 } as const;

/** What a shared result shows: never a phone number or a birth year. */
export type ShareFacts = {
  name: string;
  place: string;
  contestTitle: string;
  roundNumber: number;
  score: number;
  questionCount: number;
};

/** The share card's alt text and one-line description (also the page's og:description). */
export const shareDescription = (f: ShareFacts) =>
  `${f.name}${f.place ? ` (${f.place})` : ""} trả lời đúng ${f.score}/${f.questionCount} câu ở tuần ${f.roundNumber} cuộc thi “${f.contestTitle}”.`;

/** The preview card of a shared result as SVG: contest, score, name and commune on the site's blue. */
export function shareCardSvg(f: ShareFacts, measure: Measure): string {
  const { width, height } = SHARE_CARD;
  const left = 72;
  const inner = width - 2 * left;
  const text = (x: number, y: number, size: number, weight: 400 | 700, fill: string, value: string) =>
    `<text x="${x}" y="${y}" font-size="${size}" font-weight="${weight}" fill="${fill}">${escape(value)}</text>`;
  const title = fitText(f.contestTitle, inner, 2, [56, 48, 40], (s, size) => measure(s, size, 700));
  const who = fitText(f.name, inner, 1, [48, 40, 34], (s, size) => measure(s, size, 700));
  const place = fitText(f.place, inner, 1, [34, 28], (s, size) => measure(s, size, 400));
  const parts = [
    `<rect width="${width}" height="${height}" fill="#094a8c"/>`,
    `<rect y="${height - 16}" width="${width}" height="16" fill="#fbbf24"/>`,
    text(left, 96, 36, 700, "#d9eaff", "Công dân số"),
    ...title.lines.map((line, i) => text(left, 180 + i * title.size * 1.2, title.size, 700, "#ffffff", line)),
    text(left, 420, 150, 700, "#fde68a", `${f.score}/${f.questionCount}`),
    text(
      left + measure(`${f.score}/${f.questionCount}`, 150, 700) + 28,
      420,
      36,
      400,
      "#ffffff",
      `câu đúng · tuần ${f.roundNumber}`,
    ),
    text(left, 510, who.size, 700, "#ffffff", who.lines[0]!),
    place.lines[0] ? text(left, 564, place.size, 400, "#d9eaff", place.lines[0]) : "",
  ];
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="'Be Vietnam Pro'">` +
    `${parts.join("")}</svg>`
  );
}

/** What a contest poster says: for a notice board, and a short text to read out on the loudspeaker. */
export function posterWording(input: {
  contestTitle: string;
  summary: string;
  organiser: string;
  /** The commune the poster is for, or null for the whole contest. */
  commune: string | null;
  rounds: readonly { number: number; opensAt: number; closesAt: number }[];
  /** The contest page's address, as the QR code opens it. */
  url: string;
}) {
  // "Xã Cán Tỷ" reads "xã Cán Tỷ" inside a sentence.
  const inSentence = (unit: string) => `${unit.charAt(0).toLocaleLowerCase("vi")}${unit.slice(1)}`;
  const who = input.commune ? `bà con ${inSentence(input.commune)}` : "bà con";
  const schedule = input.rounds.map(
    (r) => `Tuần ${r.number}: từ ${vietnamDateTime(r.opensAt)} đến ${vietnamDateTime(r.closesAt)}`,
  );
  const first = input.rounds[0];
  const last = input.rounds[input.rounds.length - 1];
  const when =
    first && last ? ` từ ngày ${vietnamDate(first.opensAt)} đến ngày ${vietnamDate(last.closesAt)}` : "";
  return {
    issuer: `Ban tổ chức cuộc thi — ${input.organiser}`,
    heading: "CUỘC THI TRÊN ĐIỆN THOẠI",
    title: input.contestTitle,
    summary: input.summary,
    invitation: `Mời ${who} cùng tham gia!`,
    schedule,
    scan: "Quét mã QR bằng máy ảnh hoặc Zalo để vào thi. Miễn phí, chỉ cần số điện thoại.",
    url: input.url,
    announcementTitle: "Đọc trên loa truyền thanh",
    announcement:
      `Kính thưa ${who}! Cuộc thi “${input.contestTitle}” của ${inSentence(input.organiser)} diễn ra trên điện ` +
      `thoại${when}. ` +
      `Mỗi tuần một lượt thi ngắn, có giải thưởng và giấy chứng nhận. Bà con quét mã QR trên bảng tin hoặc vào ` +
      `trang ${input.url.replace(/^https?:\/\//, "")} để tham gia.`,
  };
}
