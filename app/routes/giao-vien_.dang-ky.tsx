import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { listAllSchools, registerTeacher } from "#app/models/classes.server.ts";
import { normalizeAddress } from "#app/models/registration-limits.server.ts";
import { requireAnonymous } from "#app/utils/auth.server.ts";
import { UserError } from "#app/utils/errors.ts";
import { data, readForm } from "#app/utils/http.server.ts";
import { hitWindow } from "#app/utils/rate-limit.server.ts";
import { firstIssue, teacherSchema } from "#app/utils/school-forms.server.ts";
import { useSubmitting } from "#app/components/use-submitting.ts";
import { SchoolSelect } from "#app/components/school-select.tsx";

export const meta: MetaFunction = () => [{ title: "Đăng ký tài khoản giáo viên — Công dân số" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAnonymous(request);
  return { schools: await listAllSchools() };
}

// Sign-ups say whether a phone is taken: a few an hour per address, like other account creation.
const SIGNUPS_PER_HOUR = 5;

export async function action({ request, context }: ActionFunctionArgs) {
  await requireAnonymous(request);
  const formData = await readForm(request);
  const limit = hitWindow(`teacher-signup:${normalizeAddress(context.clientIp)}`, SIGNUPS_PER_HOUR, 3600_000);
  if (!limit.allowed)
    return data(
      { error: "Có quá nhiều lượt đăng ký từ mạng này. Vui lòng thử lại sau một giờ.", done: false },
      { status: 429 },
    );
  const parsed = await teacherSchema.safeParseAsync(Object.fromEntries(formData));
  if (!parsed.success) return data({ error: firstIssue(parsed.error), done: false }, { status: 400 });
  try {
    await registerTeacher(parsed.data);
    return { error: null, done: true };
  } catch (error) {
    if (error instanceof UserError)
      return data({ error: error.message, done: false }, { status: error.status });
    throw error;
  }
}

export default function TeacherSignUp() {
  const { schools } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const busy = useSubmitting();
  if (actionData?.done)
    return (
      <div role="status" className="card space-y-2">
        <h1 className="text-2xl font-bold">Đã gửi đăng ký</h1>
        <p>
          Ban tổ chức của xã, phường nơi trường đóng sẽ duyệt tài khoản của thầy cô. Sau khi được duyệt, thầy
          cô đăng nhập bằng số điện thoại và mật khẩu vừa đặt.
        </p>
      </div>
    );
  return (
    <Form method="post" className="mx-auto max-w-md space-y-4">
      <h1 className="text-2xl font-bold">Đăng ký tài khoản giáo viên</h1>
      <p className="text-slate-700">
        Tài khoản giáo viên dùng để tạo lớp, giao bài tập và xem kết quả của học sinh. Ban tổ chức sẽ duyệt
        trước khi thầy cô dùng được. Trường chưa có trong danh sách: hãy nhờ ban tổ chức thêm.
      </p>
      {actionData?.error && (
        <p role="alert" className="rounded-lg bg-red-50 p-3 font-medium text-red-800">
          {actionData.error}
        </p>
      )}
      <div>
        <label htmlFor="name" className="field-label">
          Họ và tên
        </label>
        <input id="name" name="name" autoComplete="name" className="field-input" required />
      </div>
      <div>
        <label htmlFor="phone" className="field-label">
          Số điện thoại
        </label>
        <input
          id="phone"
          name="phone"
          type="tel"
          inputMode="tel"
          autoComplete="tel"
          className="field-input"
          required
        />
      </div>
      <div>
        <label htmlFor="password" className="field-label">
          Mật khẩu (ít nhất 8 ký tự)
        </label>
        <input
          id="password"
          name="password"
          type="password"
          autoComplete="new-password"
          minLength={8}
          className="field-input"
          required
        />
      </div>
      <SchoolSelect id="schoolId" schools={schools} />
      <button type="submit" className="btn-primary w-full" disabled={busy || schools.length === 0}>
        Gửi đăng ký
      </button>
    </Form>
  );
}
