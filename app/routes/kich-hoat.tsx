import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, redirect, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { TextField } from "#app/components/text-field.tsx";
import { SETUP_CODE_DIGITS } from "#app/domain/community-help.ts";
import { describeWait } from "#app/domain/throttle.ts";
import { setPasswordWithCode } from "#app/models/community-helpers.server.ts";
import { passwordResetSchema, phoneSchema } from "#app/utils/account-forms.server.ts";
import {
  commitSessionCookie,
  createSession,
  rememberDevice,
  requireAnonymous,
} from "#app/utils/auth.server.ts";
import { env } from "#app/utils/env.server.ts";
import { UserError } from "#app/utils/errors.ts";
import { data, readForm } from "#app/utils/http.server.ts";
import { hitWindow } from "#app/utils/rate-limit.server.ts";
import { useSubmitting } from "#app/components/use-submitting.ts";

export const meta: MetaFunction = () => [{ title: "Đặt mật khẩu bằng mã — Công dân số" }];

const setupSchema = z.object({
  phone: phoneSchema,
  code: z
    .string({ error: "Vui lòng nhập mã người hỗ trợ đưa cho bạn." })
    .max(40, `Mã gồm ${SETUP_CODE_DIGITS} chữ số.`),
  password: passwordResetSchema.shape.password,
});

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAnonymous(request);
  return { constraint: getZodConstraint(setupSchema) };
}

export async function action({ request, context }: ActionFunctionArgs) {
  await requireAnonymous(request);
  const now = Date.now();
  const formData = await readForm(request);
  const submission = parseWithZod(formData, { schema: setupSchema });
  if (submission.status !== "success")
    return data({ result: submission.reply({ hideFields: ["password"] }) }, { status: 400 });
  const perAddress = hitWindow(`setup-code:address:${context.clientIp}`, env.LOGIN_LIMIT_PER_IP, 60_000, now);
  if (!perAddress.allowed)
    return data(
      {
        result: submission.reply({
          formErrors: [
            `Có quá nhiều lần thử từ mạng này. Vui lòng đợi ${describeWait(perAddress.retryAfterMs)} rồi thử lại.`,
          ],
          hideFields: ["password"],
        }),
      },
      { status: 429 },
    );
  let userId: number;
  try {
    userId = await setPasswordWithCode({ ...submission.value, now });
  } catch (error) {
    if (!(error instanceof UserError)) throw error;
    return data(
      { result: submission.reply({ formErrors: [error.message], hideFields: ["password"] }) },
      { status: error.status },
    );
  }
  // The resident's own phone: their usual device from now on.
  const headers = new Headers();
  headers.append("Set-Cookie", await commitSessionCookie(request, await createSession(userId, now)));
  headers.append("Set-Cookie", await rememberDevice(request, userId, now));
  return redirect("/", { headers });
}

export default function SetPasswordWithCode() {
  const { constraint } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const submitting = useSubmitting();
  const [form, fields] = useForm<z.input<typeof setupSchema>>({
    id: "setup-code",
    lastResult: actionData?.result,
    constraint,
    shouldRevalidate: "onBlur",
  });
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-bold">Đặt mật khẩu bằng mã</h1>
      <p className="text-slate-700">
        Tổ công nghệ số ở xã đã đăng ký giúp bạn và đưa bạn một mã {SETUP_CODE_DIGITS} chữ số. Nhập mã đó và
        chọn mật khẩu của riêng bạn; từ nay bạn đăng nhập trên điện thoại của mình bằng số điện thoại và mật
        khẩu này.
      </p>
      <Form method="post" {...getFormProps(form)} className="card space-y-4">
        {form.errors && (
          <p role="alert" className="field-error">
            {form.errors.join(" ")}
          </p>
        )}
        <TextField
          label="Số điện thoại"
          errors={fields.phone.errors}
          inputProps={{
            ...getInputProps(fields.phone, { type: "tel", ariaAttributes: false }),
            autoComplete: "tel",
            inputMode: "tel",
            placeholder: "0912345678",
          }}
        />
        <TextField
          label="Mã một lần"
          errors={fields.code.errors}
          inputProps={{
            ...getInputProps(fields.code, { type: "text", ariaAttributes: false }),
            autoComplete: "one-time-code",
            inputMode: "numeric",
            placeholder: "1234 5678",
          }}
        />
        <TextField
          label="Mật khẩu mới"
          hint="Ít nhất 8 ký tự. Không dùng ngày sinh hay số điện thoại."
          errors={fields.password.errors}
          inputProps={{
            ...getInputProps(fields.password, { type: "password", ariaAttributes: false }),
            autoComplete: "new-password",
          }}
        />
        <button type="submit" className="btn-primary w-full" disabled={submitting}>
          Đặt mật khẩu và đăng nhập
        </button>
        <p className="text-center">
          Đã có mật khẩu?{" "}
          <Link to="/dang-nhap" className="font-semibold text-brand-700 underline">
            Đăng nhập
          </Link>
        </p>
      </Form>
    </div>
  );
}
