import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, redirect, useActionData, useLoaderData } from "@remix-run/react";
import { vietnamParts } from "#app/domain/contest-plan.ts";
import { listTeacherClasses, requireTeacher } from "#app/models/classes.server.ts";
import { publishedByTopic } from "#app/models/contests.server.ts";
import { createHomework } from "#app/models/homework.server.ts";
import { listTopics } from "#app/models/questions.server.ts";
import { UserError } from "#app/utils/errors.ts";
import { data, readForm } from "#app/utils/http.server.ts";
import { firstIssue, homeworkFormValues, homeworkSchema } from "#app/utils/school-forms.server.ts";
import { useSubmitting } from "#app/components/use-submitting.ts";

export const meta: MetaFunction = () => [{ title: "Giao bài tập — Công dân số" }];

const DAY_MS = 24 * 3600_000;

export async function loader({ request }: LoaderFunctionArgs) {
  const teacher = await requireTeacher(request);
  const now = Date.now();
  const published = await publishedByTopic(now);
  return {
    classes: (await listTeacherClasses(teacher.id)).filter((c) => c.archivedAt === null),
    topics: (await listTopics()).map((t) => ({ ...t, published: published.get(t.id) ?? 0 })),
    opens: vietnamParts(now),
    closes: { ...vietnamParts(now + 7 * DAY_MS), time: "20:00" },
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const teacher = await requireTeacher(request);
  const parsed = homeworkSchema.safeParse(homeworkFormValues(await readForm(request)));
  if (!parsed.success) return data({ error: firstIssue(parsed.error) }, { status: 400 });
  try {
    const { id } = await createHomework(teacher, parsed.data);
    return redirect(`/giao-vien/bai-tap/${id}`);
  } catch (error) {
    if (error instanceof UserError) return data({ error: error.message }, { status: error.status });
    throw error;
  }
}

export default function NewHomework() {
  const { classes, topics, opens, closes } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const busy = useSubmitting();
  if (classes.length === 0) return <p className="text-slate-700">Hãy tạo lớp trước khi giao bài tập.</p>;
  return (
    <Form method="post" className="max-w-3xl space-y-5">
      <h1 className="text-2xl font-bold">Giao bài tập</h1>
      {actionData?.error && (
        <p role="alert" className="rounded-lg bg-red-50 p-3 font-medium text-red-800">
          {actionData.error}
        </p>
      )}
      <div>
        <label htmlFor="title" className="field-label">
          Tên bài tập
        </label>
        <input id="title" name="title" className="field-input" required minLength={3} maxLength={120} />
      </div>
      <fieldset className="space-y-1">
        <legend className="field-label">Giao cho lớp</legend>
        {classes.map((c) => (
          <label key={c.id} className="flex min-h-12 items-center gap-3">
            <input
              type="checkbox"
              name="classIds"
              value={c.id}
              defaultChecked={classes.length === 1}
              className="h-5 w-5"
            />
            Lớp {c.name} ({c.members} học sinh)
          </label>
        ))}
      </fieldset>
      <div className="grid gap-3 sm:grid-cols-2">
        <div>
          <label htmlFor="opensDate" className="field-label">
            Mở ngày
          </label>
          <input
            id="opensDate"
            name="opensDate"
            type="date"
            defaultValue={opens.date}
            className="field-input"
            required
          />
        </div>
        <div>
          <label htmlFor="opensTime" className="field-label">
            Lúc (giờ Việt Nam)
          </label>
          <input
            id="opensTime"
            name="opensTime"
            type="time"
            defaultValue={opens.time}
            className="field-input"
            required
          />
        </div>
        <div>
          <label htmlFor="closesDate" className="field-label">
            Hạn nộp ngày
          </label>
          <input
            id="closesDate"
            name="closesDate"
            type="date"
            defaultValue={closes.date}
            className="field-input"
            required
          />
        </div>
        <div>
          <label htmlFor="closesTime" className="field-label">
            Lúc (giờ Việt Nam)
          </label>
          <input
            id="closesTime"
            name="closesTime"
            type="time"
            defaultValue={closes.time}
            className="field-input"
            required
          />
        </div>
        <div>
          <label htmlFor="timeLimitMinutes" className="field-label">
            Thời gian làm bài (phút)
          </label>
          <input
            id="timeLimitMinutes"
            name="timeLimitMinutes"
            type="number"
            inputMode="numeric"
            min={1}
            max={240}
            defaultValue={15}
            className="field-input"
            required
          />
        </div>
        <div>
          <label htmlFor="attempts" className="field-label">
            Số lượt làm mỗi em
          </label>
          <input
            id="attempts"
            name="attempts"
            type="number"
            inputMode="numeric"
            min={1}
            max={10}
            defaultValue={1}
            className="field-input"
            required
          />
        </div>
      </div>
      <fieldset className="space-y-1">
        <legend className="field-label">Học sinh xem đáp án</legend>
        <label className="flex min-h-12 items-center gap-3">
          <input type="radio" name="reviewTiming" value="after_submit" defaultChecked className="h-5 w-5" />
          Ngay sau khi nộp bài
        </label>
        <label className="flex min-h-12 items-center gap-3">
          <input type="radio" name="reviewTiming" value="after_close" className="h-5 w-5" />
          Sau hạn nộp (để các em không chuyền đáp án cho nhau)
        </label>
      </fieldset>
      <fieldset className="card space-y-3">
        <legend className="field-label">Câu hỏi</legend>
        <label className="flex min-h-12 items-center gap-3">
          <input type="radio" name="source" value="mix" defaultChecked className="h-5 w-5" />
          Rút ngẫu nhiên từ ngân hàng câu hỏi theo chủ đề
        </label>
        <div className="grid gap-2 pl-8 sm:grid-cols-2">
          {topics.map((t) => (
            <div key={t.id} className="flex items-center gap-2">
              <input
                id={`topic-${t.id}`}
                name={`topic:${t.id}`}
                type="number"
                inputMode="numeric"
                min={0}
                max={Math.min(50, t.published)}
                defaultValue={0}
                className="field-input w-20"
              />
              <label htmlFor={`topic-${t.id}`} className="text-[15px]">
                {t.name} <span className="text-slate-600">(có {t.published} câu)</span>
              </label>
            </div>
          ))}
        </div>
        <label className="flex min-h-12 items-center gap-3">
          <input type="radio" name="source" value="picked" className="h-5 w-5" />
          Chọn sẵn câu hỏi (mọi em làm cùng các câu, thứ tự xáo trộn)
        </label>
        <div className="pl-8">
          <label htmlFor="questionIds" className="field-label">
            Mã các câu hỏi
          </label>
          <textarea
            id="questionIds"
            name="questionIds"
            rows={3}
            className="field-input"
            aria-describedby="questionIds-hint"
          />
          <p id="questionIds-hint" className="mt-1 text-[15px] text-slate-600">
            Mã câu hỏi trong ngân hàng, cách nhau bởi dấu phẩy hoặc xuống dòng, ví dụ “lua-dao-001,
            lua-dao-014”. Được dùng câu đã xuất bản và câu hỏi riêng của thầy cô.
          </p>
        </div>
      </fieldset>
      <button type="submit" className="btn-primary" disabled={busy}>
        Giao bài
      </button>
    </Form>
  );
}
