import { getFormProps, getInputProps, getSelectProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, redirect, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { TextField } from "#app/components/text-field.tsx";
import { ASSISTED_CONSENT, formatSetupCode, SETUP_CODE_DAYS } from "#app/domain/community-help.ts";
import { describeWait } from "#app/domain/throttle.ts";
import { findResident, registerResident, requireHelperUnits } from "#app/models/community-helpers.server.ts";
import { phoneSchema, registerSchema } from "#app/utils/account-forms.server.ts";
import { requireUser } from "#app/utils/auth.server.ts";
import { env } from "#app/utils/env.server.ts";
import { UserError } from "#app/utils/errors.ts";
import { data, invariantResponse, orUserErrorResponse, readForm } from "#app/utils/http.server.ts";
import { hitWindow } from "#app/utils/rate-limit.server.ts";
import { useSubmitting } from "#app/components/use-submitting.ts";

export const meta: MetaFunction = () => [{ title: "Hỗ trợ người dân — Công dân số" }];

// The registration form of /dang-ky without the password (the resident sets it later with a one-time code):
// the commune is one of the helper's, and the consent is the one read to the resident.
const assistedRegisterSchema = registerSchema.omit({ units: true, password: true, consent: true }).extend({
  unitId: z.coerce
    .number({ error: "Vui lòng chọn xã của người dân." })
    .int()
    .positive("Vui lòng chọn xã của người dân."),
  consent: z.literal("on", { error: "Người dân cần đồng ý thì mới đăng ký giúp được." }),
});
const findSchema = z.object({ phone: phoneSchema });

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const communes = await orUserErrorResponse(requireHelperUnits(user.id));
  return {
    helperName: user.name,
    communes,
    consent: ASSISTED_CONSENT.text,
    registerConstraint: getZodConstraint(assistedRegisterSchema),
    findConstraint: getZodConstraint(findSchema),
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUser(request);
  await orUserErrorResponse(requireHelperUnits(user.id));
  // Each post says whether a phone is registered: limited like the registration form's posts.
  const posts = hitWindow(`helper-posts:${user.id}`, env.REGISTER_POSTS_PER_MINUTE, 60_000);
  invariantResponse(
    posts.allowed,
    `Bạn đã gửi biểu mẫu quá nhiều lần. Vui lòng đợi ${describeWait(posts.retryAfterMs)} rồi thử lại.`,
    429,
  );
  const formData = await readForm(request);
  if (formData.get("intent") === "find") {
    const submission = parseWithZod(formData, { schema: findSchema });
    if (submission.status !== "success")
      return data({ intent: "find" as const, result: submission.reply(), registered: null }, { status: 400 });
    const residentId = await findResident(user.id, submission.value.phone);
    if (residentId !== null) return redirect(`/ho-tro/nguoi-dan/${residentId}`);
    return data(
      {
        intent: "find" as const,
        result: submission.reply({
          fieldErrors: {
            phone: [
              "Không tìm thấy người dân có số này ở xã của bạn. Nếu họ chưa có tài khoản, hãy đăng ký giúp ở trên.",
            ],
          },
        }),
        registered: null,
      },
      { status: 404 },
    );
  }
  const submission = await parseWithZod(formData, { schema: assistedRegisterSchema, async: true });
  if (submission.status !== "success")
    return data(
      { intent: "register" as const, result: submission.reply(), registered: null },
      { status: 400 },
    );
  try {
    const { userId, code } = await registerResident({
      helperId: user.id,
      ...submission.value,
      address: context.clientIp,
      now: Date.now(),
    });
    return {
      intent: "register" as const,
      result: submission.reply({ resetForm: true }),
      registered: { userId, name: submission.value.name, code: formatSetupCode(code) },
    };
  } catch (error) {
    if (!(error instanceof UserError)) throw error;
    return data(
      {
        intent: "register" as const,
        result: submission.reply({ formErrors: [error.message] }),
        registered: null,
      },
      { status: error.status },
    );
  }
}

export default function HelperHome() {
  const { helperName, communes, consent, registerConstraint, findConstraint } =
    useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [registerForm, registerFields] = useForm<z.input<typeof assistedRegisterSchema>>({
    id: "assisted-register",
    lastResult: actionData?.intent === "register" ? actionData.result : undefined,
    constraint: registerConstraint,
    defaultValue: { unitId: communes.length === 1 ? String(communes[0]!.unitId) : "" },
    shouldRevalidate: "onBlur",
  });
  const [findForm, findFields] = useForm<{ phone: string }>({
    id: "find-resident",
    lastResult: actionData?.intent === "find" ? actionData.result : undefined,
    constraint: findConstraint,
    shouldRevalidate: "onBlur",
  });
  const busy = useSubmitting();
  const registered = actionData?.registered;
  return (
    <div className="space-y-5">
      <div className="space-y-1">
        <h1 className="text-2xl font-bold">Hỗ trợ người dân</h1>
        <p className="text-slate-700">
          {helperName}, thành viên tổ công nghệ số cộng đồng của {communes.map((c) => c.name).join(", ")}.
          Đăng ký giúp người dân hoặc tìm người đã có tài khoản, rồi thi cùng họ trên điện thoại này.
        </p>
      </div>

      {registered && (
        <section role="status" className="card space-y-2 ring-2 ring-green-700" data-testid="registered">
          <h2 className="text-xl font-bold">Đã đăng ký cho {registered.name}</h2>
          <p>
            Mã đăng nhập một lần:{" "}
            <strong className="text-2xl tracking-wider" data-testid="setup-code">
              {registered.code}
            </strong>
          </p>
          <p className="text-slate-700">
            Hãy ghi mã này ra giấy đưa cho người dân. Trên điện thoại của mình, họ mở trang “Đặt mật khẩu bằng
            mã” (/kich-hoat), nhập số điện thoại, mã này và mật khẩu họ tự chọn. Mã dùng được một lần, trong{" "}
            {SETUP_CODE_DAYS} ngày.
          </p>
          <Link to={`/ho-tro/nguoi-dan/${registered.userId}`} className="btn-primary w-full">
            Chọn cuộc thi cho {registered.name}
          </Link>
        </section>
      )}

      <section aria-labelledby="find" className="card space-y-3">
        <h2 id="find" className="text-xl font-bold">
          Người đã có tài khoản
        </h2>
        <Form method="post" {...getFormProps(findForm)} className="space-y-3">
          <input type="hidden" name="intent" value="find" />
          <TextField
            label="Số điện thoại của người dân"
            errors={findFields.phone.errors}
            inputProps={{
              ...getInputProps(findFields.phone, { type: "tel", ariaAttributes: false }),
              inputMode: "tel",
              placeholder: "0912345678",
            }}
          />
          <button type="submit" className="btn-secondary w-full" disabled={busy}>
            Tìm
          </button>
        </Form>
      </section>

      <section aria-labelledby="register" className="card space-y-4">
        <h2 id="register" className="text-xl font-bold">
          Đăng ký giúp người dân
        </h2>
        <Form method="post" {...getFormProps(registerForm)} className="space-y-4">
          <input type="hidden" name="intent" value="register" />
          {registerForm.errors && (
            <p role="alert" className="field-error">
              {registerForm.errors.join(" ")}
            </p>
          )}
          <TextField
            label="Họ và tên"
            errors={registerFields.name.errors}
            inputProps={getInputProps(registerFields.name, { type: "text", ariaAttributes: false })}
          />
          <TextField
            label="Số điện thoại"
            hint="Số của chính người dân: họ sẽ đăng nhập bằng số này."
            errors={registerFields.phone.errors}
            inputProps={{
              ...getInputProps(registerFields.phone, { type: "tel", ariaAttributes: false }),
              inputMode: "tel",
              placeholder: "0912345678",
            }}
          />
          <TextField
            label="Năm sinh"
            errors={registerFields.birthYear.errors}
            inputProps={{
              ...getInputProps(registerFields.birthYear, { type: "number", ariaAttributes: false }),
              inputMode: "numeric",
              placeholder: "1960",
            }}
          />
          {communes.length === 1 ? (
            <p>
              Xã: <strong>{communes[0]!.name}</strong>
              <input type="hidden" name={registerFields.unitId.name} value={communes[0]!.unitId} />
            </p>
          ) : (
            <div>
              <label htmlFor={registerFields.unitId.id} className="field-label">
                Xã của người dân
              </label>
              <select {...getSelectProps(registerFields.unitId)} className="field-input">
                <option value="">Chọn…</option>
                {communes.map((c) => (
                  <option key={c.unitId} value={c.unitId}>
                    {c.kind} {c.name}
                  </option>
                ))}
              </select>
              <p id={registerFields.unitId.errorId} className="field-error">
                {registerFields.unitId.errors?.join(" ")}
              </p>
            </div>
          )}
          <div>
            <p className="font-semibold">Đọc cho người dân nghe và hỏi họ có đồng ý không:</p>
            <label className="mt-2 flex min-h-12 items-start gap-3">
              <input
                {...getInputProps(registerFields.consent, { type: "checkbox" })}
                className="mt-1 h-6 w-6 shrink-0"
              />
              <span>{consent}</span>
            </label>
            <p id={registerFields.consent.errorId} className="field-error">
              {registerFields.consent.errors?.join(" ")}
            </p>
          </div>
          <button type="submit" className="btn-primary w-full" disabled={busy}>
            Đăng ký giúp
          </button>
        </Form>
      </section>
    </div>
  );
}
