// What counts as a source (issue 10): a legal text named by its number with the article relied on, a programme or
// framework decision by its number, or a publication named by its title and publisher ("Tên — Đơn vị phát hành").
// A descriptive label ("Quy định của Ngân hàng Nhà nước…") is not a source. No zod here: the console runs it too.

const statuteNumber =
  /\b\d+\/\d{4}\/(QH\d+|NĐ-CP|TT-[A-ZĐ]+|NQ-[A-ZĐ0-9]+)\b|\bBộ luật (Hình sự|Dân sự|Lao động)(?![\p{L}\p{N}])/u;
const decisionNumber = /\b\d+\/QĐ-[A-ZĐa-z]+(?![\p{L}\p{N}])/u;
// `\b` knows only ASCII letters: before "Đ" it never matches, hence the look-behind.
const article = /(?<![\p{L}\p{N}])Điều \d+/u;
const titleAndPublisher = /^(.{5,}?) — (.{3,})$/u;

/** Why a source is refused, or null when every reference in it (separated by ";") names a real document. */
export function sourceProblem(source: string): string | null {
  const references = source.split(";").map((r) => r.trim());
  for (const reference of references) {
    if (!reference) return "nguồn có một mục trống giữa hai dấu “;”";
    if (statuteNumber.test(reference)) {
      if (!article.test(reference)) {
        return `nguồn “${reference}”: văn bản luật cần ghi điều được dùng (ví dụ: Nghị định 69/2024/NĐ-CP, Điều 12)`;
      }
      continue;
    }
    if (decisionNumber.test(reference) || titleAndPublisher.test(reference)) continue;
    return `nguồn “${reference}”: cần số hiệu văn bản (kèm điều), hoặc tên tài liệu và đơn vị phát hành dạng “Tên — Đơn vị”`;
  }
  return null;
}
