import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { cookiesAreSecure, safeRedirect } from "#app/utils/auth.server.ts";
import { displaySettingsCookie, parseDisplaySettings } from "#app/utils/display-settings.server.ts";
import { readForm } from "#app/utils/http.server.ts";

export const meta: MetaFunction = () => [{ title: "Cỡ chữ và độ tương phản — Công dân số" }];

// A checkbox is sent only when ticked; anything else in the form is ignored.
const settingsForm = z.object({
  "chu-lon": z.literal("1").optional(),
  "tuong-phan": z.literal("1").optional(),
  "quay-lai": z.string().optional(),
});

export async function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  return {
    settings: parseDisplaySettings(request.headers.get("Cookie")),
    back: safeRedirect(url.searchParams.get("quay-lai"), "/"),
    saved: url.searchParams.has("da-luu"),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const parsed = settingsForm.safeParse(Object.fromEntries(await readForm(request)));
  if (!parsed.success)
    throw new Response("Lựa chọn không hợp lệ. Hãy mở lại trang Cài đặt.", { status: 400 });
  const settings = { largeText: !!parsed.data["chu-lon"], highContrast: !!parsed.data["tuong-phan"] };
  const back = safeRedirect(parsed.data["quay-lai"], "/");
  return redirect(`/cai-dat?da-luu=1&quay-lai=${encodeURIComponent(back)}`, {
    headers: { "Set-Cookie": displaySettingsCookie(settings, cookiesAreSecure(request)) },
  });
}

export default function DisplaySettingsPage() {
  const { settings, back, saved } = useLoaderData<typeof loader>();
  return (
    <div className="card">
      <h1 className="text-xl font-bold">Cỡ chữ và độ tương phản</h1>
      <p className="mt-2 text-[15px] text-slate-600">Máy này sẽ ghi nhớ lựa chọn của bạn trong một năm.</p>
      {saved && (
        <p role="status" className="mt-3 rounded-lg bg-green-50 px-3 py-2 font-semibold text-green-800">
          ✓ Đã lưu cài đặt.
        </p>
      )}
      <Form method="post" className="mt-4 space-y-3">
        <input type="hidden" name="quay-lai" value={back} />
        <label className="flex min-h-14 cursor-pointer items-center gap-3 rounded-xl border-2 border-slate-300 bg-white px-4 py-3 text-[18px]">
          <input
            type="checkbox"
            name="chu-lon"
            value="1"
            defaultChecked={settings.largeText}
            className="h-6 w-6 shrink-0 accent-brand-700"
          />
          <span>Chữ lớn</span>
        </label>
        <label className="flex min-h-14 cursor-pointer items-center gap-3 rounded-xl border-2 border-slate-300 bg-white px-4 py-3 text-[18px]">
          <input
            type="checkbox"
            name="tuong-phan"
            value="1"
            defaultChecked={settings.highContrast}
            className="h-6 w-6 shrink-0 accent-brand-700"
          />
          <span>Tương phản cao (chữ đen trên nền trắng)</span>
        </label>
        <p className="flex flex-wrap gap-3 pt-2">
          <button type="submit" className="btn-primary">
            Lưu cài đặt
          </button>
          <Link to={back} className="btn-secondary">
            Quay lại
          </Link>
        </p>
      </Form>
    </div>
  );
}
