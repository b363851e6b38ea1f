/**
 * Express → Remix, as `@remix-run/express`'s createRequestHandler does it (the same steps; that
 * package exports only the handler), with two differences: a request's body is the one the server
 * already read and checked (request-body.server.ts), handed over from memory, never the live
 * socket. So the size limit holds on what is read, and no action meets a body it cannot parse.
 * See docs/decisions (request bodies). And a response's body is written without a flush after
 * each chunk (sendRemixResponse), so compression sees a page as one stream.
 */
import type { NextFunction, Request as ExpressRequest, Response as ExpressResponse } from "express";
import type { IncomingHttpHeaders } from "node:http";
import { createRequestHandler as createRemixHandler, writeReadableStreamToWritable, type AppLoadContext, type ServerBuild } from "@remix-run/node";

export interface HandlerOptions {
  build: ServerBuild;
  mode: string;
  getLoadContext: (req: ExpressRequest, res: ExpressResponse) => AppLoadContext;
}

/** A request the server's guards refused (request-guards.server.ts): what the person is told. */
export interface Refusal {
  status: number;
  title: string;
  /** "{site}" stands for the site's name. */
  message: string;
}

/**
 * The body the server read for this request (set by the body middleware, request-guards.server.ts),
 * or, for a `.data` request the guards refused, the refusal.
 */
export type RequestWithBody = ExpressRequest & { harborBody?: Buffer; harborBodyTooLarge?: boolean; harborRefusal?: Refusal };

/**
 * Where a refused `.data` request is sent instead of its own route: an address no route claims, so
 * the catch-all route (routes/$.tsx) takes it, and its action throws the refusal from the load
 * context. Remix then answers in single fetch's own format, with the refusal's status, and the
 * page's script shows it in the error view rather than failing to read an HTML page.
 */
export const REFUSED_PATH = "/__harbor-refused.data";

function remixHeaders(requestHeaders: IncomingHttpHeaders): Headers {
  const headers = new Headers();
  for (const [key, values] of Object.entries(requestHeaders)) {
    if (!values) continue;
    if (Array.isArray(values)) for (const value of values) headers.append(key, value);
    else headers.set(key, values);
  }
  return headers;
}

async function sendRemixResponse(res: ExpressResponse, response: Response): Promise<void> {
  res.statusMessage = response.statusText;
  res.status(response.status);
  for (const [key, value] of response.headers.entries()) res.append(key, value);
  if (!response.body) return void res.end();
  if (/text\/event-stream/i.test(response.headers.get("Content-Type") ?? "")) {
    // An event stream goes out as it comes: each event flushed (through compression too).
    res.flushHeaders();
    return writeReadableStreamToWritable(response.body, res);
  }
  // Anything else is written with no flush per chunk (which would make compression close a block
  // each time). Not corked: compression waits for the socket's 'drain' once its output passes the
  // socket's buffer, and a corked socket never drains, so a large gzipped page would hang.
  try {
    const reader = response.body.getReader();
    for (let part = await reader.read(); !part.done; part = await reader.read()) res.write(part.value);
  } catch (error) {
    res.destroy(error as Error); // a body that broke off: the connection closes rather than hangs
    throw error;
  }
  res.end();
}

function remixRequest(req: RequestWithBody, res: ExpressResponse): Request {
  const host = req.get("X-Forwarded-Host") ?? req.get("host") ?? "";
  const port = Number.parseInt(host.split(":")[1] ?? "", 10);
  // req.hostname respects the "trust proxy" setting; the port comes from the Host header.
  const url = new URL(`${req.protocol}://${req.hostname}${Number.isSafeInteger(port) ? `:${port}` : ""}${req.originalUrl}`);
  let controller: AbortController | null = new AbortController();
  const signal = controller.signal;
  // Abort loaders and actions when the response can no longer be written (closed before it finished).
  res.on("finish", () => (controller = null));
  res.on("close", () => controller?.abort());
  const headers = remixHeaders(req.headers);
  if (req.harborRefusal) {
    // The refused request's own route never runs: an empty POST to the catch-all route instead.
    headers.delete("content-type");
    headers.delete("content-length");
    return new Request(new URL(REFUSED_PATH, url).href, { method: "POST", headers, signal, body: new Uint8Array(0) });
  }
  const init: RequestInit = { method: req.method, headers, signal };
  if (req.method !== "GET" && req.method !== "HEAD") init.body = asBytes(req.harborBody);
  return new Request(url.href, init);
}

export function createRequestHandler({ build, mode, getLoadContext }: HandlerOptions) {
  const handle = createRemixHandler(build, mode);
  return async (req: RequestWithBody, res: ExpressResponse, next: NextFunction) => {
    try {
      const response = await handle(remixRequest(req, res), getLoadContext(req, res));
      await sendRemixResponse(res, response);
    } catch (error) {
      next(error);
    }
  };
}

/** The body's bytes as fetch takes them, without copying. */
function asBytes(body: Buffer | undefined): Uint8Array<ArrayBuffer> {
  return body ? new Uint8Array(body.buffer as ArrayBuffer, body.byteOffset, body.byteLength) : new Uint8Array(0);
}
