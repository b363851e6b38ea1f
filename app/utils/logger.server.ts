/**
 * Harbor's log: one JSON object per line on standard output, through pino (LOG_LEVEL, default
 * info). Never put personal data in it (names, e-mail addresses, what members wrote) nor a URL's
 * path or query: links carry secret tokens (reset-password, invites, calendar feeds, e-mail
 * verification, unsubscribe). Requests are logged by their route pattern (request-log.server.ts).
 */
import pino from "pino";
import { harborEnv } from "./env.server";

function level(): string {
  try {
    return harborEnv().LOG_LEVEL;
  } catch {
    return "info"; // a bad configuration is reported by the server's start (app/server.ts)
  }
}

export const logger = pino({
  level: level(),
  base: { pid: process.pid },
  timestamp: pino.stdTimeFunctions.isoTime,
  formatters: { level: (label) => ({ level: label }) },
});

/** An error for the log: its kind, message and stack, nothing it may have carried besides. */
export function errorFields(error: unknown): { err: { type: string; message: string; stack?: string } } {
  if (error instanceof Error) return { err: { type: error.name, message: error.message, stack: error.stack } };
  return { err: { type: typeof error, message: String(error) } };
}
