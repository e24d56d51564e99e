import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, redirect, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { formatSetupCode, SETUP_CODE_DAYS } from "#app/domain/community-help.ts";
import {
  getResidentForHelper,
  issueSetupCode,
  startAssistedAttempt,
} from "#app/models/community-helpers.server.ts";
import { requireUser } from "#app/utils/auth.server.ts";
import { UserError } from "#app/utils/errors.ts";
import { formatDateTime, formatNumber } from "#app/utils/format.ts";
import { data, idParam, orUserErrorResponse, readForm } from "#app/utils/http.server.ts";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.resident.name} — Hỗ trợ người dân` : "Hỗ trợ người dân — Công dân số" },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const now = Date.now();
  const view = await orUserErrorResponse(getResidentForHelper(user.id, idParam(params.userId), now));
  return { ...view, now };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const residentId = idParam(params.userId);
  const formData = await readForm(request);
  const now = Date.now();
  try {
    if (formData.get("intent") === "code") {
      const code = await issueSetupCode(user.id, residentId, now);
      return { error: null, code: formatSetupCode(code) };
    }
    const attemptId = await startAssistedAttempt({
      helperId: user.id,
      residentId,
      slug: String(formData.get("slug") ?? ""),
      now,
      address: context.clientIp,
    });
    return redirect(`/bai-thi/${attemptId}`);
  } catch (error) {
    if (!(error instanceof UserError)) throw error;
    return data({ error: error.message, code: null }, { status: error.status });
  }
}

export default function ResidentForHelper() {
  const { resident, contests, attempts, now } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const busy = navigation.state !== "idle";
  return (
    <div className="space-y-5">
      <p>
        <Link to="/ho-tro" className="text-brand-700 underline">
          ← Hỗ trợ người dân
        </Link>
      </p>
      <div className="space-y-1">
        <h1 className="text-2xl font-bold">{resident.name}</h1>
        <p className="text-slate-700">{resident.unitName}</p>
      </div>

      {actionData?.error && (
        <p role="alert" className="rounded-lg bg-red-50 p-3 font-medium text-red-800">
          {actionData.error}
        </p>
      )}

      <section aria-labelledby="contests" className="card space-y-3">
        <h2 id="contests" className="text-xl font-bold">
          Thi cùng người này
        </h2>
        <p className="text-slate-700">
          Bài thi được tính cho {resident.name} và ghi là “có hỗ trợ”. Hãy để họ tự chọn đáp án; bạn chỉ đọc
          và bấm giúp.
        </p>
        {contests.length === 0 ? (
          <p>Hiện không có cuộc thi nào đang mở.</p>
        ) : (
          <ul className="space-y-3">
            {contests.map((c) => (
              <li key={c.slug}>
                <Form method="post" className="space-y-2">
                  <input type="hidden" name="intent" value="start" />
                  <input type="hidden" name="slug" value={c.slug} />
                  <p className="font-semibold">
                    {c.title} — tuần {c.roundNumber}
                  </p>
                  <button type="submit" className="btn-primary w-full" disabled={busy}>
                    Bắt đầu bài thi cho người này
                  </button>
                </Form>
              </li>
            ))}
          </ul>
        )}
      </section>

      {attempts.length > 0 && (
        <section aria-labelledby="taken" className="card space-y-2">
          <h2 id="taken" className="text-xl font-bold">
            Các lượt bạn đã thi cùng {resident.name}
          </h2>
          <ul className="space-y-1">
            {attempts.map((a) => (
              <li key={a.attemptId}>
                {a.status === "open" ? (
                  <Link to={`/bai-thi/${a.attemptId}`} className="text-brand-700 underline">
                    {a.contestTitle}, tuần {a.roundNumber}: làm tiếp
                  </Link>
                ) : (
                  <Link to={`/bai-thi/${a.attemptId}/ket-qua`} className="text-brand-700 underline">
                    {a.contestTitle}, tuần {a.roundNumber}: {formatNumber(a.score ?? 0)}/
                    {formatNumber(a.questionCount)} điểm
                  </Link>
                )}
                <span className="block text-[15px] text-slate-600">{formatDateTime(a.startedAt)}</span>
              </li>
            ))}
          </ul>
        </section>
      )}

      <section aria-labelledby="sign-in" className="card space-y-2">
        <h2 id="sign-in" className="text-xl font-bold">
          Đăng nhập trên điện thoại của họ
        </h2>
        {resident.hasPassword ? (
          <p>{resident.name} đã tự đặt mật khẩu và đăng nhập bằng số điện thoại của mình.</p>
        ) : actionData?.code ? (
          <div role="status" className="space-y-1" data-testid="new-code">
            <p>
              Mã mới: <strong className="text-2xl tracking-wider">{actionData.code}</strong>
            </p>
            <p className="text-slate-700">
              Mã cũ không dùng được nữa. Người dân mở trang /kich-hoat, nhập số điện thoại, mã này và mật khẩu
              họ tự chọn. Mã dùng được một lần, trong {SETUP_CODE_DAYS} ngày.
            </p>
          </div>
        ) : resident.codeExpiresAt !== null ? (
          <>
            <p>
              {resident.name} chưa đặt mật khẩu.{" "}
              {resident.codeExpiresAt > now
                ? `Mã đã đưa còn dùng được đến ${formatDateTime(resident.codeExpiresAt)}.`
                : "Mã đã đưa đã hết hạn."}{" "}
              Nếu họ làm mất mã, hãy tạo mã mới.
            </p>
            <Form method="post">
              <input type="hidden" name="intent" value="code" />
              <button type="submit" className="btn-secondary w-full" disabled={busy}>
                Tạo mã đăng nhập mới
              </button>
            </Form>
          </>
        ) : (
          <p>{resident.name} chưa có mật khẩu. Hãy nhờ ban tổ chức hỗ trợ.</p>
        )}
      </section>
    </div>
  );
}
