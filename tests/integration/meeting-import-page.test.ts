/**
 * Admin → Import meetings through its loader and action: for site admins only, a report, a second
 * import matching the same meetings, a 3 MB feed accepted and an upload over the server's limit
 * answered with the page's own message at the file field, bad files refused with nothing saved.
 */
import { describe, expect, it } from "vitest";
import * as importPage from "../../app/routes/admin.meetings-import/route";
import { MAX_FEED_BYTES, type ImportReport } from "../../app/models/meeting-import.server";
import { useTestDatabase } from "../helpers/db";
import { useMeetingCast } from "../helpers/meeting-roles";
import { call, context, get } from "../helpers/requests";

const t = useTestDatabase();
const { groups, cookies } = useMeetingCast(t);

describe("importing a Meeting Guide feed (admin)", () => {
  function upload(content: string, fields: Record<string, string>, cookie?: string, name = "feed.json"): Request {
    const body = new FormData();
    body.set("file", new File([content], name, { type: "application/json" }));
    for (const [k, v] of Object.entries(fields)) body.set(k, v);
    return new Request("http://localhost:3000/admin/meetings-import", {
      method: "POST",
      body,
      headers: { Origin: "http://localhost:3000", ...(cookie ? { Cookie: cookie } : {}) },
    });
  }
  const feed = JSON.stringify([
    { name: "Imported Monday", slug: "imported-monday", day: 1, time: "7:00 pm", formatted_address: "5 Main St, Lewes, DE", types: ["O", "ONL"] },
    { name: "No Day", slug: "no-day", time: "19:00", formatted_address: "6 Main St" },
  ]);

  it("is for site admins only", async () => {
    expect((await call(importPage.loader, get("/admin/meetings-import", cookies.moderator))).status).toBe(403);
    expect((await call(importPage.action, upload(feed, { groupId: String(groups.public.id), timeZone: "America/New_York" }, cookies.moderator))).status).toBe(403);
  });

  it("imports with a report, then matches the same meetings on a second import", async () => {
    const fields = { groupId: String(groups.public.id), timeZone: "America/New_York" };
    const first = await call<{ ok: boolean; report: ImportReport }>(importPage.action, upload(feed, fields, cookies.admin));
    expect(first.status).toBe(200);
    expect(first.body.report).toMatchObject({ added: [{ slug: "imported-monday", name: "Imported Monday" }], changed: [], unknownTypes: { ONL: 1 }, defaultZoneUsed: 1 });
    expect(first.body.report.skipped).toEqual([{ slug: "no-day", name: "No Day", reason: expect.stringMatching(/no day/) }]);
    const second = await call<{ report: ImportReport }>(importPage.action, upload(feed, fields, cookies.admin));
    expect(second.body.report).toMatchObject({ added: [], changed: [], unchanged: [{ slug: "imported-monday", name: "Imported Monday" }] });
    expect(await t.db.selectFrom("meetings").select(["start_time", "time_zone"]).where("slug", "=", "imported-monday").execute()).toEqual([
      { start_time: "19:00", time_zone: "America/New_York" },
    ]);
  });

  it("imports a 3 MB feed, and answers an upload over the server's limit for this page with the page's own message at the field", async () => {
    const fields = { groupId: String(groups.public.id), timeZone: "America/New_York" };
    const padded =
      JSON.stringify([{ name: "Padded Feed Meeting", slug: "padded-feed-meeting", day: 3, time: "18:00", formatted_address: "9 Main St, Lewes, DE", notes: "" }]) +
      " ".repeat(3 * 1024 * 1024);
    const three = await call<{ ok: boolean; report: ImportReport }>(importPage.action, upload(padded, fields, cookies.admin));
    expect(three.status).toBe(200);
    expect(three.body.report.added.map((m) => m.slug)).toEqual(["padded-feed-meeting"]);
    // Over the limit, the server hands the route no body and sets bodyTooLarge (issue 20).
    const over = await call<{ errors: Record<string, string> }>(
      importPage.action,
      new Request("http://localhost:3000/admin/meetings-import", { method: "POST", headers: { Origin: "http://localhost:3000", Cookie: cookies.admin! } }),
      {},
      { ...context(), bodyTooLarge: true },
    );
    expect(over.status).toBe(413);
    expect(over.body.errors.file).toMatch(/too large.*5 MB/);
  });

  it("refuses a file that is not JSON, or too large, with a message at the file field and nothing saved", async () => {
    const fields = { groupId: String(groups.public.id), timeZone: "America/New_York" };
    const before = await t.db.selectFrom("meetings").select("id").execute();
    const html = await call<{ errors: Record<string, string> }>(importPage.action, upload("<html>", fields, cookies.admin));
    expect(html.status).toBe(400);
    expect(html.body.errors.file).toMatch(/isn't JSON/);
    const big = await call<{ errors: Record<string, string> }>(importPage.action, upload(" ".repeat(MAX_FEED_BYTES + 10), fields, cookies.admin));
    expect(big.status).toBe(413);
    expect(big.body.errors.file).toMatch(/too large/);
    const noZone = await call<{ errors: Record<string, string> }>(importPage.action, upload(feed, { groupId: String(groups.public.id), timeZone: "Mars/Base" }, cookies.admin));
    expect(noZone.status).toBe(400);
    expect(noZone.body.errors.timeZone).toBeTruthy();
    expect(await t.db.selectFrom("meetings").select("id").execute()).toHaveLength(before.length);
  });
});
