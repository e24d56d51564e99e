import { expect, test } from "vitest";
import { action } from "#app/routes/cai-dat.tsx";
import { loader as stylesheet } from "#app/routes/cai-dat[.]css.ts";

const post = (fields: Record<string, string>) =>
  action({
    request: new Request("https://cds.example/cai-dat", {
      method: "POST",
      body: new URLSearchParams(fields),
    }),
    params: {},
    context: {},
  } as never) as Promise<Response>;

const css = (cookie?: string) =>
  stylesheet({
    request: new Request("https://cds.example/cai-dat.css", { headers: cookie ? { Cookie: cookie } : {} }),
    params: {},
    context: {},
  } as never);

test("the settings form stores both choices for a year and goes back only within the site", async () => {
  const saved = await post({ "chu-lon": "1", "tuong-phan": "1", "quay-lai": "/cuoc-thi/abc/bang-xep-hang" });
  expect(saved.status).toBe(302);
  expect(saved.headers.get("Location")).toBe(
    `/cai-dat?da-luu=1&quay-lai=${encodeURIComponent("/cuoc-thi/abc/bang-xep-hang")}`,
  );
  expect(saved.headers.get("Set-Cookie")).toBe(
    "cds_display=large.contrast; Max-Age=31536000; Path=/; SameSite=Lax; Secure",
  );
  const offsite = await post({ "quay-lai": "//evil.example/" });
  expect(offsite.headers.get("Location")).toBe("/cai-dat?da-luu=1&quay-lai=%2F");
  expect(offsite.headers.get("Set-Cookie")).toMatch(/^cds_display=; Max-Age=0;/);
});

test("a forged value is a 400 with a Vietnamese message, not a 500", async () => {
  const refused = await post({ "chu-lon": "yes" }).catch((error: unknown) => error as Response);
  expect(refused.status).toBe(400);
  expect(await refused.text()).toBe("Lựa chọn không hợp lệ. Hãy mở lại trang Cài đặt.");
});

test("the stylesheet follows the cookie and is never shared by caches", async () => {
  const none = await css();
  expect(none.headers.get("Content-Type")).toBe("text/css; charset=utf-8");
  expect(none.headers.get("Cache-Control")).toBe("private, no-cache");
  expect(await none.text()).toBe("");
  expect(await (await css("cds_session=x.y; cds_display=large")).text()).toBe("body{zoom:1.2}");
  expect(await (await css("cds_display=contrast")).text()).toContain("background-color:#fff");
});
