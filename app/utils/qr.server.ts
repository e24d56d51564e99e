// QR codes drawn on the server as SVG, so no QR library ever reaches a phone's bundle.
import QRCode from "qrcode";

/** An SVG (markup) of a QR code for `text`, black on white with a quiet zone, scaling to its box. */
export async function qrSvg(text: string): Promise<string> {
  return QRCode.toString(text, { type: "svg", errorCorrectionLevel: "M", margin: 2 });
}
