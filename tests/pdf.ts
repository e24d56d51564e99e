import {
  decodePDFRawStream,
  PDFArray,
  PDFDict,
  PDFDocument,
  PDFName,
  PDFRawStream,
  PDFRef,
  type PDFObject,
} from "pdf-lib";

// Reads back the PDFs app/utils/pdf.server.ts writes, without a PDF renderer on the machine: the text of each
// page (glyph ids mapped through each font's ToUnicode table) and the QR codes (runs of dark modules drawn as
// `re` rectangles between `q 0 0 0 rg` and `f Q`), so tests check what a reader and a phone's camera would see.

const decode = (stream: PDFObject | undefined) =>
  stream instanceof PDFRawStream ? Buffer.from(decodePDFRawStream(stream).decode()).toString("latin1") : "";

/** The ToUnicode table of a font: 4-hex-digit glyph id → text. */
function toUnicode(doc: PDFDocument, font: PDFDict): Map<string, string> {
  const map = new Map<string, string>();
  const cmap = decode(doc.context.lookup(font.get(PDFName.of("ToUnicode"))));
  const utf16 = (hex: string) =>
    String.fromCharCode(...(hex.match(/.{4}/g) ?? []).map((h) => parseInt(h, 16)));
  for (const [, body] of cmap.matchAll(/beginbfchar([\s\S]*?)endbfchar/g))
    for (const [, glyph, text] of body!.matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>/g))
      map.set(glyph!.toLowerCase().padStart(4, "0"), utf16(text!));
  for (const [, body] of cmap.matchAll(/beginbfrange([\s\S]*?)endbfrange/g))
    for (const [, from, to, text] of body!.matchAll(
      /<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>/g,
    ))
      for (let g = parseInt(from!, 16), u = parseInt(text!, 16); g <= parseInt(to!, 16); g++, u++)
        map.set(g.toString(16).padStart(4, "0"), String.fromCharCode(u));
  return map;
}

type PageContent = { operators: string; fonts: Map<string, Map<string, string>> };

async function pages(bytes: Uint8Array): Promise<PageContent[]> {
  const doc = await PDFDocument.load(bytes);
  return doc.getPages().map((page) => {
    const contents = page.node.Contents();
    const streams = contents instanceof PDFArray ? contents.asArray() : contents ? [contents] : [];
    const operators = streams
      .map((s) => decode(s instanceof PDFRef ? doc.context.lookup(s) : (s as PDFObject)))
      .join("\n");
    const fonts = new Map<string, Map<string, string>>();
    const fontDict = page.node.Resources()?.lookup(PDFName.of("Font"), PDFDict);
    for (const [name, ref] of fontDict?.entries() ?? [])
      fonts.set(name.decodeText(), toUnicode(doc, doc.context.lookup(ref, PDFDict)));
    return { operators, fonts };
  });
}

/** Every text drawn, one string per draw, page by page. */
export async function pdfText(bytes: Uint8Array): Promise<string[]> {
  const lines: string[] = [];
  for (const { operators, fonts } of await pages(bytes)) {
    let font = new Map<string, string>();
    for (const [, name, hex] of operators.matchAll(/\/(\S+) [\d.]+ Tf|<([0-9a-fA-F]*)> Tj/g)) {
      if (name) font = fonts.get(name) ?? new Map();
      else lines.push((hex!.toLowerCase().match(/.{4}/g) ?? []).map((g) => font.get(g) ?? "\ufffd").join(""));
    }
  }
  return lines;
}

/** The QR codes drawn, each as rows of modules (true: dark), read back from their rectangles. */
export async function pdfQrCodes(bytes: Uint8Array): Promise<boolean[][][]> {
  const codes: boolean[][][] = [];
  for (const { operators } of await pages(bytes)) {
    for (const [, block] of operators.matchAll(/q\s+0 0 0 rg\s+([\s\S]*?)\s+f\s+Q/g)) {
      const rects = [...block!.matchAll(/(\S+) (\S+) (\S+) (\S+) re/g)].map((m) => m.slice(1, 5).map(Number));
      const cell = Math.min(...rects.map((r) => r[3]!));
      const left = Math.min(...rects.map((r) => r[0]!));
      const top = Math.max(...rects.map((r) => r[1]! + r[3]!));
      const size = Math.round((Math.max(...rects.map((r) => r[0]! + r[2]!)) - left) / cell);
      const matrix = Array.from({ length: size }, () => Array<boolean>(size).fill(false));
      for (const [x, y, w, h] of rects) {
        const row = Math.round((top - y! - h!) / cell);
        const start = Math.round((x! - left) / cell);
        for (let c = 0; c < Math.round(w! / cell); c++) matrix[row]![start + c] = true;
      }
      codes.push(matrix);
    }
  }
  return codes;
}
