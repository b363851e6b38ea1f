/**
 * Calling route loaders and actions the way Remix does, with Harbor's load context.
 */
import type { AppLoadContext } from "@remix-run/node";
import "../../app/load-context";

export const BASE = "http://localhost:3000";

export function context(ip = "203.0.113.7"): AppLoadContext {
  return { clientIp: ip, cspNonce: "test-nonce" };
}

export function cookieFrom(setCookie: string | null | undefined): string {
  if (!setCookie) throw new Error("No Set-Cookie header");
  return setCookie.split(";")[0]!;
}

export function get(path: string, cookie?: string): Request {
  return new Request(`${BASE}${path}`, { headers: cookie ? { Cookie: cookie } : {} });
}

export function post(path: string, fields: Record<string, string>, cookie?: string): Request {
  const body = new URLSearchParams(fields);
  return new Request(`${BASE}${path}`, {
    method: "POST",
    body,
    headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: BASE, ...(cookie ? { Cookie: cookie } : {}) },
  });
}

/** What a loader or action produced: a Response (redirect, resource), a `data()` value, or a plain object. */
export interface Outcome<T = unknown> {
  status: number;
  headers: Headers;
  body: T;
}

export async function run<T = unknown>(fn: () => Promise<unknown>): Promise<Outcome<T>> {
  let result: unknown;
  try {
    result = await fn();
  } catch (thrown) {
    result = thrown;
  }
  if (result instanceof Response) {
    const text = await result.text();
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      /* not JSON */
    }
    return { status: result.status, headers: result.headers, body: body as T };
  }
  if (result && typeof result === "object" && (result as { type?: string }).type === "DataWithResponseInit") {
    const d = result as { data: T; init: ResponseInit | null };
    return { status: d.init?.status ?? 200, headers: new Headers(d.init?.headers), body: d.data };
  }
  if (result instanceof Error) throw result;
  return { status: 200, headers: new Headers(), body: result as T };
}

type RouteFn = (args: { request: Request; params: Record<string, string>; context: AppLoadContext }) => Promise<unknown>;

export function call<T = unknown>(fn: RouteFn, request: Request, params: Record<string, string> = {}, ctx: AppLoadContext = context()) {
  return run<T>(() => fn({ request, params, context: ctx }));
}
