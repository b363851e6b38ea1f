/**
 * The recovery pages as each role sees them. The owner reads and changes their own records; every
 * other member — a fellow group member, the group's moderator, a site admin — gets 404 on every
 * page and action addressed to the owner's records, and never sees any of it on their own pages,
 * on the owner's public profile, or in search.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import * as homeRoute from "../../app/routes/recovery._index/route";
import * as newTrackerRoute from "../../app/routes/recovery.trackers.new/route";
import * as trackerRoute from "../../app/routes/recovery.trackers.$trackerId._index/route";
import * as slipRoute from "../../app/routes/recovery.trackers.$trackerId.slip/route";
import * as editRoute from "../../app/routes/recovery.trackers.$trackerId.edit/route";
import * as shareRoute from "../../app/routes/recovery.trackers.$trackerId.share/route";
import * as adminMilestonesRoute from "../../app/routes/admin.milestones/route";
import * as profileRoute from "../../app/routes/members.$userId/route";
import * as searchRoute from "../../app/routes/search/route";
import { addMember } from "../../app/models/groups.server";
import { getMilestoneSet } from "../../app/models/recovery-trackers.server";
import { resetClock, setClock } from "../../app/utils/clock.server";
import { openText } from "../../app/utils/private-text.server";
import { makeGroup, makeSignedInUser } from "../factories";
import { useTestDatabase } from "../helpers/db";
import { call, get, post } from "../helpers/requests";

const t = useTestDatabase();
type Failure = { ok: false; errors: Record<string, string>; values: Record<string, string> };

const SECRET_NAME = "Benzodiazepines-7f3a";
const SECRET_NOTE = "slip-note-secret-91c2: took one from the old bottle";

const person = (role: "member" | "admin" = "member") => makeSignedInUser(t.db, { role, timeZone: "America/New_York" });

let owner: Awaited<ReturnType<typeof person>>;
let fellow: Awaited<ReturnType<typeof person>>;
let moderator: Awaited<ReturnType<typeof person>>;
let admin: Awaited<ReturnType<typeof person>>;
let trackerId: string;
let group: Awaited<ReturnType<typeof makeGroup>>;
let otherGroup: Awaited<ReturnType<typeof makeGroup>>;

beforeEach(async () => {
  setClock("2026-11-30T15:00:00Z");
  owner = await person();
  fellow = await person();
  moderator = await person();
  admin = await person("admin");
  group = await makeGroup(t.db, { visibility: "private" });
  otherGroup = await makeGroup(t.db, { visibility: "public" });
  await addMember(t.db, otherGroup.id, fellow.user.id);
  await addMember(t.db, group.id, owner.user.id);
  await addMember(t.db, group.id, fellow.user.id);
  await addMember(t.db, group.id, moderator.user.id, "moderator");
  const created = await call(newTrackerRoute.action, post("/recovery/trackers/new", { name: SECRET_NAME, startDate: "2026-08-01", startTime: "" }, owner.cookie));
  expect(created.status).toBe(302);
  trackerId = created.headers.get("Location")!.split("/").pop()!;
  const slip = await call(slipRoute.action, post(`/recovery/trackers/${trackerId}/slip`, { date: "2026-09-02", note: SECRET_NOTE }, owner.cookie), { trackerId });
  expect(slip.headers.get("Location")).toBe(`/recovery/trackers/${trackerId}?slipped=1`);
  resetClock();
  setClock("2026-11-30T15:00:00Z");
});

afterEach(() => setClock("2026-11-30T15:00:00Z"));

describe("the owner", () => {
  it("sees the tracker: 89 days, 90 next, chips, the whole history with the private note, totals", async () => {
    const page = await call<Awaited<ReturnType<typeof trackerRoute.loader>>>(trackerRoute.loader, get(`/recovery/trackers/${trackerId}`, owner.cookie), { trackerId });
    expect(page.status).toBe(200);
    expect(page.body.count.days).toBe(89);
    expect(page.body.next).toMatchObject({ label: "90 days", daysToGo: 1 });
    expect(page.body.chips.map((c) => c.label)).toEqual(["24 hours", "1 week", "2 weeks", "30 days", "60 days"]);
    expect(page.body.totals).toMatchObject({ longest: 89, total: 32 + 89, streaks: 2 });
    expect(page.body.history.map((h) => [h.days, h.note])).toEqual([
      [89, ""],
      [32, SECRET_NOTE],
    ]);
    setClock("2026-12-01T15:00:00Z");
    const nextDay = await call<Awaited<ReturnType<typeof trackerRoute.loader>>>(trackerRoute.loader, get(`/recovery/trackers/${trackerId}`, owner.cookie), { trackerId });
    expect(nextDay.body.chips.map((c) => c.label)).toContain("90 days");
  });

  it("gets clear messages for bad input, and nothing is saved", async () => {
    const future = await call<Failure>(newTrackerRoute.action, post("/recovery/trackers/new", { name: "Alcohol", startDate: "2026-12-25", startTime: "" }, owner.cookie));
    expect(future.status).toBe(400);
    expect(future.body.errors.startDate).toMatch(/future/);
    expect(future.body.values.name).toBe("Alcohol");
    const badDate = await call<Failure>(newTrackerRoute.action, post("/recovery/trackers/new", { name: "", startDate: "2026-02-30", startTime: "25:00" }, owner.cookie));
    expect(badDate.status).toBe(400);
    expect(Object.keys(badDate.body.errors).sort()).toEqual(["name", "startDate", "startTime"]);
    const beforeStart = await call<Failure>(slipRoute.action, post(`/recovery/trackers/${trackerId}/slip`, { date: "2026-07-01", note: "" }, owner.cookie), { trackerId });
    expect(beforeStart.status).toBe(400);
    expect(beforeStart.body.errors.date).toMatch(/before this tracker started/);
    const huge = await call<Failure>(slipRoute.action, post(`/recovery/trackers/${trackerId}/slip`, { date: "2026-11-01", note: "x".repeat(10_000) }, owner.cookie), { trackerId });
    expect(huge.status).toBe(400);
    expect(huge.body.errors.note).toMatch(/at most 4,000/);
    const twice = await call<Failure>(slipRoute.action, post(`/recovery/trackers/${trackerId}/slip`, { date: "2026-09-02", note: "" }, owner.cookie), { trackerId });
    expect(twice.status).toBe(409);
    const slips = await t.db.selectFrom("recovery_slips").select("id").where("user_id", "=", owner.user.id).execute();
    expect(slips).toHaveLength(1);
    const trackers = await t.db.selectFrom("recovery_trackers").select("id").where("user_id", "=", owner.user.id).execute();
    expect(trackers).toHaveLength(1);
  });

  it("undoes a mistaken slip from the tracker page and corrects a slip's date on the edit page", async () => {
    const slip = await call(slipRoute.action, post(`/recovery/trackers/${trackerId}/slip`, { date: "2026-11-29", note: "oops" }, owner.cookie), { trackerId });
    expect(slip.status).toBe(302);
    const undo = await call(trackerRoute.action, post(`/recovery/trackers/${trackerId}`, { intent: "undo-slip" }, owner.cookie), { trackerId });
    expect(undo.headers.get("Location")).toBe(`/recovery/trackers/${trackerId}?undone=1`);
    const edit = await call<Awaited<ReturnType<typeof editRoute.loader>>>(editRoute.loader, get(`/recovery/trackers/${trackerId}/edit`, owner.cookie), { trackerId });
    expect(edit.body.slips).toHaveLength(1);
    const slipId = String(edit.body.slips[0]!.id);
    const saved = await call<{ ok: boolean }>(
      editRoute.action,
      post(`/recovery/trackers/${trackerId}/edit`, { intent: "slip", slipId, date: "2026-09-03", note: SECRET_NOTE }, owner.cookie),
      { trackerId },
    );
    expect(saved.body.ok).toBe(true);
    const wrong = await call<Failure>(editRoute.action, post(`/recovery/trackers/${trackerId}/edit`, { intent: "slip", slipId, date: "2026-12-24", note: "" }, owner.cookie), {
      trackerId,
    });
    expect(wrong.status).toBe(400);
    expect(wrong.body.errors[`slip-${slipId}`]).toMatch(/future/);
    await call(editRoute.action, post(`/recovery/trackers/${trackerId}/edit`, { intent: "slip", slipId, date: "2026-09-02", note: SECRET_NOTE }, owner.cookie), { trackerId });
  });
});

describe("everyone else", () => {
  const others = () =>
    [
      ["a fellow group member", fellow],
      ["the group's moderator", moderator],
      ["a site admin", admin],
    ] as const;

  it("gets 404 on every page and action of the owner's tracker", async () => {
    for (const [who, other] of others()) {
      const params = { trackerId };
      const attempts = [
        await call(trackerRoute.loader, get(`/recovery/trackers/${trackerId}`, other.cookie), params),
        await call(trackerRoute.action, post(`/recovery/trackers/${trackerId}`, { intent: "undo-slip" }, other.cookie), params),
        await call(slipRoute.loader, get(`/recovery/trackers/${trackerId}/slip`, other.cookie), params),
        await call(slipRoute.action, post(`/recovery/trackers/${trackerId}/slip`, { date: "2026-11-01", note: "" }, other.cookie), params),
        await call(editRoute.loader, get(`/recovery/trackers/${trackerId}/edit`, other.cookie), params),
        await call(editRoute.action, post(`/recovery/trackers/${trackerId}/edit`, { intent: "start", name: "x", startDate: "2026-01-01", startTime: "" }, other.cookie), params),
        await call(editRoute.action, post(`/recovery/trackers/${trackerId}/edit`, { intent: "delete", confirm: "on" }, other.cookie), params),
      ];
      for (const attempt of attempts) {
        expect(attempt.status, who).toBe(404);
        expect(JSON.stringify(attempt.body)).not.toContain(SECRET_NAME);
      }
    }
    const tracker = await t.db.selectFrom("recovery_trackers").selectAll().where("id", "=", Number(trackerId)).executeTakeFirstOrThrow();
    // Unchanged (sealed at rest: the name opens only for its owner).
    expect(tracker.name).toBe("");
    expect(openText(tracker.name_enc!, owner.user.id)).toBe(SECRET_NAME);
    expect(await t.db.selectFrom("recovery_slips").select("id").where("tracker_id", "=", Number(trackerId)).execute()).toHaveLength(1);
  });

  it("sees only their own (empty) space, never the owner's trackers", async () => {
    for (const [who, other] of others()) {
      const home = await call<Awaited<ReturnType<typeof homeRoute.loader>>>(homeRoute.loader, get("/recovery", other.cookie));
      expect(home.body.trackers, who).toEqual([]);
    }
  });

  it("finds nothing of it on the owner's public profile or in search", async () => {
    for (const [who, other] of others()) {
      const profile = await call(profileRoute.loader, get(`/members/${owner.user.id}`, other.cookie), { userId: owner.user.id });
      const text = JSON.stringify(profile.body);
      expect(text, who).not.toContain(SECRET_NAME);
      expect(text, who).not.toContain("slip-note-secret");
      for (const q of ["Benzodiazepines-7f3a", "slip-note-secret-91c2", "bottle"]) {
        const found = await call<{ hits: unknown[] }>(searchRoute.loader, get(`/search?q=${encodeURIComponent(q)}`, other.cookie));
        expect(found.body.hits, who).toEqual([]);
      }
    }
  });

  it("signed-out visitors are sent to sign in", async () => {
    const res = await call(trackerRoute.loader, get(`/recovery/trackers/${trackerId}`), { trackerId });
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toMatch(/^\/login\?redirectTo=/);
  });

  it("the slip note is encrypted in the database", async () => {
    const rows = await t.db.selectFrom("recovery_slips").select("note_enc").where("user_id", "=", owner.user.id).execute();
    expect(rows[0]!.note_enc).toMatch(/^hb1\./);
    expect(rows[0]!.note_enc).not.toContain("bottle");
  });
});

describe("the admin's milestone set", () => {
  it("only admins change it; the NA key tags or an edited set take effect", async () => {
    const denied = await call(adminMilestonesRoute.action, post("/admin/milestones", { preset: "na", milestones: "", yearlyColor: "none" }, owner.cookie));
    expect(denied.status).toBe(403);
    const na = await call<{ ok: boolean }>(adminMilestonesRoute.action, post("/admin/milestones", { preset: "na", milestones: "", yearlyColor: "none" }, admin.cookie));
    expect(na.body.ok).toBe(true);
    expect((await getMilestoneSet(t.db)).preset).toBe("na");
    const bad = await call<Failure>(
      adminMilestonesRoute.action,
      post("/admin/milestones", { preset: "custom", milestones: "90 days, red\n3 fortnights, pink", yearlyColor: "none" }, admin.cookie),
    );
    expect(bad.status).toBe(400);
    expect(bad.body.errors.milestones).toMatch(/Line 2/);
    const custom = await call<{ ok: boolean }>(
      adminMilestonesRoute.action,
      post("/admin/milestones", { preset: "custom", milestones: "24 hours, white\n90 days, red\n1 year, gold", yearlyColor: "gold" }, admin.cookie),
    );
    expect(custom.body.ok).toBe(true);
    const page = await call<Awaited<ReturnType<typeof trackerRoute.loader>>>(trackerRoute.loader, get(`/recovery/trackers/${trackerId}`, owner.cookie), { trackerId });
    expect(page.body.chips.map((c) => c.label)).toEqual(["24 hours"]);
    expect(page.body.next?.label).toBe("90 days");
    await call(adminMilestonesRoute.action, post("/admin/milestones", { preset: "default", milestones: "", yearlyColor: "none" }, admin.cookie));
  });
});

describe("sharing a milestone, only by choice", () => {
  it("posts a short celebration into one group the member belongs to, revealing nothing else", async () => {
    setClock("2026-12-01T15:00:00Z");
    const params = { trackerId };
    const page = await call<Awaited<ReturnType<typeof shareRoute.loader>>>(shareRoute.loader, get(`/recovery/trackers/${trackerId}/share?milestone=90`, owner.cookie), params);
    expect(page.body.preview.title).toBe(`${owner.user.display_name} celebrates 90 days`);
    expect(page.body.groups.map((g) => g.id)).toEqual([group.id]);
    expect((await call(shareRoute.loader, get(`/recovery/trackers/${trackerId}/share?milestone=182`, owner.cookie), params)).status).toBe(404);
    // Nothing is posted automatically when the milestone is reached.
    expect(await t.db.selectFrom("posts").select("id").where("author_id", "=", owner.user.id).execute()).toEqual([]);

    const notMine = await call<Failure>(
      shareRoute.action,
      post(`/recovery/trackers/${trackerId}/share`, { milestone: "90", groupId: String(otherGroup.id), clientToken: "" }, owner.cookie),
      params,
    );
    expect(notMine.status).toBe(400);
    expect(notMine.body.errors.groupId).toMatch(/groups you belong to/);
    const notReached = await call<Failure>(
      shareRoute.action,
      post(`/recovery/trackers/${trackerId}/share`, { milestone: "182", groupId: String(group.id), clientToken: "" }, owner.cookie),
      params,
    );
    expect(notReached.status).toBe(400);

    for (const other of [fellow, moderator, admin]) {
      const res = await call(
        shareRoute.action,
        post(`/recovery/trackers/${trackerId}/share`, { milestone: "90", groupId: String(group.id), clientToken: "" }, other.cookie),
        params,
      );
      expect(res.status).toBe(404);
    }

    const shared = await call(
      shareRoute.action,
      post(`/recovery/trackers/${trackerId}/share`, { milestone: "90", groupId: String(group.id), clientToken: "" }, owner.cookie),
      params,
    );
    expect(shared.headers.get("Location")).toBe(`/recovery/trackers/${trackerId}?shared=1`);
    const posts = await t.db
      .selectFrom("posts")
      .innerJoin("threads", "threads.id", "posts.thread_id")
      .select(["posts.group_id", "threads.title", "posts.body_source", "posts.status"])
      .where("posts.author_id", "=", owner.user.id)
      .execute();
    expect(posts).toEqual([
      {
        group_id: group.id,
        title: `${owner.user.display_name} celebrates 90 days`,
        body_source: `${owner.user.display_name} celebrates **90 days**. One day at a time.`,
        status: "published",
      },
    ]);
    expect(JSON.stringify(posts)).not.toMatch(/Benzodiazepines|slip|2026/);

    const again = await call<Failure>(
      shareRoute.action,
      post(`/recovery/trackers/${trackerId}/share`, { milestone: "90", groupId: String(group.id), clientToken: "" }, owner.cookie),
      params,
    );
    expect(again.status).toBe(409);
    const tracker = await call<Awaited<ReturnType<typeof trackerRoute.loader>>>(trackerRoute.loader, get(`/recovery/trackers/${trackerId}`, owner.cookie), params);
    expect(tracker.body.chips.find((c) => c.label === "90 days")?.sharedIn).toBe(group.name);
    expect(tracker.body.chips.find((c) => c.label === "60 days")?.sharedIn).toBeNull();
  });
});
