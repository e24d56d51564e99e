import { describe, expect, test } from "vitest";
import { readForm, readUploadForm } from "./http.server.ts";

// A part cut off before its closing boundary, as a dropped upload or a hostile script sends it.
const malformed = () =>
  new Request("http://localhost/quan-tri/cau-hoi/nhap", {
    method: "POST",
    headers: { "Content-Type": "multipart/form-data; boundary=----x" },
    body: '------x\r\nContent-Disposition: form-data; name="tep"\r\n\r\ncut off here',
  });

async function refusal(work: Promise<unknown>): Promise<Response> {
  const thrown = await work.then(
    () => null,
    (error: unknown) => error,
  );
  expect(thrown).toBeInstanceOf(Response);
  return thrown as Response;
}

describe("reading posted forms", () => {
  test("a well-formed form is read", async () => {
    const request = new Request("http://localhost/dang-nhap", {
      method: "POST",
      body: new URLSearchParams({ phone: "0912345678" }),
    });
    expect((await readForm(request)).get("phone")).toBe("0912345678");
  });

  test("a body that claims to be multipart but is not is a 400 with a Vietnamese message, not a 500", async () => {
    for (const read of [readForm(malformed()), readUploadForm(malformed(), 1024)]) {
      const response = await refusal(read);
      expect(response.status).toBe(400);
      expect(await response.text()).toMatch(/Không đọc được dữ liệu gửi lên/);
    }
  });
});
