// Offensive words in display names students choose (shown to their class and on class boards). Pure.
import { foldVietnamese } from "./search.ts";

// Written with diacritics. A word whose form without diacritics is also an innocent word or a name ("lồn" →
// "lon" as in "Lớn", "đụ" → "du" as in "Du") is in AMBIGUOUS_WHEN_FOLDED and only matched as written.
const WORDS = [
  "địt",
  "đụ",
  "đù",
  "lồn",
  "buồi",
  "cặc",
  "đéo",
  "đĩ",
  "cứt",
  "đái",
  "đần",
  "óc chó",
  "đồ chó",
  "chó chết",
  "mẹ mày",
  "bố mày",
  "thằng ngu",
  "con ngu",
  "ngu như bò",
  "vãi lồn",
  "vãi đái",
  "đm",
  "đmm",
  "đcm",
  "đkm",
  "đcmm",
  "cmm",
  "clm",
  "vcl",
  "vkl",
  "vl",
  "clgt",
  "cc",
  "loz",
  "lol",
  "cak",
  "fuck",
  "fuk",
  "shit",
  "bitch",
  "dick",
  "pussy",
];

const AMBIGUOUS_WHEN_FOLDED = new Set(["du", "lon", "cac", "deo", "di", "cut", "dai", "dan", "lol"]);

// Digits and symbols standing for letters ("l0z", "sh1t", "@").
const LOOK_ALIKES: Record<string, string> = {
  "0": "o",
  "1": "i",
  "3": "e",
  "4": "a",
  "@": "a",
  $: "s",
  "7": "t",
};

const compact = (text: string) => text.normalize("NFC").toLowerCase().replace(/\s+/g, "");
const exact = new Set(WORDS.map(compact));
const folded = new Set(
  WORDS.map((w) => foldVietnamese(w).replace(/ /g, "")).filter((w) => !AMBIGUOUS_WHEN_FOLDED.has(w)),
);

/** Runs of a repeated letter shortened to one ("looooz" → "loz"). */
const squeeze = (word: string) => word.replace(/(.)\1+/gu, "$1");

/**
 * The words of a name as they could be read: each word, runs of single letters joined ("đ.m", "d m" → "đm")
 * and every two neighbouring words joined ("óc chó" → "ócchó", "dit me" → "ditme").
 */
function readings(name: string): string[] {
  const words = name
    .normalize("NFC")
    .toLowerCase()
    .replace(/[0134@$7]/g, (c) => LOOK_ALIKES[c] ?? c)
    .split(/[^\p{L}\p{M}]+/u)
    .filter(Boolean);
  const joined: string[] = [];
  for (const word of words) {
    const last = joined.length - 1;
    if ([...word].length === 1 && last >= 0 && joined[last]!.startsWith("\u0000")) joined[last] += word;
    else joined.push([...word].length === 1 ? `\u0000${word}` : word);
  }
  const merged = joined.map((w) => w.replace("\u0000", ""));
  const pairs = merged.slice(1).map((w, i) => merged[i] + w);
  const triples = merged.slice(2).map((w, i) => merged[i]! + merged[i + 1] + w);
  return [...merged, ...pairs, ...triples];
}

/** Whether a display name contains an offensive word, with or without diacritics, spaced or dotted out. */
export function hasOffensiveWord(name: string): boolean {
  return readings(name).some((reading) =>
    [reading, squeeze(reading)].some((r) => exact.has(r) || folded.has(foldVietnamese(r))),
  );
}
