import type { LoaderFunctionArgs } from "@remix-run/node";
import { Outlet, useLoaderData } from "@remix-run/react";
import { SectionNav } from "#app/components/section-nav.tsx";
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
      <SectionNav label="Quản trị" links={links.filter((l) => isAdmin || !l.adminOnly)} />
      <Outlet />
    </div>
  );
}
