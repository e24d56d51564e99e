// Larger text and high contrast, remembered in a cookie so they work without JavaScript. A page rendered for one
// visitor carries the rules inline (root loader); the pages the shared cache serves to everyone link
// /cai-dat.css instead, whose body depends on the cookie (docs/decisions/024). No database and no Remix here.

export type DisplaySettings = { largeText: boolean; highContrast: boolean };

export const DISPLAY_COOKIE = "cds_display";
const ONE_YEAR_SECONDS = 365 * 24 * 60 * 60;
const LARGE = "large";
const CONTRAST = "contrast";

/** The settings in a Cookie header; anything unknown or malformed means the default (both off). */
export function parseDisplaySettings(cookieHeader: string | null | undefined): DisplaySettings {
  const settings = { largeText: false, highContrast: false };
  if (!cookieHeader) return settings;
  for (const pair of cookieHeader.split(";")) {
    const [name, value = ""] = pair.trim().split("=", 2);
    if (name !== DISPLAY_COOKIE) continue;
    const tokens = value.split(".");
    settings.largeText = tokens.includes(LARGE);
    settings.highContrast = tokens.includes(CONTRAST);
  }
  return settings;
}

/** The Set-Cookie header that stores `settings` for a year, or deletes the cookie when both are off. */
export function displaySettingsCookie(settings: DisplaySettings, secure: boolean): string {
  const tokens = [settings.largeText && LARGE, settings.highContrast && CONTRAST].filter(Boolean);
  const lifetime = tokens.length > 0 ? ONE_YEAR_SECONDS : 0;
  return `${DISPLAY_COOKIE}=${tokens.join(".")}; Max-Age=${lifetime}; Path=/; SameSite=Lax${secure ? "; Secure" : ""}`;
}

// `zoom` scales text and the spaces around it together, so the px sizes chosen for each page keep their
// proportions; at 360 px the layout gets 300 px, which the pages are designed for (ui-guide: test at 320 px).
const LARGE_TEXT_CSS = `body{zoom:1.2}`;

// Black on white, darker borders and the brand colour darkened; links always underlined; a thick focus ring.
const HIGH_CONTRAST_CSS = [
  `body,.bg-slate-50,.bg-slate-100,.bg-brand-50{background-color:#fff!important}`,
  `body,[class*="text-slate-"],[class*="text-gray-"],[class*="text-amber-"],[class*="text-green-"]{color:#000!important}`,
  `[class*="text-red-"]{color:#8b0000!important}`,
  `.border,[class*="border-slate-"],[class*="border-2"]{border-color:#000!important}`,
  `.bg-brand-700,.bg-brand-600,.btn-primary{background-color:#00264d!important;color:#fff!important}`,
  `.text-brand-700,.text-brand-600,.btn-secondary{color:#00264d!important}`,
  `label:has(input:checked){border-width:4px!important;background-color:#fff3b0!important}`,
  `a{text-decoration:underline}`,
  `:focus-visible{outline:4px solid #000!important;outline-offset:2px;box-shadow:0 0 0 6px #ffd400}`,
].join("\n");

/** The stylesheet every page links: empty by default. */
export function displaySettingsCss(settings: DisplaySettings): string {
  return [settings.largeText && LARGE_TEXT_CSS, settings.highContrast && HIGH_CONTRAST_CSS]
    .filter(Boolean)
    .join("\n");
}
