import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, redirect, useActionData, useLoaderData } from "@remix-run/react";
import { createClass, listTeacherClasses, requireTeacher } from "#app/models/classes.server.ts";
import { listTeacherHomework } from "#app/models/homework.server.ts";
import { formatDate, formatDateTime, formatNumber } from "#app/utils/format.ts";
import { data, orUserErrorResponse, readForm } from "#app/utils/http.server.ts";
import { classSchema, firstIssue } from "#app/utils/school-forms.server.ts";
import { useSubmitting } from "#app/components/use-submitting.ts";

export const meta: MetaFunction = () => [{ title: "Lớp học của tôi — Công dân số" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const teacher = await requireTeacher(request);
  return {
    classes: await listTeacherClasses(teacher.id),
    homework: await listTeacherHomework(teacher.id),
    now: Date.now(),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const teacher = await requireTeacher(request);
  const formData = await readForm(request);
  const parsed = classSchema.safeParse({ grade: formData.get("grade"), name: formData.get("name") });
  if (!parsed.success) return data({ error: firstIssue(parsed.error) }, { status: 400 });
  const { id } = await orUserErrorResponse(createClass(teacher, parsed.data));
  return redirect(`/giao-vien/lop/${id}`);
}

export default function TeacherHome() {
  const { classes, homework, now } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const submitting = useSubmitting();
  const active = classes.filter((c) => c.archivedAt === null);
  const archived = classes.filter((c) => c.archivedAt !== null);
  return (
    <div className="space-y-6">
      <section aria-labelledby="classes" className="space-y-3">
        <h1 id="classes" className="text-2xl font-bold">
          Lớp của tôi
        </h1>
        {active.length === 0 ? (
          <p className="text-slate-700">Chưa có lớp nào đang dạy. Hãy tạo lớp bên dưới.</p>
        ) : (
          <ul className="grid gap-3 sm:grid-cols-2">
            {active.map((c) => (
              <li key={c.id} className="card">
                <Link to={`/giao-vien/lop/${c.id}`} className="text-lg font-bold text-brand-700 underline">
                  Lớp {c.name}
                </Link>
                <p className="text-[15px] text-slate-700">
                  Khối {c.grade} · {formatNumber(c.members)} học sinh · mã lớp{" "}
                  <span className="font-mono font-semibold">{c.joinCode}</span>
                </p>
              </li>
            ))}
          </ul>
        )}
      </section>

      {archived.length > 0 && (
        <section aria-labelledby="archived-classes" className="space-y-2">
          <h2 id="archived-classes" className="text-xl font-bold">
            Lớp đã lưu trữ
          </h2>
          <ul className="space-y-1">
            {archived.map((c) => (
              <li key={c.id}>
                <Link to={`/giao-vien/lop/${c.id}`} className="text-brand-700 underline">
                  Lớp {c.name}
                </Link>{" "}
                <span className="text-[15px] text-slate-700">
                  · khối {c.grade} · lưu trữ ngày {formatDate(c.archivedAt!)}
                </span>
              </li>
            ))}
          </ul>
        </section>
      )}

      <section aria-labelledby="new-class" className="card space-y-3">
        <h2 id="new-class" className="text-xl font-bold">
          Tạo lớp
        </h2>
        <Form method="post" className="grid gap-3 sm:grid-cols-[8rem_1fr_auto] sm:items-end">
          {actionData?.error && (
            <p role="alert" className="rounded-lg bg-red-50 p-3 font-medium text-red-800 sm:col-span-3">
              {actionData.error}
            </p>
          )}
          <div>
            <label htmlFor="grade" className="field-label">
              Khối
            </label>
            <select id="grade" name="grade" className="field-input" defaultValue="6">
              {Array.from({ length: 12 }, (_, i) => i + 1).map((g) => (
                <option key={g} value={g}>
                  {g}
                </option>
              ))}
            </select>
          </div>
          <div>
            <label htmlFor="class-name" className="field-label">
              Tên lớp
            </label>
            <input
              id="class-name"
              name="name"
              placeholder="6A1"
              className="field-input"
              required
              maxLength={40}
            />
          </div>
          <button type="submit" className="btn-primary" disabled={submitting}>
            Tạo lớp
          </button>
        </Form>
      </section>

      <section aria-labelledby="homework" className="space-y-3">
        <div className="flex flex-wrap items-center justify-between gap-2">
          <h2 id="homework" className="text-xl font-bold">
            Bài tập đã giao
          </h2>
          <Link to="/giao-vien/bai-tap/moi" className="btn-secondary">
            Giao bài tập
          </Link>
        </div>
        {homework.length === 0 ? (
          <p className="text-slate-700">Chưa giao bài tập nào.</p>
        ) : (
          <ul className="space-y-2">
            {homework.map((h) => (
              <li key={h.id} className="card">
                <Link to={`/giao-vien/bai-tap/${h.id}`} className="font-bold text-brand-700 underline">
                  {h.title}
                </Link>
                <p className="text-[15px] text-slate-700">
                  Lớp {h.classNames.join(", ")} · {now < h.closesAt ? "hạn" : "đã đóng lúc"}{" "}
                  {formatDateTime(h.closesAt)}
                </p>
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
