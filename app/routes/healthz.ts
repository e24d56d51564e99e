import { isDatabaseReachable } from "#app/utils/db.server.ts";

export async function loader() {
  const ok = isDatabaseReachable();
  return new Response(ok ? "ok" : "database unreachable", {
    status: ok ? 200 : 503,
    headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" },
  });
}
