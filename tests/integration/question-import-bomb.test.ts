// A zip bomb sent through the import route is refused with a Vietnamese 400, without being unpacked.
import { expect, test } from "vitest";
import { users } from "#db/schema.ts";
import { action } from "#app/routes/quan-tri.cau-hoi.nhap.tsx";
import { commitSessionCookie, createSession } from "#app/utils/auth.server.ts";
import { db } from "#app/utils/db.server.ts";
import { T0 } from "./fixtures.ts";
import { zerosDeflated, zip } from "./zip-archives.ts";

test("an .xlsx that inflates to 1 GiB is refused in moments, with memory left alone", async () => {
  const organiser = db
    .insert(users)
    .values({ name: "Ban tổ chức", role: "organiser", createdAt: T0 })
    .returning({ id: users.id })
    .get().id;
  const cookie = (
    await commitSessionCookie(new Request("http://localhost/"), await createSession(organiser))
  ).split(";")[0]!;
  const bomb = await zerosDeflated(1024);
  // The directory declares a modest size: only inflating with that size as the cap tells the truth.
  const file = zip([
    { name: "xl/worksheets/sheet1.xml", method: 8, data: bomb, size: 4 * 1024 * 1024, crc: 0 },
  ]);
  const body = new FormData();
  body.set("file", new File([new Uint8Array(file)], "cau-hoi.xlsx"));
  const memoryBefore = process.memoryUsage().rss;
  const started = performance.now();
  const response = await action({
    request: new Request("http://localhost/quan-tri/cau-hoi/nhap", {
      method: "POST",
      headers: { Cookie: cookie },
      body,
    }),
    params: {},
    context: { clientIp: "127.0.0.1", cspNonce: "" },
  });
  expect(performance.now() - started).toBeLessThan(2000);
  expect(process.memoryUsage().rss - memoryBefore).toBeLessThan(200 * 1024 * 1024);
  const result = response as unknown as { init: { status: number }; data: { errors: string[] } };
  expect(result.init.status).toBe(400);
  expect(result.data.errors).toEqual([
    "Tệp Excel chứa quá nhiều dữ liệu khi giải nén. Hãy chia thành nhiều tệp nhỏ hơn.",
  ]);
});
