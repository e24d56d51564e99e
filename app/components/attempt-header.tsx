import { Form, useNavigate } from "@remix-run/react";
import { useCallback, useRef } from "react";
import { Countdown } from "./countdown.tsx";

/**
 * The bar above every screen of an attempt: contest, round and the countdown. When time runs out the
 * attempt is submitted (with JavaScript by posting the submit form, without it by a timed refresh to the
 * result page, which settles the attempt on the server).
 */
export function AttemptHeader({
  attempt,
  remainingMs,
  graceMs,
}: {
  attempt: { id: number; contestTitle: string; roundNumber: number };
  remainingMs: number;
  graceMs: number;
}) {
  const submitForm = useRef<HTMLFormElement>(null);
  const navigate = useNavigate();
  const onExpire = useCallback(() => {
    if (submitForm.current) submitForm.current.requestSubmit();
    else navigate(`/bai-thi/${attempt.id}/ket-qua`);
  }, [attempt.id, navigate]);
  return (
    <div className="-mx-4 -mt-4 mb-4 bg-brand-800 px-4 py-2 text-white">
      <div className="flex items-center justify-between gap-2">
        <p className="min-w-0 truncate text-[15px]">
          {attempt.contestTitle} · Tuần {attempt.roundNumber}
        </p>
        <Countdown remainingMs={remainingMs} onExpire={onExpire} />
      </div>
      <Form ref={submitForm} method="post" action={`/bai-thi/${attempt.id}/nop-bai`} hidden>
        <input type="hidden" name="confirm" value="het-gio" />
      </Form>
      <noscript>
        <meta
          httpEquiv="refresh"
          content={`${Math.ceil((remainingMs + graceMs) / 1000) + 1};url=/bai-thi/${attempt.id}/ket-qua`}
        />
      </noscript>
    </div>
  );
}
