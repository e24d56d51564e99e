import { isPublicCode } from "#app/domain/certificates.ts";
import { describeWait } from "#app/domain/throttle.ts";
import { createFailureBackoff } from "./rate-limit.server.ts";

// Certificates and shared results are public by an unguessable code. 128 random bits are out of reach anyway;
// this keeps a guesser from even trying: after 20 unknown codes in a row from one address, each further try
// waits (30 s, 1 min … 15 min), known codes included; misses are forgotten an hour after the last one.
const misses = createFailureBackoff("public-code", 20, 3600_000);

const text = (message: string, status: number, headers: Record<string, string> = {}) =>
  new Response(message, { status, headers: { "Content-Type": "text/plain; charset=utf-8", ...headers } });

/** The thing a public code names, or a thrown 404 (counted against the address) or 429 (while it must wait). */
export async function findByPublicCode<T>(
  address: string,
  code: string | undefined,
  find: (code: string) => Promise<T | undefined>,
  notFound: string,
): Promise<T> {
  const wait = misses.waitMs(address);
  if (wait > 0)
    throw text(`Bạn đã thử quá nhiều mã không đúng. Hãy thử lại sau ${describeWait(wait)}.`, 429, {
      "Retry-After": String(Math.ceil(wait / 1000)),
    });
  const found = isPublicCode(code) ? await find(code) : undefined;
  if (found === undefined) {
    misses.fail(address);
    throw text(notFound, 404);
  }
  return found;
}
