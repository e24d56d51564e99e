import type { LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import {
  Form,
  Link,
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  isRouteErrorResponse,
  useLoaderData,
  useLocation,
  useMatches,
  useRouteError,
} from "@remix-run/react";
import type { ReactNode } from "react";
import { getSession } from "#app/utils/auth.server.ts";
import { displaySettingsCss, parseDisplaySettings } from "#app/utils/display-settings.server.ts";
import { data } from "#app/utils/http.server.ts";
import { useNonce } from "#app/utils/nonce.ts";
import stylesheet from "./tailwind.css?url";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: stylesheet },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
  { rel: "manifest", href: "/manifest.webmanifest" },
  { rel: "apple-touch-icon", href: "/icon-192.png" },
];

export async function loader({ request, context }: LoaderFunctionArgs) {
  // A page rendered once for every visitor shows a neutral account link instead of anyone's name.
  // Its larger text and high contrast come from /cai-dat.css, whose body follows each visitor's cookie; other
  // pages carry the few rules inline, sparing a phone a render-blocking request on every page.
  if (context.sharedPage) return { user: "shared" as const, displayCss: null };
  const session = await getSession(request);
  const user = session && { name: session.user.name, role: session.user.role };
  const displayCss = displaySettingsCss(parseDisplaySettings(request.headers.get("Cookie")));
  // Sliding expiry: the cookie's own lifetime follows the session's.
  return session?.setCookie
    ? data({ user, displayCss }, { headers: { "Set-Cookie": session.setCookie } })
    : { user, displayCss };
}

function Shell({
  children,
  user,
  displayCss = "",
  wide = false,
}: {
  children: ReactNode;
  user: { name: string; role: string } | "shared" | null;
  /** null: the page is shared by everyone, so the settings come from /cai-dat.css. */
  displayCss?: string | null;
  wide?: boolean;
}) {
  const nonce = useNonce();
  const location = useLocation();
  const here =
    location.pathname === "/cai-dat"
      ? ""
      : `?quay-lai=${encodeURIComponent(location.pathname + location.search)}`;
  return (
    <html lang="vi">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="theme-color" content="#094a8c" />
        <Meta />
        <Links />
        {displayCss === null ? (
          <link rel="stylesheet" href="/cai-dat.css" />
        ) : (
          displayCss && <style>{displayCss}</style>
        )}
      </head>
      <body>
        <header className="bg-brand-700 text-white">
          <div
            className={`mx-auto flex ${wide ? "max-w-6xl" : "max-w-3xl"} items-center justify-between gap-2 px-3 py-1`}
          >
            <Link to="/" className="shrink-0 whitespace-nowrap py-2 text-[17px] font-bold sm:text-lg">
              Công dân số
            </Link>
            {user === "shared" ? (
              <Link to="/dang-nhap" className="flex min-h-12 items-center px-1 text-[15px] underline">
                Tài khoản
              </Link>
            ) : user ? (
              // min-w-0 lets a long name shrink (and truncate) instead of pushing the header past the screen.
              <Form method="post" action="/dang-xuat" className="flex min-w-0 items-center justify-end gap-2">
                {(user.role === "organiser" || user.role === "admin") && (
                  <Link
                    to="/quan-tri/cau-hoi"
                    className="flex min-h-12 shrink-0 items-center whitespace-nowrap px-1 text-[15px] underline"
                  >
                    Quản trị
                  </Link>
                )}
                {(user.role === "resident" || user.role === "student") && (
                  <Link
                    to="/ho-so"
                    className="flex min-h-12 shrink-0 items-center whitespace-nowrap px-1 text-[15px] underline"
                  >
                    Hồ sơ
                  </Link>
                )}
                {(user.role === "teacher" || user.role === "student") && (
                  <Link
                    to={user.role === "teacher" ? "/giao-vien" : "/lop"}
                    className="flex min-h-12 shrink-0 items-center whitespace-nowrap px-1 text-[15px] underline"
                  >
                    Lớp học
                  </Link>
                )}
                <span className="min-w-0 max-w-[9rem] truncate text-[15px]" title={user.name}>
                  {user.name}
                </span>
                <button
                  type="submit"
                  className="min-h-12 shrink-0 whitespace-nowrap rounded-lg px-2 text-[15px] underline"
                >
                  Đăng xuất
                </button>
              </Form>
            ) : (
              <nav className="flex items-center gap-1 whitespace-nowrap text-[15px]">
                <Link to="/dang-nhap" className="flex min-h-12 items-center px-1 underline">
                  Đăng nhập
                </Link>
                <Link
                  to="/dang-ky"
                  className="flex min-h-10 items-center rounded-lg bg-white px-2 font-semibold text-brand-700"
                >
                  Đăng ký
                </Link>
              </nav>
            )}
          </div>
        </header>
        <main className={`mx-auto ${wide ? "max-w-6xl" : "max-w-3xl"} px-4 pb-16 pt-4`}>{children}</main>
        <footer className={`mx-auto ${wide ? "max-w-6xl" : "max-w-3xl"} px-4 pb-8 text-[15px]`}>
          <Link to={`/cai-dat${here}`} className="inline-flex min-h-12 items-center underline">
            Cỡ chữ và độ tương phản
          </Link>
        </footer>
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
        {/* Installable, and practice packs offline (public/sw.js); every page works the same without it. */}
        <script
          nonce={nonce}
          suppressHydrationWarning
          dangerouslySetInnerHTML={{
            __html: `if("serviceWorker"in navigator)addEventListener("load",function(){navigator.serviceWorker.register("/sw.js").catch(function(){})})`,
          }}
        />
      </body>
    </html>
  );
}

/** Routes that export `handle = { wide: true }` (the organiser console) get a laptop-wide layout. */
export default function App() {
  const { user, displayCss } = useLoaderData<typeof loader>();
  const wide = useMatches().some((m) => (m.handle as { wide?: boolean } | undefined)?.wide);
  return (
    <Shell user={user} displayCss={displayCss} wide={wide}>
      <Outlet />
    </Shell>
  );
}

export function ErrorBoundary() {
  const error = useRouteError();
  const known = isRouteErrorResponse(error);
  // Remix's own refusals (no such page; a form sent where none is taken: 405) carry English developer text.
  const internal = known && (error as { internal?: boolean }).internal === true;
  const notAllowed = known && error.status === 405;
  const title = notAllowed
    ? "Thao tác không được hỗ trợ"
    : known && error.status === 404
      ? "Không tìm thấy trang"
      : "Đã có lỗi xảy ra";
  const message = notAllowed
    ? "Trang này không nhận dữ liệu gửi lên. Hãy mở lại trang rồi thử lại."
    : known
      ? typeof error.data === "string" && !internal
        ? error.data
        : "Trang bạn tìm không có hoặc đã bị chuyển đi."
      : "Có thể mạng đang yếu hoặc máy chủ đang bận. Câu trả lời đã lưu vẫn được giữ nguyên.";
  return (
    <Shell user={null}>
      <div className="card">
        <h1 className="text-xl font-bold">{title}</h1>
        <p className="mt-2">{message}</p>
        <p className="mt-4 flex flex-wrap gap-3">
          <a href="." className="btn-primary">
            Thử lại
          </a>
          <Link to="/" className="btn-secondary">
            Về trang chủ
          </Link>
        </p>
      </div>
    </Shell>
  );
}
