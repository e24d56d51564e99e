import { getFormProps, getInputProps, getSelectProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { TextField } from "#app/components/text-field.tsx";
import { UnitSelect, roleLabels } from "#app/components/console-account.tsx";
import { createConsoleAccount, listConsoleAccounts, listScopeUnits } from "#app/models/accounts.server.ts";
import { newAccountSchema, type NewAccountForm } from "#app/utils/account-forms.server.ts";
import { requireRole } from "#app/utils/auth.server.ts";
import { UserError } from "#app/utils/errors.ts";
import { formatDateTime } from "#app/utils/format.ts";
import { data, readForm } from "#app/utils/http.server.ts";
import { useSubmitting } from "#app/components/use-submitting.ts";
import { ScrollTable } from "#app/components/scroll-table.tsx";

export const meta: MetaFunction = () => [{ title: "Tài khoản quản trị — Quản trị" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, ["admin"]);
  return {
    accounts: await listConsoleAccounts(),
    units: await listScopeUnits(),
    constraint: getZodConstraint(newAccountSchema),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireRole(request, ["admin"]);
  const submission = await parseWithZod(await readForm(request), { schema: newAccountSchema, async: true });
  if (submission.status !== "success")
    return data({ result: submission.reply({ hideFields: ["password"] }), created: null }, { status: 400 });
  try {
    await createConsoleAccount(submission.value, user.id);
  } catch (error) {
    if (!(error instanceof UserError)) throw error;
    return data(
      { result: submission.reply({ formErrors: [error.message], hideFields: ["password"] }), created: null },
      { status: error.status },
    );
  }
  return { result: submission.reply({ resetForm: true }), created: submission.value.name };
}

export default function Accounts() {
  const { accounts, units, constraint } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const submitting = useSubmitting();
  const [form, fields] = useForm<NewAccountForm>({
    id: "new-account",
    lastResult: actionData?.result,
    constraint,
    defaultValue: { role: "organiser" },
    shouldRevalidate: "onBlur",
  });
  return (
    <div className="max-w-5xl space-y-6">
      <div className="space-y-2">
        <h1 className="text-2xl font-bold">Tài khoản quản trị</h1>
        <p className="text-slate-700">
          Người tổ chức chỉ xem và sửa các cuộc thi của đơn vị mình phụ trách và các đơn vị trực thuộc. Quản
          trị viên quản lý toàn tỉnh, các tài khoản và nhật ký thao tác.
        </p>
      </div>

      <section aria-labelledby="accounts" className="space-y-2">
        <h2 id="accounts" className="text-xl font-bold">
          Danh sách ({accounts.length})
        </h2>
        <ScrollTable label="Danh sách tài khoản">
          <table className="w-full min-w-[40rem] text-[15px]">
            <thead className="bg-slate-100 text-left">
              <tr>
                <th scope="col" className="px-3 py-2">
                  Tên
                </th>
                <th scope="col" className="px-3 py-2">
                  Số điện thoại
                </th>
                <th scope="col" className="px-3 py-2">
                  Vai trò
                </th>
                <th scope="col" className="px-3 py-2">
                  Đơn vị phụ trách
                </th>
                <th scope="col" className="px-3 py-2">
                  Tạo lúc
                </th>
                <th scope="col" className="px-3 py-2">
                  Thay đổi gần nhất
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-200">
              {accounts.map((a) => (
                <tr key={a.id} className={a.disabledAt === null ? undefined : "bg-slate-50 text-slate-500"}>
                  <td className="px-3 py-2">
                    <Link
                      to={`/quan-tri/tai-khoan/${a.id}`}
                      className="font-semibold text-brand-700 underline"
                    >
                      {a.name}
                    </Link>
                    {a.disabledAt !== null && (
                      <span className="ml-2 font-semibold text-red-700">Đã khoá</span>
                    )}
                  </td>
                  <td className="px-3 py-2 font-mono whitespace-nowrap">{a.phone}</td>
                  <td className="px-3 py-2">{roleLabels[a.role]}</td>
                  <td className="px-3 py-2">{a.unitName ? `${a.unitKind} ${a.unitName}` : "—"}</td>
                  <td className="px-3 py-2 whitespace-nowrap">{formatDateTime(a.createdAt)}</td>
                  <td className="px-3 py-2 whitespace-nowrap">
                    {a.lastChangedAt === null ? "—" : formatDateTime(a.lastChangedAt)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollTable>
      </section>

      <section aria-labelledby="create" className="card space-y-4">
        <h2 id="create" className="text-xl font-bold">
          Tạo tài khoản người tổ chức
        </h2>
        {actionData?.created && (
          <p role="status" className="rounded-lg bg-green-50 p-3 font-medium text-green-800">
            Đã tạo tài khoản “{actionData.created}”. Hãy gửi số điện thoại và mật khẩu ban đầu cho người dùng.
          </p>
        )}
        {form.errors && (
          <p role="alert" className="rounded-lg bg-red-50 p-3 font-medium text-red-800">
            {form.errors.join(" ")}
          </p>
        )}
        <Form method="post" {...getFormProps(form)} className="grid gap-4 sm:grid-cols-2">
          <TextField
            label="Tên"
            hint="Tên người hoặc ban tổ chức, ví dụ: Ban tổ chức huyện Mèo Vạc."
            errors={fields.name.errors}
            inputProps={getInputProps(fields.name, { type: "text", ariaAttributes: false })}
          />
          <TextField
            label="Số điện thoại (dùng để đăng nhập)"
            errors={fields.phone.errors}
            inputProps={{
              ...getInputProps(fields.phone, { type: "tel", ariaAttributes: false }),
              inputMode: "tel",
              autoComplete: "off",
            }}
          />
          <TextField
            label="Mật khẩu ban đầu"
            hint="Ít nhất 8 ký tự. Người dùng nên đổi sau khi nhận."
            errors={fields.password.errors}
            inputProps={{
              ...getInputProps(fields.password, { type: "password", ariaAttributes: false }),
              autoComplete: "new-password",
            }}
          />
          <div>
            <label htmlFor={fields.role.id} className="field-label">
              Vai trò
            </label>
            <select {...getSelectProps(fields.role, { ariaAttributes: false })} className="field-input">
              <option value="organiser">{roleLabels.organiser}</option>
              <option value="admin">{roleLabels.admin}</option>
            </select>
            <p id={fields.role.errorId} className="field-error">
              {fields.role.errors?.join(" ")}
            </p>
          </div>
          <div className="sm:col-span-2">
            <UnitSelect
              units={units}
              selectProps={getSelectProps(fields.scopeUnitId, { ariaAttributes: false })}
              errorId={fields.scopeUnitId.errorId}
              errors={fields.scopeUnitId.errors}
            />
          </div>
          <div className="sm:col-span-2">
            <button type="submit" className="btn-primary" disabled={submitting}>
              Tạo tài khoản
            </button>
          </div>
        </Form>
      </section>
    </div>
  );
}
