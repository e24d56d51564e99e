import { NavLink } from "@remix-run/react";

/** The tabs along the top of a section's pages (the console, the teacher's pages); the current one filled. */
export function SectionNav({
  label,
  links,
}: {
  label: string;
  links: { to: string; label: string; end: boolean }[];
}) {
  return (
    <nav aria-label={label} className="flex flex-wrap gap-2 border-b border-slate-200 pb-2">
      {links.map((l) => (
        <NavLink
          key={l.to}
          to={l.to}
          end={l.end}
          className={({ isActive }) =>
            `rounded-lg px-3 py-2 font-semibold ${isActive ? "bg-brand-700 text-white" : "text-brand-700 hover:bg-brand-50"}`
          }
        >
          {l.label}
        </NavLink>
      ))}
    </nav>
  );
}
