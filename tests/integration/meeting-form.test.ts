/**
 * The meeting form (add and edit) through its actions: who may add to which group, a message at
 * the field with status 400 and nothing saved for bad input (times, zone, link, phone, weekdays,
 * types), an edit saved or refused whole, and an online meeting that must say where it is based
 * (its area, or its group's area served) so that the feed can list it.
 */
import { describe, expect, it } from "vitest";
import * as editPage from "../../app/routes/meetings.$slug.edit/route";
import * as newPage from "../../app/routes/meetings.new/route";
import { addMember } from "../../app/models/groups.server";
import { createSession } from "../../app/models/sessions.server";
import { makeGroup, makeUser } from "../factories";
import { useTestDatabase } from "../helpers/db";
import { form, FORM, useMeetingCast } from "../helpers/meeting-roles";
import { call, get } from "../helpers/requests";

const t = useTestDatabase();
const { groups, meetings, cookies, ids } = useMeetingCast(t);

describe("adding and editing a meeting", () => {
  it("lets a moderator add a meeting to their group and refuses others", async () => {
    const created = await call(newPage.action, form({ ...FORM, groupId: String(groups.private.id), days: ["2", "4"], types: ["O", "SP"] }, cookies.moderator));
    expect(created.status).toBe(302);
    expect(created.headers.get("Location")).toBe("/meetings/thursday-serenity");
    const stored = await t.db.selectFrom("meetings").selectAll().where("slug", "=", "thursday-serenity").executeTakeFirstOrThrow();
    expect(stored).toMatchObject({ group_id: groups.private.id, days: "2,4", types: "O,SP", conference_phone: "+15550100", created_by: ids.moderator });
    expect((await call(newPage.loader, get("/meetings/new", cookies.member))).status).toBe(403);
    expect((await call(newPage.action, form({ ...FORM, groupId: String(groups.public.id) }, cookies.member))).status).toBe(403);
    expect((await call(newPage.loader, get("/meetings/new"))).status).toBe(302);
    // A moderator cannot add to a group they don't moderate.
    const other = await makeGroup(t.db, { visibility: "public" });
    const refused = await call<{ errors: Record<string, string> }>(newPage.action, form({ ...FORM, name: "Elsewhere", groupId: String(other.id) }, cookies.moderator));
    expect(refused.status).toBe(400);
    expect(refused.body.errors.groupId).toMatch(/groups you moderate/);
  });

  it("answers bad input with a message at the field, status 400, and nothing saved", async () => {
    const before = await t.db
      .selectFrom("meetings")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow();
    const cases: [Record<string, string | string[]>, string, RegExp][] = [
      [{ startTime: "25:00" }, "startTime", /24-hour/],
      [{ startTime: "19:00", endTime: "17:00" }, "endTime", /ends before it starts/],
      [{ timeZone: "Nowhere/Special" }, "timeZone", /time zone/],
      [{ conferenceUrl: "https://example.com/meeting" }, "conferenceUrl", /video service/],
      [{ conferencePhone: "CALL-ME" }, "conferencePhone", /only digits/],
      [{ kind: "one_off", date: "2026-13-01" }, "date", /YYYY-MM-DD|doesn't exist/],
    ];
    for (const [fields, field, message] of cases) {
      const res = await call<{ errors: Record<string, string>; values: Record<string, string> }>(
        newPage.action,
        form({ ...FORM, groupId: String(groups.public.id), name: "Bad Input", ...fields }, cookies.moderator),
      );
      expect(res.status).toBe(400);
      expect(res.body.errors[field]).toMatch(message);
      expect(res.body.values.name).toBe("Bad Input");
    }
    const after = await t.db
      .selectFrom("meetings")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });

  it("checks the ticked weekdays and types through the form's schema: a bad one is a 400 at its field, with every box kept", async () => {
    const group = await makeGroup(t.db, { visibility: "public" });
    const moderator = await makeUser(t.db);
    await addMember(t.db, group.id, moderator.id, "moderator");
    const cookie = `harbor_session=${(await createSession(t.db, moderator.id)).token}`;
    const count = async () =>
      Number(
        (
          await t.db
            .selectFrom("meetings")
            .select((eb) => eb.fn.countAll<number>().as("n"))
            .where("group_id", "=", group.id)
            .executeTakeFirstOrThrow()
        ).n,
      );
    type Failed = { errors: Record<string, string>; values: Record<string, string> };
    const badDay = await call<Failed>(newPage.action, form({ ...FORM, groupId: String(group.id), name: "Lists", days: ["1", "9"], types: ["O", "SP"] }, cookie));
    expect(badDay.status).toBe(400);
    expect(badDay.body.errors.days).toMatch(/0 \(Sunday\) to 6/);
    expect(badDay.body.values).toMatchObject({ name: "Lists", days: "1,9", types: "O,SP" });
    const badType = await call<Failed>(newPage.action, form({ ...FORM, groupId: String(group.id), name: "Lists", days: ["1", "3"], types: ["O", "NOPE"] }, cookie));
    expect(badType.status).toBe(400);
    expect(badType.body.errors.types).toMatch(/Unknown meeting type: NOPE/);
    expect(badType.body.values).toMatchObject({ days: "1,3", types: "O,NOPE" });
    const noDay = await call<Failed>(newPage.action, form({ ...FORM, groupId: String(group.id), name: "Lists", days: [] }, cookie));
    expect(noDay.status).toBe(400);
    expect(noDay.body.errors.days).toMatch(/at least one day/);
    expect(await count()).toBe(0);
    const saved = await call(newPage.action, form({ ...FORM, groupId: String(group.id), name: "Lists", slug: "lists-ok", days: ["5", "1", "3"], types: ["SP", "O"] }, cookie));
    expect(saved.status).toBe(302);
    expect(await t.db.selectFrom("meetings").select(["days", "types"]).where("slug", "=", "lists-ok").executeTakeFirstOrThrow()).toEqual({ days: "1,3,5", types: "O,SP" });
    // Deleting asks for the box to be ticked, through the same path.
    const unconfirmed = await call<Failed>(editPage.action, form({ intent: "delete" }, cookie, "/meetings/lists-ok/edit"), { slug: "lists-ok" });
    expect(unconfirmed.status).toBe(400);
    expect(unconfirmed.body.errors.confirm).toMatch(/Tick the box/);
    expect(await count()).toBe(1);
  });

  it("saves an edit and keeps the meeting unchanged after a bad one", async () => {
    const slug = meetings.public.slug;
    const bad = await call(editPage.action, form({ ...FORM, name: "Renamed", startTime: "7pm" }, cookies.moderator, `/meetings/${slug}/edit`), { slug });
    expect(bad.status).toBe(400);
    expect((await t.db.selectFrom("meetings").select("name").where("id", "=", meetings.public.id).executeTakeFirstOrThrow()).name).toBe("The public meeting");
    const good = await call(
      editPage.action,
      form({ ...FORM, name: "The public meeting", days: "2", startTime: "18:30", endTime: "19:30" }, cookies.moderator, `/meetings/${slug}/edit`),
      { slug },
    );
    expect(good.status).toBe(302);
    expect((await t.db.selectFrom("meetings").select("start_time").where("id", "=", meetings.public.id).executeTakeFirstOrThrow()).start_time).toBe("18:30");
    const byMember = await call(editPage.action, form({ ...FORM }, cookies.member, `/meetings/${slug}/edit`), { slug });
    expect(byMember.status).toBe(403);
  });
});

describe("an online meeting says where it is based", () => {
  const ONLINE = { ...FORM, attendance: "online", locationName: "", address: "", conferencePhone: "" };
  type Failed = { errors: Record<string, string>; values: Record<string, string> };

  it("asks for the area at its field when the group has no area served, and saves nothing", async () => {
    const res = await call<Failed>(
      newPage.action,
      form({ ...ONLINE, groupId: String(groups.public.id), name: "Zoom Without Place", slug: "zoom-without-place" }, cookies.moderator),
    );
    expect(res.status).toBe(400);
    expect(res.body.errors.area).toMatch(/where the meeting is based.*area served/);
    expect(res.body.values).toMatchObject({ name: "Zoom Without Place", attendance: "online", conferenceUrl: FORM.conferenceUrl });
    expect(await t.db.selectFrom("meetings").select("id").where("slug", "=", "zoom-without-place").execute()).toEqual([]);

    const placed = await call(
      newPage.action,
      form({ ...ONLINE, groupId: String(groups.public.id), name: "Zoom With Place", slug: "zoom-with-place", area: "Chicago, IL, USA" }, cookies.moderator),
    );
    expect(placed.status).toBe(302);
    expect(await t.db.selectFrom("meetings").select(["attendance", "area", "address"]).where("slug", "=", "zoom-with-place").executeTakeFirstOrThrow()).toEqual({
      attendance: "online",
      area: "Chicago, IL, USA",
      address: "",
    });
  });

  it("takes the group's area served when the meeting has none, and publishes the meeting under it", async () => {
    await t.db.updateTable("groups").set({ area_served: "Portland, ME, USA" }).where("id", "=", groups.public.id).execute();
    const res = await call(newPage.action, form({ ...ONLINE, groupId: String(groups.public.id), name: "Group Area Zoom", slug: "group-area-zoom" }, cookies.moderator));
    expect(res.status).toBe(302);
    expect((await t.db.selectFrom("meetings").select("area").where("slug", "=", "group-area-zoom").executeTakeFirstOrThrow()).area).toBe("");
    // Another group of the same moderator, without an area served, still asks.
    const other = await call<Failed>(newPage.action, form({ ...ONLINE, groupId: String(groups.private.id), name: "Elsewhere Zoom" }, cookies.moderator));
    expect(other.status).toBe(400);
    expect(other.body.errors.area).toBeTruthy();
  });

  it("refuses an edit that makes a meeting online-only with no area, keeping the meeting as it was", async () => {
    const slug = meetings.public.slug;
    const path = `/meetings/${slug}/edit`;
    const bad = await call<Failed>(editPage.action, form({ ...ONLINE, name: "The public meeting", days: "2" }, cookies.moderator, path), { slug });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.area).toMatch(/where the meeting is based/);
    const kept = await t.db.selectFrom("meetings").select(["attendance", "address", "sequence"]).where("id", "=", meetings.public.id).executeTakeFirstOrThrow();
    expect(kept).toMatchObject({ attendance: "hybrid", address: "public secret address 12", sequence: meetings.public.sequence });
    const good = await call(editPage.action, form({ ...ONLINE, name: "The public meeting", days: "2", area: "Portland, ME, USA" }, cookies.moderator, path), { slug });
    expect(good.status).toBe(302);
    expect(await t.db.selectFrom("meetings").select(["attendance", "area", "address"]).where("id", "=", meetings.public.id).executeTakeFirstOrThrow()).toEqual({
      attendance: "online",
      area: "Portland, ME, USA",
      address: "",
    });
  });
});
