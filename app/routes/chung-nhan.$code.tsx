import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { certificateWording } from "#app/domain/certificates.ts";
import { getCertificate } from "#app/models/certificates.server.ts";
import { formatDate } from "#app/utils/format.ts";
import { findByPublicCode } from "#app/utils/public-codes.server.ts";

export const meta: MetaFunction = () => [
  { title: "Kiểm tra giấy chứng nhận — Công dân số" },
  { name: "robots", content: "noindex" },
];

// Public, opened from the certificate's QR code: who, which contest and round, what result, when, and whether it
// still stands. Never a phone number or a birth year.
export async function loader({ params, context }: LoaderFunctionArgs) {
  const { code, facts, revoked } = await findByPublicCode(
    context.clientIp,
    params.code,
    getCertificate,
    "Không tìm thấy giấy chứng nhận này. Hãy kiểm tra lại đường dẫn hoặc quét lại mã QR.",
  );
  const words = certificateWording(facts);
  return {
    code,
    revoked,
    name: facts.name,
    place: facts.place,
    contestTitle: facts.contestTitle,
    organiser: facts.organiser,
    roundNumber: facts.roundNumber,
    award: facts.kind === "prize" ? (facts.prizeLabel ?? "Đoạt giải") : "Hoàn thành tuần thi",
    result: `${facts.score}/${facts.questionCount} câu trả lời đúng`,
    submitted: formatDate(facts.submittedAt),
    issued: formatDate(facts.issuedAt),
    achievement: words.achievement,
  };
}

export default function VerifyCertificate() {
  const c = useLoaderData<typeof loader>();
  const rows = [
    ["Họ và tên", c.name],
    ["Địa chỉ", c.place || "—"],
    ["Cuộc thi", c.contestTitle],
    ["Đơn vị tổ chức", c.organiser],
    ["Tuần thi", String(c.roundNumber)],
    ["Chứng nhận", c.award],
    ["Kết quả", c.result],
    ["Ngày nộp bài", c.submitted],
    ["Ngày cấp", c.issued],
  ];
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-bold">Kiểm tra giấy chứng nhận</h1>
      {c.revoked ? (
        <p role="alert" className="rounded-lg bg-red-50 p-3 font-semibold text-red-900 ring-1 ring-red-200">
          Giấy chứng nhận này đã thu hồi. {c.revoked}
        </p>
      ) : (
        <p
          role="status"
          className="rounded-lg bg-green-50 p-3 font-semibold text-green-900 ring-1 ring-green-200"
        >
          ✓ Giấy chứng nhận hợp lệ, do Công dân số cấp.
        </p>
      )}
      <section className="card" aria-label="Nội dung giấy chứng nhận">
        <p className="font-medium">{c.achievement}.</p>
        <dl className="mt-3 divide-y divide-slate-200">
          {rows.map(([label, value]) => (
            <div key={label} className="grid grid-cols-[8rem_1fr] gap-2 py-2">
              <dt className="text-slate-600">{label}</dt>
              <dd className="font-semibold">{value}</dd>
            </div>
          ))}
        </dl>
        <p className="mt-3 break-all text-[15px] text-slate-600">Mã: {c.code}</p>
      </section>
    </div>
  );
}
