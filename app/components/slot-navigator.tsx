/** Buttons to jump to any question; they belong to the question form, so the current answer is saved first. */
export function SlotNavigator({
  count,
  current,
  answered,
}: {
  count: number;
  current: number;
  answered: number[];
}) {
  const done = new Set(answered);
  return (
    <nav aria-label="Chuyển câu" className="mt-6">
      <h2 className="mb-2 text-[15px] font-semibold text-slate-700">
        Chuyển câu · đã trả lời {done.size}/{count}
      </h2>
      <ul className="grid grid-cols-5 gap-2 sm:grid-cols-10">
        {Array.from({ length: count }, (_, i) => i + 1).map((slot) => (
          <li key={slot}>
            <button
              type="submit"
              name="go"
              value={slot}
              aria-current={slot === current ? "step" : undefined}
              aria-label={`Câu ${slot}${done.has(slot) ? ", đã trả lời" : ", chưa trả lời"}`}
              className={`h-12 w-full rounded-lg border-2 font-semibold ${slot === current ? "border-amber-500" : "border-transparent"} ${done.has(slot) ? "bg-brand-700 text-white" : "bg-white text-slate-800 ring-1 ring-slate-300"}`}
            >
              {slot}
              {done.has(slot) ? " ✓" : ""}
            </button>
          </li>
        ))}
      </ul>
    </nav>
  );
}
