import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, redirect, useActionData, useLoaderData } from "@remix-run/react";
import { TextField } from "#app/components/text-field.tsx";
import { UnitPicker } from "#app/components/unit-picker.tsx";
import { describeWait } from "#app/domain/throttle.ts";
import { admitRegistration, normalizeAddress } from "#app/models/registration-limits.server.ts";
import { buildUnitLevels } from "#app/models/units.server.ts";
import { createUser } from "#app/models/users.server.ts";
import { registerSchema, type RegisterForm } from "#app/utils/account-forms.server.ts";
import {
  commitSessionCookie,
  createSession,
  rememberDevice,
  requireAnonymous,
  safeRedirect,
} from "#app/utils/auth.server.ts";
import { env } from "#app/utils/env.server.ts";
import { data, invariantResponse, readForm } from "#app/utils/http.server.ts";
import { hitWindow } from "#app/utils/rate-limit.server.ts";
import { useSubmitting } from "#app/components/use-submitting.ts";

export const meta: MetaFunction = () => [{ title: "Đăng ký — Công dân số" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAnonymous(request);
  const { levels } = await buildUnitLevels([]);
  return { levels, constraint: getZodConstraint(registerSchema) };
}

export async function action({ request, context }: ActionFunctionArgs) {
  await requireAnonymous(request);
  // Before anything is parsed: every post, the no-JavaScript unit picker's too, says whether a phone is taken.
  const posts = hitWindow(
    `register-posts:${normalizeAddress(context.clientIp)}`,
    env.REGISTER_POSTS_PER_MINUTE,
    60_000,
  );
  invariantResponse(
    posts.allowed,
    `Bạn đã gửi biểu mẫu quá nhiều lần. Vui lòng đợi ${describeWait(posts.retryAfterMs)} rồi thử lại.`,
    429,
  );
  const formData = await readForm(request);
  const chosenUnits = formData
    .getAll("units")
    .map(Number)
    .filter((n) => Number.isSafeInteger(n) && n > 0);
  const { levels } = await buildUnitLevels(chosenUnits);
  if (formData.get("intent") === "pick-unit") {
    // Without JavaScript: show the next level of the unit picker and keep what was typed.
    const submission = await parseWithZod(formData, { schema: registerSchema, async: true });
    return { levels, result: submission.reply({ hideFields: ["password"], formErrors: [] }), picking: true };
  }
  const submission = await parseWithZod(formData, { schema: registerSchema, async: true });
  if (submission.status !== "success") {
    return data(
      { levels, result: submission.reply({ hideFields: ["password"] }), picking: false },
      { status: 400 },
    );
  }
  const { name, phone, birthYear, units, password } = submission.value;
  const unitId = units.at(-1)!;
  // Checked once the form is valid, and before the costly password hash.
  const admission = await admitRegistration({ address: context.clientIp, unitId });
  if (!admission.ok) {
    const message = `Có quá nhiều tài khoản được đăng ký từ mạng này hoặc tại xã này trong một giờ qua. Vui lòng đợi ${describeWait(admission.retryAfterMs)} rồi thử lại, hoặc nhờ ban tổ chức hỗ trợ.`;
    return data(
      {
        levels,
        result: submission.reply({ formErrors: [message], hideFields: ["password"] }),
        picking: false,
      },
      { status: 429, headers: { "Retry-After": String(Math.ceil(admission.retryAfterMs / 1000)) } },
    );
  }
  const user = await createUser({
    name,
    phone,
    birthYear,
    unitId,
    password,
    registeredAddress: normalizeAddress(context.clientIp),
  });
  // The phone a resident registers on is their usual device.
  const headers = new Headers();
  headers.append("Set-Cookie", await commitSessionCookie(request, await createSession(user.id)));
  headers.append("Set-Cookie", await rememberDevice(request, user.id));
  return redirect(safeRedirect(new URL(request.url).searchParams.get("redirectTo")), { headers });
}

export default function Register() {
  const loaderData = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const submitting = useSubmitting();
  const [form, fields] = useForm<RegisterForm>({
    id: "register",
    lastResult: actionData?.picking ? undefined : actionData?.result,
    defaultValue: actionData?.picking
      ? (actionData.result.initialValue as Record<string, string> | undefined)
      : undefined,
    constraint: loaderData.constraint,
    shouldRevalidate: "onBlur",
  });
  const levels = actionData?.levels ?? loaderData.levels;
  const field = (f: (typeof fields)[keyof typeof fields], type: "text" | "tel" | "password" | "number") =>
    getInputProps(f, { type, ariaAttributes: false });

  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-bold">Đăng ký</h1>
      <p className="text-slate-700">
        Đăng ký một lần để tham gia các cuộc thi. Mỗi số điện thoại chỉ đăng ký một tài khoản.
      </p>
      <Form
        method="post"
        {...getFormProps(form)}
        className="card space-y-4"
        key={actionData?.picking ? JSON.stringify(levels.map((l) => l.selected)) : "form"}
      >
        {form.errors && (
          <p role="alert" className="field-error">
            {form.errors.join(" ")}
          </p>
        )}
        <TextField
          label="Họ và tên"
          errors={fields.name.errors}
          inputProps={{ ...field(fields.name, "text"), autoComplete: "name" }}
        />
        <TextField
          label="Số điện thoại"
          errors={fields.phone.errors}
          inputProps={{
            ...field(fields.phone, "tel"),
            autoComplete: "tel",
            inputMode: "tel",
            placeholder: "0912345678",
          }}
        />
        <TextField
          label="Năm sinh"
          errors={fields.birthYear.errors}
          inputProps={{ ...field(fields.birthYear, "number"), inputMode: "numeric", placeholder: "1985" }}
        />
        <UnitPicker name={fields.units.name} levels={levels} error={fields.units.errors?.join(" ")} />
        <TextField
          label="Mật khẩu"
          hint="Ít nhất 8 ký tự. Không dùng ngày sinh hay số điện thoại."
          errors={fields.password.errors}
          inputProps={{ ...field(fields.password, "password"), autoComplete: "new-password" }}
        />
        <div>
          <label className="flex min-h-12 items-start gap-3">
            <input
              {...getInputProps(fields.consent, { type: "checkbox" })}
              className="mt-1 h-6 w-6 shrink-0"
            />
            <span>
              Tôi đồng ý để ban tổ chức lưu họ tên, số điện thoại, năm sinh và đơn vị của tôi để tổ chức cuộc
              thi và trao giải. Số điện thoại không bao giờ hiện trên bảng xếp hạng.
            </span>
          </label>
          <p id={fields.consent.errorId} className="field-error">
            {fields.consent.errors?.join(" ")}
          </p>
        </div>
        <button type="submit" className="btn-primary w-full" disabled={submitting}>
          {submitting ? "Đang đăng ký…" : "Đăng ký"}
        </button>
        <p className="text-center">
          Đã có tài khoản?{" "}
          <Link to="/dang-nhap" className="font-semibold text-brand-700 underline">
            Đăng nhập
          </Link>
        </p>
      </Form>
    </div>
  );
}
