import fs from "node:fs";
import { createRequire } from "node:module";
import { Resvg } from "@resvg/resvg-js";
import opentype from "opentype.js";
import sharp from "sharp";
import type { ScreenDescription } from "#content/schema.ts";
import { shareCardSvg, type ShareFacts } from "#app/domain/certificates.ts";
import { screenSvg, type Measure } from "#app/domain/screen.ts";

// Be Vietnam Pro (SIL OFL), shipped as TTF files in an npm package: CI machines have no fonts installed, and this
// one covers every Vietnamese letter (certificates and share images can load the same files). Noto Emoji
// (monochrome, SIL OFL) draws the emoji scam messages are fond of.
const require = createRequire(import.meta.url);
export const fontFiles = {
  regular: require.resolve("@expo-google-fonts/be-vietnam-pro/400Regular/BeVietnamPro_400Regular.ttf"),
  bold: require.resolve("@expo-google-fonts/be-vietnam-pro/700Bold/BeVietnamPro_700Bold.ttf"),
  emoji: require.resolve("@expo-google-fonts/noto-emoji/400Regular/NotoEmoji_400Regular.ttf"),
};

type Font = { unitsPerEm: number; charToGlyph(char: string): { advanceWidth?: number; index: number } };
const fonts = new Map<string, Font>();

function font(file: string): Font {
  let parsed = fonts.get(file);
  if (!parsed) {
    const bytes = fs.readFileSync(file);
    parsed = opentype.parse(
      bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength),
    ) as Font;
    fonts.set(file, parsed);
  }
  return parsed;
}

/** Width of one character in em, from the text font or else the emoji font (0 if neither has it). */
function advance(char: string, weight: 400 | 700): number {
  const text = font(weight === 700 ? fontFiles.bold : fontFiles.regular);
  const glyph = text.charToGlyph(char);
  if (glyph.index !== 0) return (glyph.advanceWidth ?? 0) / text.unitsPerEm;
  const emoji = font(fontFiles.emoji);
  const fallback = emoji.charToGlyph(char);
  return fallback.index !== 0 ? (fallback.advanceWidth ?? 0) / emoji.unitsPerEm : 0;
}

// Advance widths per character (opentype.js's shaped measure costs ~1 ms a call); kerning is left out, and the
// few pixels it moves are absorbed by the layout's margins.
const widths = new Map<string, number>();
const measure: Measure = (text, size, weight) => {
  let em = 0;
  for (const char of text) {
    const key = `${weight}${char}`;
    let width = widths.get(key);
    if (width === undefined) {
      width = advance(char, weight);
      widths.set(key, width);
    }
    em += width;
  }
  return em * size;
};

// Zero-width parts of emoji sequences: nothing to draw.
const joiners = new Set(["\u200d", "\ufe0f"]);

/** Characters of `text` neither font can draw (they would not show in the picture). */
export function missingGlyphs(text: string): string[] {
  const has = (file: string, char: string) => font(file).charToGlyph(char).index !== 0;
  return [...new Set(text.normalize("NFC"))].filter(
    (c) => /\S/.test(c) && !joiners.has(c) && !has(fontFiles.regular, c) && !has(fontFiles.emoji, c),
  );
}

/**
 * Draws the screen as a PNG, SCREEN_WIDTH px wide; the same description always gives the same bytes. Reduced to
 * 256 colours (flat colours and text lose nothing visible): about 25 KB instead of 60 KB on a 3G phone.
 */
export async function renderScreenPng(
  screen: ScreenDescription,
): Promise<{ png: Buffer; width: number; height: number }> {
  const { svg } = screenSvg(screen, measure);
  const image = new Resvg(svg, {
    font: {
      fontFiles: [fontFiles.regular, fontFiles.bold, fontFiles.emoji],
      loadSystemFonts: false,
      defaultFontFamily: "Be Vietnam Pro",
    },
  }).render();
  const png = await sharp(image.asPng())
    .png({ palette: true, compressionLevel: 9, effort: 4, dither: 0 })
    .toBuffer();
  return { png, width: image.width, height: image.height };
}

/** The 1200 × 630 preview card of a shared result (Open Graph image), drawn with the same fonts. */
export async function renderShareCardPng(facts: ShareFacts): Promise<Buffer> {
  const image = new Resvg(shareCardSvg(facts, measure), {
    font: {
      fontFiles: [fontFiles.regular, fontFiles.bold],
      loadSystemFonts: false,
      defaultFontFamily: "Be Vietnam Pro",
    },
  }).render();
  return sharp(image.asPng()).png({ palette: true, compressionLevel: 9, effort: 4, dither: 0 }).toBuffer();
}
