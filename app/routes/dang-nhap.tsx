import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, redirect, useActionData, useLoaderData } from "@remix-run/react";
import { TextField } from "#app/components/text-field.tsx";
import { describeWait } from "#app/domain/throttle.ts";
import { verifyLogin } from "#app/models/users.server.ts";
import { loginSchema, type LoginForm } from "#app/utils/account-forms.server.ts";
import {
  commitSessionCookie,
  createSession,
  knownDeviceFor,
  rememberDevice,
  requireAnonymous,
  safeRedirect,
} from "#app/utils/auth.server.ts";
import { env } from "#app/utils/env.server.ts";
import { data, readForm } from "#app/utils/http.server.ts";
import { createFailureBackoff, hitWindow } from "#app/utils/rate-limit.server.ts";
import { useSubmitting } from "#app/components/use-submitting.ts";

export const meta: MetaFunction = () => [{ title: "Đăng nhập — Công dân số" }];

// Wrong passwords slow down the next try per phone and device (or address, for a device never seen), and per
// phone from everywhere; a device the phone logged in from before is exempt from the latter, so nobody can lock
// a resident out of their own phone.
const failuresPerPair = createFailureBackoff("login:pair", env.LOGIN_FREE_FAILURES);
const failuresPerPhone = createFailureBackoff("login:phone", env.LOGIN_FREE_FAILURES_PER_PHONE);

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAnonymous(request);
  const redirectTo = safeRedirect(new URL(request.url).searchParams.get("redirectTo"), "");
  return { constraint: getZodConstraint(loginSchema), redirectTo };
}

export async function action({ request, context }: ActionFunctionArgs) {
  await requireAnonymous(request);
  const now = Date.now();
  const formData = await readForm(request);
  const submission = parseWithZod(formData, { schema: loginSchema });
  if (submission.status !== "success")
    return data({ result: submission.reply({ hideFields: ["password"] }) }, { status: 400 });
  const { phone, password, redirectTo } = submission.value;
  const refuse = (message: string, waitMs: number) =>
    data(
      { result: submission.reply({ formErrors: [message], hideFields: ["password"] }) },
      { status: 429, headers: { "Retry-After": String(Math.ceil(waitMs / 1000)) } },
    );

  const perAddress = hitWindow(`login:address:${context.clientIp}`, env.LOGIN_LIMIT_PER_IP, 60_000, now);
  if (!perAddress.allowed)
    return refuse(
      `Có quá nhiều lần đăng nhập từ mạng này. Vui lòng đợi ${describeWait(perAddress.retryAfterMs)} rồi thử lại.`,
      perAddress.retryAfterMs,
    );
  const device = await knownDeviceFor(request, phone);
  const pair = `${phone}:${device ? `device:${device}` : `address:${context.clientIp}`}`;
  const phoneWait = () => (device ? 0 : failuresPerPhone.waitMs(phone, now));
  const wait = Math.max(failuresPerPair.waitMs(pair, now), phoneWait());
  if (wait > 0)
    return refuse(
      `Số điện thoại này vừa bị nhập sai mật khẩu nhiều lần. Vui lòng đợi ${describeWait(wait)} rồi thử lại.`,
      wait,
    );

  const login = await verifyLogin(phone, password);
  if (login === null) {
    const pairWait = failuresPerPair.fail(pair, now);
    failuresPerPhone.fail(phone, now);
    const nextWait = Math.max(pairWait, phoneWait());
    const message = "Số điện thoại hoặc mật khẩu không đúng.";
    return data(
      {
        result: submission.reply({
          formErrors: [
            nextWait > 0 ? `${message} Bạn có thể thử lại sau ${describeWait(nextWait)}.` : message,
          ],
          hideFields: ["password"],
        }),
      },
      { status: 400 },
    );
  }
  failuresPerPair.clear(pair);
  failuresPerPhone.clear(phone);
  if (login.disabled)
    return data(
      {
        result: submission.reply({
          formErrors: ["Tài khoản này đã bị khoá. Hãy liên hệ quản trị viên để được mở lại."],
          hideFields: ["password"],
        }),
      },
      { status: 403 },
    );
  if (login.pending)
    return data(
      {
        result: submission.reply({
          formErrors: [
            "Tài khoản giáo viên này đang chờ ban tổ chức duyệt. Bạn sẽ đăng nhập được sau khi được duyệt.",
          ],
          hideFields: ["password"],
        }),
      },
      { status: 403 },
    );
  const userId = login.id;
  const headers = new Headers();
  headers.append("Set-Cookie", await commitSessionCookie(request, await createSession(userId, now)));
  headers.append("Set-Cookie", await rememberDevice(request, userId, now));
  return redirect(safeRedirect(redirectTo), { headers });
}

export default function Login() {
  const { constraint, redirectTo } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const submitting = useSubmitting();
  const [form, fields] = useForm<LoginForm>({
    id: "login",
    lastResult: actionData?.result,
    constraint,
    shouldRevalidate: "onBlur",
  });
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-bold">Đăng nhập</h1>
      <Form method="post" {...getFormProps(form)} className="card space-y-4">
        {form.errors && (
          <p role="alert" className="rounded-lg bg-red-50 p-3 font-medium text-red-800">
            {form.errors.join(" ")}
          </p>
        )}
        <input type="hidden" name="redirectTo" value={redirectTo} />
        <TextField
          label="Số điện thoại"
          errors={fields.phone.errors}
          inputProps={{
            ...getInputProps(fields.phone, { type: "tel", ariaAttributes: false }),
            autoComplete: "tel",
            inputMode: "tel",
          }}
        />
        <TextField
          label="Mật khẩu"
          errors={fields.password.errors}
          inputProps={{
            ...getInputProps(fields.password, { type: "password", ariaAttributes: false }),
            autoComplete: "current-password",
          }}
        />
        <button type="submit" className="btn-primary w-full" disabled={submitting}>
          Đăng nhập
        </button>
        <p className="text-center">
          Chưa có tài khoản?{" "}
          <Link
            to={`/dang-ky${redirectTo ? `?redirectTo=${encodeURIComponent(redirectTo)}` : ""}`}
            className="font-semibold text-brand-700 underline"
          >
            Đăng ký
          </Link>
        </p>
        <p className="text-center">
          Được tổ công nghệ số đăng ký giúp?{" "}
          <Link to="/kich-hoat" className="font-semibold text-brand-700 underline">
            Đặt mật khẩu bằng mã
          </Link>
        </p>
        <p className="text-center">
          Thầy cô giáo?{" "}
          <Link to="/giao-vien/dang-ky" className="font-semibold text-brand-700 underline">
            Đăng ký tài khoản giáo viên
          </Link>
        </p>
      </Form>
    </div>
  );
}
