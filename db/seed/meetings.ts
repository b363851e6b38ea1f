import type { Kysely } from "kysely";
import type { Database } from "../schema";
import type { SeedContext } from "./context";
import { validateMeeting, type RawMeeting } from "../../app/models/meeting-input.server";
import { createMeeting, nextOccurrencesOf } from "../../app/models/meetings.server";
import { recordOutsideAttendance } from "../../app/models/meeting-attendance.server";
import { rsvp } from "../../app/models/meeting-rsvps.server";
import { setOccurrence } from "../../app/models/meeting-occurrences.server";
import { now as clockNow } from "../../app/utils/clock.server";
import { addDays, toLocal } from "../../app/utils/meeting-time";

interface DemoMeeting extends RawMeeting {
  group: string;
  by: string;
}

/** Several zones, weekly and one-off, in person / online / hybrid, in public, private and hidden groups. */
function demoMeetings(today: string): DemoMeeting[] {
  return [
    {
      group: "benzo-recovery-circle",
      by: "sam@harbor.test",
      name: "Tuesday Night Hope",
      slug: "tuesday-night-hope",
      kind: "weekly",
      days: ["2"],
      startTime: "19:00",
      endTime: "20:00",
      timeZone: "America/Chicago",
      attendance: "hybrid",
      locationName: "Lakeview Community Hall",
      address: "3300 N Broadway, Chicago, IL 60657, USA",
      locationNotes: "Side door on Aldine Ave; room 2 upstairs. Step-free entrance.",
      latitude: "41.9405",
      longitude: "-87.6443",
      conferenceUrl: "https://meet.jit.si/harbor-tuesday-night-hope",
      conferenceUrlNotes: "No password. Cameras optional.",
      types: ["O", "D", "X"],
      notes: "Newcomers welcome. We read the tapering safety note at the start of every meeting.",
      region: "Chicago > Lakeview",
      meetingGroup: "Lakeview Hope Group",
      groupNotes: "Business meeting on the first Tuesday of the month, after the meeting.",
      contacts: [{ name: "Sam R.", email: "hope-group@harbor.test", phone: "+1 312 555 0142" }],
      venmo: "@LakeviewHope",
    },
    {
      group: "benzo-recovery-circle",
      by: "sam@harbor.test",
      name: "Benzo Morning Check-in",
      slug: "benzo-morning-check-in",
      kind: "weekly",
      days: ["1", "3", "5"],
      startTime: "08:00",
      endTime: "08:45",
      timeZone: "America/New_York",
      attendance: "online",
      conferenceUrl: "https://us02web.zoom.us/j/81234567890",
      conferenceUrlNotes: "Passcode: harbor",
      conferencePhone: "+1 646 558 8656,,81234567890#",
      conferencePhoneNotes: "Passcode 2468",
      types: ["O", "D", "MED"],
      notes: "Twenty minutes of sharing how the night went, then one intention for the day.",
      area: "Boston, MA, USA",
    },
    {
      group: "benzo-recovery-circle",
      by: "sam@harbor.test",
      name: "Late Night Lifeline",
      slug: "late-night-lifeline",
      kind: "weekly",
      days: ["5", "6"],
      startTime: "23:30",
      endTime: "00:30",
      timeZone: "America/Los_Angeles",
      attendance: "online",
      conferenceUrl: "https://meet.google.com/abc-defg-hij",
      types: ["O", "D"],
      notes: "For the hard hours. Runs past midnight.",
    },
    {
      group: "sleep-and-anxiety",
      by: "admin@harbor.test",
      name: "Sunday Calm",
      slug: "sunday-calm",
      kind: "weekly",
      days: ["0"],
      startTime: "18:30",
      endTime: "19:30",
      timeZone: "Europe/London",
      attendance: "in_person",
      locationName: "Friends Meeting House, Room 4",
      address: "173-177 Euston Rd, London NW1 2BJ, UK",
      locationNotes: "Ask at reception for the Harbor group.",
      types: ["O", "11", "ST"],
    },
    {
      group: "sleep-and-anxiety",
      by: "admin@harbor.test",
      name: "Sunrise Meditation",
      slug: "sunrise-meditation",
      kind: "weekly",
      days: ["0", "1", "2", "3", "4", "5", "6"],
      startTime: "06:30",
      endTime: "07:00",
      timeZone: "Asia/Kolkata",
      attendance: "online",
      conferenceUrl: "https://meet.jit.si/harbor-sunrise",
      area: "Kolkata, West Bengal, India",
      types: ["11", "O"],
      notes: "Silent sitting, then a short reading.",
    },
    {
      group: "spring-2026-alumni",
      by: "admin@harbor.test",
      name: "Spring Alumni Reunion",
      slug: "spring-alumni-reunion",
      kind: "one_off",
      date: addDays(today, 5),
      startTime: "14:00",
      endTime: "17:00",
      timeZone: "America/New_York",
      attendance: "in_person",
      locationName: "Riverside Park, picnic area 3",
      address: "Riverside Dr & W 103rd St, New York, NY 10025, USA",
      types: ["C"],
      notes: "Bring something to share. Families welcome after 3 pm.",
    },
    {
      group: "spring-2026-alumni",
      by: "admin@harbor.test",
      name: "Alumni Thursday Check-in",
      slug: "alumni-thursday-check-in",
      kind: "weekly",
      days: ["4"],
      startTime: "19:00",
      endTime: "20:00",
      timeZone: "America/New_York",
      attendance: "online",
      conferenceUrl: "https://teams.microsoft.com/l/meetup-join/harbor-alumni",
      types: ["C", "D"],
    },
    {
      group: "family-and-friends-tuesday",
      by: "admin@harbor.test",
      name: "Family Tuesday Circle",
      slug: "family-tuesday-circle",
      kind: "weekly",
      days: ["2"],
      startTime: "18:00",
      endTime: "19:15",
      timeZone: "America/Denver",
      attendance: "hybrid",
      locationName: "Clinic library",
      address: "1600 Pennsylvania St, Denver, CO 80203, USA",
      conferenceUrl: "https://zoom.us/j/99887766554",
      types: ["C", "AL-AN"],
    },
  ];
}

/** Demo data of the meetings area; idempotent (running the seed twice adds nothing). */
export async function seedMeetings(db: Kysely<Database>, ctx: SeedContext): Promise<void> {
  const now = clockNow();
  const today = toLocal(now, "America/New_York").date;
  let added = 0;
  for (const demo of demoMeetings(today)) {
    const groupId = ctx.groupIds.get(demo.group);
    if (!groupId) continue;
    if (await db.selectFrom("meetings").select("id").where("slug", "=", demo.slug!).executeTakeFirst()) continue;
    const result = validateMeeting(demo);
    if (!result.ok) throw new Error(`Demo meeting ${demo.slug} is invalid: ${JSON.stringify(result.errors)}`);
    await createMeeting(db, groupId, result.input, ctx.userIds.get(demo.by) ?? null, new Date(now.getTime() - 30 * 86_400_000));
    added += 1;
  }
  if (added === 0) return;
  ctx.created.push(`${added} meetings`);
  // A group's area served: its online meetings without an area of their own are published under it.
  const circle = ctx.groupIds.get("benzo-recovery-circle");
  if (circle) await db.updateTable("groups").set({ area_served: "Chicago, IL, USA" }).where("id", "=", circle).where("area_served", "=", "").execute();

  const bySlug = async (slug: string) => db.selectFrom("meetings").selectAll().where("slug", "=", slug).executeTakeFirstOrThrow();
  const sam = ctx.userIds.get("sam@harbor.test")!;
  const riley = ctx.userIds.get("riley@harbor.test")!;
  const alex = ctx.userIds.get("alex@harbor.test")!;
  // Occurrences still to start (the next one may be under way as the seed runs, and cannot take RSVPs).
  const coming = (meeting: Awaited<ReturnType<typeof bySlug>>, count: number) =>
    nextOccurrencesOf(meeting, now, count + 1)
      .filter((o) => o.start.getTime() > now.getTime())
      .slice(0, count);
  const hope = await bySlug("tuesday-night-hope");
  const [nextHope, secondHope] = coming(hope, 2);
  if (nextHope) {
    await setOccurrence(db, hope, nextHope.date, { cancelled: false, reason: "", note: "This week we're in room 4 (room 2 is being painted)." }, sam, now);
    await rsvp(db, hope, nextHope.date, sam, now);
    await rsvp(db, hope, nextHope.date, alex, now);
  }
  if (secondHope) await rsvp(db, hope, secondHope.date, sam, now);
  const morning = await bySlug("benzo-morning-check-in");
  const [, nextMorning] = coming(morning, 2);
  if (nextMorning) await setOccurrence(db, morning, nextMorning.date, { cancelled: true, reason: "Our host is away; back next time.", note: "" }, sam, now);
  const calm = await bySlug("sunday-calm");
  const [nextCalm] = coming(calm, 1);
  if (nextCalm) await rsvp(db, calm, nextCalm.date, riley, now);
  // Riley's private log: a few meetings in the last days.
  const rileyToday = toLocal(now, "Europe/London").date;
  for (const [days, name] of [
    [1, "Thursday Big Book, St. Luke's"],
    [3, "Sunday Calm"],
    [4, "Hospital aftercare group"],
  ] as const) {
    await recordOutsideAttendance(db, riley, name, addDays(rileyToday, -days), "Europe/London", now);
  }
}
