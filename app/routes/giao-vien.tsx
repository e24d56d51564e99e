import type { LoaderFunctionArgs } from "@remix-run/node";
import { Outlet } from "@remix-run/react";
import { SectionNav } from "#app/components/section-nav.tsx";
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
      <SectionNav label="Giáo viên" links={links} />
      <Outlet />
    </div>
  );
}
