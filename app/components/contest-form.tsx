import { getInputProps, getSelectProps, getTextareaProps, type FieldMetadata } from "@conform-to/react";
import { TextField } from "#app/components/text-field.tsx";
import { ScrollTable } from "#app/components/scroll-table.tsx";
import type { NewContestForm } from "#app/utils/contest-form.server.ts";

// The contest builder's fields, shared by the new-contest and edit forms (both plain forms: no JavaScript
// needed). A field frozen by attempts already taken is read-only and says why.

type Field<T> = FieldMetadata<T, Record<string, unknown>, string[]>;

type Fieldset<S> = { [K in keyof S]-?: Field<S[K]> };
type RuleKey =
  | "questionsPerAttempt"
  | "timeLimitMinutes"
  | "topicMix"
  | "skillMix"
  | "attemptsPerRound"
  | "attemptsPerDay"
  | "predictionKind"
  | "predictionMax"
  | "graceSeconds"
  | "prizeTiers"
  | "reviewTiming"
  | "participationPoints"
  | "certificateScore";
export type BasicsFieldset = Fieldset<
  Pick<NewContestForm, "title" | "summary" | "rulesText" | "scopeUnitId">
>;
export type RulesFieldset = Fieldset<Pick<NewContestForm, RuleKey>>;

export const statusLabels = { draft: "Bản nháp", published: "Đã công bố", archived: "Đã lưu trữ" } as const;

/** Why a frozen field cannot change, by field name. */
export type LockedFields = Partial<Record<keyof RulesFieldset, string>>;

function Errors({ id, errors }: { id: string; errors?: string[] }) {
  return (
    <p id={id} className="field-error">
      {errors?.join(" ")}
    </p>
  );
}

/** How many questions a round draws per topic or per skill, beside how many are published. */
function MixTable({
  legend,
  hint,
  column,
  mix,
  readOnly,
  rows,
}: {
  legend: string;
  hint: string;
  column: string;
  mix: { errorId: string; errors?: string[] };
  readOnly: boolean;
  rows: {
    key: string | undefined;
    label: string;
    published: number;
    id: FieldMetadata<string>;
    count: FieldMetadata<number | undefined>;
  }[];
}) {
  return (
    <fieldset className="card space-y-3" aria-describedby={mix.errorId}>
      <legend className="text-xl font-bold">{legend}</legend>
      <p className="text-[15px] text-slate-600">{hint}</p>
      <ScrollTable label={legend} bare>
        <table className="w-full text-[15px]">
          <thead className="text-left">
            <tr>
              <th scope="col" className="py-1 pr-2">
                {column}
              </th>
              <th scope="col" className="py-1 pr-2">
                Số câu mỗi lượt
              </th>
              <th scope="col" className="py-1 text-right">
                Đã xuất bản
              </th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-200">
            {rows.map((row) => (
              <tr key={row.key}>
                <td className="py-1 pr-2">
                  <label htmlFor={row.count.id}>{row.label}</label>
                  <input {...getInputProps(row.id, { type: "hidden" })} />
                </td>
                <td className="py-1 pr-2">
                  <input
                    {...getInputProps(row.count, { type: "text", ariaAttributes: false })}
                    inputMode="numeric"
                    readOnly={readOnly}
                    aria-invalid={row.count.errors ? true : undefined}
                    className="field-input w-24"
                  />
                  <Errors id={row.count.errorId} errors={row.count.errors} />
                </td>
                <td className="py-1 text-right">{row.published}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollTable>
      <Errors id={mix.errorId} errors={mix.errors} />
    </fieldset>
  );
}

function NumberField({
  field,
  label,
  hint,
  locked,
}: {
  field: Field<unknown>;
  label: string;
  hint?: string;
  locked?: string;
}) {
  return (
    <TextField
      label={label}
      hint={locked ?? hint}
      errors={field.errors}
      inputProps={{
        ...getInputProps(field, { type: "text", ariaAttributes: false }),
        inputMode: "numeric",
        readOnly: !!locked,
      }}
    />
  );
}

export function BasicsFields({
  fields,
  scopeChoices,
  everyone,
}: {
  fields: BasicsFieldset;
  scopeChoices: { id: number; name: string; depth: number }[];
  /** Whether the user may open a contest to everyone (admins). */
  everyone: boolean;
}) {
  return (
    <fieldset className="card grid gap-4">
      <legend className="text-xl font-bold">Giới thiệu</legend>
      <TextField
        label="Tên cuộc thi"
        errors={fields.title.errors}
        inputProps={getInputProps(fields.title, { type: "text", ariaAttributes: false })}
      />
      <TextField
        label="Giới thiệu ngắn"
        hint="Một hai câu, hiện trên trang chủ."
        errors={fields.summary.errors}
        inputProps={getInputProps(fields.summary, { type: "text", ariaAttributes: false })}
      />
      <div>
        <label htmlFor={fields.rulesText.id} className="field-label">
          Thể lệ chi tiết
        </label>
        <textarea
          {...getTextareaProps(fields.rulesText, { ariaAttributes: false })}
          rows={8}
          aria-describedby={`${fields.rulesText.id}-hint ${fields.rulesText.errorId}`}
          className="field-input font-mono text-[15px]"
        />
        <p id={`${fields.rulesText.id}-hint`} className="mt-1 text-[15px] text-slate-600">
          Viết bằng Markdown: <code>## Tiêu đề</code>, <code>- gạch đầu dòng</code>, <code>**đậm**</code>,{" "}
          <code>[liên kết](https://…)</code>. Mã HTML được hiện nguyên văn, không chạy.
        </p>
        <Errors id={fields.rulesText.errorId} errors={fields.rulesText.errors} />
      </div>
      <div>
        <label htmlFor={fields.scopeUnitId.id} className="field-label">
          Ai được dự thi
        </label>
        <select {...getSelectProps(fields.scopeUnitId, { ariaAttributes: false })} className="field-input">
          {everyone && <option value="">Mọi người</option>}
          {scopeChoices.map((u) => (
            <option key={u.id} value={u.id}>
              {"— ".repeat(u.depth)}Người dân {u.name}
            </option>
          ))}
        </select>
        <Errors id={fields.scopeUnitId.errorId} errors={fields.scopeUnitId.errors} />
      </div>
    </fieldset>
  );
}

export function RulesFields({
  fields,
  topics,
  skills,
  locked = {},
}: {
  fields: RulesFieldset;
  topics: { id: string; name: string; published: number }[];
  skills: { id: string; name: string; published: number }[];
  locked?: LockedFields;
}) {
  const names = new Map(topics.map((t) => [t.id, t]));
  const skillNames = new Map(skills.map((s) => [s.id, s]));
  return (
    <>
      <fieldset className="card grid gap-4 sm:grid-cols-2">
        <legend className="text-xl font-bold">Lượt thi</legend>
        <NumberField
          field={fields.questionsPerAttempt}
          label="Số câu mỗi lượt"
          locked={locked.questionsPerAttempt}
        />
        <NumberField
          field={fields.timeLimitMinutes}
          label="Thời gian làm bài (phút)"
          locked={locked.timeLimitMinutes}
        />
        <NumberField field={fields.attemptsPerRound} label="Số lượt mỗi vòng" />
        <NumberField
          field={fields.attemptsPerDay}
          label="Số lượt mỗi ngày"
          hint="Để trống: không giới hạn theo ngày."
        />
        <NumberField
          field={fields.graceSeconds}
          label="Gia hạn khi nộp muộn (giây)"
          hint="Bù cho mạng chậm, tối đa 60 giây."
          locked={locked.graceSeconds}
        />
        <NumberField
          field={fields.participationPoints}
          label="Điểm tham gia (xếp hạng tập thể)"
          hint="Tỉ lệ người dân tham gia của đơn vị nhân với số điểm này."
        />
        <NumberField
          field={fields.certificateScore}
          label="Số câu đúng để nhận giấy chứng nhận"
          hint="Người thi đúng từ số câu này được tải giấy chứng nhận hoàn thành (PDF). Để trống: không cấp; người đoạt giải luôn được cấp."
          locked={locked.certificateScore}
        />
      </fieldset>

      <MixTable
        legend="Cơ cấu chủ đề"
        hint={
          locked.topicMix ??
          "Số câu rút từ mỗi chủ đề cho một lượt; tổng theo chủ đề và kỹ năng phải bằng số câu mỗi lượt. Cột bên phải là số câu đã xuất bản (kể cả câu giữ riêng cho cuộc thi)."
        }
        column="Chủ đề"
        mix={fields.topicMix}
        readOnly={!!locked.topicMix}
        rows={fields.topicMix.getFieldList().map((row) => {
          const set = row.getFieldset();
          const id = String(set.topicId.initialValue ?? "");
          return {
            key: row.key,
            label: names.get(id)?.name ?? id,
            published: names.get(id)?.published ?? 0,
            id: set.topicId,
            count: set.count,
          };
        })}
      />

      <MixTable
        legend="Cơ cấu kỹ năng (không bắt buộc)"
        hint={
          locked.skillMix ??
          "Số câu rút theo kỹ năng (khung kỹ năng số cơ bản, Quyết định 757/QĐ-BKHCN), từ mọi chủ đề; cộng với số câu theo chủ đề. Câu có kỹ năng được chọn ở đây chỉ được rút theo kỹ năng, không rút lại theo chủ đề."
        }
        column="Kỹ năng"
        mix={fields.skillMix}
        readOnly={!!locked.skillMix}
        rows={fields.skillMix.getFieldList().map((row) => {
          const set = row.getFieldset();
          const id = String(set.skillId.initialValue ?? "");
          return {
            key: row.key,
            label: skillNames.get(id)?.name ?? id,
            published: skillNames.get(id)?.published ?? 0,
            id: set.skillId,
            count: set.count,
          };
        })}
      />

      <fieldset className="card grid gap-4 sm:grid-cols-2">
        <legend className="text-xl font-bold">Câu hỏi dự đoán và đáp án</legend>
        <div>
          <label htmlFor={fields.predictionKind.id} className="field-label">
            Câu dự đoán hỏi về
          </label>
          {locked.predictionKind ? (
            <>
              <input {...getInputProps(fields.predictionKind, { type: "hidden" })} />
              <p id={fields.predictionKind.id} className="field-input bg-slate-100">
                {fields.predictionKind.initialValue === "participants"
                  ? "Số người tham gia"
                  : "Số người đúng tất cả các câu"}
              </p>
              <p className="mt-1 text-[15px] text-slate-600">{locked.predictionKind}</p>
            </>
          ) : (
            <select
              {...getSelectProps(fields.predictionKind, { ariaAttributes: false })}
              className="field-input"
            >
              <option value="participants">Số người tham gia</option>
              <option value="perfect_scores">Số người đúng tất cả các câu</option>
            </select>
          )}
          <Errors id={fields.predictionKind.errorId} errors={fields.predictionKind.errors} />
        </div>
        <NumberField field={fields.predictionMax} label="Giá trị dự đoán tối đa" />
        <fieldset className="sm:col-span-2">
          <legend className="field-label">Người thi xem đáp án đúng</legend>
          {(
            [
              ["after_close", "Khi vòng thi đóng (nên dùng: đáp án không bị chuyền nhau khi vòng còn mở)"],
              ["after_submit", "Ngay sau khi nộp bài"],
            ] as const
          ).map(([value, label]) => (
            <label key={value} className="mt-2 flex items-start gap-2">
              <input
                {...getInputProps(fields.reviewTiming, { type: "radio", value, ariaAttributes: false })}
                className="mt-1 h-5 w-5 accent-brand-700"
              />
              <span>{label}</span>
            </label>
          ))}
          <Errors id={fields.reviewTiming.errorId} errors={fields.reviewTiming.errors} />
        </fieldset>
      </fieldset>

      <fieldset className="card space-y-3">
        <legend className="text-xl font-bold">Giải thưởng mỗi vòng</legend>
        <p className="text-[15px] text-slate-600">
          Số giải và số điểm mỗi người đoạt giải mang về cho đơn vị (xếp hạng tập thể). Để trống tên để bỏ một
          giải.
        </p>
        {fields.prizeTiers.getFieldList().map((row, i) => {
          const set = row.getFieldset();
          return (
            <div key={row.key} className="grid grid-cols-[1fr_5rem_5rem] gap-2">
              <TextField
                label={`Giải ${i + 1}`}
                errors={set.label.errors}
                inputProps={getInputProps(set.label, { type: "text", ariaAttributes: false })}
              />
              <TextField
                label="Số giải"
                errors={set.count.errors}
                inputProps={{
                  ...getInputProps(set.count, { type: "text", ariaAttributes: false }),
                  inputMode: "numeric",
                }}
              />
              <TextField
                label="Điểm"
                errors={set.unitPoints.errors}
                inputProps={{
                  ...getInputProps(set.unitPoints, { type: "text", ariaAttributes: false }),
                  inputMode: "numeric",
                }}
              />
            </div>
          );
        })}
        <Errors id={fields.prizeTiers.errorId} errors={fields.prizeTiers.errors} />
      </fieldset>
    </>
  );
}
