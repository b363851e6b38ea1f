import { describe, expect, it } from "vitest";
import { contentSecurityPolicy, cspNonce, isAllowedOrigin, securityHeaders } from "../../app/utils/http-security.server";

const expectedOrigin = "https://harbor.example.org";
function check(method: string, headers: Record<string, string>) {
  const lower = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
  return isAllowedOrigin({ method, header: (name) => lower[name.toLowerCase()], expectedOrigin });
}

describe("cross-site request refusal", () => {
  it("lets reads through whatever their origin", () => {
    expect(check("GET", { Origin: "https://evil.example" })).toBe(true);
    expect(check("HEAD", {})).toBe(true);
  });

  it("accepts a POST from Harbor's own origin", () => {
    expect(check("POST", { Origin: expectedOrigin })).toBe(true);
    expect(check("POST", { "Sec-Fetch-Site": "same-origin", Origin: expectedOrigin })).toBe(true);
    expect(check("POST", { "Sec-Fetch-Site": "same-origin" })).toBe(true);
  });

  it("refuses a POST from another site, even a sibling subdomain", () => {
    expect(check("POST", { Origin: "https://evil.example" })).toBe(false);
    expect(check("POST", { Origin: "https://other.harbor.example.org" })).toBe(false);
    expect(check("POST", { "Sec-Fetch-Site": "same-site", Origin: expectedOrigin })).toBe(false);
    expect(check("POST", { "Sec-Fetch-Site": "cross-site" })).toBe(false);
  });

  it("refuses a POST that says nothing about where it came from", () => {
    expect(check("POST", {})).toBe(false);
    expect(check("DELETE", {})).toBe(false);
    expect(check("PUT", { Origin: "null" })).toBe(false);
  });

  it("refuses a POST whose origin differs only by scheme or port", () => {
    expect(check("POST", { Origin: "http://harbor.example.org" })).toBe(false);
    expect(check("POST", { Origin: "https://harbor.example.org:8443" })).toBe(false);
  });
});

describe("security headers", () => {
  it("allow no third-party origin and nonce the inline scripts", () => {
    const csp = contentSecurityPolicy("abc123", { https: false, dev: false });
    expect(csp).toContain("script-src 'self' 'nonce-abc123'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("default-src 'self'");
    expect(csp).not.toMatch(/https?:\/\//);
    expect(csp).not.toContain("unsafe-inline");
  });

  it("add HSTS and upgrade-insecure-requests only over HTTPS", () => {
    expect(securityHeaders("n", { https: false, dev: false })["Strict-Transport-Security"]).toBeUndefined();
    const https = securityHeaders("n", { https: true, dev: false });
    expect(https["Strict-Transport-Security"]).toMatch(/max-age=/);
    expect(https["Content-Security-Policy"]).toContain("upgrade-insecure-requests");
    expect(https["X-Content-Type-Options"]).toBe("nosniff");
    expect(https["Referrer-Policy"]).toBe("same-origin");
  });
});

describe("CSP nonces", () => {
  it("are 16 random bytes each, never the same twice, across refills of the pool", () => {
    const nonces = Array.from({ length: 1000 }, () => cspNonce());
    for (const nonce of nonces) {
      expect(nonce).toMatch(/^[A-Za-z0-9+/]{22}==$/);
      expect(Buffer.from(nonce, "base64")).toHaveLength(16);
    }
    expect(new Set(nonces).size).toBe(1000);
  });
});
