/**
 * Meeting time across daylight-saving changes, 30-minute zones, viewers elsewhere and midnight.
 * Dates are pinned (2026): US DST starts 8 March and ends 1 November; UK/EU starts 29 March and
 * ends 25 October; Sydney ends 5 April and starts 4 October.
 */
import { describe, expect, it } from "vitest";
import { durationMinutes, nextOccurrences, occurrencesBetween, parseTime, timeOfDay, toLocal, zonedToUtc, zoneOffsetMinutes, type Schedule } from "../../app/utils/meeting-time";

const weekly = (days: number[], startTime: string, endTime: string, timeZone: string): Schedule => ({ kind: "weekly", days, date: null, startTime, endTime, timeZone });
const iso = (d: Date) => d.toISOString();

describe("zonedToUtc", () => {
  it("reads plain wall-clock times with the offset in force", () => {
    expect(iso(zonedToUtc("2026-01-13", "19:00", "America/New_York"))).toBe("2026-01-14T00:00:00.000Z");
    expect(iso(zonedToUtc("2026-07-14", "19:00", "America/New_York"))).toBe("2026-07-14T23:00:00.000Z");
    expect(iso(zonedToUtc("2026-07-14", "19:00", "Asia/Kolkata"))).toBe("2026-07-14T13:30:00.000Z");
    expect(iso(zonedToUtc("2026-01-13", "19:00", "Australia/Adelaide"))).toBe("2026-01-13T08:30:00.000Z");
    expect(iso(zonedToUtc("2026-07-14", "19:00", "Australia/Adelaide"))).toBe("2026-07-14T09:30:00.000Z");
    expect(iso(zonedToUtc("2026-07-14", "19:00", "Asia/Kathmandu"))).toBe("2026-07-14T13:15:00.000Z");
  });

  it("moves a time in the spring-forward gap to after the gap (New York, London)", () => {
    // 02:30 does not exist on 8 March 2026 in New York: read with EST (-5) it is 07:30Z = 03:30 EDT.
    expect(iso(zonedToUtc("2026-03-08", "02:30", "America/New_York"))).toBe("2026-03-08T07:30:00.000Z");
    expect(toLocal("2026-03-08T07:30:00.000Z", "America/New_York").time).toBe("03:30");
    // 01:30 does not exist on 29 March 2026 in London: 01:30Z = 02:30 BST.
    expect(iso(zonedToUtc("2026-03-29", "01:30", "Europe/London"))).toBe("2026-03-29T01:30:00.000Z");
  });

  it("takes the first of a time that happens twice on fall-back nights", () => {
    expect(iso(zonedToUtc("2026-11-01", "01:30", "America/New_York"))).toBe("2026-11-01T05:30:00.000Z"); // EDT
    expect(iso(zonedToUtc("2026-10-25", "01:30", "Europe/London"))).toBe("2026-10-25T00:30:00.000Z"); // BST
    expect(iso(zonedToUtc("2026-04-05", "02:30", "Australia/Sydney"))).toBe("2026-04-04T15:30:00.000Z"); // AEDT
  });

  it("knows offsets, including half hours", () => {
    expect(zoneOffsetMinutes(Date.parse("2026-01-01T00:00:00Z"), "America/New_York")).toBe(-300);
    expect(zoneOffsetMinutes(Date.parse("2026-01-01T00:00:00Z"), "Asia/Kolkata")).toBe(330);
    expect(zoneOffsetMinutes(Date.parse("2026-01-01T00:00:00Z"), "Australia/Adelaide")).toBe(630);
  });
});

describe("weekly occurrences", () => {
  it("keeps a Tuesday 19:00 New York meeting at 19:00 local across spring forward and fall back", () => {
    const s = weekly([2], "19:00", "20:00", "America/New_York");
    const spring = occurrencesBetween(s, new Date("2026-03-01T00:00:00Z"), new Date("2026-03-15T00:00:00Z"));
    expect(spring.map((o) => [o.date, iso(o.start), iso(o.end)])).toEqual([
      ["2026-03-03", "2026-03-04T00:00:00.000Z", "2026-03-04T01:00:00.000Z"],
      ["2026-03-10", "2026-03-10T23:00:00.000Z", "2026-03-11T00:00:00.000Z"],
    ]);
    const fall = occurrencesBetween(s, new Date("2026-10-25T00:00:00Z"), new Date("2026-11-08T00:00:00Z"));
    expect(fall.map((o) => iso(o.start))).toEqual(["2026-10-27T23:00:00.000Z", "2026-11-04T00:00:00.000Z"]);
    for (const o of [...spring, ...fall]) expect(toLocal(o.start, "America/New_York").time).toBe("19:00");
  });

  it("keeps a Sunday 18:30 London meeting at 18:30 local across the UK changes", () => {
    const s = weekly([0], "18:30", "19:30", "Europe/London");
    const got = occurrencesBetween(s, new Date("2026-03-21T00:00:00Z"), new Date("2026-04-06T00:00:00Z")).map((o) => iso(o.start));
    expect(got).toEqual(["2026-03-22T18:30:00.000Z", "2026-03-29T17:30:00.000Z", "2026-04-05T17:30:00.000Z"]);
    const autumn = occurrencesBetween(s, new Date("2026-10-18T00:00:00Z"), new Date("2026-10-27T00:00:00Z")).map((o) => iso(o.start));
    expect(autumn).toEqual(["2026-10-18T17:30:00.000Z", "2026-10-25T18:30:00.000Z"]);
  });

  it("a meeting during the night clocks change lasts its real length (01:00–03:00 New York on 8 March is one hour)", () => {
    const s = weekly([0], "01:00", "03:00", "America/New_York");
    const [o] = occurrencesBetween(s, new Date("2026-03-08T00:00:00Z"), new Date("2026-03-09T00:00:00Z"));
    expect(iso(o!.start)).toBe("2026-03-08T06:00:00.000Z");
    expect(iso(o!.end)).toBe("2026-03-08T07:00:00.000Z");
  });

  it("follows Sydney's autumn change (April) and spring change (October)", () => {
    const s = weekly([1], "19:00", "20:00", "Australia/Sydney");
    const april = occurrencesBetween(s, new Date("2026-03-29T00:00:00Z"), new Date("2026-04-08T00:00:00Z")).map((o) => iso(o.start));
    expect(april).toEqual(["2026-03-30T08:00:00.000Z", "2026-04-06T09:00:00.000Z"]);
    const october = occurrencesBetween(s, new Date("2026-09-27T00:00:00Z"), new Date("2026-10-07T00:00:00Z")).map((o) => iso(o.start));
    expect(october).toEqual(["2026-09-28T09:00:00.000Z", "2026-10-05T08:00:00.000Z"]);
  });

  it("shows a Los Angeles meeting on the London viewer's own day and time", () => {
    // Monday 19:00 in Los Angeles (PDT, -7) is 02:00Z Tuesday: 03:00 Tuesday in London (BST).
    const s = weekly([1], "19:00", "20:00", "America/Los_Angeles");
    const [june] = occurrencesBetween(s, new Date("2026-06-01T00:00:00Z"), new Date("2026-06-03T00:00:00Z"));
    expect(toLocal(june!.start, "Europe/London")).toMatchObject({ date: "2026-06-02", time: "03:00", weekday: 2 });
    // Between the US change (8 March) and the UK one (29 March) the gap is 7 hours, not 8.
    const [march] = occurrencesBetween(s, new Date("2026-03-16T00:00:00Z"), new Date("2026-03-18T00:00:00Z"));
    expect(toLocal(march!.start, "Europe/London")).toMatchObject({ date: "2026-03-17", time: "02:00" });
    const [january] = occurrencesBetween(s, new Date("2026-01-12T00:00:00Z"), new Date("2026-01-14T00:00:00Z"));
    expect(toLocal(january!.start, "Europe/London")).toMatchObject({ date: "2026-01-13", time: "03:00" });
  });

  it("handles a meeting from 23:30 to 00:30: it ends the next day and is found while in progress", () => {
    const s = weekly([2], "23:30", "00:30", "America/New_York");
    expect(durationMinutes("23:30", "00:30")).toBe(60);
    // Wednesday 00:10 New York (05:10Z in January): Tuesday's meeting is still on.
    const during = occurrencesBetween(s, new Date("2026-01-14T05:10:00Z"), new Date("2026-01-14T05:11:00Z"));
    expect(during).toHaveLength(1);
    expect(during[0]).toMatchObject({ date: "2026-01-13" });
    expect(iso(during[0]!.start)).toBe("2026-01-14T04:30:00.000Z");
    expect(iso(during[0]!.end)).toBe("2026-01-14T05:30:00.000Z");
    expect(occurrencesBetween(s, new Date("2026-01-14T05:31:00Z"), new Date("2026-01-14T05:40:00Z"))).toHaveLength(0);
  });

  it("lists the next occurrences of a weekly meeting on several days, and of a one-off meeting", () => {
    const s = weekly([1, 3, 5], "07:00", "08:00", "Europe/London");
    const next = nextOccurrences(s, new Date("2026-12-01T12:00:00Z"), 4);
    expect(next.map((o) => o.date)).toEqual(["2026-12-02", "2026-12-04", "2026-12-07", "2026-12-09"]);
    const once: Schedule = { kind: "one_off", days: [], date: "2026-12-12", startTime: "14:00", endTime: "17:00", timeZone: "America/Chicago" };
    expect(nextOccurrences(once, new Date("2026-12-01T12:00:00Z"), 4).map((o) => iso(o.start))).toEqual(["2026-12-12T20:00:00.000Z"]);
    expect(nextOccurrences(once, new Date("2026-12-13T12:00:00Z"), 4)).toEqual([]);
  });
});

describe("parsing and buckets", () => {
  it("rejects times that are not 24-hour HH:MM", () => {
    expect(parseTime("25:00")).toBeNull();
    expect(parseTime("7pm")).toBeNull();
    expect(parseTime("19:60")).toBeNull();
    expect(parseTime("00:00")).toBe(0);
    expect(parseTime("23:59")).toBe(1439);
  });
  it("puts times in morning, midday, evening and night", () => {
    expect(timeOfDay(parseTime("06:30")!)).toBe("morning");
    expect(timeOfDay(parseTime("12:00")!)).toBe("midday");
    expect(timeOfDay(parseTime("19:00")!)).toBe("evening");
    expect(timeOfDay(parseTime("23:30")!)).toBe("night");
    expect(timeOfDay(parseTime("02:00")!)).toBe("night");
  });
});
