import type { Writable } from "node:stream";
import type { AppLoadContext, EntryContext } from "@remix-run/node";
import { RemixServer } from "@remix-run/react";
import { renderToPipeableStream } from "react-dom/server";
import { NonceContext } from "./components/nonce";
import { addQueryCountHeader } from "./utils/request-context.server";
import { errorFields, logger } from "./utils/logger.server";

const ABORT_DELAY = 5_000;
export const streamTimeout = ABORT_DELAY;

export default function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  const nonce = loadContext?.cspNonce ?? "";
  // Pages can hold private things; a shared computer's back button must not show them after sign-out.
  if (!responseHeaders.has("Cache-Control")) responseHeaders.set("Cache-Control", "private, no-store");
  addQueryCountHeader(responseHeaders);
  // Harbor defers nothing, so streaming the document gains nothing: the page is rendered whole and
  // sent in one write, which costs far less than piping React's many small chunks through streams.
  // React writes to a plain collector, not a Node stream: a Writable cost its own bookkeeping for
  // every chunk, and after the end React's close handler called end() on it again, which built
  // (and threw away) an error with its stack trace on every page.
  return new Promise((resolve, reject) => {
    const chunks: Uint8Array[] = [];
    const sink = {
      write(chunk: Uint8Array) {
        chunks.push(chunk);
        return true;
      },
      end() {
        responseHeaders.set("Content-Type", "text/html; charset=utf-8");
        resolve(new Response(Buffer.concat(chunks), { headers: responseHeaders, status: responseStatusCode }));
      },
      destroy(error: unknown) {
        reject(error);
      },
      on() {
        return sink; // no drain, error or close to report: nothing is buffered or sent here
      },
    };
    const { pipe, abort } = renderToPipeableStream(
      <NonceContext.Provider value={nonce}>
        <RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY} nonce={nonce} />
      </NonceContext.Provider>,
      {
        nonce,
        onAllReady() {
          clearTimeout(timer);
          pipe(sink as unknown as Writable);
        },
        onShellError(error: unknown) {
          clearTimeout(timer);
          reject(error);
        },
        onError(error: unknown) {
          responseStatusCode = 500;
          logger.error(errorFields(error), "rendering a page failed");
        },
      },
    );
    const timer = setTimeout(abort, ABORT_DELAY);
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
