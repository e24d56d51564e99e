// The rule for names people choose for themselves (shown on public leaderboards). Pure.
import { foldVietnamese } from "./search.ts";

export const NAME_MAX_LENGTH = 80;
/** Vietnamese needs at most two marks on a letter (ệ = e + ̂ + ̣), and NFC composes those. */
const MAX_MARKS_PER_LETTER = 2;

// Characters that show nothing or look like a space: format and control characters (U+200B…), and the
// "filler" letters of Hangul and the blank Braille pattern, which are letters to Unicode but print as blanks.
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Co}\p{Cn}\u115F\u1160\u3164\uFFA0\u2800]/u;
// Latin letters as written in Vietnamese and minority languages (Basic, Latin-1, Extended-A/B and Extended
// Additional): not fullwidth, IPA or small-capital look-alikes. Marks: the common combining diacritics only.
const LETTER = "A-Za-z\\u00C0-\\u00D6\\u00D8-\\u00F6\\u00F8-\\u024F\\u1E00-\\u1EFF";
const HAS_LETTER = new RegExp(`[${LETTER}]`, "u");
const OTHER_LETTER = new RegExp(`[^\\P{L}${LETTER}]`, "u");
// Tested with the common combining diacritics removed; digits pass here so that they get their own message.
const ALLOWED = new RegExp(`^[${LETTER}\\p{N}' .\\-\\u2019]+$`, "u");
const COMMON_MARKS = /[\u0300-\u036F]/gu;

// Names of the platform, its organisers and authorities, compared folded (no diacritics, lower case).
const RESERVED = [
  "ban to chuc",
  "btc",
  "ban giam khao",
  "ban quan tri",
  "quan tri",
  "quan tri vien",
  "admin",
  "administrator",
  "moderator",
  "system",
  "he thong",
  "uy ban",
  "ubnd",
  "hdnd",
  "bo cong an",
  "to cong nghe so",
  "cong dan so",
];
// Reserved only at the start: inside a name they are ordinary words ("Nguyễn Công An", "Lê Chính Phú").
const RESERVED_AT_START = ["cong an", "chinh phu"];

export type NameCheck = { ok: true; name: string } | { ok: false; message: string };

/** Normalises a self-chosen name (NFC, single spaces) or says in Vietnamese why it cannot be used. */
export function checkPersonName(raw: string): NameCheck {
  const fail = (message: string): NameCheck => ({ ok: false, message });
  const nfc = raw.normalize("NFC");
  if (INVISIBLE.test(nfc)) return fail("Họ và tên có ký tự ẩn hoặc không in được. Hãy gõ lại bằng bàn phím.");
  const name = nfc.replace(/[\s\u00A0]+/gu, " ").trim();
  if (name.length < 2) return fail("Họ và tên quá ngắn.");
  if (name.length > NAME_MAX_LENGTH) return fail(`Họ và tên dài tối đa ${NAME_MAX_LENGTH} ký tự.`);
  if (OTHER_LETTER.test(name)) return fail("Họ và tên chỉ dùng chữ cái tiếng Việt (bảng chữ cái La-tinh).");
  if (!ALLOWED.test(name.replace(COMMON_MARKS, ""))) return fail("Họ và tên chỉ gồm chữ cái và dấu cách.");
  if (/\p{N}/u.test(name)) return fail("Họ và tên không được có chữ số.");
  if (name.split(" ").some((word) => !HAS_LETTER.test(word)))
    return fail("Mỗi từ trong họ tên phải có chữ cái.");
  if (tooManyMarks(name)) return fail("Họ và tên có chữ cái mang quá nhiều dấu.");
  const folded = ` ${foldVietnamese(name)
    .replace(/[^a-z ]/g, " ")
    .replace(/ +/g, " ")} `;
  if (
    RESERVED.some((phrase) => folded.includes(` ${phrase} `)) ||
    RESERVED_AT_START.some((phrase) => folded.startsWith(` ${phrase} `))
  )
    return fail(
      "Họ và tên không được giống tên của ban tổ chức, cơ quan hay hệ thống. Hãy dùng tên thật của bạn.",
    );
  return { ok: true, name };
}

/** A combining mark with no letter before it, or more than the cap on one letter. */
function tooManyMarks(name: string): boolean {
  let marks = MAX_MARKS_PER_LETTER + 1;
  for (const ch of name) {
    if (/\p{M}/u.test(ch)) {
      if (++marks > MAX_MARKS_PER_LETTER) return true;
    } else marks = HAS_LETTER.test(ch) ? 0 : MAX_MARKS_PER_LETTER + 1;
  }
  return false;
}
