import { getFormProps, getInputProps, getSelectProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { TextField } from "#app/components/text-field.tsx";
import { communesInScope, endHelper, listHelpers, nameHelper } from "#app/models/community-helpers.server.ts";
import { phoneSchema } from "#app/utils/account-forms.server.ts";
import { requireRole } from "#app/utils/auth.server.ts";
import { env } from "#app/utils/env.server.ts";
import { UserError } from "#app/utils/errors.ts";
import { formatDate, formatNumber } from "#app/utils/format.ts";
import { data, invariantResponse, orUserErrorResponse, readForm } from "#app/utils/http.server.ts";
import { useSubmitting } from "#app/components/use-submitting.ts";
import { ScrollTable } from "#app/components/scroll-table.tsx";

export const meta: MetaFunction = () => [{ title: "Tổ công nghệ số cộng đồng — Quản trị" }];

const nameSchema = z.object({
  phone: phoneSchema,
  unitId: z.coerce
    .number({ error: "Vui lòng chọn xã, phường hoặc thị trấn." })
    .int()
    .positive("Vui lòng chọn xã, phường hoặc thị trấn."),
});

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, ["organiser", "admin"]);
  return {
    helpers: await listHelpers(user),
    communes: await communesInScope(user),
    perHour: env.ASSISTED_ATTEMPTS_PER_HOUR,
    constraint: getZodConstraint(nameSchema),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireRole(request, ["organiser", "admin"]);
  const formData = await readForm(request);
  const now = Date.now();
  if (formData.get("intent") === "end") {
    const id = Number(formData.get("id"));
    invariantResponse(Number.isSafeInteger(id) && id > 0, "Không tìm thấy thành viên này.");
    await orUserErrorResponse(endHelper({ organiser: user, membershipId: id, now }));
    return { result: undefined, named: null };
  }
  const submission = parseWithZod(formData, { schema: nameSchema });
  if (submission.status !== "success")
    return data({ result: submission.reply(), named: null }, { status: 400 });
  try {
    const named = await nameHelper({ organiser: user, ...submission.value, now });
    return { result: submission.reply({ resetForm: true }), named: named.name };
  } catch (error) {
    if (!(error instanceof UserError)) throw error;
    return data(
      { result: submission.reply({ formErrors: [error.message] }), named: null },
      { status: error.status },
    );
  }
}

export default function CommunityHelpers() {
  const { helpers, communes, perHour, constraint } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const submitting = useSubmitting();
  const [form, fields] = useForm<{ phone: string; unitId: string }>({
    id: "name-helper",
    lastResult: actionData?.result,
    constraint,
    shouldRevalidate: "onBlur",
  });
  return (
    <div className="max-w-5xl space-y-6">
      <div className="space-y-2">
        <h1 className="text-2xl font-bold">Tổ công nghệ số cộng đồng</h1>
        <p className="text-slate-700">
          Thành viên tổ đăng ký giúp người dân trong xã (khi họ đồng ý) và thi cùng họ trên điện thoại của
          mình. Những lượt thi đó được ghi “có hỗ trợ” trên trang theo dõi, trang tuần thi và tệp tải về; mỗi
          thành viên bắt đầu tối đa {formatNumber(perHour)} lượt thi có hỗ trợ mỗi giờ. Thành viên đăng nhập
          bằng tài khoản của mình và mở trang <strong>/ho-tro</strong>.
        </p>
      </div>

      <section aria-labelledby="name" className="card space-y-4">
        <h2 id="name" className="text-xl font-bold">
          Ghi tên thành viên
        </h2>
        {actionData?.named && (
          <p role="status" className="rounded-lg bg-green-50 p-3 font-medium text-green-800">
            Đã ghi tên {actionData.named} vào tổ công nghệ số.
          </p>
        )}
        {form.errors && (
          <p role="alert" className="field-error">
            {form.errors.join(" ")}
          </p>
        )}
        <Form method="post" {...getFormProps(form)} className="grid gap-4 sm:grid-cols-2">
          <TextField
            label="Số điện thoại của người hỗ trợ"
            hint="Người đó cần tự đăng ký tài khoản trước."
            errors={fields.phone.errors}
            inputProps={{
              ...getInputProps(fields.phone, { type: "tel", ariaAttributes: false }),
              inputMode: "tel",
              placeholder: "0912345678",
            }}
          />
          <div>
            <label htmlFor={fields.unitId.id} className="field-label">
              Xã, phường, thị trấn
            </label>
            <select {...getSelectProps(fields.unitId)} className="field-input">
              <option value="">Chọn…</option>
              {communes.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.kind} {c.name}
                  {c.parentName ? ` — ${c.parentName}` : ""}
                </option>
              ))}
            </select>
            <p id={fields.unitId.errorId} className="field-error">
              {fields.unitId.errors?.join(" ")}
            </p>
          </div>
          <div className="sm:col-span-2">
            <button type="submit" className="btn-primary" disabled={submitting}>
              Ghi tên
            </button>
          </div>
        </Form>
      </section>

      <section aria-labelledby="members" className="space-y-2">
        <h2 id="members" className="text-xl font-bold">
          Thành viên
        </h2>
        {helpers.length === 0 ? (
          <p className="text-slate-700">Chưa có thành viên nào trong phạm vi của bạn.</p>
        ) : (
          <ScrollTable label="Thành viên tổ công nghệ số">
            <table className="w-full text-[15px]">
              <thead className="bg-slate-100 text-left">
                <tr>
                  <th scope="col" className="px-2 py-2">
                    Họ và tên
                  </th>
                  <th scope="col" className="px-2 py-2">
                    Số điện thoại
                  </th>
                  <th scope="col" className="px-2 py-2">
                    Xã
                  </th>
                  <th scope="col" className="px-2 py-2">
                    Thời gian
                  </th>
                  <th scope="col" className="px-2 py-2 text-right">
                    Lượt thi có hỗ trợ
                  </th>
                  <th scope="col" className="px-2 py-2">
                    Xử lý
                  </th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-200">
                {helpers.map((h) => (
                  <tr key={h.id} data-testid="helper-row">
                    <td className="px-2 py-2">
                      <Link
                        to={`/quan-tri/to-cong-nghe/${h.userId}`}
                        className="font-semibold text-brand-700 underline"
                      >
                        {h.name}
                      </Link>
                    </td>
                    <td className="px-2 py-2">{h.phone}</td>
                    <td className="px-2 py-2">{h.unitName}</td>
                    <td className="px-2 py-2">
                      từ {formatDate(h.namedAt)}
                      {h.endedAt !== null && ` đến ${formatDate(h.endedAt)}`}
                    </td>
                    <td className="px-2 py-2 text-right">{formatNumber(h.assistedAttempts)}</td>
                    <td className="px-2 py-2">
                      {h.endedAt === null ? (
                        <Form method="post">
                          <input type="hidden" name="intent" value="end" />
                          <input type="hidden" name="id" value={h.id} />
                          <button type="submit" className="btn-secondary">
                            Thôi làm thành viên
                          </button>
                        </Form>
                      ) : (
                        "Đã thôi"
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollTable>
        )}
      </section>
    </div>
  );
}
