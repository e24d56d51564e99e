import type { LoaderFunctionArgs } from "@remix-run/node";
import { getCertificate } from "#app/models/certificates.server.ts";
import { invariantResponse } from "#app/utils/http.server.ts";
import { certificatePdf } from "#app/utils/pdf.server.ts";
import { findByPublicCode } from "#app/utils/public-codes.server.ts";

/** A certificate's PDF, with a QR code to its verify page; refused once it is revoked. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const certificate = await findByPublicCode(
    context.clientIp,
    params.code,
    getCertificate,
    "Không tìm thấy giấy chứng nhận này.",
  );
  invariantResponse(!certificate.revoked, `Giấy chứng nhận này đã bị thu hồi. ${certificate.revoked}`, 410);
  const verifyUrl = `${new URL(request.url).origin}/chung-nhan/${certificate.code}`;
  const pdf = await certificatePdf(certificate.facts, verifyUrl);
  return new Response(new Uint8Array(pdf), {
    headers: {
      "Content-Type": "application/pdf",
      "Content-Disposition": `attachment; filename="giay-chung-nhan-${certificate.code}.pdf"`,
      "Cache-Control": "private, no-cache",
    },
  });
}
