import fs from "node:fs";
import fontkit from "@pdf-lib/fontkit";
import {
  PageSizes,
  PDFDocument,
  fill,
  popGraphicsState,
  pushGraphicsState,
  rectangle,
  rgb,
  setFillingRgbColor,
  type PDFFont,
  type PDFPage,
} from "pdf-lib";
import QRCode from "qrcode";
import {
  certificateWording,
  fitText,
  posterWording,
  type CertificateFacts,
} from "#app/domain/certificates.ts";
import { wrapText } from "#app/domain/screen.ts";
import { fontFiles } from "./screen-image.server.ts";

// Certificates and posters as PDF (pdf-lib), in Be Vietnam Pro (the package the screens use: every Vietnamese
// letter, no system font needed), subset so a certificate weighs tens of KB, with the QR code drawn as vector
// squares so it prints sharp at any size. Server only: none of this reaches a browser bundle.

const BRAND = rgb(9 / 255, 74 / 255, 140 / 255);
const GOLD = rgb(0.8, 0.6, 0.13);
const INK = rgb(0.07, 0.09, 0.15);
const MUTED = rgb(0.29, 0.33, 0.39);

let fontBytes: { regular: Buffer; bold: Buffer } | undefined;

async function newDocument(title: string) {
  fontBytes ??= { regular: fs.readFileSync(fontFiles.regular), bold: fs.readFileSync(fontFiles.bold) };
  const doc = await PDFDocument.create();
  doc.registerFontkit(fontkit);
  doc.setTitle(title, { showInWindowTitleBar: true });
  doc.setAuthor("Công dân số");
  doc.setLanguage("vi-VN");
  const regular = await doc.embedFont(fontBytes.regular, { subset: true });
  const bold = await doc.embedFont(fontBytes.bold, { subset: true });
  return { doc, regular, bold };
}

/** The QR code's modules (true: dark), row by row from the top. */
export function qrMatrix(url: string): boolean[][] {
  const { modules } = QRCode.create(url, { errorCorrectionLevel: "M" });
  return Array.from({ length: modules.size }, (_, r) =>
    Array.from({ length: modules.size }, (_, c) => modules.get(r, c) === 1),
  );
}

/**
 * Draws `url` as a QR code `size` points wide (quiet zone included) with its lower-left corner at x, y: one
 * filled rectangle per run of dark modules in a row.
 */
function drawQr(page: PDFPage, url: string, x: number, y: number, size: number) {
  const matrix = qrMatrix(url);
  const cell = size / (matrix.length + 8);
  const top = y + size - 4 * cell;
  const ops = [pushGraphicsState(), setFillingRgbColor(0, 0, 0)];
  matrix.forEach((row, r) => {
    for (let c = 0; c < row.length; c++) {
      if (!row[c]) continue;
      const start = c;
      while (c + 1 < row.length && row[c + 1]) c++;
      ops.push(rectangle(x + (start + 4) * cell, top - (r + 1) * cell, (c - start + 1) * cell, cell));
    }
  });
  ops.push(fill(), popGraphicsState());
  page.pushOperators(...ops);
}

type Style = { font: PDFFont; size: number; color?: ReturnType<typeof rgb> };

function centred(page: PDFPage, text: string, y: number, { font, size, color = INK }: Style) {
  const width = font.widthOfTextAtSize(text, size);
  page.drawText(text, { x: (page.getWidth() - width) / 2, y, size, font, color });
}

/** Wraps `text` into `width` and prints it centred from baseline `y` down; returns the baseline after it. */
function centredBlock(page: PDFPage, text: string, y: number, width: number, style: Style, leading = 1.35) {
  for (const line of wrapText(text, width, (s) => style.font.widthOfTextAtSize(s, style.size))) {
    centred(page, line, y, style);
    y -= style.size * leading;
  }
  return y;
}

/** A4 landscape certificate with a QR code opening `verifyUrl`. */
export async function certificatePdf(facts: CertificateFacts, verifyUrl: string): Promise<Uint8Array> {
  const words = certificateWording(facts);
  const { doc, regular, bold } = await newDocument(`Giấy chứng nhận — ${facts.name}`);
  doc.setSubject(`${words.achievement} ${words.result}`);
  doc.setCreationDate(new Date(facts.issuedAt));
  const [width, height] = PageSizes.A4;
  const page = doc.addPage([height, width]);
  const pageWidth = page.getWidth();
  page.drawRectangle({
    x: 18,
    y: 18,
    width: pageWidth - 36,
    height: width - 36,
    borderColor: BRAND,
    borderWidth: 6,
  });
  page.drawRectangle({
    x: 30,
    y: 30,
    width: pageWidth - 60,
    height: width - 60,
    borderColor: GOLD,
    borderWidth: 1.5,
  });

  const text = pageWidth - 180;
  let y = centredBlock(page, words.issuer.toLocaleUpperCase("vi"), 530, text, {
    font: bold,
    size: 13,
    color: BRAND,
  });
  centred(page, words.heading, y - 42, { font: bold, size: 40, color: BRAND });
  centred(page, words.lead, y - 84, { font: regular, size: 16 });
  const name = fitText(words.name, text, 1, [32, 28, 24, 20], (s, size) => bold.widthOfTextAtSize(s, size));
  centred(page, name.lines[0]!, y - 126, { font: bold, size: name.size, color: BRAND });
  y -= 156;
  if (words.place) y = centredBlock(page, words.place, y, text, { font: regular, size: 16, color: MUTED });
  y = centredBlock(page, words.achievement, y - 12, text, { font: bold, size: 18 });
  centredBlock(page, words.result, y, text, { font: regular, size: 15 });

  page.drawText(words.date, { x: 80, y: 118, size: 14, font: regular, color: INK });
  const qr = 116;
  const qrX = pageWidth - 64 - qr;
  drawQr(page, verifyUrl, qrX, 60, qr);
  const hint = "Quét mã để kiểm tra";
  page.drawText(hint, {
    x: qrX + (qr - regular.widthOfTextAtSize(hint, 9)) / 2,
    y: 52,
    size: 9,
    font: regular,
    color: MUTED,
  });
  page.drawText(`Kiểm tra tại: ${verifyUrl}`, { x: 80, y: 96, size: 9, font: regular, color: MUTED });
  return doc.save();
}

/** A printable A4 poster for a contest (or one commune) with a large QR code to the contest page. */
export async function posterPdf(input: Parameters<typeof posterWording>[0]): Promise<Uint8Array> {
  const words = posterWording(input);
  const { doc, regular, bold } = await newDocument(`Áp phích — ${input.contestTitle}`);
  const page = doc.addPage(PageSizes.A4);
  const [pageWidth, pageHeight] = [page.getWidth(), page.getHeight()];
  const text = pageWidth - 96;
  page.drawRectangle({ x: 0, y: pageHeight - 96, width: pageWidth, height: 96, color: BRAND });
  centred(page, words.issuer, pageHeight - 40, { font: regular, size: 14, color: rgb(1, 1, 1) });
  centred(page, words.heading, pageHeight - 72, { font: bold, size: 22, color: rgb(1, 1, 1) });

  const title = fitText(words.title, text, 3, [34, 30, 26, 22], (s, size) => bold.widthOfTextAtSize(s, size));
  let y = pageHeight - 96 - 18 - title.size;
  for (const line of title.lines) {
    centred(page, line, y, { font: bold, size: title.size, color: BRAND });
    y -= title.size * 1.2;
  }
  const summary = fitText(words.summary, text, 3, [14], (s, size) => regular.widthOfTextAtSize(s, size));
  for (const line of summary.lines) {
    centred(page, line, y, { font: regular, size: 14 });
    y -= 19;
  }
  y = centredBlock(page, words.invitation, y - 10, text, { font: bold, size: 22, color: INK });

  const qr = 230;
  drawQr(page, words.url, (pageWidth - qr) / 2, y - qr + 6, qr);
  y -= qr + 8;
  y = centredBlock(page, words.scan, y, text, { font: regular, size: 13 });
  centred(page, words.url, y, { font: bold, size: 12, color: BRAND });
  y -= 28;

  // At most six rounds fit; a longer contest lists the first five and how many follow.
  const schedule =
    words.schedule.length > 6
      ? [...words.schedule.slice(0, 5), `và ${words.schedule.length - 5} tuần nữa (xem trên trang cuộc thi)`]
      : words.schedule;
  for (const line of schedule) {
    centred(page, line, y, { font: regular, size: 12 });
    y -= 17;
  }

  const boxTop = Math.min(y - 6, 190);
  page.drawRectangle({
    x: 40,
    y: 36,
    width: pageWidth - 80,
    height: boxTop - 36,
    borderColor: GOLD,
    borderWidth: 1.5,
  });
  page.drawText(words.announcementTitle, { x: 56, y: boxTop - 22, size: 12, font: bold, color: BRAND });
  let line = boxTop - 42;
  for (const row of wrapText(words.announcement, pageWidth - 112, (s) =>
    regular.widthOfTextAtSize(s, 11.5),
  )) {
    if (line < 46) break;
    page.drawText(row, { x: 56, y: line, size: 11.5, font: regular, color: INK });
    line -= 16;
  }
  return doc.save();
}
