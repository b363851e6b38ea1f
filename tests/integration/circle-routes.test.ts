/**
 * The support circle's pages as each role sees them. The member manages their circle; a person sees
 * exactly the items the member shared with them on the member's circle page. Everyone else — a
 * person whose share ended, a fellow group member, the group's moderator, a site admin, a care-team
 * member who was not added — gets 404 on every circle page and action addressed to the member.
 */
import { beforeEach, describe, expect, it } from "vitest";
import * as circleRoute from "../../app/routes/circle._index/route";
import * as memberPage from "../../app/routes/circle.members.$memberId/route";
import * as personPage from "../../app/routes/circle.people.$personId/route";
import * as careRoute from "../../app/routes/circle.care/route";
import * as historyRoute from "../../app/routes/circle.history/route";
import { saveCheckin } from "../../app/models/recovery-journal.server";
import { savePlan, EMPTY_PLAN } from "../../app/models/recovery-plan.server";
import { endShare } from "../../app/models/circle/people.server";
import { setClock } from "../../app/utils/clock.server";
import { useTestDatabase } from "../helpers/db";
import { call, get, post } from "../helpers/requests";
import { addToCircle, circleWorld, type Person } from "../helpers/circle";

const t = useTestDatabase();
type Page = Awaited<ReturnType<typeof memberPage.loader>>;

let world: Awaited<ReturnType<typeof circleWorld>>;
let sharers: Record<"tracker" | "checkins" | "meetings" | "plan", Person>;
let ended: Person;
let outsiders: Record<string, Person>;

beforeEach(async () => {
  setClock("2026-11-30T15:00:00Z");
  world = await circleWorld(t.db);
  const { member, person, trackerId } = world;
  await saveCheckin(t.db, member.user.id, { mood: 2, cravings: 7, sleepHours: 5, wentToMeeting: true, note: "checkin-note-secret-5521" }, "America/Chicago");
  await savePlan(t.db, member.user.id, { ...EMPTY_PLAN, triggers: "plan-trigger-3390" });
  sharers = { tracker: await person(), checkins: await person(), meetings: await person(), plan: await person() };
  await addToCircle(t.db, member, sharers.tracker, { trackerId });
  await addToCircle(t.db, member, sharers.checkins, { checkins: true }, "sponsor");
  await addToCircle(t.db, member, sharers.meetings, { meetings: true }, "friend_family");
  await addToCircle(t.db, member, sharers.plan, { plan: true });
  ended = await person();
  await addToCircle(t.db, member, ended, { trackerId, checkins: true, meetings: true, plan: true });
  await endShare(t.db, member.user.id, ended.user.id);
  outsiders = {
    "a person whose share ended": ended,
    "a fellow group member": await person(),
    "the group's moderator": await person({ groupRole: "moderator" }),
    "a site admin": await person({ role: "admin" }),
    "a care-team member who was not added": await person({ careTeam: true, inGroup: false }),
  };
});

const pageOf = (who: Person) => call<Page>(memberPage.loader, get(`/circle/members/${world.member.user.id}`, who.cookie), { memberId: world.member.user.id });

describe("a person in the circle", () => {
  it("sees exactly the item shared with them, never the journal, notes or taper log", async () => {
    const tracker = await pageOf(sharers.tracker);
    expect(tracker.status).toBe(200);
    expect(tracker.body.page.tracker).toMatchObject({ name: "Benzodiazepines-sealed-77", days: 121 });
    expect(tracker.body.page.tracker!.reached.map((m) => m.label)).toContain("90 days");
    expect([tracker.body.page.checkins, tracker.body.page.meetings, tracker.body.page.plan]).toEqual([null, null, null]);

    const checkins = await pageOf(sharers.checkins);
    expect(checkins.body.page.checkins).toEqual([{ day: "2026-11-30", mood: 2, cravings: 7 }]);
    expect([checkins.body.page.tracker, checkins.body.page.meetings, checkins.body.page.plan]).toEqual([null, null, null]);
    expect(JSON.stringify(checkins.body)).not.toContain("checkin-note-secret-5521");

    const meetings = await pageOf(sharers.meetings);
    expect(meetings.body.page.meetings).toMatchObject({ lastNinetyDays: 0 });
    expect([meetings.body.page.tracker, meetings.body.page.checkins, meetings.body.page.plan]).toEqual([null, null, null]);

    const plan = await pageOf(sharers.plan);
    expect(plan.body.page.plan?.triggers).toBe("plan-trigger-3390");
    expect([plan.body.page.tracker, plan.body.page.checkins, plan.body.page.meetings]).toEqual([null, null, null]);
    for (const page of [tracker, checkins, meetings, plan]) expect(JSON.stringify(page.body)).not.toMatch(/journal|taper|slip/i);
  });

  it("sends encouragement and can leave; the member's own circle page of themself does not exist", async () => {
    const sent = await call<{ ok: boolean }>(
      memberPage.action,
      post(`/circle/members/${world.member.user.id}`, { intent: "encourage", card: "proud", message: "" }, sharers.plan.cookie),
      { memberId: world.member.user.id },
    );
    expect(sent.body.ok).toBe(true);
    const left = await call(memberPage.action, post(`/circle/members/${world.member.user.id}`, { intent: "leave" }, sharers.plan.cookie), { memberId: world.member.user.id });
    expect(left.status).toBe(302);
    expect((await pageOf(sharers.plan)).status).toBe(404);
    expect((await pageOf(world.member)).status).toBe(404);
  });
});

describe("everyone else gets 404", () => {
  it("on the member's circle page, its actions, and the member's pages of each person", async () => {
    const memberId = world.member.user.id;
    for (const [who, viewer] of Object.entries(outsiders)) {
      const page = await pageOf(viewer);
      expect(page.status, who).toBe(404);
      for (const fields of [{ intent: "encourage", card: "proud", message: "hi" }, { intent: "leave" }] as Record<string, string>[]) {
        const acted = await call(memberPage.action, post(`/circle/members/${memberId}`, fields, viewer.cookie), { memberId });
        expect(acted.status, `${who} ${fields.intent}`).toBe(404);
      }
      for (const person of Object.values(sharers)) {
        const own = await call(personPage.loader, get(`/circle/people/${person.user.id}`, viewer.cookie), { personId: person.user.id });
        expect(own.status, who).toBe(404);
        const change = await call(personPage.action, post(`/circle/people/${person.user.id}`, { intent: "end" }, viewer.cookie), { personId: person.user.id });
        expect(change.status, who).toBe(404);
      }
      const care = await call(careRoute.loader, get("/circle/care", viewer.cookie));
      expect(care.status === 404 || (care.body as { members: unknown[] }).members.length === 0, who).toBe(true);
      const history = await call<Awaited<ReturnType<typeof historyRoute.loader>>>(historyRoute.loader, get("/circle/history", viewer.cookie));
      expect(JSON.stringify(history.body)).not.toContain(world.member.user.display_name);
      const hub = await call<Awaited<ReturnType<typeof circleRoute.loader>>>(circleRoute.loader, get("/circle", viewer.cookie));
      expect(
        hub.body.circlesIn.map((c) => c.memberId),
        who,
      ).not.toContain(memberId);
    }
    // Nothing they tried was stored.
    const encouragement = await t.db.selectFrom("circle_encouragements").select("id").where("user_id", "=", memberId).execute();
    expect(encouragement).toHaveLength(0);
    expect(await t.db.selectFrom("circle_members").select("id").where("user_id", "=", memberId).execute()).toHaveLength(4);
  });

  it("care-team staff who were not added see nobody; the list is 404 for those without the role", async () => {
    const staff = outsiders["a care-team member who was not added"]!;
    const list = await call<Awaited<ReturnType<typeof careRoute.loader>>>(careRoute.loader, get("/circle/care", staff.cookie));
    expect(list.status).toBe(200);
    expect(list.body.members).toEqual([]);
    const notStaff = await call(careRoute.loader, get("/circle/care", outsiders["a site admin"]!.cookie));
    expect(notStaff.status).toBe(404);
  });
});

describe("the member", () => {
  it("sees their people and history; changes a share at once; ending it leaves the person a notice, not a reason", async () => {
    const hub = await call<Awaited<ReturnType<typeof circleRoute.loader>>>(circleRoute.loader, get("/circle", world.member.cookie));
    expect(hub.body.people.map((p) => p.personId).sort()).toEqual(
      Object.values(sharers)
        .map((p) => p.user.id)
        .sort(),
    );
    const id = sharers.meetings.user.id;
    const saved = await call<{ ok: boolean }>(
      personPage.action,
      post(`/circle/people/${id}`, { intent: "save", role: "partner", tracker: "", checkins: "on", checkOnMe: "on" }, world.member.cookie),
      { personId: id },
    );
    expect(saved.body.ok).toBe(true);
    const now = await pageOf(sharers.meetings);
    expect(now.body.page.meetings).toBeNull();
    expect(now.body.page.checkins).toHaveLength(1);
    const end = await call(personPage.action, post(`/circle/people/${id}`, { intent: "end" }, world.member.cookie), { personId: id });
    expect(end.status).toBe(302);
    expect((await pageOf(sharers.meetings)).status).toBe(404);
    const notice = await t.db.selectFrom("notifications").select(["type", "data"]).where("user_id", "=", id).where("type", "=", "circle_update").executeTakeFirstOrThrow();
    expect(JSON.parse(notice.data)).toEqual({ change: "ended" });
    const history = await call<Awaited<ReturnType<typeof historyRoute.loader>>>(historyRoute.loader, get("/circle/history", world.member.cookie));
    const lines = history.body.events.map((e) => e.text);
    expect(lines[0]).toBe(`Ended sharing with ${sharers.meetings.user.display_name}.`);
    expect(lines).toContain(`Changed what ${sharers.meetings.user.display_name} sees as Accountability partner: check-in mood and cravings.`);
  });

  it("cannot share a tracker that isn't theirs, and nothing is saved", async () => {
    const other = await circleWorld(t.db);
    const id = sharers.checkins.user.id;
    const refused = await call<{ errors: Record<string, string> }>(
      personPage.action,
      post(`/circle/people/${id}`, { intent: "save", role: "sponsor", tracker: String(other.trackerId), checkins: "on" }, world.member.cookie),
      { personId: id },
    );
    expect(refused.status).toBe(400);
    expect(refused.body.errors.tracker).toMatch(/your own trackers/);
    const row = await t.db.selectFrom("circle_members").select(["share_tracker_id", "role"]).where("person_id", "=", id).executeTakeFirstOrThrow();
    expect(row).toEqual({ share_tracker_id: null, role: "sponsor" });
  });
});
