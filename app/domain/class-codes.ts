// Class join codes and students' personal rejoin codes: short, typed on a phone or read off a projector, so
// without characters that look alike (0/O, 1/I/L, 2/Z, 5/S, 8/B). Pure; randomness comes from the caller.

export const CODE_ALPHABET = "ACDEFGHJKMNPQRTUVWXY34679";
export const JOIN_CODE_LENGTH = 6;
export const REJOIN_CODE_LENGTH = 6;

/** A random code of `length` characters; `randomInt(n)` returns an integer in [0, n). */
export function randomCode(length: number, randomInt: (n: number) => number): string {
  let code = "";
  for (let i = 0; i < length; i++) code += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
  return code;
}

/** A typed code as stored (upper case, spaces and dashes dropped), or null when it cannot be one. */
export function normalizeCode(input: string, length: number): string | null {
  const code = input.toUpperCase().replace(/[\s-]/g, "");
  if (code.length !== length) return null;
  return [...code].every((c) => CODE_ALPHABET.includes(c)) ? code : null;
}
