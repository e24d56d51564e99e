// Công dân số's service worker (docs/decisions/025): keeps the shell (the offline practice page, its scripts and
// styles, the icons) so practice packs work without a network. Every other page — attempts, leaderboards,
// results, the console — and every POST go to the network only: offline they get a notice, never an old copy.
// Bump VERSION when this file's caching changes; the shell itself is fetched afresh at every install.
const VERSION = "1";
const SHELL_CACHE = `cds-shell-v${VERSION}`;
// Filled by the page script (app/utils/offline-practice.ts: PACK_CACHE); kept across versions.
const PACK_CACHE = "cds-goi-luyen-tap";
const OFFLINE_PAGE = "/luyen-tap/ngoai-tuyen";
const SHELL_FILES = ["/manifest.webmanifest", "/favicon.svg", "/icon-192.png", "/icon-512.png"];

/** The offline page as an anonymous visitor sees it, and every script and style it loads. */
async function cacheShell() {
  const cache = await caches.open(SHELL_CACHE);
  const page = await fetch(OFFLINE_PAGE, { credentials: "omit", cache: "no-store" });
  if (!page.ok) throw new Error(`${OFFLINE_PAGE}: ${page.status}`);
  const html = await page.clone().text();
  const assets = [...new Set(html.match(/\/assets\/[\w.-]+\.(?:js|css)/g) ?? [])];
  await cache.addAll([...SHELL_FILES, ...assets]);
  await cache.put(OFFLINE_PAGE, page);
  // Scripts of an earlier build are no longer referenced by the page.
  const keep = new Set([...SHELL_FILES, ...assets, OFFLINE_PAGE]);
  for (const request of await cache.keys())
    if (!keep.has(new URL(request.url).pathname)) await cache.delete(request);
}

self.addEventListener("install", (event) => {
  event.waitUntil(cacheShell().then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) =>
        Promise.all(
          names
            .filter((name) => name.startsWith("cds-shell-") && name !== SHELL_CACHE)
            .map((name) => caches.delete(name)),
        ),
      )
      .then(() => self.clients.claim()),
  );
});

const offlineNotice = () =>
  new Response(
    `<!doctype html><html lang="vi"><head><meta charset="utf-8">` +
      `<meta name="viewport" content="width=device-width, initial-scale=1"><title>Bạn đang ngoại tuyến – Công dân số</title>` +
      `<meta name="theme-color" content="#094a8c">` +
      `<style>body{font:18px/1.5 system-ui,sans-serif;max-width:36rem;margin:0 auto;padding:1rem;color:#0f172a}` +
      `h1{font-size:1.5rem}a{display:block;margin-top:.75rem;padding:.75rem 1rem;border-radius:.5rem;` +
      `background:#094a8c;color:#fff;font-weight:600;text-align:center;text-decoration:none}` +
      `a.phu{background:#fff;color:#094a8c;border:2px solid #094a8c}</style></head><body>` +
      `<h1>Bạn đang ngoại tuyến</h1>` +
      `<p>Máy đang mất mạng nên chưa mở được trang này. Bài thi, bảng xếp hạng và kết quả chỉ xem được khi có mạng ` +
      `để luôn đúng với hiện tại. Câu trả lời đã lưu vẫn được giữ nguyên.</p>` +
      `<a href="${OFFLINE_PAGE}">Luyện tập với gói đã tải về máy</a>` +
      `<a class="phu" href="">Thử lại</a></body></html>`,
    { status: 503, headers: { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store" } },
  );

async function fromCache(cacheName, request) {
  return (await caches.open(cacheName)).match(request, { ignoreSearch: true });
}

self.addEventListener("fetch", (event) => {
  const { request } = event;
  const url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin) return;

  if (request.mode === "navigate") {
    // The network first, always; a page is only ever replaced by the offline practice page or the notice.
    // "no-cache": the browser's HTTP cache may hold a leaderboard for 30 s (stale-while-revalidate) and would
    // answer with it offline; it is used only once the server confirms it.
    const offlinePage = url.pathname === OFFLINE_PAGE;
    event.respondWith(
      fetch(request, { cache: "no-cache" }).then(
        (response) => {
          // Opened online: keep the shell in step with the build now served.
          if (offlinePage && response.ok) event.waitUntil(cacheShell().catch(() => undefined));
          return response;
        },
        async () => (offlinePage && (await fromCache(SHELL_CACHE, OFFLINE_PAGE))) || offlineNotice(),
      ),
    );
    return;
  }
  // Hashed scripts and styles never change; the shell's are kept, others come from the network as before.
  if (url.pathname.startsWith("/assets/") || SHELL_FILES.includes(url.pathname)) {
    event.respondWith(fromCache(SHELL_CACHE, request).then((hit) => hit ?? fetch(request)));
    return;
  }
  // A pack's pictures (question images never change under their id).
  if (url.pathname.startsWith("/anh/")) {
    event.respondWith(fromCache(PACK_CACHE, request).then((hit) => hit ?? fetch(request)));
  }
});
