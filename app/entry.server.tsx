// Remix's Node entry, plus the CSP nonce on every inline script and quiet logs for client errors. The page is
// rendered whole and sent as one body: nothing is deferred (no Suspense), so streaming gained nothing, and
// compressing one buffer costs far less than compressing the dozens of small chunks React writes.
import { Writable } from "node:stream";
import type { AppLoadContext, EntryContext, HandleErrorFunction } from "@remix-run/node";
import { isRouteErrorResponse, RemixServer } from "@remix-run/react";
import { renderToPipeableStream } from "react-dom/server";
import { NonceContext } from "#app/utils/nonce.ts";
import { pageManifest } from "#app/utils/page-manifest.server.ts";
import { withoutViewPadding } from "#app/utils/react-chunks.server.ts";

const ABORT_DELAY = 5_000;

export default function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  const nonce = loadContext.cspNonce;
  const matchedIds = remixContext.staticHandlerContext.matches.map((match) => match.route.id);
  const context = {
    ...remixContext,
    manifest: pageManifest(remixContext.manifest, matchedIds, new URL(request.url).pathname),
  };
  return new Promise<Response>((resolve, reject) => {
    let shellRendered = false;
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => abort(), ABORT_DELAY);
    const page = new Writable({
      write(chunk: Buffer, _encoding, done) {
        chunks.push(withoutViewPadding(chunk));
        done();
      },
      final(done) {
        clearTimeout(timer);
        responseHeaders.set("Content-Type", "text/html");
        resolve(
          new Response(Buffer.concat(chunks), { headers: responseHeaders, status: responseStatusCode }),
        );
        done();
      },
    });
    const { pipe, abort } = renderToPipeableStream(
      <NonceContext.Provider value={nonce}>
        <RemixServer context={context} url={request.url} abortDelay={ABORT_DELAY} nonce={nonce} />
      </NonceContext.Provider>,
      {
        nonce,
        onShellReady() {
          shellRendered = true;
        },
        onAllReady() {
          pipe(page);
        },
        onShellError(error: unknown) {
          clearTimeout(timer);
          reject(error);
        },
        onError(error: unknown) {
          responseStatusCode = 500;
          // Errors in the shell reject and are logged by Remix; later ones only here.
          if (shellRendered) console.error(error);
        },
      },
    );
  });
}

/**
 * A request the client got wrong (an unknown page, a POST where there is no form, a method Remix does not
 * serve) is answered with its 4xx and is no server error: no stack trace in the log. Aborted requests
 * (the client left, or a body over its limit) are not logged either.
 */
export const handleError: HandleErrorFunction = (error, { request }) => {
  if (request.signal.aborted) return;
  if (isRouteErrorResponse(error) && error.status < 500) return;
  console.error(error);
};

// Served by server.ts before Remix, from this build so that it shares the app's modules (database, caches).
export { ANSWER_SAVE_PATH, answerSaveEndpoint } from "#app/endpoints/answer-save.server.ts";
export { replyServerError, targetPath } from "#app/endpoints/http.server.ts";
export { isLiveAnswerRequest, liveAnswerEndpoint } from "#app/endpoints/live-answer.server.ts";
