import type { LoaderFunctionArgs } from "@remix-run/node";
import { NavLink, Outlet, useLoaderData } from "@remix-run/react";
import { requireRole } from "#app/utils/auth.server.ts";

export const handle = { wide: true };

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, ["organiser", "admin"]);
  return { isAdmin: user.role === "admin" };
}

const links = [
  { to: "/quan-tri/cuoc-thi", label: "Cuộc thi", end: false },
  { to: "/quan-tri/cau-hoi", label: "Ngân hàng câu hỏi", end: true },
  { to: "/quan-tri/cau-hoi/moi", label: "Thêm câu hỏi", end: true },
  { to: "/quan-tri/cau-hoi/nhap", label: "Nhập từ Excel/CSV", end: true },
  { to: "/quan-tri/gioi-han", label: "Giới hạn đăng ký", end: true },
  { to: "/quan-tri/don-vi/dan-so", label: "Dân số", end: true },
  { to: "/quan-tri/giao-vien", label: "Trường và giáo viên", end: true },
  { to: "/quan-tri/to-cong-nghe", label: "Tổ công nghệ số", end: false },
  { to: "/quan-tri/tai-khoan", label: "Tài khoản", end: false, adminOnly: true },
  { to: "/quan-tri/nhat-ky", label: "Nhật ký", end: true, adminOnly: true },
];

export default function ConsoleLayout() {
  const { isAdmin } = useLoaderData<typeof loader>();
  return (
    <div className="space-y-4">
      <nav aria-label="Quản trị" className="flex flex-wrap gap-2 border-b border-slate-200 pb-2">
        {links
          .filter((l) => isAdmin || !l.adminOnly)
          .map((l) => (
            <NavLink
              key={l.to}
              to={l.to}
              end={l.end}
              className={({ isActive }) =>
                `rounded-lg px-3 py-2 font-semibold ${isActive ? "bg-brand-700 text-white" : "text-brand-700 hover:bg-brand-50"}`
              }
            >
              {l.label}
            </NavLink>
          ))}
      </nav>
      <Outlet />
    </div>
  );
}
