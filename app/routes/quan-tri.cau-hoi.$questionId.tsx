import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, redirect, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { ItemStatsCard } from "#app/components/item-stats.tsx";
import { QuestionEditor } from "#app/components/question-editor.tsx";
import { getItemStats, itemStatsRefreshedAt } from "#app/models/item-stats.server.ts";
import {
  changeQuestionStatus,
  getQuestionDetail,
  listSkills,
  listTopics,
  setQuestionReserved,
} from "#app/models/questions.server.ts";
import { requireRole } from "#app/utils/auth.server.ts";
import { UserError } from "#app/utils/errors.ts";
import { formatDateTime } from "#app/utils/format.ts";
import { statusLabels } from "#app/utils/question-labels.ts";
import { data, invariantResponse, readForm } from "#app/utils/http.server.ts";
import { handleQuestionForm } from "#app/utils/question-editor-action.server.ts";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `Câu hỏi ${data.question.id} — Quản trị` : "Câu hỏi — Quản trị" },
];

const eventLabels: Record<string, string> = {
  created: "Tạo câu hỏi",
  edited: "Sửa nội dung",
  reviewed: "Duyệt",
  published: "Xuất bản",
  unpublished: "Gỡ xuất bản",
  synced: "Cập nhật từ tệp nội dung",
  reserved: "Giữ riêng cho cuộc thi",
  unreserved: "Cho phép dùng khi luyện tập",
};

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireRole(request, ["organiser", "admin"]);
  const question = await getQuestionDetail(params.questionId ?? "");
  invariantResponse(question, "Không tìm thấy câu hỏi này.");
  const { lastEditorId, ...shown } = question;
  return {
    question: shown,
    topics: await listTopics(),
    skills: await listSkills(),
    stats: await getItemStats(question.id),
    statsRefreshedAt: await itemStatsRefreshedAt(),
    now: Date.now(),
    // The last editor needs a second person to review; an admin may review alone, and it is recorded.
    ownRevision: lastEditorId === user.id,
    isAdmin: user.role === "admin",
  };
}

const reviewSchema = z.object({
  intent: z.enum(["review", "publish", "unpublish", "reserve", "unreserve"]),
  override: z.literal("1").optional(),
});

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireRole(request, ["organiser", "admin"]);
  const question = await getQuestionDetail(params.questionId ?? "");
  invariantResponse(question, "Không tìm thấy câu hỏi này.");
  // Review buttons post a plain form; the editor posts multipart with the picture.
  if (!request.headers.get("Content-Type")?.startsWith("multipart/form-data")) {
    const parsed = reviewSchema.safeParse(Object.fromEntries(await readForm(request)));
    if (!parsed.success) return data({ reviewError: "Thao tác không hợp lệ." }, { status: 400 });
    const { intent, override } = parsed.data;
    try {
      if (intent === "reserve" || intent === "unreserve")
        await setQuestionReserved(question.id, intent === "reserve", user.id);
      else await changeQuestionStatus(question.id, intent, user, Date.now(), { override: !!override });
    } catch (error) {
      if (error instanceof UserError) return data({ reviewError: error.message }, { status: error.status });
      throw error;
    }
    return redirect(`/quan-tri/cau-hoi/${question.id}`);
  }
  return handleQuestionForm(request, user.id, {
    id: question.id,
    image: question.content.image ?? null,
    choiceImages: question.content.choices.flatMap((c) => (c.image ? [c.image] : [])),
  });
}

export default function EditQuestion() {
  const { question, topics, skills, stats, statsRefreshedAt, now, ownRevision, isAdmin } =
    useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const content = question.content;
  const values = {
    topicId: question.topicId,
    skill: content.skill ?? "",
    difficulty: content.difficulty,
    type: content.type,
    text: content.text,
    choices: content.choices.map((c) => ({
      text: c.text,
      correct: !!c.correct,
      image: c.image ?? null,
      imageAlt: c.imageAlt ?? "",
    })),
    explanation: content.explanation,
    source: content.source,
    checked: content.checked,
    image: content.image ?? null,
    imageAlt: content.imageAlt ?? "",
  };
  const editorData = actionData && "result" in actionData ? actionData : undefined;
  const reviewError = actionData && "reviewError" in actionData ? actionData.reviewError : undefined;
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h1 className="text-2xl font-bold">Câu hỏi {question.id}</h1>
        <p>
          Phiên bản {question.revisionNumber} · <strong>{statusLabels[question.status]}</strong>
          {question.reserved && <> · Dành cho cuộc thi</>}
          {question.publishedRevisionNumber !== null && question.status !== "published" && (
            <> · đang dùng phiên bản {question.publishedRevisionNumber} đã xuất bản</>
          )}
        </p>
      </div>
      {searchParams.get("da-luu") && !editorData && (
        <p role="status" className="rounded-lg bg-green-50 p-3 font-medium text-green-900">
          ✓ Đã lưu. Câu hỏi cần được duyệt và xuất bản trước khi dùng.
        </p>
      )}
      <section className="card flex flex-wrap items-center gap-3" aria-label="Duyệt câu hỏi">
        <span className="font-semibold">Quy trình: Nháp → Đã duyệt → Đã xuất bản.</span>
        <Form method="post" className="flex flex-wrap gap-2">
          {question.status === "draft" && !ownRevision && (
            <button type="submit" name="intent" value="review" className="btn-primary">
              Duyệt
            </button>
          )}
          {question.status === "draft" && ownRevision && isAdmin && (
            <>
              <input type="hidden" name="override" value="1" />
              <button type="submit" name="intent" value="review" className="btn-primary">
                Tự duyệt (quyền quản trị, được ghi lại)
              </button>
            </>
          )}
          {question.status === "reviewed" && (
            <button type="submit" name="intent" value="publish" className="btn-primary">
              Xuất bản
            </button>
          )}
          {(question.status !== "draft" || question.publishedRevisionNumber !== null) && (
            <button type="submit" name="intent" value="unpublish" className="btn-secondary">
              Gỡ xuất bản
            </button>
          )}
        </Form>
        {question.status === "draft" && ownRevision && !isAdmin && (
          <p className="w-full text-[15px] text-slate-700">
            Bạn là người sửa phiên bản này nên cần một người khác trong ban tổ chức duyệt.
          </p>
        )}
        {reviewError && (
          <p role="alert" className="w-full font-medium text-red-800">
            {reviewError}
          </p>
        )}
      </section>
      <section className="card flex flex-wrap items-center gap-3" aria-label="Luyện tập">
        <p className="flex-1">
          {question.reserved
            ? "Câu này được giữ riêng cho cuộc thi: không hiện khi luyện tập khi còn tuần thi đang mở hoặc sắp mở dùng chủ đề này."
            : "Câu này có thể hiện khi luyện tập (người dân thấy đáp án và giải thích)."}
        </p>
        <Form method="post">
          <button
            type="submit"
            name="intent"
            value={question.reserved ? "unreserve" : "reserve"}
            className="btn-secondary"
          >
            {question.reserved ? "Cho phép dùng khi luyện tập" : "Giữ riêng cho cuộc thi"}
          </button>
        </Form>
      </section>
      <ItemStatsCard stats={stats} refreshedAt={statsRefreshedAt} checked={content.checked} now={now} />
      <QuestionEditor
        key={JSON.stringify(editorData?.values ?? question.revisionNumber)}
        values={editorData?.values ?? values}
        topics={topics}
        skills={skills}
        lastResult={editorData?.result}
        submitLabel="Lưu phiên bản mới"
      />
      <section className="card" aria-labelledby="history-heading">
        <h2 id="history-heading" className="text-lg font-bold">
          Lịch sử
        </h2>
        <ol className="mt-2 space-y-1 text-[15px]">
          {question.events.map((e, i) => (
            <li key={i}>
              {formatDateTime(e.at)} — {eventLabels[e.action] ?? e.action}
              {e.revisionNumber !== null && ` (phiên bản ${e.revisionNumber})`} —{" "}
              {e.userName ?? "tệp nội dung đã duyệt"}
              {e.override && " (tự duyệt bằng quyền quản trị)"}
              {e.screenChange &&
                (e.screenChange.description === null ? (
                  <p className="text-slate-700">
                    Từ phiên bản này, ảnh không còn được vẽ từ mô tả màn hình điện thoại.
                  </p>
                ) : (
                  <details>
                    <summary className="cursor-pointer text-brand-700">
                      {e.screenChange.first
                        ? "Màn hình điện thoại được vẽ"
                        : "Màn hình điện thoại được vẽ lại"}
                    </summary>
                    <p className="mt-1 text-slate-700">{e.screenChange.description}</p>
                  </details>
                ))}
            </li>
          ))}
        </ol>
      </section>
    </div>
  );
}
