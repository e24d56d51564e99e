import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, redirect, useActionData, useLoaderData } from "@remix-run/react";
import {
  archiveClass,
  getTeacherClass,
  issueRejoinCodes,
  listRoster,
  mergeStudents,
  removeStudent,
  renameStudent,
  requireTeacher,
  restoreClass,
} from "#app/models/classes.server.ts";
import { UserError } from "#app/utils/errors.ts";
import { formatDate } from "#app/utils/format.ts";
import { data, idParam, orUserErrorResponse, readForm } from "#app/utils/http.server.ts";
import { qrSvg } from "#app/utils/qr.server.ts";
import { firstIssue, rosterActionSchema } from "#app/utils/school-forms.server.ts";
import { useSubmitting } from "#app/components/use-submitting.ts";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Lớp ${data?.classRow.name ?? ""} — Công dân số` },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const teacher = await requireTeacher(request);
  const classId = idParam(params.classId);
  const classRow = await orUserErrorResponse(getTeacherClass(teacher.id, classId));
  const url = new URL(request.url);
  const joinUrl = `${url.origin}/lop/${classRow.joinCode}`;
  return {
    classRow,
    roster: await listRoster(classId),
    joinUrl,
    qr: await qrSvg(joinUrl),
    confirmingArchive: url.searchParams.get("xac-nhan") === "luu-tru",
  };
}

type ActionData = { error?: string; done?: string; codes?: { userId: number; name: string; code: string }[] };

export async function action({ request, params }: ActionFunctionArgs) {
  const teacher = await requireTeacher(request);
  const classId = idParam(params.classId);
  const formData = await readForm(request);
  const parsed = rosterActionSchema.safeParse(Object.fromEntries(formData));
  if (!parsed.success) return data<ActionData>({ error: firstIssue(parsed.error) }, { status: 400 });
  const form = parsed.data;
  try {
    switch (form.intent) {
      case "rename":
        await renameStudent(teacher, classId, form.userId, form.name);
        return data<ActionData>({ done: `Đã đổi tên thành “${form.name}”.` });
      case "remove":
        await removeStudent(teacher, classId, form.userId);
        return data<ActionData>({ done: "Đã xoá học sinh khỏi lớp. Bài làm cũ vẫn được giữ." });
      case "merge": {
        const { movedAttempts } = await mergeStudents(teacher, classId, form.keepId, form.dropId);
        return data<ActionData>({ done: `Đã gộp hai tên; ${movedAttempts} lượt làm bài được chuyển sang.` });
      }
      case "codes": {
        const codes = await issueRejoinCodes(teacher, classId, form.userId === "all" ? null : [form.userId]);
        return data<ActionData>({ codes });
      }
      case "archive":
        await archiveClass(teacher, classId);
        return redirect(`/giao-vien/lop/${classId}`);
      case "restore":
        await restoreClass(teacher, classId);
        return data<ActionData>({
          done: "Đã khôi phục lớp: mã lớp lại nhận học sinh, lớp lại trên bảng xếp hạng.",
        });
    }
  } catch (error) {
    if (error instanceof UserError)
      return data<ActionData>({ error: error.message }, { status: error.status });
    throw error;
  }
}

export default function ClassRoster() {
  const { classRow, roster, joinUrl, qr, confirmingArchive } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const busy = useSubmitting();
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-start justify-between gap-4">
        <div className="space-y-1">
          <h1 className="text-2xl font-bold">Lớp {classRow.name}</h1>
          <p className="text-slate-700">
            {classRow.schoolName} · khối {classRow.grade} · {roster.length} học sinh
          </p>
          <p className="text-lg">
            Mã lớp: <strong className="font-mono text-2xl tracking-widest">{classRow.joinCode}</strong>
          </p>
          {classRow.archivedAt === null && (
            <>
              <p className="text-[15px] text-slate-700">
                Học sinh vào <span className="font-mono">{joinUrl.replace(/^https?:\/\//, "")}</span>, hoặc
                quét mã QR.
              </p>
              <Link to="ma" className="btn-secondary mt-2 inline-flex">
                In hoặc chiếu mã lớp
              </Link>
            </>
          )}
        </div>
        {classRow.archivedAt === null && (
          <div
            role="img"
            aria-label={`Mã QR vào lớp ${classRow.name}`}
            className="w-40 shrink-0 bg-white"
            dangerouslySetInnerHTML={{ __html: qr }}
          />
        )}
      </div>

      {classRow.archivedAt !== null && (
        <div className="space-y-3 rounded-lg bg-amber-100 p-3 text-amber-950">
          <p role="status">
            Lớp đã được lưu trữ ngày {formatDate(classRow.archivedAt)}: mã lớp không nhận thêm học sinh và lớp
            không còn trên bảng xếp hạng. Danh sách, bài làm và báo cáo vẫn được giữ; học sinh của lớp vẫn vào
            lại được bằng mã vào lại.
          </p>
          <Form method="post">
            <button type="submit" name="intent" value="restore" className="btn-secondary" disabled={busy}>
              Khôi phục lớp
            </button>
          </Form>
        </div>
      )}

      {actionData?.error && (
        <p role="alert" className="rounded-lg bg-red-50 p-3 font-medium text-red-800">
          {actionData.error}
        </p>
      )}
      {actionData?.done && (
        <p role="status" className="rounded-lg bg-green-50 p-3 font-medium text-green-800">
          {actionData.done}
        </p>
      )}
      {actionData?.codes && (
        <section aria-labelledby="codes" className="card space-y-2 ring-2 ring-brand-700">
          <h2 id="codes" className="text-xl font-bold">
            Mã vào lại (chỉ hiện lần này)
          </h2>
          <p className="text-[15px] text-slate-700">
            Đưa mỗi em mã của mình. Em nhập mã lớp và mã này ở trang Lớp học trên máy mới. Mã cũ không dùng
            được nữa.
          </p>
          <table className="w-full text-left">
            <tbody>
              {actionData.codes.map((c) => (
                <tr key={c.userId} className="border-t border-slate-200">
                  <td className="py-1 pr-3">{c.name}</td>
                  <td className="py-1 font-mono text-xl font-bold tracking-widest" data-testid="rejoin-code">
                    {c.code}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}

      <section aria-labelledby="roster" className="space-y-2">
        <div className="flex flex-wrap items-center justify-between gap-2">
          <h2 id="roster" className="text-xl font-bold">
            Danh sách học sinh
          </h2>
          {roster.length > 0 && (
            <Form method="post">
              <input type="hidden" name="userId" value="all" />
              <button type="submit" name="intent" value="codes" className="btn-secondary" disabled={busy}>
                Tạo mã vào lại cho cả lớp
              </button>
            </Form>
          )}
        </div>
        {roster.length === 0 ? (
          <p className="text-slate-700">Chưa có em nào vào lớp. Hãy đưa mã lớp hoặc mã QR cho học sinh.</p>
        ) : (
          <ul className="divide-y divide-slate-200 rounded-xl bg-white ring-1 ring-slate-200">
            {roster.map((s) => (
              <li key={s.userId} className="space-y-2 p-3">
                <p className="font-semibold">
                  {s.name}{" "}
                  <span className="text-[15px] font-normal text-slate-600">
                    vào lớp ngày {formatDate(s.joinedAt)}
                  </span>
                </p>
                <div className="flex flex-wrap items-end gap-2">
                  <Form method="post" className="flex items-end gap-2">
                    <input type="hidden" name="userId" value={s.userId} />
                    <label className="sr-only" htmlFor={`rename-${s.userId}`}>
                      Tên mới của {s.name}
                    </label>
                    <input
                      id={`rename-${s.userId}`}
                      name="name"
                      defaultValue={s.name}
                      className="field-input w-40"
                      required
                    />
                    <button
                      type="submit"
                      name="intent"
                      value="rename"
                      className="btn-secondary"
                      disabled={busy}
                    >
                      Đổi tên
                    </button>
                  </Form>
                  <Form method="post">
                    <input type="hidden" name="userId" value={s.userId} />
                    <button
                      type="submit"
                      name="intent"
                      value="codes"
                      className="btn-secondary"
                      disabled={busy}
                      aria-label={`Tạo mã vào lại cho ${s.name}`}
                    >
                      Mã vào lại
                    </button>
                  </Form>
                  <Form method="post">
                    <input type="hidden" name="userId" value={s.userId} />
                    <button
                      type="submit"
                      name="intent"
                      value="remove"
                      className="btn-secondary"
                      disabled={busy}
                      aria-label={`Xoá khỏi lớp: ${s.name}`}
                    >
                      Xoá khỏi lớp
                    </button>
                  </Form>
                </div>
              </li>
            ))}
          </ul>
        )}
      </section>

      {roster.length > 1 && (
        <section aria-labelledby="merge" className="card space-y-3">
          <h2 id="merge" className="text-xl font-bold">
            Gộp hai tên của cùng một em
          </h2>
          <p className="text-[15px] text-slate-700">
            Khi một em vào lớp hai lần, bài làm, điểm kinh nghiệm, huy hiệu và chứng nhận của tên trùng được
            chuyển sang tên giữ lại và tên trùng bị xoá.
          </p>
          <Form method="post" className="grid gap-3 sm:grid-cols-[1fr_1fr_auto] sm:items-end">
            <div>
              <label htmlFor="keepId" className="field-label">
                Giữ lại
              </label>
              <select id="keepId" name="keepId" className="field-input">
                {roster.map((s) => (
                  <option key={s.userId} value={s.userId}>
                    {s.name} (vào {formatDate(s.joinedAt)})
                  </option>
                ))}
              </select>
            </div>
            <div>
              <label htmlFor="dropId" className="field-label">
                Tên trùng (sẽ xoá)
              </label>
              <select id="dropId" name="dropId" className="field-input" defaultValue={roster[1]!.userId}>
                {roster.map((s) => (
                  <option key={s.userId} value={s.userId}>
                    {s.name} (vào {formatDate(s.joinedAt)})
                  </option>
                ))}
              </select>
            </div>
            <button type="submit" name="intent" value="merge" className="btn-secondary" disabled={busy}>
              Gộp
            </button>
          </Form>
        </section>
      )}

      {classRow.archivedAt === null && (
        <section aria-labelledby="archive" className="card space-y-3">
          <h2 id="archive" className="text-xl font-bold">
            Lưu trữ lớp
          </h2>
          {confirmingArchive ? (
            <Form method="post" className="space-y-3 rounded-lg bg-amber-50 p-3 ring-1 ring-amber-300">
              <p>
                Lưu trữ lớp {classRow.name} khi lớp đã học xong: mã lớp không nhận thêm học sinh, lớp không
                còn trong danh sách lớp đang dạy, không giao thêm bài được và không còn trên bảng xếp hạng.
                Danh sách, bài làm và báo cáo vẫn được giữ. Khôi phục lại được bất cứ lúc nào.
              </p>
              <div className="flex flex-wrap gap-3">
                <button type="submit" name="intent" value="archive" className="btn-primary" disabled={busy}>
                  Xác nhận lưu trữ lớp
                </button>
                <Link to={`/giao-vien/lop/${classRow.id}`} className="btn-secondary">
                  Thôi
                </Link>
              </div>
            </Form>
          ) : (
            <>
              <p className="text-[15px] text-slate-700">
                Khi lớp đã học xong, lưu trữ để lớp không nhận thêm ai.
              </p>
              <Link
                to={`/giao-vien/lop/${classRow.id}?xac-nhan=luu-tru`}
                className="btn-secondary inline-flex"
              >
                Lưu trữ lớp…
              </Link>
            </>
          )}
        </section>
      )}
    </div>
  );
}
