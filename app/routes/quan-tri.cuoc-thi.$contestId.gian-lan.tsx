import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import {
  fairPlayLimits,
  flagKindLabels,
  type FastAnswersEvidence,
  type SeveralPhonesEvidence,
  type SourceEvidence,
  type TwinEvidence,
} from "#app/domain/fair-play.ts";
import { getManageableContest } from "#app/models/contests.server.ts";
import { SCANS_FLAGS_IN_BACKGROUND } from "#app/models/jobs.server.ts";
import {
  AUTO_SCAN_INTERVAL_MS,
  decideFlag,
  lastFlagScan,
  listFlags,
  rescanContest,
  type FlagRow,
} from "#app/models/fair-play.server.ts";
import { describeWait } from "#app/domain/throttle.ts";
import { requireRole } from "#app/utils/auth.server.ts";
import { UserError } from "#app/utils/errors.ts";
import { formatDateTime, formatNumber } from "#app/utils/format.ts";
import { data, idParam, invariantResponse, orUserErrorResponse, readForm } from "#app/utils/http.server.ts";
import { hitWindow } from "#app/utils/rate-limit.server.ts";
import { decisionReasonSchema } from "#app/domain/prizes.ts";

export const handle = { wide: true };

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `Rà soát gian lận — ${data.contest.title}` : "Rà soát gian lận" },
];

const statuses = { "cho-xu-ly": "open", "da-loai": "disqualified", "bo-qua": "cleared" } as const;
const querySchema = z.object({
  "trang-thai": z.enum(["cho-xu-ly", "da-loai", "bo-qua", "tat-ca"]).default("cho-xu-ly"),
});

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireRole(request, ["organiser", "admin"]);
  const contest = await orUserErrorResponse(getManageableContest(user, idParam(params.contestId)));
  const search = Object.fromEntries([...new URL(request.url).searchParams].filter(([, v]) => v !== ""));
  const parsed = querySchema.safeParse(search);
  invariantResponse(parsed.success, "Đường dẫn không hợp lệ.", 400);
  const filter = parsed.data["trang-thai"];
  // Only reads (a GET never writes): detection runs on “Quét lại”, when a round closes and, on a cluster, every
  // few minutes in its primary (models/jobs).
  const flags = await listFlags(contest.id, filter === "tat-ca" ? {} : { status: statuses[filter] });
  return {
    contest: { id: contest.id, title: contest.title },
    filter,
    flags,
    lastScanAt: await lastFlagScan(contest.id),
    autoScanMinutes: SCANS_FLAGS_IN_BACKGROUND ? AUTO_SCAN_INTERVAL_MS / 60_000 : null,
  };
}

const decisionSchema = z.object({
  flagId: z.coerce.number().int().positive(),
  decision: z.enum(["disqualify", "clear"], { error: "Hãy chọn “Loại bài” hoặc “Bỏ qua”." }),
  reason: decisionReasonSchema,
});

type DecisionResult = { flagId: number | null; error?: string; reason?: string; done?: string };

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireRole(request, ["organiser", "admin"]);
  const contest = await orUserErrorResponse(getManageableContest(user, idParam(params.contestId)));
  const form = Object.fromEntries(await readForm(request));
  if (form.intent === "scan") {
    // A scan re-reads whole rounds (about a second of a worker on a crowded start): one per contest every
    // 30 seconds, whoever asks, counted before any work.
    const scans = hitWindow(`fair-play-scan:${contest.id}`, 1, 30_000);
    if (!scans.allowed)
      return data<DecisionResult>(
        {
          flagId: null,
          error: `Vừa quét xong. Vui lòng đợi ${describeWait(scans.retryAfterMs)} rồi quét lại.`,
        },
        { status: 429 },
      );
    const { open } = await rescanContest(contest.id);
    return data<DecisionResult>({ flagId: null, done: `Đã quét lại: ${open} dấu hiệu chờ xử lý.` });
  }
  const parsed = decisionSchema.safeParse(form);
  const flagId = Number(form.flagId) || null;
  const typed = typeof form.reason === "string" ? form.reason : "";
  if (!parsed.success)
    return data<DecisionResult>(
      { flagId, error: parsed.error.issues[0]!.message, reason: typed },
      { status: 400 },
    );
  try {
    await decideFlag({
      ...parsed.data,
      contestId: contest.id,
      actorId: user.id,
      unitId: contest.scopeUnitId,
    });
  } catch (error) {
    if (error instanceof UserError)
      return data<DecisionResult>({ flagId, error: error.message, reason: typed }, { status: error.status });
    throw error;
  }
  return data<DecisionResult>({
    flagId,
    done: parsed.data.decision === "disqualify" ? "Đã loại bài thi." : "Đã bỏ qua dấu hiệu.",
  });
}

const filterLabels = {
  "cho-xu-ly": "Chờ xử lý",
  "da-loai": "Đã loại bài",
  "bo-qua": "Đã bỏ qua",
  "tat-ca": "Tất cả",
} as const;

export default function FairPlayQueue() {
  const { contest, filter, flags, lastScanAt, autoScanMinutes } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const scanning = navigation.state === "submitting" && navigation.formData?.get("intent") === "scan";
  return (
    <div className="space-y-4">
      <p className="text-sm">
        <Link to={`/quan-tri/cuoc-thi/${contest.id}`} className="font-semibold text-brand-700 underline">
          ← {contest.title}
        </Link>
      </p>
      <h1 className="text-2xl font-bold">Rà soát gian lận</h1>
      <p className="max-w-3xl text-slate-700">
        Hệ thống chỉ đánh dấu bài thi đáng ngờ kèm bằng chứng; người của ban tổ chức xem xét và quyết định.
        Loại bài hoặc bỏ qua đều cần ghi lý do và được lưu vào nhật ký. Người thi thấy quyết định trên trang
        kết quả.
      </p>
      <Form method="post" className="flex flex-wrap items-center gap-3" preventScrollReset>
        <p className="max-w-3xl text-slate-700" data-testid="last-scan">
          {lastScanAt === null ? "Chưa quét lần nào." : `Lần quét gần nhất: ${formatDateTime(lastScanAt)}.`}{" "}
          {autoScanMinutes !== null &&
            `Tuần thi đang mở có bài thi mới được tự động rà soát lại ${autoScanMinutes} phút một lần. `}
          Bấm “Quét lại” để rà soát các tuần thi đang mở theo dữ liệu mới nhất; tuần thi nào cũng được rà soát
          lần cuối khi đóng.
        </p>
        <button type="submit" name="intent" value="scan" className="btn-secondary" disabled={scanning}>
          Quét lại
        </button>
      </Form>
      <nav aria-label="Lọc theo trạng thái" className="flex flex-wrap gap-2">
        {Object.entries(filterLabels).map(([key, label]) => (
          <Link
            key={key}
            to={`?trang-thai=${key}`}
            aria-current={key === filter ? "page" : undefined}
            className={`rounded-lg px-3 py-2 font-semibold ${key === filter ? "bg-brand-700 text-white" : "text-brand-700 ring-1 ring-brand-700"}`}
          >
            {label}
          </Link>
        ))}
        <a
          href={`/quan-tri/cuoc-thi/${contest.id}/gian-lan/xuat/gian-lan.xlsx`}
          className="rounded-lg px-3 py-2 font-semibold text-brand-700 underline"
          download
        >
          Tải danh sách (.xlsx)
        </a>
        <a
          href={`/quan-tri/cuoc-thi/${contest.id}/gian-lan/xuat/gian-lan.csv`}
          className="rounded-lg px-3 py-2 font-semibold text-brand-700 underline"
          download
        >
          (.csv)
        </a>
      </nav>
      {result?.flagId === null && result.error && (
        <p role="alert" className="rounded-xl bg-amber-100 p-3 font-medium text-amber-950">
          {result.error}
        </p>
      )}
      {result?.done && (
        <p role="status" className="rounded-xl bg-green-50 p-3 text-green-900">
          {result.done}
        </p>
      )}
      {flags.length === 0 ? (
        <p className="text-slate-600">Không có dấu hiệu nào.</p>
      ) : (
        <ul className="space-y-3">
          {flags.map((flag) => (
            <FlagCard key={flag.id} flag={flag} result={result?.flagId === flag.id ? result : undefined} />
          ))}
        </ul>
      )}
    </div>
  );
}

const statusLabels = { open: "Chờ xử lý", disqualified: "Đã loại bài", cleared: "Đã bỏ qua" } as const;

function FlagCard({ flag, result }: { flag: FlagRow; result?: DecisionResult }) {
  const navigation = useNavigation();
  const busy = navigation.state === "submitting" && navigation.formData?.get("flagId") === String(flag.id);
  const errorId = `flag-${flag.id}-error`;
  return (
    <li className="card space-y-2" data-testid="flag">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h2 className="font-bold">
          {flagKindLabels[flag.kind]} — {flag.name}
          {flag.unitName && <span className="font-normal text-slate-600"> ({flag.unitName})</span>}
        </h2>
        <span className="text-sm text-slate-600">
          Tuần {flag.roundNumber} · bài #{flag.attemptId} · điểm {flag.score ?? "—"} ·{" "}
          {statusLabels[flag.status]}
          {flag.helperName && (
            <strong className="ml-1 text-amber-900" data-testid="assisted">
              · có hỗ trợ ({flag.helperName})
            </strong>
          )}
        </span>
      </div>
      <Evidence flag={flag} />
      {flag.status === "open" ? (
        <Form method="post" className="space-y-2" preventScrollReset>
          <input type="hidden" name="flagId" value={flag.id} />
          <label className="field-label" htmlFor={`reason-${flag.id}`}>
            Lý do quyết định
          </label>
          <textarea
            id={`reason-${flag.id}`}
            name="reason"
            required
            minLength={3}
            maxLength={500}
            rows={2}
            defaultValue={result?.reason ?? ""}
            aria-invalid={result?.error ? true : undefined}
            aria-describedby={result?.error ? errorId : undefined}
            className="field-input w-full"
          />
          {result?.error && (
            <p id={errorId} role="alert" className="text-red-800">
              {result.error}
            </p>
          )}
          <div className="flex flex-wrap gap-2">
            <button type="submit" name="decision" value="disqualify" className="btn-primary" disabled={busy}>
              Loại bài
            </button>
            <button type="submit" name="decision" value="clear" className="btn-secondary" disabled={busy}>
              Bỏ qua
            </button>
          </div>
        </Form>
      ) : (
        <>
          {/* Someone else decided it while this organiser was writing their reason: say who. */}
          {result?.error && (
            <p role="alert" className="text-red-800">
              {result.error}
            </p>
          )}
          <p className="text-slate-700">
            {statusLabels[flag.status]} lúc {flag.decidedAt ? formatDateTime(flag.decidedAt) : "—"}:{" "}
            {flag.reason}
          </p>
        </>
      )}
    </li>
  );
}

const seconds = (ms: number) =>
  new Intl.NumberFormat("vi-VN", { maximumFractionDigits: 1 }).format(Math.max(0, ms) / 1000);

const eventLabels = { registration: "đăng ký", start: "bắt đầu thi", login: "đăng nhập" } as const;

function Evidence({ flag }: { flag: FlagRow }) {
  switch (flag.kind) {
    case "fast_answers": {
      const e = flag.evidence as FastAnswersEvidence;
      return (
        <div>
          <p>
            {e.fast.length}/{e.answered} câu được trả lời nhanh hơn thời gian tối thiểu để đọc câu hỏi:
          </p>
          <ul className="list-disc pl-6">
            {e.fast.map((f) => (
              <li key={f.slot}>
                Câu {f.slot}: {seconds(f.gapMs)} giây (câu hỏi {formatNumber(f.textLength)} ký tự, cần ít nhất{" "}
                {seconds(f.minimumMs)} giây)
              </li>
            ))}
          </ul>
        </div>
      );
    }
    case "shared_network": {
      const e = flag.evidence as SourceEvidence;
      return (
        <div className="space-y-1">
          {e.groups.map((g) => (
            <div key={`${g.via}:${g.source}`}>
              <p>
                {g.accounts.length} tài khoản từ {g.via === "address" ? `địa chỉ mạng ${g.source}` : g.source}{" "}
                trong vòng {fairPlayLimits.sourceWindowMs / 60_000} phút:
              </p>
              <ul className="list-disc pl-6">
                {g.accounts.map((a) => (
                  <li key={`${a.userId}-${a.event}`}>
                    {a.name} — {eventLabels[a.event]} lúc {formatDateTime(a.at)}
                  </li>
                ))}
              </ul>
            </div>
          ))}
        </div>
      );
    }
    case "twin_answers": {
      const e = flag.evidence as TwinEvidence;
      return (
        <ul className="list-disc pl-6">
          {e.matches.map((m) => (
            <li key={m.attemptId}>
              Gần giống bài #{m.attemptId} của {m.name}: {m.sameChoices}/{m.shared} câu chung chọn giống nhau,{" "}
              {m.closeInTime}/{m.shared} câu trả lời cách nhau không quá {fairPlayLimits.twinCloseMs / 1000}{" "}
              giây
            </li>
          ))}
        </ul>
      );
    }
    case "several_phones": {
      const e = flag.evidence as SeveralPhonesEvidence;
      return (
        <div>
          <p>Cùng họ tên, năm sinh {e.birthYear} và cùng xã, nhưng khác số điện thoại:</p>
          <ul className="list-disc pl-6">
            {e.accounts.map((a) => (
              <li key={a.userId}>
                {a.name} — số {a.phone}
              </li>
            ))}
          </ul>
        </div>
      );
    }
  }
}
