import { QuestionImage } from "#app/components/question-image.tsx";
import { ReadAloud } from "#app/components/read-aloud.tsx";

const letter = (index: number) => String.fromCharCode(65 + index);

/**
 * A question as a resident answers it (attempts and practice): the text as the legend, the picture, and each
 * choice as a full-width label around its input, so the whole row is a tap target and works without JavaScript.
 * An input's value is the choice's place in the order shown (1, 2, …), which says nothing about the key. The
 * letters are drawn by CSS (not text), so "Nghe câu hỏi" can name them without changing any label's name.
 */
export function QuestionFieldset({
  question,
  chosen = [],
  onChoiceChange,
}: {
  question: {
    type: "single" | "multiple" | "true_false";
    text: string;
    image: string | null;
    imageAlt: string | null;
    choices: { place: number; text: string; image?: string | null; imageAlt?: string | null }[];
  };
  chosen?: number[];
  onChoiceChange?: () => void;
}) {
  const multiple = question.type === "multiple";
  return (
    <fieldset className="mt-4">
      <legend className="text-[19px] font-semibold leading-relaxed">{question.text}</legend>
      {question.image && <QuestionImage id={question.image} alt={question.imageAlt} bleed />}
      <ReadAloud
        script={[question.text, ...question.choices.map((c, i) => `${letter(i)}. ${c.text}`)].join("\n")}
      />
      <p className="mt-2 text-[15px] text-slate-600">
        {multiple ? "Chọn tất cả các đáp án đúng." : "Chọn một đáp án."}
      </p>
      <div className="mt-3 space-y-3">
        {question.choices.map((choice, index) => (
          <label
            key={choice.place}
            className="flex min-h-14 cursor-pointer items-center gap-3 rounded-xl border-2 border-slate-300 bg-white px-4 py-3 text-[18px] leading-snug has-[:checked]:border-brand-700 has-[:checked]:bg-brand-50"
          >
            <input
              type={multiple ? "checkbox" : "radio"}
              name="choice"
              value={choice.place}
              defaultChecked={chosen.includes(choice.place)}
              onChange={onChoiceChange}
              className="h-6 w-6 shrink-0 accent-brand-700"
            />
            <span
              aria-hidden
              data-letter={letter(index)}
              className="w-5 shrink-0 font-bold text-brand-700 before:content-[attr(data-letter)]"
            />
            {choice.image && (
              // The whole label stays the tap target; 112 px reads well at 360 px and leaves room for the text.
              <img
                src={`/anh/${choice.image}`}
                alt={choice.imageAlt ?? ""}
                width={112}
                height={112}
                className="h-28 w-28 shrink-0 rounded-lg border border-slate-200 bg-white object-contain"
              />
            )}
            <span>{choice.text}</span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}
