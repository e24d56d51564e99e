import { getFormProps, getInputProps, getSelectProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { TextField } from "#app/components/text-field.tsx";
import { UnitSelect, roleLabels } from "#app/components/console-account.tsx";
import {
  getConsoleAccount,
  listScopeUnits,
  resetConsolePassword,
  setConsoleAccountDisabled,
  updateConsoleAccount,
} from "#app/models/accounts.server.ts";
import {
  accountScopeSchema,
  passwordResetSchema,
  type AccountScopeForm,
  type PasswordResetForm,
} from "#app/utils/account-forms.server.ts";
import { requireRole } from "#app/utils/auth.server.ts";
import { UserError } from "#app/utils/errors.ts";
import { formatDateTime } from "#app/utils/format.ts";
import { data, idParam, invariantResponse, readForm } from "#app/utils/http.server.ts";
import { useSubmitting } from "#app/components/use-submitting.ts";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.account.name ?? "Tài khoản"} — Quản trị` },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireRole(request, ["admin"]);
  const account = await getConsoleAccount(idParam(params.userId));
  invariantResponse(account, "Không tìm thấy tài khoản quản trị này.");
  return {
    account,
    isSelf: account.id === user.id,
    units: await listScopeUnits(),
    scopeConstraint: getZodConstraint(accountScopeSchema),
    passwordConstraint: getZodConstraint(passwordResetSchema),
  };
}

const notices = {
  scope: "Đã lưu vai trò và đơn vị phụ trách.",
  password: "Đã đặt mật khẩu mới. Tài khoản đã bị đăng xuất trên mọi thiết bị.",
  disable: "Đã khoá tài khoản. Tài khoản không đăng nhập được nữa.",
  enable: "Đã mở khoá tài khoản.",
} as const;

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireRole(request, ["admin"]);
  const id = idParam(params.userId);
  invariantResponse(await getConsoleAccount(id), "Không tìm thấy tài khoản quản trị này.");
  const formData = await readForm(request);
  const intent = formData.get("intent");
  if (intent === "disable" || intent === "enable") {
    try {
      await setConsoleAccountDisabled(id, intent === "disable", user.id);
    } catch (error) {
      if (!(error instanceof UserError)) throw error;
      return data({ intent, result: undefined, error: error.message, done: false }, { status: error.status });
    }
    return { intent, result: undefined, error: null, done: true };
  }
  invariantResponse(intent === "scope" || intent === "password", "Thao tác không hợp lệ.", 400);
  const submission =
    intent === "scope"
      ? parseWithZod(formData, { schema: accountScopeSchema })
      : parseWithZod(formData, { schema: passwordResetSchema });
  if (submission.status !== "success")
    return data(
      { intent, result: submission.reply({ hideFields: ["password"] }), error: null, done: false },
      { status: 400 },
    );
  try {
    const value = submission.value;
    if ("role" in value) await updateConsoleAccount(id, value, user.id);
    else await resetConsolePassword(id, value.password, user.id);
  } catch (error) {
    if (!(error instanceof UserError)) throw error;
    return data(
      {
        intent,
        result: submission.reply({ formErrors: [error.message], hideFields: ["password"] }),
        error: null,
        done: false,
      },
      { status: error.status },
    );
  }
  return { intent, result: submission.reply({ resetForm: intent === "password" }), error: null, done: true };
}

export default function Account() {
  const { account, isSelf, units, scopeConstraint, passwordConstraint } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const busy = useSubmitting();
  const resultFor = (intent: string) => (actionData?.intent === intent ? actionData.result : undefined);
  const [scopeForm, scopeFields] = useForm<AccountScopeForm>({
    id: "account-scope",
    lastResult: resultFor("scope"),
    constraint: scopeConstraint,
    defaultValue: { role: account.role, scopeUnitId: account.scopeUnitId?.toString() ?? "" },
    shouldRevalidate: "onBlur",
  });
  const [passwordForm, passwordFields] = useForm<PasswordResetForm>({
    id: "account-password",
    lastResult: resultFor("password"),
    constraint: passwordConstraint,
    shouldRevalidate: "onBlur",
  });
  const disabled = account.disabledAt !== null;
  return (
    <div className="max-w-3xl space-y-6">
      <p>
        <Link to="/quan-tri/tai-khoan" className="font-semibold text-brand-700 underline">
          ← Danh sách tài khoản
        </Link>
      </p>
      <div className="space-y-1">
        <h1 className="text-2xl font-bold">{account.name}</h1>
        <p className="text-slate-700">
          {roleLabels[account.role]} · <span className="font-mono">{account.phone}</span> · tạo lúc{" "}
          {formatDateTime(account.createdAt)}
          {account.lastChangedAt !== null && (
            <> · thay đổi gần nhất {formatDateTime(account.lastChangedAt)}</>
          )}
        </p>
        {disabled && (
          <p className="font-semibold text-red-700">Đã khoá từ {formatDateTime(account.disabledAt!)}.</p>
        )}
        <p>
          <Link
            to={`/quan-tri/nhat-ky?doi-tuong=user&ma=${account.id}`}
            className="font-semibold text-brand-700 underline"
          >
            Xem nhật ký của tài khoản này
          </Link>
        </p>
      </div>

      {actionData?.done && (
        <p role="status" className="rounded-lg bg-green-50 p-3 font-medium text-green-800">
          {notices[actionData.intent as keyof typeof notices]}
        </p>
      )}

      <section aria-labelledby="scope" className="card space-y-4">
        <h2 id="scope" className="text-xl font-bold">
          Vai trò và đơn vị phụ trách
        </h2>
        {scopeForm.errors && (
          <p role="alert" className="rounded-lg bg-red-50 p-3 font-medium text-red-800">
            {scopeForm.errors.join(" ")}
          </p>
        )}
        <Form method="post" {...getFormProps(scopeForm)} className="space-y-4">
          <div>
            <label htmlFor={scopeFields.role.id} className="field-label">
              Vai trò
            </label>
            <select {...getSelectProps(scopeFields.role, { ariaAttributes: false })} className="field-input">
              <option value="organiser">{roleLabels.organiser}</option>
              <option value="admin">{roleLabels.admin}</option>
            </select>
            <p id={scopeFields.role.errorId} className="field-error">
              {scopeFields.role.errors?.join(" ")}
            </p>
          </div>
          <UnitSelect
            units={units}
            selectProps={getSelectProps(scopeFields.scopeUnitId, { ariaAttributes: false })}
            errorId={scopeFields.scopeUnitId.errorId}
            errors={scopeFields.scopeUnitId.errors}
          />
          <button type="submit" name="intent" value="scope" className="btn-primary" disabled={busy}>
            Lưu vai trò và đơn vị
          </button>
        </Form>
      </section>

      <section aria-labelledby="password" className="card space-y-4">
        <h2 id="password" className="text-xl font-bold">
          Đặt lại mật khẩu
        </h2>
        <p className="text-slate-700">Tài khoản sẽ bị đăng xuất trên mọi thiết bị.</p>
        {passwordForm.errors && (
          <p role="alert" className="rounded-lg bg-red-50 p-3 font-medium text-red-800">
            {passwordForm.errors.join(" ")}
          </p>
        )}
        <Form method="post" {...getFormProps(passwordForm)} className="space-y-4">
          <TextField
            label="Mật khẩu mới"
            hint="Ít nhất 8 ký tự."
            errors={passwordFields.password.errors}
            inputProps={{
              ...getInputProps(passwordFields.password, { type: "password", ariaAttributes: false }),
              autoComplete: "new-password",
            }}
          />
          <button type="submit" name="intent" value="password" className="btn-primary" disabled={busy}>
            Đặt mật khẩu mới
          </button>
        </Form>
      </section>

      <section aria-labelledby="access" className="card space-y-4">
        <h2 id="access" className="text-xl font-bold">
          {disabled ? "Mở khoá tài khoản" : "Khoá tài khoản"}
        </h2>
        <p className="text-slate-700">
          {disabled
            ? "Sau khi mở khoá, tài khoản đăng nhập lại được bằng mật khẩu hiện có."
            : "Tài khoản bị khoá không đăng nhập được và bị đăng xuất ngay trên mọi thiết bị."}
        </p>
        {actionData?.error && (
          <p role="alert" className="rounded-lg bg-red-50 p-3 font-medium text-red-800">
            {actionData.error}
          </p>
        )}
        <Form method="post">
          <button
            type="submit"
            name="intent"
            value={disabled ? "enable" : "disable"}
            className={disabled ? "btn-primary" : "btn-secondary text-red-700"}
            disabled={busy || (isSelf && !disabled)}
          >
            {disabled ? "Mở khoá" : "Khoá tài khoản"}
          </button>
          {isSelf && !disabled && <p className="mt-2 text-slate-600">Bạn không thể tự khoá chính mình.</p>}
        </Form>
      </section>
    </div>
  );
}
