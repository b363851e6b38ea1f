/**
 * What moves between a member and their circle: encouragement (sealed, on the bell unless muted),
 * reach-outs (urgent, named subject, who opened it, a kind limit on floods), "check on me" signals
 * from a check-in and from days of silence, the care team's list — and the member's export and
 * account deletion.
 */
import { beforeEach, describe, expect, it } from "vitest";
import * as reachOutRoute from "../../app/routes/circle.reach-out/route";
import * as memberPage from "../../app/routes/circle.members.$memberId/route";
import * as checkInRoute from "../../app/routes/recovery.check-in/route";
import * as rulesRoute from "../../app/routes/circle.check-on-me/route";
import * as careRoute from "../../app/routes/circle.care/route";
import * as notificationsRoute from "../../app/routes/notifications/route";
import { checkSilences } from "../../app/models/circle/check-on.server";
import { endShare } from "../../app/models/circle/people.server";
import { exportMemberData } from "../../app/models/member-data.server";
import { deleteUser } from "../../app/models/users.server";
import { setClock } from "../../app/utils/clock.server";
import { useTestDatabase } from "../helpers/db";
import { call, get, post } from "../helpers/requests";
import { addToCircle, circleWorld, type Person } from "../helpers/circle";

const t = useTestDatabase();
type Failure = { ok: false; errors: Record<string, string> };

let world: Awaited<ReturnType<typeof circleWorld>>;
let alex: Person;
let riley: Person;
beforeEach(async () => {
  setClock("2026-11-30T15:00:00Z");
  world = await circleWorld(t.db);
  alex = await world.person();
  riley = await world.person({ careTeam: true });
  await addToCircle(t.db, world.member, alex, { trackerId: world.trackerId, checkins: true });
  await addToCircle(t.db, world.member, riley, {}, "care_team");
});

const notes = (who: Person, type: string) =>
  t.db.selectFrom("notifications").select(["id", "data", "read_at"]).where("user_id", "=", who.user.id).where("type", "=", type).execute();
const bell = async (who: Person) => {
  const page = await call<Awaited<ReturnType<typeof notificationsRoute.loader>>>(notificationsRoute.loader, get("/notifications", who.cookie));
  return page.body.items.map((i) => i.text);
};

describe("encouragement", () => {
  it("is sealed at rest and reaches the member's bell, unless they muted the sender", async () => {
    const memberId = world.member.user.id;
    const send = (message: string) => call(memberPage.action, post(`/circle/members/${memberId}`, { intent: "encourage", card: "", message }, alex.cookie), { memberId });
    expect((await send("you-are-doing-great-8812")).status).toBe(200);
    const raw = await t.db.selectFrom("circle_encouragements").selectAll().executeTakeFirstOrThrow();
    expect(JSON.stringify(raw)).not.toContain("you-are-doing-great-8812");
    expect(await bell(world.member)).toContain(`${alex.user.display_name} sent you encouragement.`);
    const empty = await call<Failure>(memberPage.action, post(`/circle/members/${memberId}`, { intent: "encourage", card: "", message: " " }, alex.cookie), { memberId });
    expect([empty.status, empty.body.errors.message]).toEqual([400, expect.stringMatching(/card or write/)]);
    await t.db.updateTable("circle_members").set({ muted: 1 }).where("person_id", "=", alex.user.id).execute();
    await send("second-one");
    expect(await notes(world.member, "circle_encouragement")).toHaveLength(1);
    expect(await t.db.selectFrom("circle_encouragements").select("id").execute()).toHaveLength(2);
  });
});

describe("reaching out", () => {
  it("tells the chosen people urgently with a named, private subject; the member sees who opened it", async () => {
    const sent = await call<{ ok: boolean; message: string }>(
      reachOutRoute.action,
      post("/circle/reach-out", { to: "some", people: alex.user.id, line: "rough-night-line-4471" }, world.member.cookie),
    );
    expect(sent.body.message).toContain(alex.user.display_name);
    expect(await notes(riley, "circle_reach_out")).toHaveLength(0);
    expect((await bell(alex))[0]).toBe(`Urgent: ${world.member.user.display_name} would like to hear from you.`);
    const mail = await t.db
      .selectFrom("mail_outbox")
      .select(["subject", "text_body"])
      .where("user_id", "=", alex.user.id)
      .where("subject", "like", "%hear from you")
      .executeTakeFirstOrThrow();
    expect(mail.subject).toBe(`${world.member.user.display_name} would like to hear from you`);
    expect(mail.text_body).not.toContain("rough-night-line-4471");
    expect(JSON.stringify(await t.db.selectFrom("circle_reach_outs").selectAll().execute())).not.toContain("rough-night-line-4471");
    const page = await call<Awaited<ReturnType<typeof memberPage.loader>>>(memberPage.loader, get(`/circle/members/${world.member.user.id}`, alex.cookie), {
      memberId: world.member.user.id,
    });
    expect(page.body.reachOuts[0]!.line).toBe("rough-night-line-4471");
    const mine = await call<Awaited<ReturnType<typeof reachOutRoute.loader>>>(reachOutRoute.loader, get("/circle/reach-out", world.member.cookie));
    expect(mine.body.recent[0]!.told).toEqual([{ name: alex.user.display_name, opened: expect.stringMatching(/2026|Nov/) }]);
    expect(mine.body.crisis.resources.length).toBeGreaterThan(0);
    // Once the share ends, the reach-out leaves Alex's bell with the page.
    await endShare(t.db, world.member.user.id, alex.user.id);
    expect((await bell(alex)).some((text) => text.startsWith("Urgent"))).toBe(false);
  });

  it("refuses nobody-chosen and strangers, and limits a flood kindly (429), nothing half-sent", async () => {
    const none = await call<Failure>(reachOutRoute.action, post("/circle/reach-out", { to: "some", line: "" }, world.member.cookie));
    expect([none.status, none.body.errors.people]).toEqual([400, expect.stringMatching(/Choose who/)]);
    const stranger = await world.person();
    const wrong = await call<Failure>(reachOutRoute.action, post("/circle/reach-out", { to: "some", people: stranger.user.id, line: "" }, world.member.cookie));
    expect(wrong.status).toBe(400);
    expect(await t.db.selectFrom("circle_reach_outs").select("id").execute()).toHaveLength(0);
    // Refused tries count towards the limit too (3 an hour): a flood is a flood.
    expect((await call(reachOutRoute.action, post("/circle/reach-out", { to: "all", line: "" }, world.member.cookie))).status).toBe(200);
    const flood = await call<Failure>(reachOutRoute.action, post("/circle/reach-out", { to: "all", line: "" }, world.member.cookie));
    expect([flood.status, flood.body.errors.form]).toEqual([429, expect.stringMatching(/Give them a little time/)]);
    expect(await t.db.selectFrom("circle_reach_outs").select("id").execute()).toHaveLength(1);
  });
});

describe("check on me", () => {
  it("tells only the people asked when a check-in crosses the member's own levels, once a day; the care list shows it", async () => {
    await t.db.updateTable("circle_members").set({ check_on_me: 1 }).where("person_id", "=", riley.user.id).execute();
    const rules = await call<{ ok: boolean }>(rulesRoute.action, post("/circle/check-on-me", { silenceDays: "3", cravingsAt: "8", moodAt: "" }, world.member.cookie));
    expect(rules.body.ok).toBe(true);
    const bad = await call<Failure>(rulesRoute.action, post("/circle/check-on-me", { silenceDays: "0", cravingsAt: "11", moodAt: "x" }, world.member.cookie));
    expect(Object.keys(bad.body.errors).sort()).toEqual(["cravingsAt", "moodAt", "silenceDays"]);
    const checkIn = (cravings: string) => call(checkInRoute.action, post("/recovery/check-in", { mood: "3", cravings, sleepHours: "", note: "" }, world.member.cookie));
    await checkIn("5");
    expect(await notes(riley, "circle_check_on")).toHaveLength(0);
    await checkIn("9");
    await checkIn("10");
    expect(await notes(riley, "circle_check_on")).toHaveLength(1);
    expect(await notes(alex, "circle_check_on")).toHaveLength(0);
    const care = await call<Awaited<ReturnType<typeof careRoute.loader>>>(careRoute.loader, get("/circle/care", riley.cookie));
    expect(care.body.members).toEqual([expect.objectContaining({ memberId: world.member.user.id, signal: "Strong cravings in a check-in" })]);
    // Days of silence: told once per stretch, by the scheduled job.
    setClock("2026-12-03T15:00:00Z");
    expect(await checkSilences(t.db)).toBe(1);
    expect(await checkSilences(t.db)).toBe(0);
    expect((await notes(riley, "circle_check_on")).map((n) => JSON.parse(n.data).kind)).toEqual(["cravings", "silence"]);
  });
});

describe("the member's data", () => {
  it("is in the export and goes with the account", async () => {
    await call(reachOutRoute.action, post("/circle/reach-out", { to: "all", line: "export-line-2290" }, world.member.cookie));
    const data = (await exportMemberData(t.db, world.member.user.id)) as { supportCircle: { people: { name: string }[]; reachOuts: { line: string }[]; history: unknown[] } };
    expect(data.supportCircle.people.map((p) => p.name).sort()).toEqual([alex.user.display_name, riley.user.display_name].sort());
    expect(data.supportCircle.reachOuts[0]!.line).toBe("export-line-2290");
    expect(data.supportCircle.history.length).toBeGreaterThan(3);
    await deleteUser(t.db, world.member.user.id);
    for (const table of ["circle_members", "circle_invites", "circle_events", "circle_reach_outs"] as const) {
      expect(await t.db.selectFrom(table).select("user_id").where("user_id", "=", world.member.user.id).execute(), table).toHaveLength(0);
    }
  });
});
