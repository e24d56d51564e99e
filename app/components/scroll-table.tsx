import type { ReactNode } from "react";

/**
 * The box around a table that may be wider than a phone (or, with a height cap in `className`, taller than the
 * page wants): the table scrolls inside it and the page does not scroll sideways. Focusable, so it also scrolls
 * from the keyboard (axe: scrollable-region-focusable), and a named region, so a screen reader says what the
 * focus landed on. `bare` drops the white framed card, for a table already inside one.
 */
export function ScrollTable({
  label,
  className = "",
  bare = false,
  children,
}: {
  label: string;
  className?: string;
  bare?: boolean;
  children: ReactNode;
}) {
  const classes = ["overflow-x-auto", bare ? "" : "rounded-xl bg-white ring-1 ring-slate-200", className];
  return (
    <div role="region" aria-label={label} tabIndex={0} className={classes.filter(Boolean).join(" ")}>
      {children}
    </div>
  );
}
