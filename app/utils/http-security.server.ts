/**
 * Cross-site request refusal and security headers, applied to every response by app/server.ts.
 */
import crypto from "node:crypto";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

export interface OriginCheckInput {
  method: string;
  /** Header lookup, case-insensitive. */
  header: (name: string) => string | undefined | null;
  /** The origin this server is reached at: `http://localhost:3000`, `https://harbor.example.org`. */
  expectedOrigin: string;
}

/**
 * A state-changing request must come from Harbor's own pages. Browsers send `Sec-Fetch-Site`
 * (which a page cannot forge) and `Origin` on every POST; a request with neither, or with either
 * pointing elsewhere, is refused.
 */
export function isAllowedOrigin({ method, header, expectedOrigin }: OriginCheckInput): boolean {
  if (SAFE_METHODS.has(method.toUpperCase())) return true;
  const fetchSite = header("sec-fetch-site");
  if (fetchSite && fetchSite !== "same-origin") return false;
  const origin = header("origin");
  if (origin) return origin === expectedOrigin;
  return fetchSite === "same-origin";
}

export function contentSecurityPolicy(nonce: string, options: { https: boolean; dev: boolean }): string {
  const directives = [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}'`,
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    `connect-src 'self'${options.dev ? " ws://localhost:* ws://127.0.0.1:*" : ""}`,
    "form-action 'self'",
    "frame-ancestors 'none'",
    "base-uri 'none'",
    "object-src 'none'",
    "manifest-src 'self'",
    "worker-src 'self'",
  ];
  if (options.https) directives.push("upgrade-insecure-requests");
  return directives.join("; ");
}

// Random bytes for nonces, drawn a page at a time: one call for 16 bytes cost 6–30 µs here (a
// call into OpenSSL each time), a slice of the pool well under one.
const NONCE_BYTES = 16;
let noncePool = Buffer.alloc(0);
let nonceOffset = 0;

/** A fresh CSP nonce: 16 bytes from the system's CSPRNG, base64 (24 characters). */
export function cspNonce(): string {
  if (nonceOffset + NONCE_BYTES > noncePool.length) {
    noncePool = crypto.randomBytes(256 * NONCE_BYTES);
    nonceOffset = 0;
  }
  const nonce = noncePool.toString("base64", nonceOffset, nonceOffset + NONCE_BYTES);
  nonceOffset += NONCE_BYTES;
  return nonce;
}

export function securityHeaders(nonce: string, options: { https: boolean; dev: boolean }): Record<string, string> {
  const headers: Record<string, string> = {
    "Content-Security-Policy": contentSecurityPolicy(nonce, options),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()",
  };
  if (options.https) headers["Strict-Transport-Security"] = "max-age=31536000";
  return headers;
}
