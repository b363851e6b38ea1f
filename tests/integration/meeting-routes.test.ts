/**
 * The meeting pages and feeds through their loaders and actions, as anonymous, outsider, member,
 * group moderator and site admin, in public, private and hidden groups: who sees which meeting
 * (and its link and address), who may open the edit page, cancel a date or add a note, RSVP and
 * attendance, My meetings and the directory's filters. The form itself: meeting-form.test.ts;
 * the import page: meeting-import-page.test.ts.
 */
import { describe, expect, it } from "vitest";
import * as directory from "../../app/routes/meetings._index/route";
import * as meetingPage from "../../app/routes/meetings.$slug._index/route";
import * as editPage from "../../app/routes/meetings.$slug.edit/route";
import * as myMeetings from "../../app/routes/my-meetings/route";
import * as siteIcs from "../../app/routes/meetings[.ics]/route";
import * as groupIcs from "../../app/routes/groups.$slug.meetings[.ics]/route";
import * as meetingIcs from "../../app/routes/meetings.$slug.calendar[.ics]/route";
import * as personalIcs from "../../app/routes/calendar.$token.meetings[.ics]/route";
import * as guideFeed from "../../app/routes/api.meetings[.json]/route";
import { setClock } from "../../app/utils/clock.server";
import { useTestDatabase } from "../helpers/db";
import { canManage, canSee, form, FORM, KINDS, MONDAY_NOON, ROLES, useMeetingCast } from "../helpers/meeting-roles";
import { call, get } from "../helpers/requests";

const t = useTestDatabase();
const { groups, meetings, cookies, ids } = useMeetingCast(t);

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
      setClock(MONDAY_NOON);
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
