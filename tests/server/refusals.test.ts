/**
 * The server's guards refuse a form sent by a page's script (a `.data` request) in Remix's own
 * format, so the page shows the refusal's title and message instead of failing to read an HTML
 * page and showing "Something went wrong"; a form sent without JavaScript still gets the short
 * page. On the compiled server (`npm run build` first).
 */
import { describe, expect, it } from "vitest";
import { startHarborOnNewSite } from "./harbor";

const PORT = 3276;
const ORIGIN = `http://127.0.0.1:${PORT}`;
const FORM = { "Content-Type": "application/x-www-form-urlencoded", Origin: ORIGIN };

describe("refusals of a page's script", () => {
  it("too large and too many answer with the status, in single fetch's format, with the message", async () => {
    const { server } = await startHarborOnNewSite(PORT, "refusals", { HARBOR_POSTS_PER_MINUTE: "2" });
    try {
      const big = await fetch(`${ORIGIN}/login.data`, { method: "POST", headers: FORM, body: `email=a%40b.example&password=${"x".repeat(3 * 1024 * 1024)}` });
      expect(big.status).toBe(413);
      expect(big.headers.get("Content-Type")).toMatch(/^text\/x-script/); // what single fetch reads
      const bigText = await big.text();
      expect(bigText).toContain("That was too much to send");
      expect(bigText).toContain("The form was larger than Harbor accepts.");

      const page = await fetch(`${ORIGIN}/login`, { method: "POST", headers: FORM, body: "email=a%40b.example&password=wrong-password-1" });
      expect(page.status).toBe(400); // the sign-in page with its own message (a wrong password): the second POST of the minute
      expect(await page.text()).toContain("Sign in");
      const flood = await fetch(`${ORIGIN}/login.data`, { method: "POST", headers: FORM, body: "email=a%40b.example&password=wrong-password-1" });
      expect(flood.status).toBe(429);
      expect(Number(flood.headers.get("Retry-After"))).toBeGreaterThan(0);
      expect(flood.headers.get("Content-Type")).toMatch(/^text\/x-script/);
      expect(await flood.text()).toContain("Please slow down");
      const floodPage = await fetch(`${ORIGIN}/login`, { method: "POST", headers: FORM, body: "email=a%40b.example&password=wrong-password-1" });
      expect(floodPage.status).toBe(429);
      expect(floodPage.headers.get("Content-Type")).toMatch(/^text\/html/);

      // The address the refusals go through answers 404 to anyone else.
      expect((await fetch(`${ORIGIN}/__harbor-refused`)).status).toBe(404);
    } finally {
      await server.stop();
    }
  });
});
