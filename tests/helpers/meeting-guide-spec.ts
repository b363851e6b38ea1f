/**
 * The Meeting Guide spec's rules for a published feed (the README of @code4recovery/spec: required
 * fields, time fields, geographic fields, online meeting fields), as one check per meeting; the
 * real intergroup feed kept in shared/fixtures comes from ./shared-fixtures.
 */
import { isMeetingType } from "@code4recovery/spec";
import { expect } from "vitest";
import type { MeetingGuideMeeting } from "../../app/models/meeting-feeds.server";
import { conferenceProvider } from "../../app/utils/meeting-labels";
import { hasCoordinates, hasStreetDetail } from "../../app/utils/meeting-places";
import { isValidTimeZone } from "../../app/utils/time";

export { readSussexFeed, sussexFeedPath } from "./shared-fixtures";

const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;

/**
 * One published meeting against the spec: name and slug; day and time (Harbor publishes weekly
 * meetings only); a valid zone and known type codes; geographic information, which the Meeting
 * Guide app needs to list a meeting at all — `"approximate": "no"` only for a specific place,
 * `"yes"` (an area, never coordinates to navigate to) for an online meeting; an online meeting
 * active through a video link or a phone; contacts without last names.
 */
export function expectSpecMeeting(m: MeetingGuideMeeting) {
  const label = `${m.slug} (${m.name})`;
  expect(typeof m.name === "string" && m.name.length > 0 && m.name.length <= 255, label).toBe(true);
  expect(m.slug, label).toMatch(/^[a-z0-9-]{1,64}$/);
  const days = Array.isArray(m.day) ? m.day : [m.day];
  expect(days.length, label).toBeGreaterThan(0);
  for (const d of days) expect([0, 1, 2, 3, 4, 5, 6], label).toContain(d);
  expect(m.time, label).toMatch(HHMM);
  expect(m.end_time, label).toMatch(HHMM);
  expect(isValidTimeZone(m.timezone), label).toBe(true);
  for (const type of m.types) expect(isMeetingType(type), `${label}: type ${type}`).toBe(true);
  expect(m.updated, label).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
  expect(m.url, label).toMatch(/^https?:\/\//);
  // Geographic information.
  expect(m.formatted_address.trim().length, `${label} has no geographic information`).toBeGreaterThan(0);
  expect(["yes", "no"], label).toContain(m.approximate);
  if (m.approximate === "no") expect(hasStreetDetail(undefined, m.formatted_address) || hasCoordinates(m.latitude ?? null, m.longitude ?? null), label).toBe(true);
  else expect(m.latitude, label).toBeUndefined();
  if (m.latitude !== undefined) expect(typeof m.latitude === "number" && typeof m.longitude === "number", label).toBe(true);
  // Attendance as TSML reads it.
  expect(["in_person", "online", "hybrid"], label).toContain(m.attendance_option);
  const online = !!m.conference_url || !!m.conference_phone;
  // An online meeting is published at its area; one whose location is only closed for now (TC)
  // keeps that location.
  if (m.attendance_option === "online" && !m.types.includes("TC")) {
    expect(m.approximate, label).toBe("yes");
    expect(m.location, label).toBeUndefined();
  }
  if (m.attendance_option !== "in_person") expect(online, `${label} is online without a link or phone`).toBe(true);
  if (m.attendance_option !== "online") expect(m.approximate, label).toBe("no");
  if (m.conference_url) expect(conferenceProvider(m.conference_url), label).not.toBeNull();
  if (m.conference_phone) expect(m.conference_phone, label).toMatch(/^[0-9+,*#]+$/);
  for (const n of [1, 2, 3] as const) {
    const name = m[`contact_${n}_name`];
    // A first name, or first names and the last name's initial ("Mary Ann J.", "Pat Q").
    const words = name?.split(" ") ?? [];
    if (name) expect(words.length === 1 || /^\p{L}\.?$/u.test(words[words.length - 1]!), `${label}: contact ${name}`).toBe(true);
  }
}

/** A whole feed: every meeting passes, and slugs are unique in it. */
export function expectSpecFeed(feed: MeetingGuideMeeting[]) {
  const slugs = new Set<string>();
  for (const m of feed) {
    expectSpecMeeting(m);
    expect(slugs.has(m.slug), `slug ${m.slug} twice`).toBe(false);
    slugs.add(m.slug);
  }
}
