import type { LoaderFunctionArgs } from "@remix-run/node";
import { displaySettingsCss, parseDisplaySettings } from "#app/utils/display-settings.server.ts";

// Linked by every page; its body follows the visitor's cookie, so no cache may keep or share it.
export async function loader({ request }: LoaderFunctionArgs) {
  return new Response(displaySettingsCss(parseDisplaySettings(request.headers.get("Cookie"))), {
    headers: { "Content-Type": "text/css; charset=utf-8", "Cache-Control": "private, no-cache" },
  });
}
