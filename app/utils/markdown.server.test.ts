import { describe, expect, test } from "vitest";
import { renderMarkdown } from "./markdown.server.ts";

describe("renderMarkdown", () => {
  test("renders headings, lists, emphasis and links", () => {
    const html = renderMarkdown("## Giải thưởng\n\n- **1 giải Nhất**\n- [Thể lệ](https://example.vn/the-le)");
    expect(html).toContain("<h2>Giải thưởng</h2>");
    expect(html).toContain("<strong>1 giải Nhất</strong>");
    expect(html).toContain(
      '<a href="https://example.vn/the-le" rel="noopener noreferrer nofollow">Thể lệ</a>',
    );
  });

  test("raw HTML is shown as text, never as markup", () => {
    const html = renderMarkdown('<script>alert(1)</script>\n\n<img src=x onerror="alert(1)">');
    expect(html).not.toMatch(/<script|<img/);
    expect(html).toContain("&lt;script&gt;");
  });

  test("javascript:, vbscript: and data: links never become links", () => {
    for (const url of [
      "javascript:alert(1)",
      "JAVASCRIPT:alert(1)",
      "vbscript:msgbox(1)",
      "data:text/html,x",
    ]) {
      const html = renderMarkdown(`[bấm vào đây](${url})`);
      expect(html).not.toContain("<a");
    }
  });
});
