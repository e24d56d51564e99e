import { isDatabaseReachable } from "#app/utils/db.server.ts";

// The process id tells which worker of a cluster answered (cluster.ts); it says nothing about the data.
export async function loader() {
  const ok = isDatabaseReachable();
  return new Response(ok ? `ok pid=${process.pid}` : "database unreachable", {
    status: ok ? 200 : 503,
    headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" },
  });
}
