/**
 * Meeting reminders (at the member's chosen offsets, on the real start instant across a DST change,
 * never for cancelled occurrences, never twice) and the daily digest (from 8 a.m. local, once a day).
 */
import { afterEach, describe, expect, it } from "vitest";
import { createMeeting } from "../../app/models/meetings.server";
import { rsvp } from "../../app/models/meeting-rsvps.server";
import { setOccurrence } from "../../app/models/meeting-occurrences.server";
import { listNotifications } from "../../app/models/notifications.server";
import { saveReminderMinutes, savePreferences } from "../../app/models/notification-settings.server";
import { notify } from "../../app/models/notify.server";
import { sendDigests, sendMeetingReminders } from "../../app/models/scheduled-mail.server";
import { resetClock, setClock } from "../../app/utils/clock.server";
import { makeGroup, makeUser, meetingInput } from "../factories";
import { useTestDatabase } from "../helpers/db";

const t = useTestDatabase();
afterEach(() => resetClock());

async function mondayMeeting(name: string) {
  const group = await makeGroup(t.db, { visibility: "public" });
  const owner = await makeUser(t.db);
  const input = await meetingInput({ name, days: ["1"], attendance: "online", locationName: "", address: "", conferencePhone: "", types: ["O"] });
  return createMeeting(t.db, group.id, input, owner.id);
}

async function remindersOf(userId: string) {
  return t.db.selectFrom("notifications").select(["data"]).where("user_id", "=", userId).where("type", "=", "meeting_reminder").orderBy("id").execute();
}

describe("meeting reminders", () => {
  it("arrive 1 day and 1 hour before a meeting just after the DST change, at the right local time, once each", async () => {
    // Clocks in New York go forward on Sunday 14 March 2027: the Monday meeting at 7 p.m. is 23:00 UTC, not 00:00.
    setClock("2027-03-10T12:00:00Z");
    const meeting = await mondayMeeting("Monday Evening Serenity");
    const ny = await makeUser(t.db, { timeZone: "America/New_York" });
    const london = await makeUser(t.db, { timeZone: "Europe/London" });
    await saveReminderMinutes(t.db, ny.id, [60, 1440]);
    for (const u of [ny, london]) await rsvp(t.db, meeting, "2027-03-15", u.id);

    expect(await sendMeetingReminders(t.db, new Date("2027-03-14T22:59:00Z"))).toBe(0);
    expect(await sendMeetingReminders(t.db, new Date("2027-03-14T23:00:00Z"))).toBe(1); // a day before, for ny only
    expect(await sendMeetingReminders(t.db, new Date("2027-03-14T23:00:30Z"))).toBe(0);
    expect(await sendMeetingReminders(t.db, new Date("2027-03-15T21:59:00Z"))).toBe(0);
    expect(await sendMeetingReminders(t.db, new Date("2027-03-15T22:00:00Z"))).toBe(2); // an hour before, both
    expect(await sendMeetingReminders(t.db, new Date("2027-03-15T22:30:00Z"))).toBe(0);

    const nyReminders = await remindersOf(ny.id);
    expect(nyReminders).toHaveLength(2);
    expect(JSON.parse(nyReminders[1]!.data)).toMatchObject({ startsAt: "2027-03-15T23:00:00.000Z", minutesBefore: 60 });
    const nyText = (await listNotifications(t.db, { id: ny.id, timeZone: "America/New_York" })).items[0]!.text;
    expect(nyText).toBe("Reminder: Monday Evening Serenity starts Mar 15, 2027, 7:00 PM (your time).");
    const londonText = (await listNotifications(t.db, { id: london.id, timeZone: "Europe/London" })).items[0]!.text;
    expect(londonText).toContain("11:00 PM");
    // Reminders are e-mailed by default, with the local time and without the meeting's name.
    const mail = await t.db.selectFrom("mail_outbox").selectAll().where("to_address", "=", ny.email).orderBy("id", "desc").executeTakeFirstOrThrow();
    expect(mail.subject).toBe("Reminder: a meeting you're going to starts soon");
    expect(mail.text_body).toContain("It starts Mar 15, 2027, 7:00 PM (your time).");
    expect(mail.text_body).not.toContain("Serenity");
  });

  it("are not sent for a cancelled occurrence", async () => {
    setClock("2027-04-01T12:00:00Z");
    const meeting = await mondayMeeting("Cancelled Monday");
    const member = await makeUser(t.db);
    await rsvp(t.db, meeting, "2027-04-05", member.id);
    await setOccurrence(t.db, meeting, "2027-04-05", { cancelled: true, reason: "Hall closed", note: "" }, meeting.created_by ?? member.id);
    expect(await sendMeetingReminders(t.db, new Date("2027-04-05T22:00:00Z"))).toBe(0);
    expect(await remindersOf(member.id)).toHaveLength(0);
  });
});

describe("the daily digest", () => {
  it("gathers digest notifications into one e-mail from 8 a.m. in the member's zone, once a day", async () => {
    const member = await makeUser(t.db, { timeZone: "America/Los_Angeles" });
    await savePreferences(t.db, member.id, { milestone: "digest", report_outcome: "digest" });
    await notify(t.db, { userId: member.id, type: "milestone", data: { label: "60 days" } });
    await notify(t.db, { userId: member.id, type: "milestone", data: { label: "2 months" } });
    await notify(t.db, { userId: member.id, type: "report_outcome", data: { outcome: "no_action" } });
    // 7:30 in Los Angeles: not yet.
    expect(await sendDigests(t.db, new Date("2027-05-03T14:30:00Z"))).toBe(0);
    expect(await sendDigests(t.db, new Date("2027-05-03T15:05:00Z"))).toBe(1);
    const mails = await t.db.selectFrom("mail_outbox").selectAll().where("to_address", "=", member.email).execute();
    expect(mails).toHaveLength(1);
    expect(mails[0]!.subject).toBe("Your daily Harbor digest");
    expect(mails[0]!.text_body).toContain("Milestones: 2");
    expect(mails[0]!.text_body).toContain("Your reports: 1");
    expect(mails[0]!.text_body).not.toContain("60 days");
    expect(JSON.parse(mails[0]!.headers)["List-Unsubscribe"]).toContain("t=all");
    // Later the same day, more news waits for tomorrow's digest.
    await notify(t.db, { userId: member.id, type: "milestone", data: { label: "9 weeks" } });
    expect(await sendDigests(t.db, new Date("2027-05-03T20:00:00Z"))).toBe(0);
    expect(await sendDigests(t.db, new Date("2027-05-04T15:00:00Z"))).toBe(1);
  });
});
