import { useState, type MouseEvent } from "react";
import type { CertificateChoice } from "#app/models/certificates.server.ts";

/**
 * The result page's certificates and share link. Plain forms and links, so everything works without
 * JavaScript; with it, “Chia sẻ kết quả” opens the phone's share sheet where the browser has one, or else copies
 * the link, without leaving the page.
 */
export function ResultSharing({
  attemptId,
  certificates,
  shareCode,
  shareText,
}: {
  attemptId: number;
  certificates: CertificateChoice[];
  shareCode: string | null;
  shareText: string;
}) {
  const [status, setStatus] = useState<string | null>(null);
  const shareAction = `/bai-thi/${attemptId}/chia-se`;

  async function share(event: MouseEvent<HTMLButtonElement | HTMLAnchorElement>) {
    if (!navigator.share && !navigator.clipboard) return;
    event.preventDefault();
    let url = shareCode && `${location.origin}/chia-se/${shareCode}`;
    if (!url) {
      // Makes the link (the action answers with a redirect to it) and reads where it led.
      const response = await fetch(shareAction, { method: "POST", body: new URLSearchParams() }).catch(
        () => null,
      );
      if (!response?.ok || !response.redirected) {
        setStatus("Chưa tạo được đường dẫn. Hãy kiểm tra mạng rồi thử lại.");
        return;
      }
      const landed = new URL(response.url);
      url = `${landed.origin}${landed.pathname}`;
    }
    if (navigator.share) {
      // Closing the share sheet without choosing an app is not an error worth showing.
      await navigator.share({ title: "Kết quả Công dân số", text: shareText, url }).catch(() => undefined);
      return;
    }
    const copied = await navigator.clipboard.writeText(url).then(
      () => true,
      () => false,
    );
    setStatus(
      copied
        ? "Đã sao chép đường dẫn. Dán vào Zalo hoặc Facebook để chia sẻ."
        : `Hãy sao chép đường dẫn này: ${url}`,
    );
  }

  return (
    <section aria-labelledby="sharing-heading" className="card space-y-3">
      <h2 id="sharing-heading" className="text-lg font-bold">
        {certificates.length > 0 ? "Giấy chứng nhận và chia sẻ" : "Chia sẻ kết quả"}
      </h2>
      {certificates.map((c) => (
        <form
          key={c.kind === "prize" ? `prize-${c.tierIndex}` : c.kind}
          method="post"
          action={`/bai-thi/${attemptId}/chung-nhan`}
        >
          <input type="hidden" name="kind" value={c.kind} />
          <button type="submit" className="btn-primary w-full">
            {c.kind === "prize" ? `Tải giấy chứng nhận ${c.label} (PDF)` : "Tải giấy chứng nhận (PDF)"}
          </button>
        </form>
      ))}
      {shareCode ? (
        <a href={`/chia-se/${shareCode}`} onClick={share} className="btn-secondary w-full">
          Chia sẻ kết quả
        </a>
      ) : (
        <form method="post" action={shareAction}>
          <button type="submit" onClick={share} className="btn-secondary w-full">
            Chia sẻ kết quả
          </button>
        </form>
      )}
      <p role="status" className="text-[15px] text-slate-700">
        {status}
      </p>
    </section>
  );
}
