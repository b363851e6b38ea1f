/**
 * Request bodies, read once by the server before any route sees them:
 * - the size limit holds on the bytes actually read, so a chunked body (no Content-Length) cannot
 *   stream past it; a route that needs more names its own limit below;
 * - only the bodies Harbor's forms send are accepted (URL-encoded or multipart form data), and a
 *   malformed one is refused with 400 before any action runs, so no action meets a body it cannot
 *   parse.
 * The route then gets the body from memory (see remix-handler.server.ts).
 */
import type { IncomingMessage } from "node:http";
import { MAX_FEED_BYTES } from "../models/meeting-import.server";

export const DEFAULT_BODY_LIMIT = 2 * 1024 * 1024;

export interface BodyRule {
  /** Bytes the server reads at most. */
  limit: number;
  /** Over the limit, the route is still called (without the body, `context.bodyTooLarge`) to answer with its own message. */
  routeAnswers: boolean;
}

/** Routes with a larger limit than the default. A multipart upload carries some bytes of its own around the file. */
const ROUTE_RULES: ReadonlyMap<string, BodyRule> = new Map([["/admin/meetings-import", { limit: MAX_FEED_BYTES + 64 * 1024, routeAnswers: true }]]);

export function bodyRuleFor(pathname: string): BodyRule {
  const path = pathname.endsWith(".data") ? pathname.slice(0, -".data".length) : pathname;
  return ROUTE_RULES.get(path.replace(/\/+$/, "") || "/") ?? { limit: DEFAULT_BODY_LIMIT, routeAnswers: false };
}

export type BodyKind = "empty" | "urlencoded" | "multipart" | "other";

export function bodyKind(contentType: string | undefined, length: number): BodyKind {
  const type = (contentType ?? "").split(";")[0]!.trim().toLowerCase();
  if (type === "application/x-www-form-urlencoded") return "urlencoded";
  if (type === "multipart/form-data") return "multipart";
  return length === 0 ? "empty" : "other";
}

export type ReadResult = { ok: true; body: Buffer } | { ok: false; tooLarge: true };

/**
 * Reads the body, up to `limit` bytes. Past it, reading stops at once (nothing more is kept) and
 * the caller answers 413 and closes the connection.
 */
export function readBody(req: IncomingMessage, limit: number): Promise<ReadResult> {
  const declared = Number(req.headers["content-length"] ?? "");
  if (Number.isFinite(declared) && declared > limit) return Promise.resolve({ ok: false, tooLarge: true });
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const cleanup = () => {
      req.off("data", onData);
      req.off("end", onEnd);
      req.off("error", onError);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        cleanup();
        req.pause();
        chunks.length = 0;
        resolve({ ok: false, tooLarge: true });
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      cleanup();
      resolve({ ok: true, body: Buffer.concat(chunks, size) });
    };
    const onError = (error: Error) => {
      cleanup();
      reject(error);
    };
    req.on("data", onData);
    req.on("end", onEnd);
    req.on("error", onError);
  });
}

/** Whether a form body can be read as form data (a multipart body with a broken boundary cannot). */
export async function isReadableForm(body: Buffer, contentType: string): Promise<boolean> {
  try {
    await new Response(new Uint8Array(body.buffer as ArrayBuffer, body.byteOffset, body.byteLength), { headers: { "Content-Type": contentType } }).formData();
    return true;
  } catch {
    return false;
  }
}
