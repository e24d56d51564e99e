// React 18's server renderer encodes text into 2,048-byte views. When a character of two or more bytes does not
// fit at the end of a view, it sends the whole view anyway, unused last bytes included: a NUL (shown as "�" or
// nothing) lands inside Vietnamese text wherever such a character meets a view's end (react-dom 18.3.1,
// `writeStringChunk`; fixed in React 19). HTML never contains a NUL, so the zeros ending a full view are that
// padding and are dropped.
const VIEW_SIZE = 2048;
// A character is at most 4 bytes in UTF-8, so at most 3 bytes can be left unused.
const MAX_PADDING = 3;

export function withoutViewPadding(chunk: Buffer): Buffer {
  if (chunk.length !== VIEW_SIZE) return chunk;
  let end = VIEW_SIZE;
  while (end > VIEW_SIZE - MAX_PADDING && chunk[end - 1] === 0) end--;
  return end === VIEW_SIZE ? chunk : chunk.subarray(0, end);
}
