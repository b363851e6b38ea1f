/**
 * How the compiled server sends a page (`npm run build` first): a page is rendered whole and goes
 * out as one response body, so a browser that accepts gzip gets it compressed as one stream —
 * not in blocks closed after every few kilobytes React wrote, which made it a third larger.
 */
import http from "node:http";
import zlib from "node:zlib";
import { describe, expect, it } from "vitest";
import { startHarborOnNewSite } from "./harbor";

const PORT = 3277;

/** The raw bytes of an answer (fetch would undo the gzip), with its headers. */
function get(pathname: string, headers: Record<string, string>): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    http
      .get({ host: "127.0.0.1", port: PORT, path: pathname, headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
        res.on("error", reject);
      })
      .on("error", reject);
  });
}

describe("sending a page", () => {
  it("compresses a page as one stream: no bigger than gzipping the whole page at once", async () => {
    const { server } = await startHarborOnNewSite(PORT, "responses");
    try {
      const plain = await get("/help", {});
      expect(plain.status).toBe(200);
      expect(plain.body.length).toBeGreaterThan(8_000); // several of React's blocks

      const gzipped = await get("/help", { "Accept-Encoding": "gzip" });
      expect(gzipped.status).toBe(200);
      expect(gzipped.headers["content-encoding"]).toBe("gzip");
      const page = zlib.gunzipSync(gzipped.body).toString("utf8");
      expect(page).toContain("</html>");
      // The same page apart from its nonce (one per response).
      const withoutNonce = (html: string) => html.replace(/nonce="[^"]*"/g, "").replace(/'nonce-[^']*'/g, "");
      expect(withoutNonce(page)).toBe(withoutNonce(plain.body.toString("utf8")));
      expect(gzipped.body.length).toBeLessThanOrEqual(Math.ceil(zlib.gzipSync(plain.body).length * 1.05));

      // A page whose compressed form is larger than the socket's buffer (about 20 kB gzipped)
      // arrives whole too: a corked socket never drained and such a page hung.
      const large = await get("/meetings/time-zone", { "Accept-Encoding": "gzip" });
      expect(large.status).toBe(200);
      expect(large.body.length).toBeGreaterThan(16_384);
      expect(zlib.gunzipSync(large.body).toString("utf8")).toContain("</html>");
    } finally {
      await server.stop();
    }
  });
});
