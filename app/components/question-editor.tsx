import type { SubmissionResult } from "@conform-to/react";
import { Form } from "@remix-run/react";
import { useEffect, useState, type FormEvent } from "react";
import { MAX_CHOICES, MAX_PICTURE_BYTES } from "#content/limits.ts";
import type { QuestionForm } from "#app/utils/question-form.server.ts";
import { difficultyLabels, typeLabels } from "#app/utils/question-labels.ts";
import { LabelOptions } from "#app/components/label-options.tsx";
import { useSubmitting } from "#app/components/use-submitting.ts";

export type EditorValues = {
  topicId: string;
  /** "" when the question has no skill yet (allowed on a draft; publishing needs one). */
  skill: string;
  difficulty: number;
  type: "single" | "multiple" | "true_false";
  text: string;
  choices: { text: string; correct: boolean; image: string | null; imageAlt: string }[];
  explanation: string;
  source: string;
  checked: string;
  image: string | null;
  imageAlt: string;
};

/** A new question's form: empty, its source checked today, in `topicId` when the page was opened from a topic. */
export function blankEditorValues(topicId = ""): EditorValues {
  return {
    topicId,
    skill: "",
    difficulty: 1,
    type: "single",
    text: "",
    choices: [],
    explanation: "",
    source: "",
    checked: new Date().toISOString().slice(0, 10),
    image: null,
    imageAlt: "",
  };
}

type Preview = Omit<EditorValues, "topicId" | "skill" | "difficulty" | "checked" | "choices"> & {
  imageUrl: string | null;
  choices: { text: string; correct: boolean; imageUrl: string | null; imageAlt: string }[];
};

/** `imageUrls`: the question's picture, then each choice box's ("image", "choiceImage0", …), as shown now. */
function readPreview(form: HTMLFormElement, imageUrls: Record<string, string | null>): Preview {
  const data = new FormData(form);
  const correct = data.getAll("correct").map(Number);
  const removed = data.getAll("removeChoiceImage").map(Number);
  const alts = data.getAll("choiceImageAlt").map(String);
  return {
    type: (data.get("type") as Preview["type"]) ?? "single",
    text: String(data.get("text") ?? ""),
    choices: data
      .getAll("choice")
      .map((t, i) => ({
        text: String(t).trim(),
        correct: correct.includes(i),
        imageUrl: removed.includes(i) ? null : (imageUrls[`choiceImage${i}`] ?? null),
        imageAlt: alts[i] ?? "",
      }))
      .filter((c) => c.text),
    explanation: String(data.get("explanation") ?? ""),
    source: String(data.get("source") ?? ""),
    image: null,
    imageAlt: String(data.get("imageAlt") ?? ""),
    imageUrl: data.get("removeImage") ? null : (imageUrls.image ?? null),
  };
}

/** The question form of the organiser console, with a live preview of what a resident sees on a phone. */
export function QuestionEditor({
  values,
  topics,
  skills,
  lastResult,
  submitLabel,
}: {
  values: EditorValues;
  topics: { id: string; name: string }[];
  skills: { id: string; area: string; name: string }[];
  lastResult?: SubmissionResult<string[]>;
  submitLabel: string;
}) {
  const submitting = useSubmitting();
  // Errors come from the server (the content rules live there); the form itself is plain, so what the
  // organiser typed is never reset by a form library.
  const form = { id: "question", errors: lastResult?.error?.[""] };
  const url = (id: string | null) => (id ? `/anh/${id}` : null);
  const savedUrls: Record<string, string | null> = Object.fromEntries([
    ["image", url(values.image)],
    ...values.choices.map((c, i) => [`choiceImage${i}`, url(c.image)]),
  ]);
  const [imageUrls, setImageUrls] = useState(savedUrls);
  // The file input whose picture was over the limit: refused here, since the server refuses the whole form
  // before reading it and everything typed would be lost.
  const [tooLarge, setTooLarge] = useState<string | null>(null);
  const [preview, setPreview] = useState<Preview>(() => ({
    ...values,
    imageUrl: url(values.image),
    choices: values.choices.map((c) => ({ ...c, imageUrl: url(c.image) })),
  }));
  const errorsOf = (name: keyof QuestionForm) => lastResult?.error?.[name] ?? undefined;

  useEffect(() => {
    const element = document.getElementById(form.id) as HTMLFormElement | null;
    if (element) setPreview(readPreview(element, imageUrls));
  }, [form.id, imageUrls]);

  function onChange(event: FormEvent<HTMLFormElement>) {
    const target = event.target as HTMLInputElement;
    const file = target.type === "file" ? target.files?.[0] : undefined;
    if (target.type === "file") setTooLarge(file && file.size > MAX_PICTURE_BYTES ? target.name : null);
    if (file && file.size > MAX_PICTURE_BYTES) {
      target.value = "";
      setImageUrls((urls) => ({ ...urls, [target.name]: savedUrls[target.name] ?? null }));
      return;
    }
    if (file) {
      const picked = URL.createObjectURL(file);
      setImageUrls((urls) => ({ ...urls, [target.name]: picked }));
      return;
    }
    setPreview(readPreview(event.currentTarget, imageUrls));
  }

  const error = (name: keyof QuestionForm) =>
    errorsOf(name) ? (
      <p id={`${form.id}-${name}-error`} className="field-error">
        {errorsOf(name)?.join(" ")}
      </p>
    ) : null;

  return (
    <div className="grid gap-6 lg:grid-cols-[1fr_380px]">
      <Form
        id={form.id}
        method="post"
        encType="multipart/form-data"
        noValidate
        onChange={onChange}
        className="card space-y-4"
      >
        {form.errors && (
          <p role="alert" className="rounded-lg bg-red-50 p-3 font-medium text-red-800">
            {form.errors.join(" ")}
          </p>
        )}
        <div className="grid gap-4 sm:grid-cols-3">
          <div>
            <label htmlFor="topicId" className="field-label">
              Chủ đề
            </label>
            <select id="topicId" name="topicId" defaultValue={values.topicId} className="field-input">
              <option value="">— Chọn —</option>
              {topics.map((t) => (
                <option key={t.id} value={t.id}>
                  {t.name}
                </option>
              ))}
            </select>
            {error("topicId")}
          </div>
          <div className="sm:col-span-3">
            <label htmlFor="skill" className="field-label">
              Kỹ năng (khung kỹ năng số cơ bản)
            </label>
            <select
              id="skill"
              name="skill"
              defaultValue={values.skill}
              aria-describedby="skill-hint"
              className="field-input"
            >
              <option value="">— Chưa chọn —</option>
              {skills.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.area}: {s.name}
                </option>
              ))}
            </select>
            <p id="skill-hint" className="mt-1 text-[14px] text-slate-600">
              Có thể lưu nháp khi chưa chọn; cần chọn trước khi xuất bản.
            </p>
            {error("skill")}
          </div>
          <div>
            <label htmlFor="difficulty" className="field-label">
              Độ khó
            </label>
            <select
              id="difficulty"
              name="difficulty"
              defaultValue={values.difficulty}
              className="field-input"
            >
              <LabelOptions labels={difficultyLabels} />
            </select>
          </div>
          <div>
            <label htmlFor="type" className="field-label">
              Loại câu hỏi
            </label>
            <select id="type" name="type" defaultValue={values.type} className="field-input">
              <LabelOptions labels={typeLabels} />
            </select>
            {error("type")}
          </div>
        </div>
        <div>
          <label htmlFor="text" className="field-label">
            Câu hỏi
          </label>
          <textarea
            id="text"
            name="text"
            rows={3}
            defaultValue={values.text}
            className="field-input"
            aria-invalid={errorsOf("text") ? true : undefined}
          />
          {error("text")}
        </div>
        <fieldset>
          <legend className="field-label">Các lựa chọn (đánh dấu lựa chọn đúng)</legend>
          <p className="mb-2 text-[15px] text-slate-600">
            Từ 2 đến 6 lựa chọn; để trống ô không dùng. Thứ tự sẽ được xáo trộn cho mỗi người thi. Câu
            Đúng/Sai: ghi “Đúng” và “Sai”.
          </p>
          <div className="space-y-2">
            {Array.from({ length: MAX_CHOICES }, (_, i) => (
              <div key={i}>
                <div className="flex items-center gap-2">
                  <label className="flex min-h-12 shrink-0 items-center gap-2 text-[15px]">
                    <input
                      type="checkbox"
                      name="correct"
                      value={i}
                      defaultChecked={values.choices[i]?.correct ?? false}
                      className="h-5 w-5"
                    />
                    <span className="sr-only">Lựa chọn {i + 1} là đáp án đúng</span>
                    <span aria-hidden>Đúng</span>
                  </label>
                  <input
                    name="choice"
                    aria-label={`Lựa chọn ${i + 1}`}
                    defaultValue={values.choices[i]?.text ?? ""}
                    className="field-input"
                  />
                </div>
                <ChoicePicture
                  tooLarge={tooLarge === `choiceImage${i}`}
                  index={i}
                  image={values.choices[i]?.image ?? null}
                  imageAlt={values.choices[i]?.imageAlt ?? ""}
                />
              </div>
            ))}
          </div>
          {error("choice")}
        </fieldset>
        <div>
          <label htmlFor="explanation" className="field-label">
            Giải thích
          </label>
          <textarea
            id="explanation"
            name="explanation"
            rows={3}
            defaultValue={values.explanation}
            className="field-input"
          />
          {error("explanation")}
        </div>
        <div className="grid gap-4 sm:grid-cols-[1fr_200px]">
          <div>
            <label htmlFor="source" className="field-label">
              Nguồn
            </label>
            <input
              id="source"
              name="source"
              defaultValue={values.source}
              placeholder="Nghị định 13/2023/NĐ-CP, Điều 9"
              aria-describedby={`source-hint${errorsOf("source") ? ` ${form.id}-source-error` : ""}`}
              aria-invalid={errorsOf("source") ? true : undefined}
              className="field-input"
            />
            <p id="source-hint" className="mt-1 text-[14px] text-slate-600">
              Một trong ba dạng: số hiệu văn bản kèm điều (Nghị định 13/2023/NĐ-CP, Điều 9); số quyết định
              (Quyết định 757/QĐ-BKHCN); hoặc tên tài liệu — đơn vị phát hành (Cẩm nang nhận diện và phòng
              chống lừa đảo trực tuyến — Cục An toàn thông tin). Nhiều nguồn: ngăn bằng dấu “;”.
            </p>
            {error("source")}
          </div>
          <div>
            <label htmlFor="checked" className="field-label">
              Ngày kiểm tra thông tin
            </label>
            <input
              id="checked"
              name="checked"
              type="date"
              defaultValue={values.checked}
              className="field-input"
            />
            {error("checked")}
          </div>
        </div>
        <fieldset className="space-y-2">
          <legend className="field-label">Ảnh minh hoạ (không bắt buộc)</legend>
          <input
            name="image"
            type="file"
            accept="image/jpeg,image/png,image/webp,image/gif"
            aria-label="Chọn ảnh"
            className="block w-full text-[15px]"
          />
          {tooLarge === "image" && <PictureTooLarge />}
          <p className="text-[15px] text-slate-600">
            JPG, PNG, WebP hoặc GIF, tối đa 5 MB; ảnh được thu nhỏ cho điện thoại.
          </p>
          {values.image && (
            <label className="flex items-center gap-2">
              <input type="checkbox" name="removeImage" className="h-5 w-5" /> Bỏ ảnh hiện tại
            </label>
          )}
          <label htmlFor="imageAlt" className="field-label">
            Mô tả ảnh (cho người không xem được ảnh)
          </label>
          <input id="imageAlt" name="imageAlt" defaultValue={values.imageAlt} className="field-input" />
          {error("imageAlt")}
        </fieldset>
        <button type="submit" className="btn-primary" disabled={submitting}>
          {submitting ? "Đang lưu…" : submitLabel}
        </button>
      </Form>
      <QuestionPreview preview={preview} />
    </div>
  );
}

function QuestionPreview({ preview }: { preview: Preview }) {
  const multiple = preview.type === "multiple";
  return (
    <aside aria-label="Xem trước trên điện thoại" className="lg:sticky lg:top-4 lg:self-start">
      <h2 className="mb-2 font-semibold">Xem trước trên điện thoại</h2>
      <div className="w-[360px] max-w-full overflow-hidden rounded-[2rem] border-8 border-slate-800 bg-slate-50">
        <div className="bg-brand-800 px-4 py-2 text-[15px] text-white">Câu 1/10</div>
        <div className="space-y-3 p-4">
          <p className="text-[19px] font-semibold leading-relaxed">{preview.text || "Nội dung câu hỏi…"}</p>
          {preview.imageUrl && (
            <img
              src={preview.imageUrl}
              alt={preview.imageAlt}
              className="max-h-60 w-full rounded-lg object-contain"
            />
          )}
          <p className="text-[15px] text-slate-600">
            {multiple ? "Chọn tất cả các đáp án đúng." : "Chọn một đáp án."}
          </p>
          {preview.choices.map((c, i) => (
            <div
              key={i}
              className="flex min-h-14 items-center gap-3 rounded-xl border-2 border-slate-300 bg-white px-4 py-3 text-[18px] leading-snug"
            >
              <span
                aria-hidden
                className={`h-6 w-6 shrink-0 border-2 border-slate-500 ${multiple ? "rounded" : "rounded-full"}`}
              />
              {c.imageUrl && (
                <img
                  src={c.imageUrl}
                  alt={c.imageAlt}
                  className="h-28 w-28 shrink-0 rounded-lg border border-slate-200 object-contain"
                />
              )}
              <span>{c.text}</span>
            </div>
          ))}
          <div className="rounded-lg bg-white p-3 text-[15px] ring-1 ring-slate-200">
            <p className="font-semibold">Sau khi nộp bài:</p>
            <p>
              Đáp án đúng:{" "}
              {preview.choices
                .filter((c) => c.correct)
                .map((c) => `✓ ${c.text}`)
                .join("; ") || "chưa chọn"}
            </p>
            <p className="mt-1">
              <strong>Giải thích:</strong> {preview.explanation || "…"}
            </p>
            <p className="mt-1 text-slate-600">Nguồn: {preview.source || "…"}</p>
          </div>
        </div>
      </div>
    </aside>
  );
}

/**
 * A choice box's picture: a file to upload, the alt text, and the saved one kept (a hidden field per box, so the
 * action knows which box showed which picture) unless removed. Folded away until a picture is wanted.
 */
function ChoicePicture({
  index,
  image,
  imageAlt,
  tooLarge,
}: {
  index: number;
  image: string | null;
  imageAlt: string;
  tooLarge: boolean;
}) {
  return (
    <details open={Boolean(image)} className="ml-[4.5rem] mt-1 text-[15px]">
      <summary className="cursor-pointer py-1 text-brand-700 underline">Ảnh cho lựa chọn {index + 1}</summary>
      <input type="hidden" name="choiceImageKept" value={image ?? ""} />
      <div className="mt-1 space-y-2">
        {image && (
          <div className="flex items-center gap-3">
            <img src={`/anh/${image}`} alt={imageAlt} className="h-16 w-16 rounded border object-contain" />
            <label className="flex items-center gap-2">
              <input type="checkbox" name="removeChoiceImage" value={index} className="h-5 w-5" /> Bỏ ảnh này
            </label>
          </div>
        )}
        <input
          name={`choiceImage${index}`}
          type="file"
          accept="image/jpeg,image/png,image/webp,image/gif"
          aria-label={`Chọn ảnh cho lựa chọn ${index + 1}`}
          className="block w-full"
        />
        {tooLarge && <PictureTooLarge />}
        <input
          name="choiceImageAlt"
          aria-label={`Mô tả ảnh của lựa chọn ${index + 1}`}
          placeholder="Mô tả ảnh (cho người không xem được ảnh)"
          defaultValue={imageAlt}
          className="field-input"
        />
      </div>
    </details>
  );
}

function PictureTooLarge() {
  return (
    <p role="alert" className="field-error">
      Ảnh quá lớn: tối đa {MAX_PICTURE_BYTES / 1024 / 1024} MB. Hãy chọn ảnh khác hoặc thu nhỏ ảnh.
    </p>
  );
}
