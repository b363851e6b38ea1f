/**
 * The production server's log: one JSON line per request, by route pattern, and never a secret
 * token from a link (reset-password, calendar feeds, invites, e-mail verification, unsubscribe)
 * nor a member's e-mail address or name.
 */
import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { TEST_PASSWORD } from "../factories";
import { Client, logLines, startHarborOnNewSite } from "./harbor";

const PORT = 3274;

describe("the request log", () => {
  it("names each request by its route pattern, never by its token, and logs no personal data", async () => {
    const { server, dir } = await startHarborOnNewSite(PORT, "logs", { LOG_LEVEL: "info" });
    const secret = (name: string) => `${name}Tok${Math.random().toString(36).slice(2, 12)}`;
    const tokens = { reset: secret("reset"), feed: secret("feed"), invite: secret("invite"), verify: secret("verify"), unsubscribe: secret("unsub"), other: secret("other") };
    const person = { email: `dana-${Date.now()}@example.org`, name: `Dana Quietwater ${Date.now()}` };
    try {
      const client = new Client(`http://127.0.0.1:${PORT}`);
      const asked = [
        await client.request(`/reset-password/${tokens.reset}`),
        await client.request(`/reset-password/${tokens.reset}`, { form: { password: "a-new-calm-password-77", confirm: "a-new-calm-password-77" } }),
        await client.request(`/reset-password/${tokens.reset}.data`),
        await client.request(`/calendar/${tokens.feed}/meetings.ics`),
        await client.request(`/invites/${tokens.invite}`),
        await client.request(`/verify-email/${tokens.verify}`),
        await client.request(`/unsubscribe?u=someone&t=all&s=${tokens.unsubscribe}`),
        await client.request(`/unsubscribe?u=someone&t=all&s=${tokens.unsubscribe}`, { form: { "List-Unsubscribe": "One-Click" } }),
        await client.request(`/no/such/${tokens.other}`),
        await client.request("/signup", { form: { email: person.email, displayName: person.name, password: TEST_PASSWORD } }),
        await client.request("/login", { form: { email: person.email, password: "not-the-password-1" } }),
      ];
      expect(asked.every((r) => r.status < 500)).toBe(true);
    } finally {
      await server.stop();
    }

    const output = server.output();
    for (const [name, token] of Object.entries(tokens)) expect(output, `${name} token`).not.toContain(token);
    expect(output).not.toContain(person.email);
    expect(output).not.toContain(person.name);

    const requests = logLines(server).filter((line) => line.msg === "request");
    for (const line of requests) {
      expect(Object.keys(line).sort()).toEqual(["durationMs", "level", "method", "msg", "pid", "reqId", "route", "status", "time"]);
      expect(line.level).toBe("info");
    }
    const routes = requests.map((line) => `${line.method} ${line.route} ${line.status}`);
    expect(routes).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^GET \/reset-password\/:token \d+$/),
        expect.stringMatching(/^POST \/reset-password\/:token \d+$/),
        expect.stringMatching(/^GET \/reset-password\/:token\.data \d+$/),
        "GET /calendar/:token/meetings.ics 404",
        expect.stringMatching(/^GET \/invites\/:token \d+$/),
        expect.stringMatching(/^GET \/verify-email\/:token \d+$/),
        expect.stringMatching(/^GET \/unsubscribe \d+$/),
        expect.stringMatching(/^POST \/unsubscribe \d+$/),
        "GET /* 404",
        expect.stringMatching(/^POST \/signup \d+$/),
        expect.stringMatching(/^POST \/login \d+$/),
      ]),
    );
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
