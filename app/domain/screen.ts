// A scam question's phone screen, from its description: the alt text, and the picture as an SVG string. Pure: the
// text measurer comes from the caller (app/utils/screen-image.server.ts measures with the embedded font).
import type { ScreenDescription } from "#content/schema.ts";

/** Width in px of `text` at `size` px, regular (400) or bold (700). */
export type Measure = (text: string, size: number, weight: 400 | 700) => number;

/**
 * Drawn at twice the width of a 360 px phone, so the smallest text (28 px) is 14 CSS px on the phone. Bump
 * SCREEN_STYLE when the drawing changes: stored pictures are keyed by the description and this version.
 */
export const SCREEN_WIDTH = 720;
export const SCREEN_STYLE = 1;

const FRAME = 14; // the phone's bezel
const INNER = SCREEN_WIDTH - 2 * FRAME;
const PAD = 28;
const TEXT = 30;
const SMALL = 28;
const NAME = 34;
const lineHeight = (size: number) => Math.round(size * 1.4);

const INK = "#111827";
const MUTED = "#4b5563";
const LINK = "#1d4ed8";

/** `1500000` → `1.500.000 đ`. */
export function formatAmount(amount: number): string {
  return `${String(amount).replace(/\B(?=(\d{3})+(?!\d))/g, ".")} đ`;
}

// A long word (a URL) is cut after one of these when the cut keeps at least a third of the line.
const URL_BREAKS = /[/.?&=\-_#]/;

/** Splits text into lines no wider than `width`; words longer than a line (URLs) are cut, never dropped. */
export function wrapText(text: string, width: number, measure: (s: string) => number): string[] {
  const lines: string[] = [];
  for (const paragraph of text.normalize("NFC").split(/\r?\n/)) {
    let line = "";
    for (const word of paragraph.split(/\s+/).filter(Boolean)) {
      const candidate = line ? `${line} ${word}` : word;
      if (measure(candidate) <= width) {
        line = candidate;
        continue;
      }
      if (line) lines.push(line);
      line = "";
      let rest = word;
      while (measure(rest) > width) {
        const chars = [...rest];
        let fit = 1;
        while (fit < chars.length && measure(chars.slice(0, fit + 1).join("")) <= width) fit++;
        let cut = fit;
        for (let i = fit; i > Math.floor(fit / 3); i--) {
          if (URL_BREAKS.test(chars[i - 1]!)) {
            cut = i;
            break;
          }
        }
        lines.push(chars.slice(0, cut).join(""));
        rest = chars.slice(cut).join("");
      }
      line = rest;
    }
    lines.push(line);
  }
  return lines;
}

const appName = { zalo: "Zalo", messenger: "Messenger" } as const;

const quoted = (text: string) => `“${text.trim()}”`;
const sentence = (text: string) => (/[.!?…:]$/.test(text.trim()) ? text.trim() : `${text.trim()}.`);

/**
 * What the picture shows, in words a screen reader can read out: everything needed to answer the question
 * (sender, every message with its time, links in full, amounts, receiver, address, fields).
 */
export function screenAlt(screen: ScreenDescription): string {
  const parts: string[] = [];
  const messages = (messages: Extract<ScreenDescription, { kind: "sms" }>["messages"], them: string) =>
    messages.forEach((m, i) => {
      const who = m.from === "me" ? "Bạn" : them;
      const when = m.time ? ` lúc ${m.time}` : "";
      parts.push(`Tin nhắn ${i + 1}, ${who} gửi${when}: ${quoted(m.text)}.`);
      if (m.link) parts.push(`Kèm đường link: ${m.link}.`);
    });
  switch (screen.kind) {
    case "sms":
      parts.push(`Màn hình tin nhắn SMS trên điện thoại, lúc ${screen.time}. Người gửi: ${screen.sender}.`);
      messages(screen.messages, screen.sender);
      break;
    case "chat":
      parts.push(`Màn hình trò chuyện trên ${appName[screen.app]}, lúc ${screen.time}.`);
      parts.push(`Người nhắn: ${screen.contact}${screen.contactNote ? ` (${screen.contactNote})` : ""}.`);
      messages(screen.messages, screen.contact);
      break;
    case "call":
      parts.push(`Màn hình cuộc gọi đến trên điện thoại, lúc ${screen.time}.`);
      parts.push(`Tên hiện trên màn hình: ${screen.caller}. Số gọi đến: ${screen.number}.`);
      parts.push(`Dòng ghi dưới số: ${sentence(screen.label)}`);
      if (screen.note) parts.push(`Ghi chú: ${sentence(screen.note)}`);
      parts.push("Hai nút: Từ chối và Trả lời.");
      break;
    case "transfer":
      parts.push(`Màn hình ứng dụng ngân hàng ${screen.bank}, lúc ${screen.time}: ${sentence(screen.title)}`);
      parts.push(`Người nhận: ${screen.receiverName}. Số tài khoản: ${screen.accountNumber}.`);
      parts.push(`Số tiền: ${formatAmount(screen.amount)}. Nội dung chuyển tiền: ${quoted(screen.message)}.`);
      if (screen.note) parts.push(`Ghi chú: ${sentence(screen.note)}`);
      parts.push("Nút: Xác nhận.");
      break;
    case "web":
      parts.push(
        `Màn hình trình duyệt web trên điện thoại, lúc ${screen.time}. Địa chỉ trang: ${screen.url}.`,
      );
      parts.push(`Tiêu đề trang: ${sentence(screen.title)}`);
      for (const line of screen.lines) parts.push(sentence(line));
      if (screen.fields.length) parts.push(`Các ô cần điền: ${screen.fields.join("; ")}.`);
      if (screen.button) parts.push(`Nút: ${sentence(screen.button)}`);
      break;
  }
  return parts.join(" ");
}

// ---------------------------------------------------------------------------------------------------------
// Drawing

/** Text made safe inside SVG markup. */
export const escape = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!,
  );

type TextStyle = { size: number; weight?: 400 | 700; fill?: string; underline?: boolean };
type Anchor = "start" | "middle" | "end";

/** Collects SVG elements top to bottom; `y` is where the next block starts, relative to the screen's top. */
class Canvas {
  parts: string[] = [];
  y = 0;
  constructor(readonly measure: Measure) {}

  rect(x: number, y: number, w: number, h: number, fill: string, r = 0, stroke?: string) {
    this.parts.push(
      `<rect x="${x}" y="${y}" width="${w}" height="${h}" rx="${r}" fill="${fill}"${stroke ? ` stroke="${stroke}" stroke-width="2"` : ""}/>`,
    );
  }

  wrap(text: string, width: number, style: TextStyle): string[] {
    return wrapText(text, width, (s) => this.measure(s, style.size, style.weight ?? 400));
  }

  width(lines: string[], style: TextStyle): number {
    return Math.max(0, ...lines.map((l) => this.measure(l, style.size, style.weight ?? 400)));
  }

  /** Lines with their first baseline one line-height minus the descent below `top`; returns the height. */
  lines(lines: string[], x: number, top: number, style: TextStyle, anchor: Anchor = "start"): number {
    const step = lineHeight(style.size);
    lines.forEach((line, i) => {
      const y = Math.round(top + i * step + step * 0.72);
      this.parts.push(
        `<text x="${Math.round(x)}" y="${y}" font-size="${style.size}"${style.weight === 700 ? ' font-weight="700"' : ""} fill="${style.fill ?? INK}"${anchor === "start" ? "" : ` text-anchor="${anchor}"`}${style.underline ? ' text-decoration="underline"' : ""}>${escape(line)}</text>`,
      );
    });
    return lines.length * step;
  }

  /** Wrapped text as a block at `this.y`, moving `y` below it. */
  block(text: string, x: number, width: number, style: TextStyle, anchor: Anchor = "start", gap = 0) {
    this.y += this.lines(this.wrap(text, width, style), x, this.y, style, anchor) + gap;
  }
}

type Bubbles = { themFill: string; themInk: string; meFill: string; meInk: string; meLink: string };

function drawMessages(
  c: Canvas,
  messages: Extract<ScreenDescription, { kind: "sms" }>["messages"],
  b: Bubbles,
) {
  const maxText = Math.round(INNER * 0.78) - 2 * 22;
  for (const m of messages) {
    const me = m.from === "me";
    const body = c.wrap(m.text, maxText, { size: TEXT });
    const link = m.link ? c.wrap(m.link, maxText, { size: TEXT }) : [];
    const textWidth = Math.max(c.width(body, { size: TEXT }), c.width(link, { size: TEXT }));
    const w = Math.ceil(textWidth) + 2 * 22;
    const h = (body.length + link.length) * lineHeight(TEXT) + 2 * 16 + (link.length ? 8 : 0);
    const x = me ? INNER - PAD - w : PAD;
    c.rect(x, c.y, w, h, me ? b.meFill : b.themFill, 24);
    const ink = me ? b.meInk : b.themInk;
    let top = c.y + 16;
    top += c.lines(body, x + 22, top, { size: TEXT, fill: ink });
    if (link.length)
      c.lines(link, x + 22, top + 8, { size: TEXT, fill: me ? b.meLink : LINK, underline: true });
    c.y += h + 6;
    if (m.time) {
      const anchor = me ? "end" : "start";
      c.y += c.lines([m.time], me ? INNER - PAD : PAD + 4, c.y, { size: SMALL, fill: MUTED }, anchor);
    }
    c.y += 18;
  }
}

function avatar(c: Canvas, name: string, x: number, cy: number, fill: string) {
  c.parts.push(`<circle cx="${x + 36}" cy="${cy}" r="36" fill="${fill}"/>`);
  const initial = [...name.normalize("NFC").trim()][0]?.toLocaleUpperCase("vi") ?? "?";
  c.lines(
    [initial],
    x + 36,
    cy - lineHeight(NAME) / 2,
    { size: NAME, weight: 700, fill: "#ffffff" },
    "middle",
  );
}

/** A header bar: back arrow, avatar, a name and an app line under it. Returns the bar's height. */
function header(c: Canvas, o: { fill: string; ink: string; sub: string; name: string; lines: string[] }) {
  const textX = PAD + 40 + 72 + 20;
  const width = INNER - textX - PAD;
  const name = c.wrap(o.name, width, { size: NAME, weight: 700 });
  const subs = o.lines.flatMap((l) => c.wrap(l, width, { size: SMALL }));
  const textHeight = name.length * lineHeight(NAME) + subs.length * lineHeight(SMALL);
  const h = Math.max(72, textHeight) + 2 * 22;
  c.rect(0, c.y, INNER, h, o.fill);
  c.lines(["‹"], PAD, c.y + h / 2 - lineHeight(48) / 2, { size: 48, fill: o.ink });
  avatar(c, o.name, PAD + 40, c.y + h / 2, o.ink === "#ffffff" ? "rgba(255,255,255,0.3)" : "#64748b");
  let top = c.y + (h - textHeight) / 2;
  top += c.lines(name, textX, top, { size: NAME, weight: 700, fill: o.ink });
  c.lines(subs, textX, top, { size: SMALL, fill: o.sub });
  c.y += h;
  return h;
}

function drawSms(c: Canvas, s: Extract<ScreenDescription, { kind: "sms" }>) {
  header(c, { fill: "#f1f5f9", ink: INK, sub: MUTED, name: s.sender, lines: ["Tin nhắn SMS"] });
  c.y += 28;
  drawMessages(c, s.messages, {
    themFill: "#e5e7eb",
    themInk: INK,
    meFill: "#2563eb",
    meInk: "#ffffff",
    meLink: "#ffffff",
  });
}

const chatStyles = {
  // Generic colours that recall each app; the app is named in words, never by its logo.
  zalo: { bar: "#0b5cd5", body: "#dbe4f0", them: "#ffffff", me: "#cfe3ff", meInk: INK, meLink: LINK },
  messenger: {
    bar: "#6d28d9",
    body: "#ffffff",
    them: "#e5e7eb",
    me: "#6d28d9",
    meInk: "#ffffff",
    meLink: "#ffffff",
  },
};

function drawChat(c: Canvas, s: Extract<ScreenDescription, { kind: "chat" }>) {
  const style = chatStyles[s.app];
  const lines = [appName[s.app], ...(s.contactNote ? [s.contactNote] : [])];
  header(c, { fill: style.bar, ink: "#ffffff", sub: "#e0e7ff", name: s.contact, lines });
  c.y += 28;
  drawMessages(c, s.messages, {
    themFill: style.them,
    themInk: INK,
    meFill: style.me,
    meInk: style.meInk,
    meLink: style.meLink,
  });
}

function drawCall(c: Canvas, s: Extract<ScreenDescription, { kind: "call" }>) {
  const center = INNER / 2;
  const width = INNER - 2 * PAD - 40;
  c.y += 60;
  c.block("Cuộc gọi đến", center, width, { size: TEXT, fill: "#cbd5e1" }, "middle", 28);
  c.block(s.caller, center, width, { size: 48, weight: 700, fill: "#ffffff" }, "middle", 12);
  c.block(s.number, center, width, { size: 38, fill: "#ffffff" }, "middle", 28);
  const label = c.wrap(s.label, width - 48, { size: SMALL, weight: 700 });
  const lw = c.width(label, { size: SMALL, weight: 700 }) + 48;
  const lh = label.length * lineHeight(SMALL) + 20;
  c.rect(center - lw / 2, c.y, lw, lh, "#334155", Math.min(lh / 2, 24));
  c.lines(label, center, c.y + 10, { size: SMALL, weight: 700, fill: "#ffffff" }, "middle");
  c.y += lh + 24;
  if (s.note) c.block(s.note, center, width, { size: SMALL, fill: "#e2e8f0" }, "middle", 0);
  c.y += 120;
  for (const [x, fill, text] of [
    [center - 160, "#dc2626", "Từ chối"],
    [center + 160, "#16a34a", "Trả lời"],
  ] as const) {
    c.parts.push(`<circle cx="${x}" cy="${c.y + 56}" r="56" fill="${fill}"/>`);
    c.lines([text], x, c.y + 128, { size: TEXT, fill: "#ffffff" }, "middle");
  }
  c.y += 128 + lineHeight(TEXT) + 60;
}

function drawTransfer(c: Canvas, s: Extract<ScreenDescription, { kind: "transfer" }>) {
  header(c, { fill: "#0f766e", ink: "#ffffff", sub: "#ccfbf1", name: s.bank, lines: ["Ngân hàng số"] });
  c.y += 28;
  c.block(s.title, PAD, INNER - 2 * PAD, { size: NAME, weight: 700 }, "start", 20);
  const cardTop = c.y;
  const start = c.parts.length;
  const inner = INNER - 4 * PAD;
  c.y += 24;
  const row = (label: string, value: string, size = 32) => {
    c.block(label, 2 * PAD, inner, { size: SMALL, fill: MUTED });
    c.block(value, 2 * PAD, inner, { size, weight: 700 }, "start", 20);
  };
  row("Người nhận", s.receiverName);
  row("Số tài khoản", s.accountNumber);
  row("Số tiền", formatAmount(s.amount), 44);
  row("Nội dung chuyển tiền", s.message);
  if (s.note) row("Ghi chú", s.note, TEXT);
  c.y += 4;
  c.parts.splice(
    start,
    0,
    `<rect x="${PAD}" y="${cardTop}" width="${INNER - 2 * PAD}" height="${c.y - cardTop}" rx="20" fill="#ffffff"/>`,
  );
  c.y += 32;
  button(c, "Xác nhận", "#0f766e");
}

function button(c: Canvas, text: string, fill: string) {
  const lines = c.wrap(text, INNER - 4 * PAD, { size: TEXT, weight: 700 });
  const h = lines.length * lineHeight(TEXT) + 40;
  c.rect(PAD, c.y, INNER - 2 * PAD, h, fill, 20);
  c.lines(lines, INNER / 2, c.y + 20, { size: TEXT, weight: 700, fill: "#ffffff" }, "middle");
  c.y += h + 40;
}

function drawWeb(c: Canvas, s: Extract<ScreenDescription, { kind: "web" }>) {
  // The address bar shows the whole address, wrapped, with nothing (no padlock) that vouches for it.
  const url = c.wrap(s.url, INNER - 4 * PAD, { size: SMALL });
  const barHeight = url.length * lineHeight(SMALL) + 28;
  c.rect(0, c.y, INNER, barHeight + 32, "#e5e7eb");
  c.rect(PAD, c.y + 16, INNER - 2 * PAD, barHeight, "#ffffff", 20);
  c.lines(url, 2 * PAD, c.y + 30, { size: SMALL, fill: INK });
  c.y += barHeight + 32 + 36;
  c.block(s.title, PAD, INNER - 2 * PAD, { size: 38, weight: 700 }, "start", 20);
  for (const line of s.lines) c.block(line, PAD, INNER - 2 * PAD, { size: TEXT }, "start", 16);
  c.y += 8;
  for (const field of s.fields) {
    const lines = c.wrap(field, INNER - 4 * PAD, { size: TEXT });
    const h = lines.length * lineHeight(TEXT) + 32;
    c.rect(PAD, c.y, INNER - 2 * PAD, h, "#ffffff", 14, "#9ca3af");
    c.lines(lines, 2 * PAD, c.y + 16, { size: TEXT, fill: "#6b7280" });
    c.y += h + 20;
  }
  c.y += 12;
  if (s.button) button(c, s.button, "#b91c1c");
}

/** The picture of the screen as an SVG document, SCREEN_WIDTH wide and as tall as its content. */
/** Per kind: the screen's background, and the status bar's background and ink (matching the header). */
function colours(screen: ScreenDescription): { background: string; bar: string; ink: string } {
  switch (screen.kind) {
    case "sms":
      return { background: "#ffffff", bar: "#f1f5f9", ink: INK };
    case "chat":
      return { background: chatStyles[screen.app].body, bar: chatStyles[screen.app].bar, ink: "#ffffff" };
    case "call":
      return { background: "#1e293b", bar: "#1e293b", ink: "#ffffff" };
    case "transfer":
      return { background: "#f1f5f9", bar: "#0f766e", ink: "#ffffff" };
    case "web":
      return { background: "#ffffff", bar: "#e5e7eb", ink: INK };
  }
}

/** The picture of the screen as an SVG document, SCREEN_WIDTH wide and as tall as its content. */
export function screenSvg(screen: ScreenDescription, measure: Measure): { svg: string; height: number } {
  const c = new Canvas(measure);
  const { background, bar, ink } = colours(screen);
  // Status bar: the time, and signal and battery drawn as shapes.
  c.rect(0, 0, INNER, 64, bar);
  c.lines([screen.time], PAD + 8, 10, { size: SMALL, weight: 700, fill: ink });
  [0, 1, 2, 3].forEach((i) => c.rect(INNER - PAD - 120 + i * 12, 38 - i * 6, 8, 12 + i * 6, ink, 2));
  c.rect(INNER - PAD - 56, 24, 48, 26, "none", 6, ink);
  c.rect(INNER - PAD - 52, 28, 30, 18, ink, 3);
  c.y = 64;
  switch (screen.kind) {
    case "sms":
      drawSms(c, screen);
      break;
    case "chat":
      drawChat(c, screen);
      break;
    case "call":
      drawCall(c, screen);
      break;
    case "transfer":
      drawTransfer(c, screen);
      break;
    case "web":
      drawWeb(c, screen);
      break;
  }
  // At least a phone's proportions for short screens; taller content makes a taller picture.
  const screenHeight = Math.max(c.y + 60, 640);
  const height = screenHeight + 2 * FRAME;
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" width="${SCREEN_WIDTH}" height="${height}" font-family="'Be Vietnam Pro', 'Noto Emoji'">` +
    `<rect width="${SCREEN_WIDTH}" height="${height}" rx="56" fill="#27272a"/>` +
    `<clipPath id="screen"><rect x="${FRAME}" y="${FRAME}" width="${INNER}" height="${screenHeight}" rx="44"/></clipPath>` +
    `<g clip-path="url(#screen)"><g transform="translate(${FRAME} ${FRAME})">` +
    `<rect width="${INNER}" height="${screenHeight}" fill="${background}"/>${c.parts.join("")}` +
    `<rect x="${INNER / 2 - 100}" y="${screenHeight - 24}" width="200" height="8" rx="4" fill="#9ca3af"/></g></g></svg>`;
  return { svg, height };
}
