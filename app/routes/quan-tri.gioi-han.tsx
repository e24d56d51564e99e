import { getFormProps, getInputProps, getSelectProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { TextField } from "#app/components/text-field.tsx";
import {
  grantAllowance,
  listAllowances,
  normalizeAddress,
  refusalCounts,
  revokeAllowance,
} from "#app/models/registration-limits.server.ts";
import { ALLOWANCE_DAYS, allowanceSchema, type AllowanceForm } from "#app/utils/account-forms.server.ts";
import { requireRole } from "#app/utils/auth.server.ts";
import { env } from "#app/utils/env.server.ts";
import { formatDateTime, formatNumber } from "#app/utils/format.ts";
import { data, invariantResponse, orUserErrorResponse, readForm } from "#app/utils/http.server.ts";
import { useSubmitting } from "#app/components/use-submitting.ts";
import { ScrollTable } from "#app/components/scroll-table.tsx";

export const meta: MetaFunction = () => [{ title: "Giới hạn đăng ký — Quản trị" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireRole(request, ["organiser", "admin"]);
  const now = Date.now();
  return {
    allowances: await listAllowances(user, now),
    refusals: await refusalCounts(user, now),
    limits: { perAddress: env.REGISTER_LIMIT_PER_ADDRESS, perUnit: env.REGISTER_LIMIT_PER_UNIT },
    yourAddress: normalizeAddress(context.clientIp),
    constraint: getZodConstraint(allowanceSchema),
    durations: ALLOWANCE_DAYS,
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireRole(request, ["organiser", "admin"]);
  const formData = await readForm(request);
  if (formData.get("intent") === "revoke") {
    const id = Number(formData.get("id"));
    invariantResponse(Number.isSafeInteger(id) && id > 0, "Không tìm thấy quyền này.");
    await orUserErrorResponse(revokeAllowance(id, user));
    return { result: undefined, granted: false };
  }
  const submission = parseWithZod(formData, { schema: allowanceSchema });
  if (submission.status !== "success")
    return data({ result: submission.reply(), granted: false }, { status: 400 });
  await grantAllowance({ ...submission.value, grantedBy: user.id });
  return { result: submission.reply({ resetForm: true }), granted: true };
}

export default function RegistrationLimits() {
  const { allowances, refusals, limits, yourAddress, constraint, durations } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const submitting = useSubmitting();
  const [form, fields] = useForm<AllowanceForm>({
    id: "allowance",
    lastResult: actionData?.result,
    constraint,
    defaultValue: { days: "1" },
    shouldRevalidate: "onBlur",
  });
  return (
    <div className="max-w-4xl space-y-6">
      <div className="space-y-2">
        <h1 className="text-2xl font-bold">Giới hạn đăng ký</h1>
        <p className="text-slate-700">
          Mỗi địa chỉ mạng được đăng ký tối đa {formatNumber(limits.perAddress)} tài khoản mỗi giờ, và mỗi xã
          tối đa {formatNumber(limits.perUnit)} tài khoản mỗi giờ, để chặn việc tạo tài khoản hàng loạt. Khi
          một nhà văn hoá hay trường học đăng ký cho nhiều người cùng lúc qua một mạng, hãy cấp cho địa chỉ đó
          một giới hạn cao hơn, có thời hạn.
        </p>
      </div>

      <section aria-labelledby="grant" className="card space-y-4">
        <h2 id="grant" className="text-xl font-bold">
          Cấp giới hạn cao hơn
        </h2>
        {actionData?.granted && (
          <p role="status" className="rounded-lg bg-green-50 p-3 font-medium text-green-800">
            Đã cấp. Giới hạn mới có hiệu lực ngay.
          </p>
        )}
        <Form method="post" {...getFormProps(form)} className="grid gap-4 sm:grid-cols-2">
          <TextField
            label="Địa chỉ IP hoặc dải mạng"
            hint={`Ví dụ 203.0.113.7 hoặc 203.0.113.0/24. Địa chỉ của bạn lúc này: ${yourAddress}.`}
            errors={fields.address.errors}
            inputProps={getInputProps(fields.address, { type: "text", ariaAttributes: false })}
          />
          <TextField
            label="Số tài khoản mỗi giờ"
            errors={fields.perHour.errors}
            inputProps={{
              ...getInputProps(fields.perHour, { type: "number", ariaAttributes: false }),
              inputMode: "numeric",
            }}
          />
          <div>
            <label htmlFor={fields.days.id} className="field-label">
              Thời hạn
            </label>
            <select {...getSelectProps(fields.days)} className="field-input">
              {durations.map((d) => (
                <option key={d} value={d}>
                  {d === 1 ? "1 ngày (đến giờ này ngày mai)" : `${d} ngày`}
                </option>
              ))}
            </select>
            <p id={fields.days.errorId} className="field-error">
              {fields.days.errors?.join(" ")}
            </p>
          </div>
          <TextField
            label="Lý do"
            hint="Nơi nào, dịp gì: ghi lại để người khác hiểu vì sao."
            errors={fields.reason.errors}
            inputProps={getInputProps(fields.reason, { type: "text", ariaAttributes: false })}
          />
          <div className="sm:col-span-2">
            <button type="submit" className="btn-primary" disabled={submitting}>
              Cấp giới hạn
            </button>
          </div>
        </Form>
      </section>

      <section aria-labelledby="allowances" className="space-y-2">
        <h2 id="allowances" className="text-xl font-bold">
          Các địa chỉ được cấp
        </h2>
        {allowances.length === 0 ? (
          <p className="text-slate-700">Chưa cấp cho địa chỉ nào.</p>
        ) : (
          <ScrollTable label="Các địa chỉ được cấp">
            <table className="w-full text-[15px]">
              <thead className="sticky top-0 bg-slate-100 text-left">
                <tr>
                  <th scope="col" className="px-3 py-2">
                    Địa chỉ
                  </th>
                  <th scope="col" className="px-3 py-2 text-right">
                    Mỗi giờ
                  </th>
                  <th scope="col" className="px-3 py-2">
                    Lý do
                  </th>
                  <th scope="col" className="px-3 py-2">
                    Người cấp, lúc
                  </th>
                  <th scope="col" className="px-3 py-2">
                    Hiệu lực
                  </th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-200">
                {allowances.map((a) => (
                  <tr key={a.id}>
                    <td className="px-3 py-2 font-mono">{a.address}</td>
                    <td className="px-3 py-2 text-right">{formatNumber(a.perHour)}</td>
                    <td className="px-3 py-2">{a.reason}</td>
                    <td className="px-3 py-2">
                      {a.grantedBy}
                      {a.unitName && ` (${a.unitName})`}, {formatDateTime(a.grantedAt)}
                    </td>
                    <td className="px-3 py-2">
                      {a.active ? (
                        <Form method="post" className="flex flex-wrap items-center gap-2">
                          <span>Đến {formatDateTime(a.expiresAt)}</span>
                          <input type="hidden" name="id" value={a.id} />
                          <button
                            type="submit"
                            name="intent"
                            value="revoke"
                            className="font-semibold text-red-700 underline"
                            aria-label={`Thu hồi quyền của ${a.address}`}
                          >
                            Thu hồi
                          </button>
                        </Form>
                      ) : a.revokedAt !== null ? (
                        <span>
                          Đã thu hồi ({a.revokedBy}, {formatDateTime(a.revokedAt)})
                        </span>
                      ) : (
                        <span>Hết hạn {formatDateTime(a.expiresAt)}</span>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollTable>
        )}
      </section>

      <section aria-labelledby="refused" className="space-y-2">
        <h2 id="refused" className="text-xl font-bold">
          Đăng ký bị từ chối trong 24 giờ qua: {formatNumber(refusals.total)}
        </h2>
        {refusals.total > 0 && (
          <div className="grid gap-4 sm:grid-cols-2">
            <CountTable
              caption="Theo địa chỉ mạng"
              label="Địa chỉ"
              rows={refusals.byAddress.map((r) => ({ key: r.address, label: r.address, refused: r.refused }))}
            />
            <CountTable
              caption="Theo xã"
              label="Xã"
              rows={refusals.byUnit.map((r) => ({
                key: String(r.unitId),
                label: r.unit,
                refused: r.refused,
              }))}
            />
          </div>
        )}
      </section>
    </div>
  );
}

function CountTable({
  caption,
  label,
  rows,
}: {
  caption: string;
  label: string;
  rows: { key: string; label: string; refused: number }[];
}) {
  return (
    <ScrollTable label={caption}>
      <table className="w-full text-[15px]">
        <caption className="px-3 py-2 text-left font-semibold">{caption}</caption>
        <thead className="bg-slate-100 text-left">
          <tr>
            <th scope="col" className="px-3 py-2">
              {label}
            </th>
            <th scope="col" className="px-3 py-2 text-right">
              Bị từ chối
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-200">
          {rows.map((r) => (
            <tr key={r.key}>
              <td className="px-3 py-2">{r.label}</td>
              <td className="px-3 py-2 text-right">{formatNumber(r.refused)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollTable>
  );
}
