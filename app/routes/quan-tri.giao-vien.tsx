import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import {
  communesInScope,
  createSchool,
  createTeacher,
  decideTeacher,
  listSchoolsInScope,
  listTeachersInScope,
} from "#app/models/classes.server.ts";
import { requireRole } from "#app/utils/auth.server.ts";
import { UserError } from "#app/utils/errors.ts";
import { formatDateTime } from "#app/utils/format.ts";
import { data, readForm } from "#app/utils/http.server.ts";
import { firstIssue, schoolSchema, teacherSchema } from "#app/utils/school-forms.server.ts";
import { useSubmitting } from "#app/components/use-submitting.ts";
import { ScrollTable } from "#app/components/scroll-table.tsx";
import { SchoolSelect } from "#app/components/school-select.tsx";

export const meta: MetaFunction = () => [{ title: "Trường và giáo viên — Quản trị" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, ["organiser", "admin"]);
  return {
    schools: await listSchoolsInScope(user),
    teachers: await listTeachersInScope(user),
    communes: await communesInScope(user),
  };
}

type ActionData = { form: string; error?: string; done?: string };

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireRole(request, ["organiser", "admin"]);
  const formData = await readForm(request);
  const intent = String(formData.get("intent") ?? "");
  const values = Object.fromEntries(formData);
  try {
    if (intent === "school") {
      const parsed = schoolSchema.safeParse(values);
      if (!parsed.success)
        return data<ActionData>({ form: intent, error: firstIssue(parsed.error) }, { status: 400 });
      await createSchool(user, parsed.data);
      return data<ActionData>({ form: intent, done: `Đã thêm trường “${parsed.data.name}”.` });
    }
    if (intent === "teacher") {
      const parsed = await teacherSchema.safeParseAsync(values);
      if (!parsed.success)
        return data<ActionData>({ form: intent, error: firstIssue(parsed.error) }, { status: 400 });
      await createTeacher(user, parsed.data);
      return data<ActionData>({ form: intent, done: `Đã tạo tài khoản giáo viên cho ${parsed.data.name}.` });
    }
    if (intent === "approve" || intent === "refuse") {
      const teacherId = Number(formData.get("teacherId"));
      if (!Number.isSafeInteger(teacherId) || teacherId <= 0)
        return data<ActionData>({ form: "decide", error: "Không tìm thấy giáo viên." }, { status: 404 });
      await decideTeacher(user, teacherId, intent === "approve");
      return data<ActionData>({ form: "decide", done: intent === "approve" ? "Đã duyệt." : "Đã từ chối." });
    }
    return data<ActionData>({ form: "", error: "Không rõ thao tác." }, { status: 400 });
  } catch (error) {
    if (error instanceof UserError)
      return data<ActionData>(
        {
          form: intent === "refuse" ? "decide" : intent === "approve" ? "decide" : intent,
          error: error.message,
        },
        { status: error.status },
      );
    throw error;
  }
}

function Notice({ data: d, form }: { data: ActionData | undefined; form: string }) {
  if (d?.form !== form) return null;
  return d.error ? (
    <p role="alert" className="rounded-lg bg-red-50 p-3 font-medium text-red-800">
      {d.error}
    </p>
  ) : (
    <p role="status" className="rounded-lg bg-green-50 p-3 font-medium text-green-800">
      {d.done}
    </p>
  );
}

export default function TeachersConsole() {
  const { schools, teachers, communes } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const busy = useSubmitting();
  const pending = teachers.filter((t) => t.pendingSince !== null);
  return (
    <div className="max-w-5xl space-y-6">
      <h1 className="text-2xl font-bold">Trường và giáo viên</h1>

      <section aria-labelledby="pending" className="space-y-2">
        <h2 id="pending" className="text-xl font-bold">
          Giáo viên chờ duyệt ({pending.length})
        </h2>
        <Notice data={actionData} form="decide" />
        {pending.length === 0 ? (
          <p className="text-slate-700">Không có ai chờ duyệt.</p>
        ) : (
          <ul className="space-y-2">
            {pending.map((t) => (
              <li key={t.id} className="card flex flex-wrap items-center justify-between gap-2">
                <span>
                  <strong>{t.name}</strong> · {t.phone} · {t.schoolName} ({t.unitName}) · đăng ký lúc{" "}
                  {formatDateTime(t.pendingSince!)}
                </span>
                <Form method="post" className="flex gap-2">
                  <input type="hidden" name="teacherId" value={t.id} />
                  <button type="submit" name="intent" value="approve" className="btn-primary" disabled={busy}>
                    Duyệt
                  </button>
                  <button
                    type="submit"
                    name="intent"
                    value="refuse"
                    className="btn-secondary"
                    disabled={busy}
                  >
                    Từ chối
                  </button>
                </Form>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="new-teacher" className="card space-y-3">
        <h2 id="new-teacher" className="text-xl font-bold">
          Tạo tài khoản giáo viên
        </h2>
        <Notice data={actionData} form="teacher" />
        {schools.length === 0 ? (
          <p className="text-slate-700">Hãy thêm trường trước.</p>
        ) : (
          <Form method="post" className="grid gap-3 sm:grid-cols-2">
            <div>
              <label htmlFor="teacher-name" className="field-label">
                Họ và tên
              </label>
              <input id="teacher-name" name="name" className="field-input" required />
            </div>
            <div>
              <label htmlFor="teacher-phone" className="field-label">
                Số điện thoại
              </label>
              <input
                id="teacher-phone"
                name="phone"
                type="tel"
                inputMode="tel"
                className="field-input"
                required
              />
            </div>
            <div>
              <label htmlFor="teacher-password" className="field-label">
                Mật khẩu ban đầu
              </label>
              <input
                id="teacher-password"
                name="password"
                type="password"
                autoComplete="new-password"
                className="field-input"
                required
                minLength={8}
              />
            </div>
            <SchoolSelect id="teacher-school" schools={schools} />
            <div className="sm:col-span-2">
              <button type="submit" name="intent" value="teacher" className="btn-primary" disabled={busy}>
                Tạo tài khoản
              </button>
            </div>
          </Form>
        )}
      </section>

      <section aria-labelledby="new-school" className="card space-y-3">
        <h2 id="new-school" className="text-xl font-bold">
          Thêm trường
        </h2>
        <Notice data={actionData} form="school" />
        <Form method="post" className="grid gap-3 sm:grid-cols-[1fr_1fr_auto] sm:items-end">
          <div>
            <label htmlFor="school-name" className="field-label">
              Tên trường
            </label>
            <input id="school-name" name="name" className="field-input" required />
          </div>
          <div>
            <label htmlFor="school-unit" className="field-label">
              Xã, phường
            </label>
            <select id="school-unit" name="unitId" className="field-input" required>
              {communes.map((u) => (
                <option key={u.id} value={u.id}>
                  {u.name}
                </option>
              ))}
            </select>
          </div>
          <button type="submit" name="intent" value="school" className="btn-secondary" disabled={busy}>
            Thêm trường
          </button>
        </Form>
      </section>

      <section aria-labelledby="all-teachers" className="space-y-2">
        <h2 id="all-teachers" className="text-xl font-bold">
          Giáo viên
        </h2>
        <ScrollTable label="Danh sách giáo viên">
          <table className="w-full text-[15px]">
            <thead className="bg-slate-100 text-left">
              <tr>
                <th scope="col" className="px-3 py-2">
                  Họ và tên
                </th>
                <th scope="col" className="px-3 py-2">
                  Số điện thoại
                </th>
                <th scope="col" className="px-3 py-2">
                  Trường
                </th>
                <th scope="col" className="px-3 py-2">
                  Trạng thái
                </th>
              </tr>
            </thead>
            <tbody>
              {teachers.map((t) => (
                <tr key={t.id} className="border-t border-slate-200">
                  <td className="px-3 py-2">{t.name}</td>
                  <td className="px-3 py-2">{t.phone}</td>
                  <td className="px-3 py-2">
                    {t.schoolName} ({t.unitName})
                  </td>
                  <td className="px-3 py-2">
                    {t.disabledAt !== null
                      ? "Đã khoá"
                      : t.pendingSince !== null
                        ? "Chờ duyệt"
                        : "Đang hoạt động"}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollTable>
      </section>
    </div>
  );
}
