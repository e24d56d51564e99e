import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import {
  Form,
  Link,
  redirect,
  useActionData,
  useLoaderData,
  useNavigation,
  useSearchParams,
} from "@remix-run/react";
import { TextField } from "#app/components/text-field.tsx";
import { verifyLogin } from "#app/models/users.server.ts";
import { loginSchema, type LoginForm } from "#app/utils/account-forms.server.ts";
import {
  commitSessionCookie,
  createSession,
  requireAnonymous,
  safeRedirect,
} from "#app/utils/auth.server.ts";
import { env } from "#app/utils/env.server.ts";
import { data } from "#app/utils/http.server.ts";
import { createRateLimiter } from "#app/utils/rate-limit.server.ts";

export const meta: MetaFunction = () => [{ title: "Đăng nhập — Công dân số" }];

const perIp = createRateLimiter(env.LOGIN_LIMIT_PER_IP, 60_000);
const failuresPerPhone = createRateLimiter(env.LOGIN_LIMIT_PER_PHONE, 15 * 60_000);

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAnonymous(request);
  return { constraint: getZodConstraint(loginSchema) };
}

export async function action({ request, context }: ActionFunctionArgs) {
  await requireAnonymous(request);
  const formData = await request.formData();
  const submission = parseWithZod(formData, { schema: loginSchema });
  if (submission.status !== "success")
    return data({ result: submission.reply({ hideFields: ["password"] }) }, { status: 400 });
  const { phone, password, redirectTo } = submission.value;
  if (!perIp.hit(context.clientIp) || failuresPerPhone.isBlocked(phone)) {
    const result = submission.reply({
      formErrors: ["Bạn đã thử đăng nhập quá nhiều lần. Vui lòng đợi 15 phút rồi thử lại."],
      hideFields: ["password"],
    });
    return data({ result }, { status: 429 });
  }
  const userId = await verifyLogin(phone, password);
  if (userId === null) {
    failuresPerPhone.hit(phone);
    return data(
      {
        result: submission.reply({
          formErrors: ["Số điện thoại hoặc mật khẩu không đúng."],
          hideFields: ["password"],
        }),
      },
      { status: 400 },
    );
  }
  failuresPerPhone.reset(phone);
  const token = await createSession(userId);
  return redirect(safeRedirect(redirectTo), {
    headers: { "Set-Cookie": await commitSessionCookie(request, token) },
  });
}

export default function Login() {
  const { constraint } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const navigation = useNavigation();
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
        <input type="hidden" name="redirectTo" value={searchParams.get("redirectTo") ?? ""} />
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
        <button type="submit" className="btn-primary w-full" disabled={navigation.state === "submitting"}>
          Đăng nhập
        </button>
        <p className="text-center">
          Chưa có tài khoản?{" "}
          <Link
            to={`/dang-ky${searchParams.get("redirectTo") ? `?redirectTo=${encodeURIComponent(searchParams.get("redirectTo")!)}` : ""}`}
            className="font-semibold text-brand-700 underline"
          >
            Đăng ký
          </Link>
        </p>
      </Form>
    </div>
  );
}
