import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, redirect, useActionData, useLoaderData } from "@remix-run/react";
import { BasicsFields, RulesFields, statusLabels, type LockedFields } from "#app/components/contest-form.tsx";
import { TextField } from "#app/components/text-field.tsx";
import { lockReason, locksOf, WEEK_MS, type ContestInput } from "#app/domain/contest-plan.ts";
import { roundState } from "#app/domain/timing.ts";
import {
  changeContestStatus,
  cloneContest,
  ContestFormError,
  contestFormOptions,
  getManageableContest,
  setContestBanner,
  updateContest,
  type ConsoleContest,
} from "#app/models/contests.server.ts";
import { posterCommunes } from "#app/models/certificates.server.ts";
import { MAX_UPLOAD_BYTES, storeImage } from "#app/models/images.server.ts";
import { requireRole } from "#app/utils/auth.server.ts";
import {
  editContestSchema,
  editFormValues,
  formFieldErrors,
  type EditContestForm,
} from "#app/utils/contest-form.server.ts";
import { UserError } from "#app/utils/errors.ts";
import { formatDateTime } from "#app/utils/format.ts";
import {
  data,
  idParam,
  invariantResponse,
  orUserErrorResponse,
  readForm,
  readUploadForm,
} from "#app/utils/http.server.ts";
import { useBusy } from "#app/components/use-submitting.ts";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.contest.title ?? "Cuộc thi"} — Quản trị` },
];

const saved = {
  tao: "Đã tạo bản nháp. Kiểm tra lịch từng vòng rồi bấm “Công bố” khi sẵn sàng.",
  luu: "Đã lưu.",
  "cong-bo": "Đã công bố: cuộc thi hiện trên trang chủ.",
  "luu-tru": "Đã lưu trữ: cuộc thi không còn trên trang chủ; kết quả vẫn xem được.",
  "nhan-ban": "Đây là bản sao (bản nháp), các vòng dời sang tuần tới.",
  anh: "Đã lưu ảnh bìa.",
} as const;

// What attempts already taken freeze, as the form shows it.
function lockedFields(contest: ConsoleContest): LockedFields {
  const by = locksOf(contest.rounds.map((r) => r.attempts)).by;
  if (!by) return {};
  return {
    questionsPerAttempt: lockReason(by, "số câu mỗi lượt"),
    timeLimitMinutes: lockReason(by, "thời gian làm bài"),
    topicMix: lockReason(by, "cơ cấu chủ đề"),
    skillMix: lockReason(by, "cơ cấu kỹ năng"),
    graceSeconds: lockReason(by, "thời gian gia hạn"),
    predictionKind: lockReason(by, "loại câu hỏi dự đoán"),
    certificateScore: lockReason(by, "số câu đúng để nhận giấy chứng nhận"),
  };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireRole(request, ["organiser", "admin"]);
  const contest = await orUserErrorResponse(getManageableContest(user, idParam(params.contestId)));
  const now = Date.now();
  const context = await contestFormOptions(user, now);
  const notice = new URL(request.url).searchParams.get("da-luu");
  return {
    ...context,
    now,
    contest: {
      id: contest.id,
      slug: contest.slug,
      title: contest.title,
      status: contest.status,
      bannerImage: contest.bannerImage,
      scopeUnitName: contest.scopeUnitName,
      // A new form state after each save, so added or removed rounds show (also with JavaScript).
      version: contest.updatedAt ?? contest.createdAt,
      rounds: contest.rounds,
    },
    locked: lockedFields(contest),
    posterCommunes: await posterCommunes(contest.scopeUnitId),
    defaultValue: editFormValues(
      contest,
      context.topics.map((t) => t.id),
      context.skills.map((s) => s.id),
    ),
    notice: notice && notice in saved ? saved[notice as keyof typeof saved] : null,
  };
}

// The saved contest as the form's input, to add or remove a round without retyping the rest.
const inputOf = (contest: ConsoleContest): ContestInput => ({
  title: contest.title,
  summary: contest.summary,
  rulesText: contest.rulesText,
  scopeUnitId: contest.scopeUnitId,
  rules: contest.rules,
  rounds: contest.rounds,
});

async function bannerAction(
  request: Request,
  user: Awaited<ReturnType<typeof requireRole>>,
  contestId: number,
) {
  const formData = await readUploadForm(request, MAX_UPLOAD_BYTES);
  if (!formData) return data({ result: null, error: "Ảnh quá lớn: tối đa 5 MB." }, { status: 400 });
  let imageId: string | null = null;
  if (formData.get("intent") !== "remove-banner") {
    const file = formData.get("banner");
    if (!(file instanceof File) || file.size === 0)
      return data({ result: null, error: "Hãy chọn một ảnh." }, { status: 400 });
    try {
      imageId = await storeImage(Buffer.from(await file.arrayBuffer()));
    } catch (error) {
      if (error instanceof UserError) return data({ result: null, error: error.message }, { status: 400 });
      throw error;
    }
  }
  await orUserErrorResponse(setContestBanner(user, contestId, imageId));
  return redirect(`/quan-tri/cuoc-thi/${contestId}?da-luu=anh`);
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireRole(request, ["organiser", "admin"]);
  const contestId = idParam(params.contestId);
  // Scope first: another district's organiser gets the 403 page whatever they post.
  await orUserErrorResponse(getManageableContest(user, contestId));
  if (request.headers.get("Content-Type")?.startsWith("multipart/form-data"))
    return bannerAction(request, user, contestId);
  const formData = await readForm(request);
  const intent = String(formData.get("intent") ?? "save");
  try {
    if (intent === "publish" || intent === "archive") {
      await changeContestStatus(user, contestId, intent);
      return redirect(
        `/quan-tri/cuoc-thi/${contestId}?da-luu=${intent === "publish" ? "cong-bo" : "luu-tru"}`,
      );
    }
    if (intent === "clone") {
      const copy = await cloneContest(user, contestId);
      return redirect(`/quan-tri/cuoc-thi/${copy.id}?da-luu=nhan-ban`);
    }
    if (intent === "add-round" || intent === "remove-round") {
      const contest = await getManageableContest(user, contestId);
      const input = inputOf(contest);
      // A contest always keeps at least one round (the model refuses none).
      const last = contest.rounds.at(-1)!;
      const rounds =
        intent === "remove-round"
          ? input.rounds.slice(0, -1)
          : [...input.rounds, { opensAt: last.opensAt + WEEK_MS, closesAt: last.closesAt + WEEK_MS }];
      await updateContest(user, contestId, { ...input, rounds });
      return redirect(`/quan-tri/cuoc-thi/${contestId}?da-luu=luu`);
    }
  } catch (error) {
    if (error instanceof ContestFormError)
      return data(
        { result: null, error: Object.values(error.fieldErrors).flat().join(" ") },
        { status: 409 },
      );
    if (!(error instanceof UserError)) throw error;
    // A refusal of scope is the 403 page; "already published" and the like are said on this page.
    invariantResponse(error.status !== 403 && error.status !== 404, error.message, error.status);
    return data({ result: null, error: error.message }, { status: error.status });
  }
  const submission = parseWithZod(formData, { schema: editContestSchema });
  if (submission.status !== "success")
    return data({ result: submission.reply(), error: null }, { status: 400 });
  try {
    await updateContest(user, contestId, submission.value);
  } catch (error) {
    if (!(error instanceof ContestFormError)) return orUserErrorResponse(Promise.reject(error));
    return data(
      { result: submission.reply({ fieldErrors: formFieldErrors(error.fieldErrors) }), error: null },
      { status: 400 },
    );
  }
  return redirect(`/quan-tri/cuoc-thi/${contestId}?da-luu=luu`);
}

export default function EditContest() {
  const {
    contest,
    topics,
    skills,
    scopeChoices,
    everyone,
    locked,
    defaultValue,
    notice,
    now,
    posterCommunes,
  } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [form, fields] = useForm<EditContestForm>({
    id: `contest-${contest.id}-${contest.version}`,
    lastResult: actionData?.result,
    defaultValue,
    shouldValidate: "onSubmit",
    shouldRevalidate: "onBlur",
  });
  const busy = useBusy();
  const roundRows = fields.rounds.getFieldList();
  return (
    <div className="max-w-3xl space-y-4">
      <div className="space-y-1">
        <h1 className="text-2xl font-bold">{contest.title}</h1>
        <p className="text-slate-700">
          {statusLabels[contest.status]} · dành cho{" "}
          {contest.scopeUnitName ? `người dân ${contest.scopeUnitName}` : "mọi người"}
          {contest.status !== "draft" && (
            <>
              {" · "}
              <Link to={`/cuoc-thi/${contest.slug}`} className="text-brand-700 underline">
                trang cuộc thi
              </Link>
            </>
          )}
        </p>
      </div>
      {notice && (
        <p role="status" className="rounded-lg bg-green-50 p-3 font-medium text-green-800">
          {notice}
        </p>
      )}
      {actionData?.error && (
        <p role="alert" className="rounded-lg bg-red-50 p-3 font-medium text-red-800">
          {actionData.error}
        </p>
      )}

      <nav aria-label="Việc với cuộc thi" className="card flex flex-wrap gap-2">
        <Link to={`/quan-tri/cuoc-thi/${contest.id}/xem-truoc`} className="btn-secondary">
          Xem như người dự thi
        </Link>
        <Link to={`/quan-tri/cuoc-thi/${contest.id}/theo-doi`} className="btn-secondary">
          Theo dõi trực tiếp
        </Link>
        <Link to={`/quan-tri/cuoc-thi/${contest.id}/gian-lan`} className="btn-secondary">
          Kiểm tra gian lận
        </Link>
        <Form method="post" className="contents">
          {contest.status === "draft" && (
            <button type="submit" name="intent" value="publish" className="btn-primary" disabled={busy}>
              Công bố
            </button>
          )}
          <button type="submit" name="intent" value="clone" className="btn-secondary" disabled={busy}>
            Nhân bản
          </button>
          {contest.status !== "archived" && (
            <button type="submit" name="intent" value="archive" className="btn-secondary" disabled={busy}>
              Lưu trữ
            </button>
          )}
        </Form>
      </nav>

      <section aria-labelledby="poster-heading" className="card space-y-2">
        <h2 id="poster-heading" className="text-xl font-bold">
          Áp phích (PDF)
        </h2>
        <p className="text-[15px] text-slate-600">
          Khổ A4 để dán bảng tin: mã QR vào trang cuộc thi, lịch các vòng và lời đọc trên loa truyền thanh.
        </p>
        <form
          method="get"
          action={`/quan-tri/cuoc-thi/${contest.id}/ap-phich`}
          className="flex flex-wrap items-end gap-2"
        >
          <div>
            <label htmlFor="poster-commune" className="field-label">
              Dành cho
            </label>
            <select id="poster-commune" name="xa" className="field-input">
              <option value="">Cả cuộc thi</option>
              {posterCommunes.map((u) => (
                <option key={u.id} value={u.id}>
                  {u.name}
                  {u.parentName ? ` (${u.parentName})` : ""}
                </option>
              ))}
            </select>
          </div>
          <button type="submit" className="btn-secondary">
            Tải áp phích
          </button>
        </form>
      </section>

      <section aria-labelledby="rounds-heading" className="card space-y-2">
        <h2 id="rounds-heading" className="text-xl font-bold">
          Các vòng
        </h2>
        <ul className="space-y-1">
          {contest.rounds.map((r) => {
            const state = roundState(r, now);
            return (
              <li key={r.id} className="flex flex-wrap items-baseline gap-x-3">
                <span>
                  Vòng {r.number} {state === "upcoming" ? "sẽ mở" : "đã mở"} lúc {formatDateTime(r.opensAt)}{" "}
                  và {state === "closed" ? "đã đóng" : "đóng"} lúc {formatDateTime(r.closesAt)}
                  {r.attempts > 0 ? ` · ${r.attempts} lượt thi` : ""}.
                </span>
                <Link
                  to={`/quan-tri/cuoc-thi/${contest.id}/vong/${r.number}`}
                  className="text-brand-700 underline"
                >
                  Kết quả, trao giải
                </Link>
              </li>
            );
          })}
        </ul>
        <Form method="post" className="flex flex-wrap gap-2">
          <button type="submit" name="intent" value="add-round" className="btn-secondary" disabled={busy}>
            Thêm một vòng (tuần sau vòng cuối)
          </button>
          {contest.rounds.length > 1 && (
            <button
              type="submit"
              name="intent"
              value="remove-round"
              className="btn-secondary"
              disabled={busy}
            >
              Bỏ vòng cuối
            </button>
          )}
        </Form>
      </section>

      <Form method="post" {...getFormProps(form)} className="space-y-4">
        {form.errors && (
          <p role="alert" className="rounded-lg bg-red-50 p-3 font-medium text-red-800">
            {form.errors.join(" ")}
          </p>
        )}
        <BasicsFields fields={fields} scopeChoices={scopeChoices} everyone={everyone} />
        <fieldset className="card space-y-4" aria-describedby={fields.rounds.errorId}>
          <legend className="text-xl font-bold">Giờ mở và đóng từng vòng (giờ Việt Nam)</legend>
          {roundRows.map((row, i) => {
            const set = row.getFieldset();
            const round = contest.rounds[i];
            const frozen =
              round && round.attempts > 0 ? lockReason(round, "giờ mở và giờ đóng của vòng này") : null;
            return (
              <div
                key={row.key}
                className="grid grid-cols-2 gap-2 border-t border-slate-200 pt-3 first:border-0"
              >
                <p className="col-span-2 font-semibold">Vòng {i + 1}</p>
                {(
                  [
                    [set.opensDate, "Ngày mở", "date"],
                    [set.opensTime, "Giờ mở", "time"],
                    [set.closesDate, "Ngày đóng", "date"],
                    [set.closesTime, "Giờ đóng", "time"],
                  ] as const
                ).map(([field, label, type]) => (
                  <TextField
                    key={label}
                    label={label}
                    errors={field.errors}
                    inputProps={{
                      ...getInputProps(field, { type, ariaAttributes: false }),
                      readOnly: !!frozen,
                    }}
                  />
                ))}
                {frozen && <p className="col-span-2 text-[15px] text-slate-600">{frozen}</p>}
                <p id={row.errorId} className="field-error col-span-2">
                  {row.errors?.join(" ")}
                </p>
              </div>
            );
          })}
          <p id={fields.rounds.errorId} className="field-error">
            {fields.rounds.errors?.join(" ")}
          </p>
        </fieldset>
        <RulesFields fields={fields} topics={topics} skills={skills} locked={locked} />
        <button type="submit" className="btn-primary w-full sm:w-auto" disabled={busy}>
          Lưu thay đổi
        </button>
      </Form>

      <section aria-labelledby="banner-heading" className="card space-y-3">
        <h2 id="banner-heading" className="text-xl font-bold">
          Ảnh bìa
        </h2>
        {contest.bannerImage && (
          <img src={`/anh/${contest.bannerImage}`} alt="Ảnh bìa hiện tại" className="max-h-48 rounded-lg" />
        )}
        <Form method="post" encType="multipart/form-data" className="space-y-2">
          <label htmlFor="banner" className="field-label">
            Chọn ảnh (JPG, PNG, WebP; tối đa 5 MB, tự thu nhỏ cho điện thoại)
          </label>
          <input id="banner" name="banner" type="file" accept="image/*" className="block w-full" />
          <div className="flex flex-wrap gap-2">
            <button type="submit" className="btn-secondary" disabled={busy}>
              Lưu ảnh bìa
            </button>
            {contest.bannerImage && (
              <button
                type="submit"
                name="intent"
                value="remove-banner"
                className="btn-secondary"
                disabled={busy}
              >
                Bỏ ảnh bìa
              </button>
            )}
          </div>
        </Form>
      </section>
    </div>
  );
}
