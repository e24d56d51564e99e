import type { LoaderFunctionArgs } from "@remix-run/node";
import { NavLink, Outlet } from "@remix-run/react";
import { requireRole } from "#app/utils/auth.server.ts";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, ["teacher"]);
  return null;
}

const links = [
  { to: "/giao-vien", label: "Lớp và bài tập", end: true },
  { to: "/giao-vien/bai-tap/moi", label: "Giao bài tập", end: true },
  { to: "/giao-vien/cau-hoi", label: "Câu hỏi của tôi", end: true },
  { to: "/giao-vien/xep-hang", label: "Xếp hạng", end: true },
];

export default function TeacherLayout() {
  return (
    <div className="space-y-4">
      <nav aria-label="Giáo viên" className="flex flex-wrap gap-2 border-b border-slate-200 pb-2">
        {links.map((l) => (
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
