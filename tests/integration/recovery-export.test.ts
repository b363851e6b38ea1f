/**
 * "Download my data" (JSON and CSV, only ever one's own) and "Delete my account" (every private
 * row gone at once; posts stay as a former member's unless the member asks otherwise).
 */
import { beforeEach, describe, expect, it } from "vitest";
import * as jsonRoute from "../../app/routes/recovery.export.harbor-data[.]json/route";
import * as checkinsCsvRoute from "../../app/routes/recovery.export.check-ins[.]csv/route";
import * as streaksCsvRoute from "../../app/routes/recovery.export.streaks[.]csv/route";
import * as exportPage from "../../app/routes/recovery.export._index/route";
import * as deleteRoute from "../../app/routes/settings.delete/route";
import { RECOVERY_PRIVATE_TABLES } from "../../db/schema/recovery";
import { addMember } from "../../app/models/groups.server";
import { csvField } from "../../app/models/member-data.server";
import { createJournalEntry, saveCheckin } from "../../app/models/recovery-journal.server";
import { savePlan } from "../../app/models/recovery-plan.server";
import { shareMilestone } from "../../app/models/recovery-sharing.server";
import { addTaperStep } from "../../app/models/recovery-taper.server";
import { createTracker, recordSlip } from "../../app/models/recovery-trackers.server";
import { createThread, replyToThread } from "../../app/models/threads.server";
import { setClock } from "../../app/utils/clock.server";
import { DEFAULT_MILESTONES } from "../../app/utils/sobriety";
import { makeGroup, makeSignedInUser, makeUser, TEST_PASSWORD } from "../factories";
import { useTestDatabase } from "../helpers/db";
import { call, get, post } from "../helpers/requests";

const t = useTestDatabase();
const ZONE = "America/New_York";

const person = (role: "member" | "admin" = "member") => makeSignedInUser(t.db, { role, timeZone: ZONE });

/** A member with something in every private table, and posts in a group. */
async function memberWithEverything() {
  const m = await person();
  const group = await makeGroup(t.db);
  await addMember(t.db, group.id, m.user.id);
  const trackerId = await createTracker(t.db, m.user.id, { name: "Tracker-secret-A1", startDate: "2026-06-01", startTime: null }, DEFAULT_MILESTONES, ZONE);
  await recordSlip(t.db, m.user.id, trackerId, { date: "2026-07-01", note: '=slip-note-secret-B2, with "quotes"' }, ZONE);
  await saveCheckin(t.db, m.user.id, { mood: 4, cravings: 2, sleepHours: 7, wentToMeeting: true, note: "checkin-secret-C3" }, ZONE);
  await createJournalEntry(t.db, m.user.id, { date: "2026-11-20", body: "journal-secret-D4" }, ZONE);
  await addTaperStep(t.db, m.user.id, { medication: "Clonazepam-E5", doseMg: 0.5, fromDate: "2026-10-01", note: "" }, ZONE);
  await savePlan(t.db, m.user.id, { triggers: "plan-secret-F6", warningSigns: "", coping: "", contacts: [{ name: "Ana", phone: "555" }], places: "", reasons: "" });
  await shareMilestone(t.db, { ...m.user }, { trackerId, milestoneDays: 90, groupId: group.id, clientToken: null }, DEFAULT_MILESTONES);
  const { threadId } = await createThread(t.db, group.id, m.user.id, { title: "Public thread G7", body: "post-text-G7", clientToken: null });
  const other = await makeUser(t.db);
  await addMember(t.db, group.id, other.id);
  await replyToThread(t.db, threadId, other.id, { body: "a reply from someone else", clientToken: null, quotePostId: null });
  return { ...m, group, trackerId, threadId };
}

const SECRETS = ["Tracker-secret-A1", "slip-note-secret-B2", "checkin-secret-C3", "journal-secret-D4", "Clonazepam-E5", "plan-secret-F6"];

beforeEach(() => setClock("2026-12-01T15:00:00Z"));

describe("download my data", () => {
  it("gives the member everything they own as JSON, decrypted, never cached", async () => {
    const m = await memberWithEverything();
    const res = await call<Record<string, unknown>>(jsonRoute.loader, get("/recovery/export/harbor-data.json", m.cookie));
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Disposition")).toBe('attachment; filename="harbor-data.json"');
    expect(res.headers.get("Cache-Control")).toMatch(/no-store/);
    const text = JSON.stringify(res.body);
    for (const secret of [...SECRETS, "post-text-G7", m.user.email]) expect(text).toContain(secret);
    expect(Object.keys(res.body)).toEqual(expect.arrayContaining(["account", "groups", "trackers", "checkins", "journal", "taper", "plan", "meetings"]));
    const trackers = res.body.trackers as { streaks: { days: number; slipNote: string }[]; shared: { milestone: string }[] }[];
    expect(trackers[0]!.streaks.map((s) => s.days)).toEqual([30, 153]);
    expect(trackers[0]!.shared.map((s) => s.milestone)).toEqual(["90 days"]);
    expect(text).not.toContain("a reply from someone else");
    expect(text).not.toContain("password");
  });

  it("gives check-ins and streaks as CSV, safe to open in a spreadsheet", async () => {
    const m = await memberWithEverything();
    const checkins = await call<string>(checkinsCsvRoute.loader, get("/recovery/export/check-ins.csv", m.cookie));
    expect(checkins.headers.get("Content-Type")).toMatch(/^text\/csv/);
    expect(checkins.body).toBe("day,mood,cravings,sleep_hours,went_to_meeting,note\r\n2026-12-01,4,2,7,yes,checkin-secret-C3\r\n");
    const streaks = await call<string>(streaksCsvRoute.loader, get("/recovery/export/streaks.csv", m.cookie));
    expect(streaks.body).toBe(
      "tracker,streak_start,streak_end,days,slip_note\r\n" +
        `Tracker-secret-A1,2026-06-01,2026-07-01,30,"'=slip-note-secret-B2, with ""quotes"""\r\n` +
        "Tracker-secret-A1,2026-07-01,,153,\r\n",
    );
    expect(csvField("+1 555")).toBe("'+1 555");
    expect(csvField("line\nbreak")).toBe('"line\nbreak"');
  });

  it("never hands anyone else's data: other members, moderators and admins download only their own", async () => {
    const owner = await memberWithEverything();
    const moderator = await person();
    await addMember(t.db, owner.group.id, moderator.user.id, "moderator");
    const admin = await person("admin");
    for (const other of [moderator, admin]) {
      for (const route of [jsonRoute, checkinsCsvRoute, streaksCsvRoute]) {
        const res = await call(route.loader, get(`/recovery/export/harbor-data.json?userId=${owner.user.id}`, other.cookie));
        const text = typeof res.body === "string" ? res.body : JSON.stringify(res.body);
        for (const secret of SECRETS) expect(text).not.toContain(secret);
        expect(text).not.toContain(owner.user.email);
      }
    }
    const anonymous = await call(jsonRoute.loader, get("/recovery/export/harbor-data.json"));
    expect(anonymous.status).toBe(302);
    const page = await call<{ sections: string[] }>(exportPage.loader, get("/recovery/export", owner.cookie));
    expect(page.body.sections).toContain("Daily check-ins");
  });
});

describe("delete my account", () => {
  async function privateRows(userId: string) {
    const counts: Record<string, number> = {};
    for (const table of RECOVERY_PRIVATE_TABLES) counts[table] = (await t.db.selectFrom(table).select("user_id").where("user_id", "=", userId).execute()).length;
    return counts;
  }

  it("keeps everything when the password is wrong", async () => {
    const m = await memberWithEverything();
    const res = await call(deleteRoute.action, post("/settings/delete", { password: "not-my-password-at-all", confirm: "on" }, m.cookie));
    expect(res.status).toBe(400);
    expect(Object.values(await privateRows(m.user.id)).every((n) => n > 0)).toBe(true);
  });

  it("removes every private row at once and ends the sessions; posts stay as a former member's", async () => {
    const m = await memberWithEverything();
    expect(Object.values(await privateRows(m.user.id)).every((n) => n > 0)).toBe(true);
    const res = await call(deleteRoute.action, post("/settings/delete", { password: TEST_PASSWORD, confirm: "on" }, m.cookie));
    expect(res.status).toBe(302);
    expect(Object.values(await privateRows(m.user.id))).toEqual(RECOVERY_PRIVATE_TABLES.map(() => 0));
    expect(await t.db.selectFrom("sessions").select("id").where("user_id", "=", m.user.id).execute()).toEqual([]);
    const posts = await t.db.selectFrom("posts").select(["author_id", "body_source", "deleted_at"]).where("thread_id", "=", m.threadId).orderBy("position").execute();
    expect(posts[0]).toEqual({ author_id: null, body_source: "post-text-G7", deleted_at: null });
    // Nothing of the private text survives anywhere in the database's recovery tables.
    for (const table of RECOVERY_PRIVATE_TABLES) expect((await t.db.selectFrom(table).selectAll().execute()).filter((r) => JSON.stringify(r).includes(m.user.id))).toEqual([]);
  });

  it("removes the member's posts too when asked", async () => {
    const m = await memberWithEverything();
    const res = await call(deleteRoute.action, post("/settings/delete", { password: TEST_PASSWORD, confirm: "on", deletePosts: "on" }, m.cookie));
    expect(res.status).toBe(302);
    const posts = await t.db.selectFrom("posts").select(["author_id", "body_source", "deleted_at", "position"]).where("thread_id", "=", m.threadId).orderBy("position").execute();
    expect(posts[0]).toMatchObject({ author_id: null, body_source: "", deleted_at: expect.any(String) });
    expect(posts[1]).toMatchObject({ body_source: "a reply from someone else", deleted_at: null });
    const shared = await t.db.selectFrom("posts").select("body_source").where("group_id", "=", m.group.id).where("body_source", "like", "%celebrates%").execute();
    expect(shared).toEqual([]);
    expect(Object.values(await privateRows(m.user.id))).toEqual(RECOVERY_PRIVATE_TABLES.map(() => 0));
  });
});

describe("tracker names at rest", () => {
  it("are sealed like journal text; a name kept in plain text from before is sealed after migrating and still reads the same", async () => {
    const { sealTrackerNames } = await import("../../app/models/recovery-keys.server");
    const { getTracker } = await import("../../app/models/recovery-trackers.server");
    const m = await memberWithEverything();
    const stored = await t.db.selectFrom("recovery_trackers").select(["id", "name", "name_enc"]).where("user_id", "=", m.user.id).executeTakeFirstOrThrow();
    expect(stored.name).toBe("");
    expect(stored.name_enc).toMatch(/^hb1\./);
    expect(stored.name_enc).not.toContain("Tracker-secret");
    // A site from before: the plain name, nothing sealed.
    await t.db.updateTable("recovery_trackers").set({ name: "Alcohol-plain-H8", name_enc: null }).where("id", "=", stored.id).execute();
    expect((await getTracker(t.db, m.user.id, stored.id))?.name).toBe("Alcohol-plain-H8");
    expect(await sealTrackerNames(t.db)).toBe(1);
    expect(await sealTrackerNames(t.db)).toBe(0);
    const sealed = await t.db.selectFrom("recovery_trackers").select(["name", "name_enc"]).where("id", "=", stored.id).executeTakeFirstOrThrow();
    expect(sealed.name).toBe("");
    expect(sealed.name_enc).not.toContain("Alcohol");
    expect((await getTracker(t.db, m.user.id, stored.id))?.name).toBe("Alcohol-plain-H8");
    // Bound to its owner: copied onto another member's row, it does not open.
    const other = await makeSignedInUser(t.db);
    await t.db.updateTable("recovery_trackers").set({ user_id: other.user.id }).where("id", "=", stored.id).execute();
    expect((await getTracker(t.db, other.user.id, stored.id))?.name).not.toContain("Alcohol");
  });
});

describe("key rotation", () => {
  it("re-seals every private text with the new first key; the old key can then go", async () => {
    const { resealAll } = await import("../../app/models/recovery-keys.server");
    const { resetDataKeys } = await import("../../app/utils/private-text.server");
    const { getPlan } = await import("../../app/models/recovery-plan.server");
    const key = (n: number) => Buffer.alloc(32, n).toString("base64");
    try {
      process.env.HARBOR_DATA_KEYS = `old:${key(7)}`;
      resetDataKeys();
      const m = await memberWithEverything();
      process.env.HARBOR_DATA_KEYS = `new:${key(8)},old:${key(7)}`;
      resetDataKeys();
      // The tracker's name, the slip note, the check-in note, the journal entry, the taper step's medication and the plan.
      expect(await resealAll(t.db)).toBe(6);
      expect(await resealAll(t.db)).toBe(0);
      process.env.HARBOR_DATA_KEYS = `new:${key(8)}`;
      resetDataKeys();
      expect((await getPlan(t.db, m.user.id)).plan.triggers).toBe("plan-secret-F6");
      const res = await call(jsonRoute.loader, get("/recovery/export/harbor-data.json", m.cookie));
      for (const secret of SECRETS) expect(JSON.stringify(res.body)).toContain(secret);
    } finally {
      delete process.env.HARBOR_DATA_KEYS;
      resetDataKeys();
    }
  });
});
