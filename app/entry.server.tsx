import { PassThrough } from "node:stream";
import { createReadableStreamFromReadable, type AppLoadContext, type EntryContext } from "@remix-run/node";
import { RemixServer } from "@remix-run/react";
import { renderToPipeableStream } from "react-dom/server";
import { NonceContext } from "./components/nonce";
import { addQueryCountHeader } from "./utils/request-context.server";
import { errorFields, logger } from "./utils/logger.server";

const ABORT_DELAY = 5_000;
export const streamTimeout = ABORT_DELAY;

export default function handleRequest(request: Request, responseStatusCode: number, responseHeaders: Headers, remixContext: EntryContext, loadContext: AppLoadContext) {
  const nonce = loadContext?.cspNonce ?? "";
  // Pages can hold private things; a shared computer's back button must not show them after sign-out.
  if (!responseHeaders.has("Cache-Control")) responseHeaders.set("Cache-Control", "private, no-store");
  addQueryCountHeader(responseHeaders);
  // Harbor defers nothing, so the page is sent once it is all rendered (onAllReady), through a
  // Node stream as in Remix's own entry.server template.
  return new Promise((resolve, reject) => {
    const { pipe, abort } = renderToPipeableStream(
      <NonceContext.Provider value={nonce}>
        <RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY} nonce={nonce} />
      </NonceContext.Provider>,
      {
        nonce,
        onAllReady() {
          clearTimeout(timer);
          const body = new PassThrough();
          responseHeaders.set("Content-Type", "text/html; charset=utf-8");
          resolve(new Response(createReadableStreamFromReadable(body), { headers: responseHeaders, status: responseStatusCode }));
          pipe(body);
        },
        onShellError(error: unknown) {
          clearTimeout(timer);
          reject(error);
        },
        onError(error: unknown) {
          // A render cut short because the server was too busy to finish it in time is "busy, try
          // again" (503), never a 500: nothing went wrong with the request itself.
          if (timedOut) {
            responseStatusCode = 503;
            responseHeaders.set("Retry-After", "5");
            return;
          }
          responseStatusCode = 500;
          logger.error(errorFields(error), "rendering a page failed");
        },
      },
    );
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      logger.warn("a page took too long to render (server busy): answered 503");
      abort();
    }, ABORT_DELAY);
  });
}

export function handleDataRequest(response: Response) {
  if (!response.headers.has("Cache-Control")) response.headers.set("Cache-Control", "private, no-store");
  addQueryCountHeader(response.headers);
  return response;
}

export function handleError(error: unknown, { request }: { request: Request }) {
  if (request.signal.aborted) return;
  // The error only: the request's URL can hold a secret token (see app/utils/request-log.server.ts).
  logger.error(errorFields(error), "a loader or action failed");
}
