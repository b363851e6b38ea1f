/**
 * The meeting pages and feeds through their loaders and actions, as anonymous, outsider, member,
 * group moderator and site admin, in public, private and hidden groups: who sees which meeting
 * (and its link and address), who may change it, RSVP and attendance, bad input.
 */
import { beforeEach, describe, expect, it } from "vitest";
import * as directory from "../../app/routes/meetings._index/route";
import * as meetingPage from "../../app/routes/meetings.$slug._index/route";
import * as editPage from "../../app/routes/meetings.$slug.edit/route";
import * as newPage from "../../app/routes/meetings.new/route";
import * as myMeetings from "../../app/routes/my-meetings/route";
import * as siteIcs from "../../app/routes/meetings[.ics]/route";
import * as groupIcs from "../../app/routes/groups.$slug.meetings[.ics]/route";
import * as meetingIcs from "../../app/routes/meetings.$slug.calendar[.ics]/route";
import * as personalIcs from "../../app/routes/calendar.$token.meetings[.ics]/route";
import * as guideFeed from "../../app/routes/api.meetings[.json]/route";
import * as importPage from "../../app/routes/admin.meetings-import/route";
import { MAX_FEED_BYTES, type ImportReport } from "../../app/models/meeting-import.server";
import { addMember } from "../../app/models/groups.server";
import { validateMeeting } from "../../app/models/meeting-input.server";
import { createMeeting, type Meeting } from "../../app/models/meetings.server";
import { createSession } from "../../app/models/sessions.server";
import { setClock } from "../../app/utils/clock.server";
import type { Group } from "../../db/schema";
import { makeGroup, makeUser } from "../factories";
import { useTestDatabase } from "../helpers/db";
import { call, context, get, post } from "../helpers/requests";

const t = useTestDatabase();
type Role = "anonymous" | "outsider" | "member" | "moderator" | "admin";
const ROLES: Role[] = ["anonymous", "outsider", "member", "moderator", "admin"];
type Kind = "public" | "private" | "hidden";
const KINDS: Kind[] = ["public", "private", "hidden"];

let groups: Record<Kind, Group>;
let meetings: Record<Kind, Meeting>;
const cookies: Record<Role, string | undefined> = { anonymous: undefined, outsider: undefined, member: undefined, moderator: undefined, admin: undefined };
const ids: Partial<Record<Role, string>> = {};

const FORM = {
  intent: "save",
  name: "Thursday Serenity",
  kind: "weekly",
  days: "4",
  startTime: "19:00",
  endTime: "20:00",
  timeZone: "America/New_York",
  attendance: "hybrid",
  locationName: "Grace Hall",
  address: "1 Serenity Way, Portland, ME",
  conferenceUrl: "https://zoom.us/j/555",
  conferencePhone: "+1 555 0100",
  types: "O",
  status: "active",
};

function form(fields: Record<string, string | string[]>, cookie?: string, path = "/meetings/new"): Request {
  const body = new URLSearchParams();
  for (const [k, v] of Object.entries(fields)) for (const value of Array.isArray(v) ? v : [v]) body.append(k, value);
  return new Request(`http://localhost:3000${path}`, {
    method: "POST",
    body,
    headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: "http://localhost:3000", ...(cookie ? { Cookie: cookie } : {}) },
  });
}

beforeEach(async () => {
  setClock("2026-06-01T12:00:00Z"); // a Monday
  for (const role of ["outsider", "member", "moderator", "admin"] as const) {
    const user = await makeUser(t.db, { role: role === "admin" ? "admin" : "member", timeZone: "America/New_York" });
    ids[role] = user.id;
    cookies[role] = `harbor_session=${(await createSession(t.db, user.id)).token}`;
  }
  groups = {} as Record<Kind, Group>;
  meetings = {} as Record<Kind, Meeting>;
  for (const kind of KINDS) {
    groups[kind] = await makeGroup(t.db, { visibility: kind, name: `Meeting group ${kind}` });
    await addMember(t.db, groups[kind].id, ids.member!);
    await addMember(t.db, groups[kind].id, ids.moderator!, "moderator");
    const input = validateMeeting({
      ...FORM,
      name: `The ${kind} meeting`,
      days: ["2"],
      types: ["O"],
      address: `${kind} secret address 12`,
      conferenceUrl: `https://zoom.us/j/${kind}999`,
    });
    if (!input.ok) throw new Error("bad fixture");
    meetings[kind] = await createMeeting(t.db, groups[kind].id, input.input, ids.moderator!);
  }
});

const canSee = (role: Role, kind: Kind) => kind === "public" || role === "member" || role === "moderator" || role === "admin";
const canManage = (role: Role) => role === "moderator" || role === "admin";

describe("who sees which meeting", () => {
  it("lists a private or hidden group's meetings in the directory only for its members and admins", async () => {
    for (const role of ROLES) {
      const res = await call<{ entries: { name: string }[] }>(directory.loader, get("/meetings", cookies[role]));
      expect(res.status).toBe(200);
      const names = new Set(res.body.entries.map((e) => e.name));
      for (const kind of KINDS) expect(names.has(`The ${kind} meeting`), `${role} / ${kind}`).toBe(canSee(role, kind));
    }
  });

  it("shows a meeting's page (with its link and address) only to those who may see it", async () => {
    for (const role of ROLES) {
      for (const kind of KINDS) {
        const res = await call(meetingPage.loader, get(`/meetings/${meetings[kind].slug}`, cookies[role]), { slug: meetings[kind].slug });
        const text = JSON.stringify(res.body);
        if (canSee(role, kind)) {
          expect(res.status, `${role} / ${kind}`).toBe(200);
          expect(text).toContain(`${kind} secret address 12`);
          expect(text).toContain(`https://zoom.us/j/${kind}999`);
        } else {
          expect(res.status, `${role} / ${kind}`).toBe(role === "anonymous" ? 302 : 404);
          expect(text).not.toContain("secret address");
          expect(text).not.toContain(`${kind}999`);
        }
      }
    }
  });

  it("shows who is going (display names) to members only", async () => {
    await call(meetingPage.action, form({ intent: "rsvp", date: "2026-06-02" }, cookies.member, `/meetings/${meetings.public.slug}`), { slug: meetings.public.slug });
    const asMember = await call<{ upcoming: { goingCount: number; goingNames: string[] }[] }>(meetingPage.loader, get(`/meetings/${meetings.public.slug}`, cookies.member), {
      slug: meetings.public.slug,
    });
    expect(asMember.body.upcoming[0]!.goingNames).toHaveLength(1);
    const asOutsider = await call<{ upcoming: { goingCount: number; goingNames: string[] }[] }>(meetingPage.loader, get(`/meetings/${meetings.public.slug}`, cookies.outsider), {
      slug: meetings.public.slug,
    });
    expect(asOutsider.body.upcoming[0]!.goingCount).toBe(1);
    expect(asOutsider.body.upcoming[0]!.goingNames).toEqual([]);
    const asVisitor = await call<{ upcoming: { goingNames: string[] }[] }>(meetingPage.loader, get(`/meetings/${meetings.public.slug}`), { slug: meetings.public.slug });
    expect(asVisitor.body.upcoming[0]!.goingNames).toEqual([]);
  });

  it("serves a group's calendar only to who may read the group, and the site feeds only public meetings", async () => {
    for (const role of ROLES) {
      for (const kind of KINDS) {
        const res = await call(groupIcs.loader, get(`/groups/${groups[kind].slug}/meetings.ics`, cookies[role]), { slug: groups[kind].slug });
        const expected = canSee(role, kind) ? 200 : role === "anonymous" && kind === "private" ? 302 : 404;
        expect(res.status, `${role} / ${kind}`).toBe(expected);
        if (expected === 200) {
          expect(res.headers.get("Content-Type")).toMatch(/^text\/calendar/);
          expect(String(res.body)).toContain(`The ${kind} meeting`);
        }
      }
      const one = await call(meetingIcs.loader, get(`/meetings/${meetings.private.slug}/calendar.ics`, cookies[role]), { slug: meetings.private.slug });
      expect(one.status).toBe(canSee(role, "private") ? 200 : role === "anonymous" ? 302 : 404);
    }
    const site = await call(siteIcs.loader, get("/meetings.ics", cookies.admin));
    expect(String(site.body)).toContain("The public meeting");
    expect(String(site.body)).not.toContain("The private meeting");
    const json = await call<{ name: string }[]>(guideFeed.loader, get("/api/meetings.json", cookies.admin));
    expect(json.headers.get("Access-Control-Allow-Origin")).toBe("*");
    expect(json.body.map((m) => m.name)).toContain("The public meeting");
    expect(JSON.stringify(json.body)).not.toMatch(/private meeting|hidden meeting|secret address 12"?,?"?(private|hidden)/);
  });
});

describe("who may change a meeting", () => {
  it("opens the edit page for the group's moderators and admins only", async () => {
    for (const role of ROLES) {
      for (const kind of KINDS) {
        const res = await call(editPage.loader, get(`/meetings/${meetings[kind].slug}/edit`, cookies[role]), { slug: meetings[kind].slug });
        const expected = !canSee(role, kind) ? (role === "anonymous" ? 302 : 404) : canManage(role) ? 200 : role === "anonymous" ? 302 : 403;
        expect(res.status, `${role} / ${kind}`).toBe(expected);
      }
    }
  });

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

  it("lets moderators (not members) cancel one occurrence with a reason and add a note; RSVPs to it are then refused", async () => {
    const slug = meetings.hidden.slug;
    const path = `/meetings/${slug}`;
    const byMember = await call(meetingPage.action, form({ intent: "cancel", date: "2026-06-09", reason: "Holiday" }, cookies.member, path), { slug });
    expect(byMember.status).toBe(403);
    const noReason = await call<{ errors: Record<string, string> }>(meetingPage.action, form({ intent: "cancel", date: "2026-06-09", reason: "" }, cookies.moderator, path), {
      slug,
    });
    expect(noReason.status).toBe(400);
    expect(noReason.body.errors.reason).toBeTruthy();
    const wrongDay = await call(meetingPage.action, form({ intent: "cancel", date: "2026-06-10", reason: "Holiday" }, cookies.moderator, path), { slug });
    expect(wrongDay.status).toBe(409);
    const cancelled = await call(meetingPage.action, form({ intent: "cancel", date: "2026-06-09", reason: "Holiday weekend" }, cookies.moderator, path), { slug });
    expect(cancelled.status).toBe(200);
    const noted = await call(meetingPage.action, form({ intent: "note", date: "2026-06-16", note: "This week in room 2" }, cookies.admin, path), { slug });
    expect(noted.status).toBe(200);
    const page = await call<{ upcoming: { date: string; cancelled: boolean; cancelReason: string; note: string }[] }>(meetingPage.loader, get(path, cookies.member), { slug });
    expect(page.body.upcoming.find((o) => o.date === "2026-06-09")).toMatchObject({ cancelled: true, cancelReason: "Holiday weekend" });
    expect(page.body.upcoming.find((o) => o.date === "2026-06-16")).toMatchObject({ cancelled: false, note: "This week in room 2" });
    const rsvp = await call<{ errors: Record<string, string> }>(meetingPage.action, form({ intent: "rsvp", date: "2026-06-09" }, cookies.member, path), { slug });
    expect(rsvp.status).toBe(409);
    expect(rsvp.body.errors.form).toMatch(/cancelled/);
    const past = await call<{ errors: Record<string, string> }>(meetingPage.action, form({ intent: "rsvp", date: "2026-05-26" }, cookies.member, path), { slug });
    expect(past.status).toBe(409);
    expect(past.body.errors.form).toMatch(/already started/);
    const visitor = await call(meetingPage.action, form({ intent: "rsvp", date: "2026-06-16" }, undefined, `/meetings/${meetings.public.slug}`), { slug: meetings.public.slug });
    expect(visitor.status).toBe(302);
    expect(visitor.headers.get("Location")).toMatch(/^\/login/);
  });

  it("shows an occurrence under way as started, offers no RSVP to it, and refuses one sent anyway", async () => {
    const slug = meetings.public.slug;
    const path = `/meetings/${slug}`;
    type Upcoming = { upcoming: { date: string; startIso: string; started: boolean }[] };
    const before = await call<Upcoming>(meetingPage.loader, get(path, cookies.outsider), { slug });
    const [next, after] = before.body.upcoming;
    expect([next!.started, after!.started]).toEqual([false, false]);
    setClock(new Date(Date.parse(next!.startIso) + 10 * 60_000).toISOString()); // ten minutes in
    try {
      const during = await call<Upcoming>(meetingPage.loader, get(path, cookies.outsider), { slug });
      expect(during.body.upcoming.slice(0, 2)).toEqual([
        expect.objectContaining({ date: next!.date, started: true }),
        expect.objectContaining({ date: after!.date, started: false }),
      ]);
      const late = await call<{ errors: Record<string, string> }>(meetingPage.action, form({ intent: "rsvp", date: next!.date }, cookies.outsider, path), { slug });
      expect(late.status).toBe(409);
      expect(late.body.errors.form).toMatch(/already started/);
      const stored = await t.db.selectFrom("meeting_rsvps").select("user_id").where("meeting_id", "=", meetings.public.id).where("user_id", "=", ids.outsider!).execute();
      expect(stored).toEqual([]);
    } finally {
      setClock("2026-06-01T12:00:00Z");
    }
  });
});

describe("My meetings", () => {
  it("keeps the attendance log to its owner, counts 90 in 90, and refuses the future", async () => {
    const slug = meetings.public.slug;
    // Tuesday 26 May 2026 has passed (now is 1 June).
    const attended = await call(meetingPage.action, form({ intent: "attended", date: "2026-05-26" }, cookies.member, `/meetings/${slug}`), { slug });
    expect(attended.status).toBe(200);
    const future = await call<{ errors: Record<string, string> }>(meetingPage.action, form({ intent: "attended", date: "2026-06-09" }, cookies.member, `/meetings/${slug}`), {
      slug,
    });
    expect(future.status).toBe(409);
    const logged = await call(myMeetings.action, form({ intent: "log", name: "Big Book at St. Luke's", day: "2026-05-30" }, cookies.member, "/my-meetings"));
    expect(logged.status).toBe(200);
    const tomorrow = await call<{ errors: Record<string, string> }>(
      myMeetings.action,
      form({ intent: "log", name: "Tomorrow's", day: "2026-06-02" }, cookies.member, "/my-meetings"),
    );
    expect(tomorrow.status).toBe(400);
    expect(tomorrow.body.errors.day).toMatch(/future/);
    const mine = await call<{ ninety: number; log: { name: string }[] }>(myMeetings.loader, get("/my-meetings", cookies.member));
    expect(mine.body.ninety).toBe(2);
    expect(mine.body.log.map((l) => l.name)).toEqual(["Big Book at St. Luke's", "The public meeting"]);
    // The moderator sees only their own (empty) log; nobody else's entries are reachable.
    const theirs = await call<{ ninety: number; log: unknown[] }>(myMeetings.loader, get("/my-meetings", cookies.moderator));
    expect(theirs.body.ninety).toBe(0);
    expect(theirs.body.log).toEqual([]);
    const entry = await t.db.selectFrom("meeting_attendance").select("id").where("user_id", "=", ids.member!).executeTakeFirstOrThrow();
    const steal = await call(myMeetings.action, form({ intent: "delete-log", id: String(entry.id) }, cookies.moderator, "/my-meetings"));
    expect(steal.status).toBe(404);
    expect((await call(myMeetings.loader, get("/my-meetings"))).status).toBe(302);
  });

  it("gives a personal feed at a secret address that stops working when regenerated or turned off", async () => {
    await call(meetingPage.action, form({ intent: "rsvp", date: "2026-06-02" }, cookies.member, `/meetings/${meetings.public.slug}`), { slug: meetings.public.slug });
    const first = await call<{ feedUrl: string }>(myMeetings.action, form({ intent: "feed-new" }, cookies.member, "/my-meetings"));
    const token1 = /\/calendar\/([a-z2-7]+)\/meetings\.ics$/.exec(first.body.feedUrl)![1]!;
    const feed = await call(personalIcs.loader, get(`/calendar/${token1}/meetings.ics`), { token: token1 });
    expect(feed.status).toBe(200);
    expect(String(feed.body)).toContain("SUMMARY:The public meeting");
    const second = await call<{ feedUrl: string }>(myMeetings.action, form({ intent: "feed-new" }, cookies.member, "/my-meetings"));
    const token2 = /\/calendar\/([a-z2-7]+)\/meetings\.ics$/.exec(second.body.feedUrl)![1]!;
    expect((await call(personalIcs.loader, get(`/calendar/${token1}/meetings.ics`), { token: token1 })).status).toBe(404);
    expect((await call(personalIcs.loader, get(`/calendar/${token2}/meetings.ics`), { token: token2 })).status).toBe(200);
    await call(myMeetings.action, form({ intent: "feed-off" }, cookies.member, "/my-meetings"));
    expect((await call(personalIcs.loader, get(`/calendar/${token2}/meetings.ics`), { token: token2 })).status).toBe(404);
  });
});

describe("the directory's filters", () => {
  it("reads filters from the URL and ignores what it doesn't understand", async () => {
    const slug = meetings.public.slug;
    const moved = await call(
      editPage.action,
      form({ ...FORM, name: "The public meeting", days: "2", startTime: "18:30", endTime: "19:30" }, cookies.moderator, `/meetings/${slug}/edit`),
      { slug },
    );
    expect(moved.status).toBe(302);
    const online = await call<{ entries: { attendance: string }[]; filters: Record<string, string> }>(
      directory.loader,
      get("/meetings?attendance=online&day=9&type=NOPE&q=public", cookies.admin),
    );
    expect(online.status).toBe(200);
    expect(online.body.filters).toMatchObject({ attendance: "online", day: "", type: "", q: "public" });
    // "Online" includes hybrid meetings (as in TSML UI).
    expect(online.body.entries.length).toBeGreaterThan(0);
    expect(online.body.entries.every((e) => e.attendance === "online" || e.attendance === "hybrid")).toBe(true);
    const tuesday = await call<{ entries: { name: string; day: string }[] }>(directory.loader, get("/meetings?day=2&q=public", cookies.admin));
    expect(tuesday.body.entries.map((e) => e.day)).toEqual(["2026-06-02"]);
    const tooFar = await call<{ entries: unknown[]; more: boolean }>(directory.loader, get("/meetings?q=public&page=99", cookies.admin));
    expect(tooFar.status).toBe(200);
    expect(tooFar.body).toMatchObject({ entries: [], more: false });
    const anon = await call<{ zone: string; entries: { when: string }[] }>(directory.loader, get("/meetings?tz=Europe/London&q=public&day=2"));
    expect(anon.body.zone).toBe("Europe/London");
    // 18:30 New York (EDT) is 23:30 in London.
    expect(anon.body.entries[0]!.when).toMatch(/^11:30 PM/);
  });
});

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

void post;
