/**
 * A question's picture at its full height: a drawn phone screen is tall and its text must stay readable, so on a
 * phone it spans the screen edge to edge (`bleed`: out of the page's 16 px padding; 720 px drawn → 360 CSS px,
 * text ≥ 14 px). Loaded eagerly, as part of the question, and a plain link opens it alone to zoom, with or
 * without JavaScript.
 */
export function QuestionImage({
  id,
  alt,
  bleed = false,
  lazy = false,
}: {
  id: string;
  alt: string | null;
  bleed?: boolean;
  /** For lists of questions (the browser's own lazy loading, which needs no script). */
  lazy?: boolean;
}) {
  return (
    <figure className={`mt-3 ${bleed ? "-mx-4 sm:mx-0" : ""}`}>
      <img
        src={`/anh/${id}`}
        alt={alt ?? ""}
        loading={lazy ? "lazy" : undefined}
        className="block h-auto w-full sm:max-w-md sm:rounded-lg"
      />
      <figcaption className={`mt-1 text-[15px] ${bleed ? "px-4 sm:px-0" : ""}`}>
        <a href={`/anh/${id}`} target="_blank" rel="noreferrer" className="underline">
          Mở ảnh cỡ lớn
        </a>
      </figcaption>
    </figure>
  );
}
