// Rules of the community digital technology team (tổ công nghệ số cộng đồng): what a resident registered by a
// helper consents to, the one-time code that lets them set their own password later, and who may open an
// attempt taken with a helper's help.

/**
 * The consent a helper reads to the resident before registering them. A changed text gets a new version: each
 * assisted registration records the version the resident agreed to.
 */
export const ASSISTED_CONSENT = {
  version: "2026-12-01",
  text:
    "Tôi đồng ý để thành viên tổ công nghệ số cộng đồng đăng ký giúp tôi và để ban tổ chức lưu họ tên, số điện " +
    "thoại, năm sinh và xã của tôi để tổ chức cuộc thi và trao giải. Tôi đồng ý làm bài thi trên điện thoại của " +
    "người hỗ trợ; bài thi đó được ghi là “có hỗ trợ”. Số điện thoại không bao giờ hiện trên bảng xếp hạng.",
} as const;

/** How long a one-time sign-in code stays valid, in days. */
export const SETUP_CODE_DAYS = 14;

/** Digits of a one-time code: 10⁸ codes, each phone slowed down after a few wrong tries. */
export const SETUP_CODE_DIGITS = 8;

/** "12345678" → "1234 5678", easier to read aloud and to copy onto paper. */
export function formatSetupCode(code: string): string {
  return code.replace(/(\d{4})(?=\d)/g, "$1 ");
}

/** What a resident types ("1234 5678", "1234-5678") as the bare digits, or null when it cannot be a code. */
export function normalizeSetupCode(input: string): string | null {
  const digits = input.replace(/[\s.-]/g, "");
  return new RegExp(`^\\d{${SETUP_CODE_DIGITS}}$`).test(digits) ? digits : null;
}

/**
 * Who is opening an attempt: its resident, or the helper who took it with them (null: nobody allowed). Answers
 * are refused once an attempt is submitted whoever sends them, so the helper answers only while it is open and
 * afterwards, like the resident, reads the result.
 */
export function attemptViewer(
  attempt: { userId: number; assistedBy: number | null },
  userId: number,
): "resident" | "helper" | null {
  if (attempt.userId === userId) return "resident";
  return attempt.assistedBy === userId ? "helper" : null;
}
