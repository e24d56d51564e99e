import { QuestionImage } from "#app/components/question-image.tsx";

/**
 * A question as a resident answers it (attempts and practice): the text as the legend, the picture, and each
 * choice as a full-width label around its input, so the whole row is a tap target and works without JavaScript.
 * An input's value is the choice's place in the order shown (1, 2, …), which says nothing about the key.
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
    choices: { place: number; text: string }[];
  };
  chosen?: number[];
  onChoiceChange?: () => void;
}) {
  const multiple = question.type === "multiple";
  return (
    <fieldset className="mt-4">
      <legend className="text-[19px] font-semibold leading-relaxed">{question.text}</legend>
      {question.image && <QuestionImage id={question.image} alt={question.imageAlt} bleed />}
      <p className="mt-2 text-[15px] text-slate-600">
        {multiple ? "Chọn tất cả các đáp án đúng." : "Chọn một đáp án."}
      </p>
      <div className="mt-3 space-y-3">
        {question.choices.map((choice) => (
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
            <span>{choice.text}</span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}
