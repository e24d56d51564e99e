import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { UnitRanking, WinnersTable } from "#app/components/results-tables.tsx";
import { TextField } from "#app/components/text-field.tsx";
import { listAssistedInRound } from "#app/models/community-helpers.server.ts";
import { closeRound } from "#app/models/contests.server.ts";
import {
  getConsoleRound,
  listDisqualified,
  listWinners,
  setAttemptDisqualified,
  unitRanking,
} from "#app/models/results.server.ts";
import { assertCanManageUnit } from "#app/models/scope.server.ts";
import { requireRole } from "#app/utils/auth.server.ts";
import { UserError } from "#app/utils/errors.ts";
import { formatDateTime, formatNumber } from "#app/utils/format.ts";
import { data, idParam, invariantResponse, orUserErrorResponse, readForm } from "#app/utils/http.server.ts";
import { predictionQuestion } from "#app/domain/rules.ts";
import { decisionReasonSchema } from "#app/domain/prizes.ts";
import { useSubmitting } from "#app/components/use-submitting.ts";
import { ScrollTable } from "#app/components/scroll-table.tsx";

export const handle = { wide: true };

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `Tuần ${data.round.number} — ${data.round.contestTitle}` : "Tuần thi" },
];

const correctionSchema = z.object({
  attemptId: z.coerce
    .number({ message: "Hãy nhập số lượt thi." })
    .int("Số lượt thi là số nguyên.")
    .positive("Số lượt thi là số nguyên dương."),
  decision: z.enum(["disqualify", "reinstate"], { message: "Hãy chọn loại hay khôi phục." }),
  reason: decisionReasonSchema,
});

async function loadRound(request: Request, params: LoaderFunctionArgs["params"]) {
  const user = await requireRole(request, ["organiser", "admin"]);
  const round = await getConsoleRound(idParam(params.contestId), idParam(params.number));
  invariantResponse(round, "Không tìm thấy tuần thi này.");
  await orUserErrorResponse(assertCanManageUnit(user, round.scopeUnitId));
  return { user, round };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  // A round that ended is closed by the background job two minutes later, or here by an organiser.
  const { round } = await loadRound(request, params);
  const now = Date.now();
  const closed = round.predictionActual !== null;
  const url = new URL(request.url);
  return {
    round,
    closed,
    canClose: now >= round.closesAt,
    confirming: url.searchParams.get("xac-nhan") === "dong",
    prefill: url.searchParams.get("luot") ?? "",
    winners: closed ? await listWinners(round.id) : [],
    ranking: closed ? await unitRanking([round.id]) : [],
    disqualified: await listDisqualified(round.id),
    assisted: await listAssistedInRound(round.id),
    constraint: getZodConstraint(correctionSchema),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, round } = await loadRound(request, params);
  const formData = await readForm(request);
  const now = Date.now();
  if (formData.get("intent") === "close") {
    try {
      const { actual, winners } = await closeRound(round.id, now, user.id);
      return {
        result: undefined,
        notice: `Đã đóng tuần thi: con số thực là ${formatNumber(actual)}, ${formatNumber(winners)} người đoạt giải.`,
      };
    } catch (error) {
      // "Attempts still running" is said on this page; anything else is the error page.
      if (!(error instanceof UserError) || error.status !== 409)
        return orUserErrorResponse(Promise.reject(error));
      return data({ result: undefined, notice: null, closeRefusal: error.message }, { status: 409 });
    }
  }
  const submission = parseWithZod(formData, { schema: correctionSchema });
  if (submission.status !== "success")
    return data({ result: submission.reply(), notice: null }, { status: 400 });
  const { attemptId, decision, reason } = submission.value;
  try {
    await setAttemptDisqualified(attemptId, {
      disqualified: decision === "disqualify",
      reason,
      actorId: user.id,
      now,
      roundId: round.id,
    });
  } catch (error) {
    if (!(error instanceof UserError)) throw error;
    return data(
      { result: submission.reply({ formErrors: [error.message] }), notice: null },
      { status: error.status },
    );
  }
  return {
    result: submission.reply({ resetForm: true }),
    notice:
      decision === "disqualify"
        ? `Đã loại lượt thi số ${attemptId}. Bảng xếp hạng và danh sách đoạt giải đã được tính lại.`
        : `Đã khôi phục lượt thi số ${attemptId}. Bảng xếp hạng và danh sách đoạt giải đã được tính lại.`,
  };
}

const exportsList = [
  { file: "xep-hang", label: "Bảng xếp hạng" },
  { file: "giai-thuong", label: "Người đoạt giải (có số điện thoại)" },
  { file: "luot-thi", label: "Các lượt thi" },
  { file: "thong-ke-don-vi", label: "Thống kê theo đơn vị" },
];

export default function ConsoleRound() {
  const {
    round,
    closed,
    canClose,
    confirming,
    prefill,
    winners,
    ranking,
    disqualified,
    assisted,
    constraint,
  } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const submitting = useSubmitting();
  const [form, fields] = useForm<{ attemptId: string; decision: string; reason: string }>({
    // A new id per chosen attempt: conform reads defaultValue only when a form is first set up.
    id: prefill ? `correction-${prefill}` : "correction",
    lastResult: actionData?.result,
    constraint,
    defaultValue: { attemptId: prefill, decision: "disqualify" },
    shouldRevalidate: "onBlur",
  });
  const base = `/quan-tri/cuoc-thi/${round.contestId}/vong/${round.number}`;
  return (
    <div className="max-w-5xl space-y-6">
      <div className="space-y-1">
        <p className="text-slate-600">{round.contestTitle}</p>
        <h1 className="text-2xl font-bold">Tuần thi {round.number}</h1>
        <p className="text-slate-700">
          Mở {formatDateTime(round.opensAt)}, đóng {formatDateTime(round.closesAt)}.{" "}
          <strong>{closed ? "Đã đóng." : canClose ? "Đã hết giờ, chưa đóng." : "Chưa đến giờ đóng."}</strong>
        </p>
        <p className="flex flex-wrap gap-3">
          <Link
            to={`/quan-tri/cuoc-thi/${round.contestId}/theo-doi?vong=${round.number}`}
            className="font-semibold text-brand-700 underline"
          >
            Theo dõi tuần này
          </Link>
          {round.contestStatus === "published" && (
            <Link
              to={`/cuoc-thi/${round.contestSlug}/ket-qua?vong=${round.number}`}
              className="font-semibold text-brand-700 underline"
            >
              Trang kết quả công khai
            </Link>
          )}
        </p>
      </div>

      {actionData?.notice && (
        <p role="status" className="rounded-lg bg-green-50 p-3 font-medium text-green-800">
          {actionData.notice}
        </p>
      )}
      {actionData && "closeRefusal" in actionData && (
        <p role="alert" className="rounded-lg bg-red-50 p-3 font-medium text-red-800">
          {actionData.closeRefusal}
        </p>
      )}

      <section aria-labelledby="closing" className="card space-y-3">
        <h2 id="closing" className="text-xl font-bold">
          Đóng tuần thi
        </h2>
        <p>
          {predictionQuestion[round.rules.prediction.kind]}{" "}
          {closed ? (
            <>
              Con số thực: <strong>{formatNumber(round.predictionActual!)}</strong>
              {round.closedAt && <>, chốt lúc {formatDateTime(round.closedAt)}</>}.
            </>
          ) : (
            "Con số thực được chốt khi đóng tuần thi."
          )}
        </p>
        {!canClose ? (
          <p className="text-slate-700">Chỉ đóng được sau giờ đóng {formatDateTime(round.closesAt)}.</p>
        ) : confirming ? (
          <Form method="post" className="space-y-3 rounded-lg bg-amber-50 p-3 ring-1 ring-amber-300">
            <p>
              Khi đóng, hệ thống chốt con số thực của câu dự đoán, xếp hạng theo điểm → dự đoán gần nhất →
              thời gian ngắn hơn → nộp sớm hơn, chọn người đoạt giải theo từng giải (bỏ qua tài khoản mẫu, cán
              bộ và lượt thi bị loại) và tính xếp hạng tập thể.{" "}
              {closed && "Đóng lại sẽ tính lại đúng như lần trước."}
            </p>
            <div className="flex flex-wrap gap-3">
              <button type="submit" name="intent" value="close" className="btn-primary">
                Xác nhận đóng tuần thi
              </button>
              <Link to={base} className="btn-secondary">
                Thôi
              </Link>
            </div>
          </Form>
        ) : (
          <Link to={`${base}?xac-nhan=dong`} className="btn-primary inline-block">
            {closed ? "Đóng lại tuần thi (tính lại)" : "Đóng tuần thi"}
          </Link>
        )}
      </section>

      <section aria-labelledby="winners" className="space-y-2">
        <h2 id="winners" className="text-xl font-bold">
          Người đoạt giải
        </h2>
        {closed ? (
          <WinnersTable
            winners={winners}
            caption={`Người đoạt giải tuần ${round.number}`}
            action={(w) =>
              w.attemptId && (
                <Link
                  to={`${base}?luot=${w.attemptId}#xu-ly`}
                  className="whitespace-nowrap font-semibold text-brand-700 underline"
                >
                  Loại lượt {w.attemptId}
                </Link>
              )
            }
          />
        ) : (
          <p className="text-slate-700">Danh sách đoạt giải có sau khi đóng tuần thi.</p>
        )}
      </section>

      <section aria-labelledby="xu-ly" className="card space-y-3">
        <h2 id="xu-ly" className="text-xl font-bold">
          Loại hoặc khôi phục một lượt thi
        </h2>
        <p className="text-slate-700">
          Lượt bị loại không được tính điểm và không được giải; người thi thấy quyết định và lý do trên trang
          kết quả. {closed && "Tuần đã đóng nên kết quả được tính lại ngay."}
        </p>
        <Form method="post" {...getFormProps(form)} className="grid gap-4 sm:grid-cols-2">
          {form.errors && (
            <p role="alert" className="field-error sm:col-span-2">
              {form.errors.join(" ")}
            </p>
          )}
          <TextField
            label="Số lượt thi"
            hint="Có trong danh sách đoạt giải và trong tệp các lượt thi."
            errors={fields.attemptId.errors}
            inputProps={{
              ...getInputProps(fields.attemptId, { type: "text", ariaAttributes: false }),
              inputMode: "numeric",
            }}
          />
          <fieldset>
            <legend className="field-label">Quyết định</legend>
            <label className="flex items-center gap-2 py-1">
              <input {...getInputProps(fields.decision, { type: "radio", value: "disqualify" })} /> Loại lượt
              thi
            </label>
            <label className="flex items-center gap-2 py-1">
              <input {...getInputProps(fields.decision, { type: "radio", value: "reinstate" })} /> Khôi phục
              lượt thi
            </label>
            <p className="field-error">{fields.decision.errors?.join(" ")}</p>
          </fieldset>
          <div className="sm:col-span-2">
            <TextField
              label="Lý do"
              hint="Bắt buộc; người thi sẽ đọc lý do này."
              errors={fields.reason.errors}
              inputProps={getInputProps(fields.reason, { type: "text", ariaAttributes: false })}
            />
          </div>
          <div className="sm:col-span-2">
            <button type="submit" name="intent" value="correct" className="btn-primary" disabled={submitting}>
              Ghi quyết định
            </button>
          </div>
        </Form>
        {disqualified.length > 0 && (
          <div className="space-y-1">
            <h3 className="font-bold">Lượt thi đã loại</h3>
            <ul className="list-disc space-y-1 pl-5">
              {disqualified.map((d) => (
                <li key={d.attemptId}>
                  Lượt {d.attemptId} — {d.name} ({formatNumber(d.score ?? 0)} điểm): {d.reason}
                  {d.disqualifiedAt && (
                    <span className="text-slate-600"> ({formatDateTime(d.disqualifiedAt)})</span>
                  )}
                </li>
              ))}
            </ul>
          </div>
        )}
      </section>

      {closed && (
        <section aria-labelledby="collective" className="space-y-2">
          <h2 id="collective" className="text-xl font-bold">
            Xếp hạng tập thể
          </h2>
          <UnitRanking rows={ranking} limit={30} />
        </section>
      )}

      {assisted.length > 0 && (
        <section aria-labelledby="assisted" className="space-y-2">
          <h2 id="assisted" className="text-xl font-bold">
            Lượt thi có hỗ trợ ({formatNumber(assisted.length)})
          </h2>
          <p className="text-slate-700">
            Thành viên tổ công nghệ số cộng đồng thi cùng người dân trên điện thoại của mình.
          </p>
          <ScrollTable label="Lượt thi có hỗ trợ">
            <table className="w-full text-[15px]">
              <thead className="bg-slate-100 text-left">
                <tr>
                  <th scope="col" className="px-2 py-2">
                    Bài
                  </th>
                  <th scope="col" className="px-2 py-2">
                    Người thi
                  </th>
                  <th scope="col" className="px-2 py-2">
                    Người hỗ trợ
                  </th>
                  <th scope="col" className="px-2 py-2">
                    Bắt đầu
                  </th>
                  <th scope="col" className="px-2 py-2 text-right">
                    Điểm
                  </th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-200">
                {assisted.map((a) => (
                  <tr key={a.attemptId} data-testid="assisted-attempt">
                    <td className="px-2 py-2">#{a.attemptId}</td>
                    <td className="px-2 py-2">
                      <span className="font-semibold">{a.residentName}</span>{" "}
                      <span className="text-sm text-amber-900">(có hỗ trợ)</span>
                    </td>
                    <td className="px-2 py-2">
                      <Link to={`/quan-tri/to-cong-nghe/${a.helperId}`} className="text-brand-700 underline">
                        {a.helperName}
                      </Link>
                    </td>
                    <td className="px-2 py-2">{formatDateTime(a.startedAt)}</td>
                    <td className="px-2 py-2 text-right">
                      {a.status === "submitted" ? formatNumber(a.score ?? 0) : "đang thi"}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollTable>
        </section>
      )}

      <section aria-labelledby="exports" className="card space-y-2">
        <h2 id="exports" className="text-xl font-bold">
          Tải về
        </h2>
        <ul className="space-y-2">
          {exportsList.map((e) => (
            <li key={e.file} className="flex flex-wrap items-center gap-3">
              <span className="min-w-48">{e.label}</span>
              <a
                href={`${base}/xuat/${e.file}.xlsx`}
                className="font-semibold text-brand-700 underline"
                download
              >
                Excel (.xlsx)
              </a>
              <a
                href={`${base}/xuat/${e.file}.csv`}
                className="font-semibold text-brand-700 underline"
                download
              >
                CSV
              </a>
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}
