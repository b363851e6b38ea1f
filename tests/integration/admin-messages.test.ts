/**
 * Admin → Private messages (issue 26): the safeguards' page, for admins only (anonymous signs in;
 * a member, an editor and a group moderator get 403), field errors and a 400 for bad values with
 * nothing saved, and an audit entry when saved.
 */
import { describe, expect, it } from "vitest";
import * as route from "../../app/routes/admin.messages/route";
import { addMember } from "../../app/models/groups.server";
import { DEFAULT_MESSAGE_SETTINGS, getMessageSettings } from "../../app/models/messages.server";
import { makeGroup, makeSignedInUser } from "../factories";
import { useTestDatabase } from "../helpers/db";
import { call, get, post } from "../helpers/requests";

const t = useTestDatabase();
type Failure = { ok: false; errors: Record<string, string> };

const good = {
  newAccountsMayStart: "on",
  maxParticipants: "6",
  newMaxLinks: "1",
  newMessagesPerHour: "5",
  messagesPerHour: "0",
  conversationsPerDay: "4",
  reportContext: "2",
};

const audits = () => t.db.selectFrom("audit_log").select(["actor_id", "before_state", "after_state"]).where("action", "=", "settings.messages").execute();

describe("Admin → Private messages", () => {
  it("is the admins' only: anonymous signs in; a member, an editor and a group's moderator get 403 and change nothing", async () => {
    const member = await makeSignedInUser(t.db);
    const editor = await makeSignedInUser(t.db, { role: "editor" });
    const moderator = await makeSignedInUser(t.db);
    await addMember(t.db, (await makeGroup(t.db)).id, moderator.user.id, "moderator");
    const anonymous = await call(route.loader, get("/admin/messages"));
    expect(anonymous.status).toBe(302);
    expect(anonymous.headers.get("Location")).toMatch(/^\/login/);
    expect((await call(route.action, post("/admin/messages", good))).status).toBe(302);
    for (const who of [member, editor, moderator]) {
      expect((await call(route.loader, get("/admin/messages", who.cookie))).status).toBe(403);
      expect((await call(route.action, post("/admin/messages", good, who.cookie))).status).toBe(403);
    }
    expect(await getMessageSettings(t.db)).toEqual(DEFAULT_MESSAGE_SETTINGS);
    expect(await audits()).toEqual([]);
  });

  it("shows the admin each setting, saves them with an audit entry, and unticking a box turns it off", async () => {
    const admin = await makeSignedInUser(t.db, { role: "admin" });
    const page = await call<Awaited<ReturnType<typeof route.loader>>>(route.loader, get("/admin/messages", admin.cookie));
    expect(page.status).toBe(200);
    expect(page.body.settings).toEqual(DEFAULT_MESSAGE_SETTINGS);

    const saved = await call<{ ok: true; message: string }>(route.action, post("/admin/messages", good, admin.cookie));
    expect(saved.status).toBe(200);
    expect(saved.body.message).toBe("Private message safeguards saved.");
    const expected = {
      ...DEFAULT_MESSAGE_SETTINGS,
      newAccountsMayStart: true,
      maxParticipants: 6,
      newMaxLinks: 1,
      newMessagesPerHour: 5,
      messagesPerHour: 0,
      conversationsPerDay: 4,
      reportContext: 2,
    };
    expect(await getMessageSettings(t.db)).toEqual(expected);
    const [entry] = await audits();
    expect(entry!.actor_id).toBe(admin.user.id);
    expect(JSON.parse(entry!.before_state)).toEqual(DEFAULT_MESSAGE_SETTINGS);
    expect(JSON.parse(entry!.after_state)).toEqual(expected);

    const { newAccountsMayStart: _unticked, ...rest } = good;
    await call(route.action, post("/admin/messages", rest, admin.cookie));
    expect((await getMessageSettings(t.db)).newAccountsMayStart).toBe(false);
    expect(await audits()).toHaveLength(2);
  });

  it("answers bad values with a 400 and a message at each field, and saves nothing", async () => {
    const admin = await makeSignedInUser(t.db, { role: "admin" });
    const bad = await call<Failure>(
      route.action,
      post(
        "/admin/messages",
        { ...good, maxParticipants: "1", newMaxLinks: "-3", messagesPerHour: "lots", reportContext: "2.5", conversationsPerDay: "99999", newMessagesPerHour: " " },
        admin.cookie,
      ),
    );
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toEqual({
      maxParticipants: "People in one conversation: 2 or more.",
      newMaxLinks: "New members' links per message: 0 or more.",
      messagesPerHour: "Messages per hour: enter a number.",
      reportContext: "Messages before a reported one: enter a whole number.",
      conversationsPerDay: "Conversations started per day: at most 1000.",
      // Emptied: not 0 ("no limit").
      newMessagesPerHour: "New members' messages per hour: enter a number.",
    });
    expect(await getMessageSettings(t.db)).toEqual(DEFAULT_MESSAGE_SETTINGS);
    expect(await audits()).toEqual([]);
  });
});
