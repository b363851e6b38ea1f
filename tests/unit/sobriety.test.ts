import { describe, expect, it } from "vitest";
import {
  DEFAULT_MILESTONES,
  NA_KEY_TAGS,
  addMonths,
  calendarSpan,
  countingDay,
  daysBetween,
  formatSpan,
  localDateTime,
  milestonesFor,
  streaksOf,
  summarize,
} from "../../app/utils/sobriety";
import { openForReading, openText, sealText, UNREADABLE_TEXT, UnreadableTextError, resetDataKeys } from "../../app/utils/private-text.server";

describe("calendar arithmetic", () => {
  it("adds calendar months, clamping to the end of shorter months and leap years", () => {
    expect(addMonths("2026-08-31", 6)).toBe("2027-02-28");
    expect(addMonths("2027-08-31", 6)).toBe("2028-02-29");
    expect(addMonths("2024-02-29", 12)).toBe("2025-02-28");
    expect(addMonths("2024-02-29", 48)).toBe("2028-02-29");
    expect(addMonths("2026-01-31", 1)).toBe("2026-02-28");
    expect(addMonths("2026-11-15", 3)).toBe("2027-02-15");
  });

  it("counts days across a leap day", () => {
    expect(daysBetween("2028-02-28", "2028-03-01")).toBe(2);
    expect(daysBetween("2027-02-28", "2027-03-01")).toBe(1);
    expect(daysBetween("2026-01-01", "2027-01-01")).toBe(365);
    expect(daysBetween("2028-01-01", "2029-01-01")).toBe(366);
  });

  it("splits a span into years, months and days", () => {
    expect(calendarSpan("2025-01-15", "2026-03-20")).toEqual({ years: 1, months: 2, days: 5 });
    expect(calendarSpan("2026-08-31", "2027-02-28")).toEqual({ years: 0, months: 6, days: 0 });
    expect(formatSpan({ years: 1, months: 0, days: 1 })).toBe("1 year, 1 day");
    expect(formatSpan({ years: 0, months: 0, days: 0 })).toBe("0 days");
  });
});

describe("the member's own day", () => {
  it("turns over at the member's midnight, not the server's", () => {
    // 03:30 UTC on 1 Dec is still 30 Nov in New York and already 1 Dec in Tokyo.
    const instant = new Date("2026-12-01T03:30:00Z");
    expect(localDateTime(instant, "America/New_York")).toEqual({ date: "2026-11-30", time: "22:30" });
    expect(localDateTime(instant, "Asia/Tokyo").date).toBe("2026-12-01");
  });

  it("counts a daylight-saving day of 23 hours as one day (spring forward)", () => {
    const history = { startDate: "2026-03-01", startTime: null, slips: [] };
    // 8 March 2026 is 23 hours long in New York. Just before and just after local midnight:
    const before = summarize(history, DEFAULT_MILESTONES, new Date("2026-03-09T03:59:00Z"), "America/New_York");
    const after = summarize(history, DEFAULT_MILESTONES, new Date("2026-03-09T04:01:00Z"), "America/New_York");
    expect(before.current.days).toBe(7);
    expect(after.current.days).toBe(8);
  });

  it("counts a day of 25 hours as one day (fall back)", () => {
    const history = { startDate: "2026-10-31", startTime: null, slips: [] };
    // 1 Nov 2026 has 25 hours in New York: 23:30 local on 1 Nov is 04:30Z on 2 Nov.
    expect(summarize(history, DEFAULT_MILESTONES, new Date("2026-11-02T04:30:00Z"), "America/New_York").current.days).toBe(1);
    expect(summarize(history, DEFAULT_MILESTONES, new Date("2026-11-02T05:01:00Z"), "America/New_York").current.days).toBe(2);
  });

  it("with a start time, a day completes at that time of day", () => {
    const history = { startDate: "2026-11-01", startTime: "21:30", slips: [] };
    expect(countingDay(history, new Date("2026-11-03T02:00:00Z"), "America/New_York")).toBe("2026-11-01"); // 21:00 on 2 Nov
    expect(countingDay(history, new Date("2026-11-03T02:45:00Z"), "America/New_York")).toBe("2026-11-02"); // 21:45 on 2 Nov
  });
});

describe("milestones", () => {
  it("places the default set: early markers, days up to 90, then calendar months and years", () => {
    const placed = milestonesFor(DEFAULT_MILESTONES, "2026-08-31", "2029-01-01");
    expect(placed.map((m) => m.label)).toEqual([
      "24 hours",
      "1 week",
      "2 weeks",
      "30 days",
      "60 days",
      "90 days",
      "6 months",
      "9 months",
      "1 year",
      "18 months",
      "2 years",
      "3 years",
    ]);
    const byLabel = Object.fromEntries(placed.map((m) => [m.label, m.date]));
    expect(byLabel["90 days"]).toBe("2026-11-29");
    expect(byLabel["6 months"]).toBe("2027-02-28");
    expect(byLabel["1 year"]).toBe("2027-08-31");
    expect(byLabel["2 years"]).toBe("2028-08-31");
  });

  it("the NA key tags have their colours", () => {
    const placed = milestonesFor(NA_KEY_TAGS, "2026-01-01", "2027-01-01");
    expect(placed.slice(0, 9).map((m) => `${m.label}:${m.color}`)).toEqual([
      "1 day:white",
      "30 days:orange",
      "60 days:green",
      "90 days:red",
      "6 months:blue",
      "9 months:yellow",
      "1 year:glow",
      "18 months:grey",
      "2 years:black",
    ]);
  });

  it("a leap-day start reaches its first year on 28 February", () => {
    const s = summarize({ startDate: "2024-02-29", startTime: null, slips: [] }, DEFAULT_MILESTONES, new Date("2025-02-28T17:00:00Z"), "UTC");
    expect(s.reached.map((m) => m.label)).toContain("1 year");
    const dayBefore = summarize({ startDate: "2024-02-29", startTime: null, slips: [] }, DEFAULT_MILESTONES, new Date("2025-02-27T17:00:00Z"), "UTC");
    expect(dayBefore.next?.label).toBe("1 year");
    expect(dayBefore.next?.daysToGo).toBe(1);
  });

  it("shows 89 days with 90 next, then the 90-day chip the day after", () => {
    const history = { startDate: "2026-09-02", startTime: null, slips: [] };
    const day89 = summarize(history, DEFAULT_MILESTONES, new Date("2026-11-30T15:00:00Z"), "America/New_York");
    expect(day89.current.days).toBe(89);
    expect(day89.next).toMatchObject({ label: "90 days", daysToGo: 1 });
    expect(day89.next!.progress).toBeCloseTo(29 / 30);
    const day90 = summarize(history, DEFAULT_MILESTONES, new Date("2026-12-01T15:00:00Z"), "America/New_York");
    expect(day90.reached[day90.reached.length - 1]!.label).toBe("90 days");
    expect(day90.next?.label).toBe("6 months");
    expect(day90.span).toEqual({ years: 0, months: 2, days: 29 });
  });
});

describe("streaks across slips", () => {
  it("keeps every streak, the longest and the total; a slip starts the next streak the same day", () => {
    const history = { startDate: "2026-01-01", startTime: null, slips: ["2026-03-02", "2026-03-10"] };
    const streaks = streaksOf(history, "2026-04-09");
    expect(streaks).toEqual([
      { start: "2026-01-01", end: "2026-03-02", days: 60 },
      { start: "2026-03-02", end: "2026-03-10", days: 8 },
      { start: "2026-03-10", end: null, days: 30 },
    ]);
    const s = summarize(history, DEFAULT_MILESTONES, new Date("2026-04-09T12:00:00Z"), "UTC");
    expect([s.current.days, s.longestDays, s.totalDays]).toEqual([30, 60, 98]);
    expect(s.reached.map((m) => m.label)).toEqual(["24 hours", "1 week", "2 weeks", "30 days"]);
  });

  it("the start time only shifts the first streak", () => {
    const s = summarize({ startDate: "2026-01-01", startTime: "23:00", slips: ["2026-01-05"] }, DEFAULT_MILESTONES, new Date("2026-01-06T12:00:00Z"), "UTC");
    expect(s.current.days).toBe(1);
  });
});

describe("private text at rest", () => {
  it("seals with a fresh nonce each time, and opens only for its owner", () => {
    resetDataKeys();
    const a = sealText("What helped: calling Maria.", "user-a");
    const b = sealText("What helped: calling Maria.", "user-a");
    expect(a).not.toBe(b);
    expect(a).not.toContain("Maria");
    expect(openText(a, "user-a")).toBe("What helped: calling Maria.");
    expect(() => openText(a, "user-b")).toThrow(UnreadableTextError);
    const tampered = a.slice(0, -3) + (a.endsWith("A") ? "B" : "A") + a.slice(-2);
    expect(() => openText(tampered, "user-a")).toThrow(UnreadableTextError);
  });

  it("rotates keys: the first key seals, older keys still open", () => {
    const key = (n: number) => Buffer.alloc(32, n).toString("base64");
    process.env.HARBOR_DATA_KEYS = `old:${key(1)}`;
    resetDataKeys();
    const sealed = sealText("plan", "u");
    expect(sealed.split(".")[1]).toBe("old");
    process.env.HARBOR_DATA_KEYS = `new:${key(2)},old:${key(1)}`;
    resetDataKeys();
    expect(openText(sealed, "u")).toBe("plan");
    expect(sealText("plan", "u").split(".")[1]).toBe("new");
    process.env.HARBOR_DATA_KEYS = `new:${key(2)}`;
    resetDataKeys();
    expect(() => openText(sealed, "u")).toThrow(/not configured/);
    // A page reading a value whose key is gone shows a notice instead of failing.
    expect(openForReading(sealed, "u")).toBe(UNREADABLE_TEXT);
    expect(openForReading(null, "u")).toBe("");
    delete process.env.HARBOR_DATA_KEYS;
    resetDataKeys();
  });
});
