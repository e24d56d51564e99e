import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, redirect, useActionData, useLoaderData } from "@remix-run/react";
import { BasicsFields, RulesFields } from "#app/components/contest-form.tsx";
import { TextField } from "#app/components/text-field.tsx";
import { ContestFormError, contestFormOptions, createContestDraft } from "#app/models/contests.server.ts";
import {
  formFieldErrors,
  newContestSchema,
  newFormValues,
  type NewContestForm,
} from "#app/utils/contest-form.server.ts";
import { requireRole } from "#app/utils/auth.server.ts";
import { data, orUserErrorResponse, readForm } from "#app/utils/http.server.ts";
import { useSubmitting } from "#app/components/use-submitting.ts";

export const meta: MetaFunction = () => [{ title: "Tạo cuộc thi — Quản trị" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, ["organiser", "admin"]);
  const now = Date.now();
  const context = await contestFormOptions(user, now);
  return {
    ...context,
    defaultValue: newFormValues(
      context.topics,
      context.skills.map((s) => s.id),
      now,
    ),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireRole(request, ["organiser", "admin"]);
  const submission = parseWithZod(await readForm(request), { schema: newContestSchema });
  if (submission.status !== "success") return data({ result: submission.reply() }, { status: 400 });
  try {
    const { id } = await createContestDraft(user, submission.value);
    return redirect(`/quan-tri/cuoc-thi/${id}?da-luu=tao`);
  } catch (error) {
    // A scope refusal is the 403 page; what the bank or the schedule refuses is said on its field.
    if (!(error instanceof ContestFormError)) return orUserErrorResponse(Promise.reject(error));
    return data(
      { result: submission.reply({ fieldErrors: formFieldErrors(error.fieldErrors) }) },
      { status: 400 },
    );
  }
}

export default function NewContest() {
  const { topics, skills, scopeChoices, everyone, defaultValue } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const submitting = useSubmitting();
  const [form, fields] = useForm<NewContestForm>({
    id: "new-contest",
    lastResult: actionData?.result,
    defaultValue,
    shouldValidate: "onSubmit",
    shouldRevalidate: "onBlur",
  });
  return (
    <div className="max-w-3xl space-y-4">
      <h1 className="text-2xl font-bold">Tạo cuộc thi</h1>
      <p className="text-slate-700">
        Cuộc thi mới là bản nháp: người dân chưa thấy cho đến khi bạn bấm “Công bố”. Sau khi tạo, bạn sửa được
        giờ của từng vòng và xem trước như người dự thi.
      </p>
      <Form method="post" {...getFormProps(form)} className="space-y-4">
        {form.errors && (
          <p role="alert" className="rounded-lg bg-red-50 p-3 font-medium text-red-800">
            {form.errors.join(" ")}
          </p>
        )}
        <BasicsFields fields={fields} scopeChoices={scopeChoices} everyone={everyone} />
        <fieldset className="card grid gap-4 sm:grid-cols-2">
          <legend className="text-xl font-bold">Lịch thi (theo giờ Việt Nam)</legend>
          <p className="text-[15px] text-slate-600 sm:col-span-2">
            Tạo các vòng hằng tuần: vòng 1 mở vào ngày bắt đầu, mỗi vòng sau mở muộn hơn đúng 7 ngày.
          </p>
          <TextField
            label="Số vòng"
            errors={fields.roundCount.errors}
            inputProps={{
              ...getInputProps(fields.roundCount, { type: "text", ariaAttributes: false }),
              inputMode: "numeric",
            }}
          />
          <TextField
            label="Ngày mở vòng 1"
            errors={fields.firstDate.errors}
            inputProps={getInputProps(fields.firstDate, { type: "date", ariaAttributes: false })}
          />
          <TextField
            label="Giờ mở"
            errors={fields.opensTime.errors}
            inputProps={getInputProps(fields.opensTime, { type: "time", ariaAttributes: false })}
          />
          <TextField
            label="Giờ đóng"
            errors={fields.closesTime.errors}
            inputProps={getInputProps(fields.closesTime, { type: "time", ariaAttributes: false })}
          />
          <TextField
            label="Đóng sau bao nhiêu ngày"
            hint="6: mở thứ Hai, đóng Chủ nhật cùng tuần."
            errors={fields.closeAfterDays.errors}
            inputProps={{
              ...getInputProps(fields.closeAfterDays, { type: "text", ariaAttributes: false }),
              inputMode: "numeric",
            }}
          />
        </fieldset>
        <RulesFields fields={fields} topics={topics} skills={skills} />
        <button type="submit" className="btn-primary w-full sm:w-auto" disabled={submitting}>
          Tạo bản nháp
        </button>
      </Form>
    </div>
  );
}
