/**
 * Import of a Meeting Guide JSON feed into one group. Real feeds are messy: this takes what it
 * can (day arrays, 12-hour times, missing end times, unknown type codes left out, a default time
 * zone when the feed has none) and reports each meeting it skipped and why. Meetings are matched
 * by slug, so importing the same feed again updates them instead of adding copies. One transaction:
 * a failure leaves nothing half-imported.
 */
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema";
import { inTransaction } from "../../db/client";
import { now as clockNow } from "../utils/clock.server";
import { slugify } from "../utils/group-labels";
import { formatHm } from "../utils/meeting-time";
import { conferenceProvider, isKnownTypeCode, MEETING_SLUG_PATTERN, normalizePhone, PHONE_PATTERN } from "../utils/meeting-labels";
import { isValidTimeZone } from "../utils/time";
import { validateMeeting, type RawMeeting } from "./meeting-input.server";
import { createMeeting, updateMeeting } from "./meetings.server";

/** The largest feed accepted (the sussexaa feed of 123 meetings is 139 kB). */
export const MAX_FEED_BYTES = 5 * 1024 * 1024;
export const MAX_FEED_MEETINGS = 10_000;

export class FeedError extends Error {}

/** The feed's meetings, or a FeedError saying what is wrong with the file as a whole. */
export function parseFeed(text: string): unknown[] {
  if (new TextEncoder().encode(text).length > MAX_FEED_BYTES) throw new FeedError(`The file is larger than ${MAX_FEED_BYTES / 1024 / 1024} MB. A Meeting Guide feed is usually well under 1 MB.`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text.replace(/^\uFEFF/, ""));
  } catch {
    throw new FeedError("That file isn't JSON. Choose a Meeting Guide feed (a .json file that is a list of meetings).");
  }
  if (!Array.isArray(parsed)) throw new FeedError("That JSON isn't a Meeting Guide feed: it should be a list of meetings ([ … ]).");
  if (parsed.length > MAX_FEED_MEETINGS) throw new FeedError(`The feed has more than ${MAX_FEED_MEETINGS} meetings.`);
  return parsed;
}

const DAY_NAMES = ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"];

function str(value: unknown): string {
  if (typeof value === "string") return value;
  if (typeof value === "number" && Number.isFinite(value)) return String(value);
  return "";
}

/** "19:00", "7:00 pm", "7 PM", "19:00:00" → "19:00"; null when it can't be read. */
export function normalizeFeedTime(value: unknown): string | null {
  const s = str(value).trim().toLowerCase();
  if (!s) return null;
  const m = /^(\d{1,2})(?::(\d{2}))?(?::\d{2})?\s*(am|pm|a\.m\.|p\.m\.)?$/.exec(s);
  if (!m) return null;
  let h = Number(m[1]);
  const min = Number(m[2] ?? "0");
  const meridiem = m[3]?.replace(/\./g, "");
  if (min > 59) return null;
  if (meridiem) {
    if (h < 1 || h > 12) return null;
    if (meridiem === "am") h = h === 12 ? 0 : h;
    else h = h === 12 ? 12 : h + 12;
  } else if (h > 23) return null;
  return formatHm(h * 60 + min);
}

function days(value: unknown): number[] | null {
  const list = Array.isArray(value) ? value : value === undefined || value === null || value === "" ? [] : [value];
  const result: number[] = [];
  for (const v of list) {
    const s = str(v).trim().toLowerCase();
    if (/^[0-6]$/.test(s)) result.push(Number(s));
    else if (DAY_NAMES.includes(s)) result.push(DAY_NAMES.indexOf(s));
    else return null;
  }
  return result;
}

export interface ImportReport {
  created: number;
  updated: number;
  /** Meetings not imported, with why. */
  skipped: { slug: string; name: string; reason: string }[];
  /** Imported, but with something left out. */
  warnings: { slug: string; name: string; message: string }[];
  /** Type codes left out (not in the Meeting Guide list), with how many meetings had them. */
  unknownTypes: Record<string, number>;
  /** How many meetings had no time zone of their own and got the default. */
  defaultZoneUsed: number;
  defaultTimeZone: string;
}

export interface ImportOptions {
  groupId: number;
  defaultTimeZone: string;
  actorId: string | null;
}

function addressOf(item: Record<string, unknown>): string {
  const formatted = str(item.formatted_address).trim();
  if (formatted) return formatted;
  return [item.address, item.city, item.state, item.postal_code, item.country].map(str).map((s) => s.trim()).filter(Boolean).join(", ");
}

export async function importFeed(db: Kysely<Database>, items: unknown[], options: ImportOptions, now = clockNow()): Promise<ImportReport> {
  if (!isValidTimeZone(options.defaultTimeZone)) throw new FeedError(`"${options.defaultTimeZone}" isn't a time zone we know.`);
  const report: ImportReport = { created: 0, updated: 0, skipped: [], warnings: [], unknownTypes: {}, defaultZoneUsed: 0, defaultTimeZone: options.defaultTimeZone };
  return inTransaction(db, async (tx) => {
    const existing = new Map((await tx.selectFrom("meetings").select(["id", "slug", "group_id"]).execute()).map((m) => [m.slug, m]));
    const seen = new Set<string>();
    for (const [index, entry] of items.entries()) {
      if (!entry || typeof entry !== "object" || Array.isArray(entry)) {
        report.skipped.push({ slug: "", name: `Entry ${index + 1}`, reason: "Not a meeting (not a JSON object)." });
        continue;
      }
      const item = entry as Record<string, unknown>;
      const name = str(item.name).trim();
      const rawSlug = str(item.slug).trim().toLowerCase();
      const slug = MEETING_SLUG_PATTERN.test(rawSlug) && rawSlug.length <= 64 ? rawSlug : slugify(rawSlug).slice(0, 64).replace(/-+$/, "");
      const label = { slug: slug || rawSlug, name: name || `Entry ${index + 1}` };
      const skip = (reason: string) => report.skipped.push({ ...label, reason });
      const warn = (message: string) => report.warnings.push({ ...label, message });
      if (!name) { skip("It has no name."); continue; }
      if (!slug) { skip("It has no slug (the feed's id for the meeting)."); continue; }
      if (seen.has(slug)) { skip("Another meeting earlier in the feed has the same slug."); continue; }
      seen.add(slug);
      const other = existing.get(slug);
      if (other && other.group_id !== options.groupId) { skip("A meeting of another group already uses this slug."); continue; }

      const dayList = days(item.day);
      if (dayList === null) { skip(`Its day "${JSON.stringify(item.day)}" isn't 0 (Sunday) to 6 (Saturday).`); continue; }
      if (dayList.length === 0) { skip("It has no day (meetings by appointment can't be scheduled)."); continue; }
      const time = normalizeFeedTime(item.time);
      if (!time) { skip(item.time ? `Its time "${str(item.time)}" can't be read.` : "It has no start time."); continue; }
      let endTime = item.end_time ? normalizeFeedTime(item.end_time) : null;
      if (item.end_time && !endTime) warn(`End time "${str(item.end_time)}" can't be read: one hour assumed.`);
      if (!endTime || endTime === time) endTime = "";

      let timeZone = str(item.timezone).trim();
      if (timeZone && !isValidTimeZone(timeZone)) {
        warn(`Unknown time zone "${timeZone}": ${options.defaultTimeZone} used.`);
        timeZone = "";
      }
      const usedDefaultZone = !timeZone;
      if (!timeZone) timeZone = options.defaultTimeZone;

      const codes = (Array.isArray(item.types) ? item.types : []).map(str).map((c) => c.trim()).filter(Boolean);
      const closed = codes.includes("TC");
      const types = codes.filter(isKnownTypeCode);
      for (const c of codes) if (c !== "TC" && !isKnownTypeCode(c)) report.unknownTypes[c] = (report.unknownTypes[c] ?? 0) + 1;

      let conferenceUrl = str(item.conference_url).trim();
      if (conferenceUrl && !conferenceProvider(conferenceUrl)) {
        warn(`Left out the link ${conferenceUrl.slice(0, 80)}: not on a known video service.`);
        conferenceUrl = "";
      }
      let conferencePhone = normalizePhone(str(item.conference_phone).trim());
      if (conferencePhone && !PHONE_PATTERN.test(conferencePhone)) {
        warn(`Left out the phone "${str(item.conference_phone).slice(0, 40)}": only digits and + , * # are allowed.`);
        conferencePhone = "";
      }
      const online = !!(conferenceUrl || conferencePhone);
      const address = addressOf(item);
      const approximate = str(item.approximate).toLowerCase() === "yes";
      const inPerson = !!address && !approximate;
      if (!online && !inPerson) {
        skip(address ? "Its address is only approximate and it has no online link or phone: nobody could find it." : "It has neither an address nor an online link or phone.");
        continue;
      }
      const lat = item.latitude === undefined || item.latitude === null || item.latitude === "" ? "" : String(Number(item.latitude));
      const lon = item.longitude === undefined || item.longitude === null || item.longitude === "" ? "" : String(Number(item.longitude));
      const clip = (value: unknown, max: number, what: string) => {
        const s = str(value).trim();
        if ([...s].length <= max) return s;
        warn(`${what} shortened to ${max} characters.`);
        return [...s].slice(0, max - 1).join("") + "…";
      };
      const raw: RawMeeting = {
        name: clip(name, 120, "The name"),
        slug,
        notes: clip(item.notes, 2_000, "The notes"),
        kind: "weekly",
        days: dayList.map(String),
        startTime: time,
        endTime,
        timeZone,
        attendance: online && inPerson ? "hybrid" : online ? "online" : "in_person",
        locationName: inPerson ? clip(item.location, 120, "The location name") : "",
        address: inPerson ? clip(address, 300, "The address") : "",
        locationNotes: inPerson ? clip(item.location_notes, 1_000, "The location notes") : "",
        latitude: inPerson && lat !== "NaN" && lon !== "NaN" && lat && lon ? lat : "",
        longitude: inPerson && lat !== "NaN" && lon !== "NaN" && lat && lon ? lon : "",
        conferenceUrl,
        conferenceUrlNotes: clip(item.conference_url_notes, 500, "The link notes"),
        conferencePhone,
        conferencePhoneNotes: clip(item.conference_phone_notes, 500, "The phone notes"),
        types,
        status: closed ? "temporarily_closed" : "active",
      };
      const result = validateMeeting(raw);
      if (!result.ok) {
        skip(Object.values(result.errors).join(" "));
        continue;
      }
      if (usedDefaultZone) report.defaultZoneUsed += 1;
      if (other) {
        await updateMeeting(tx, other.id, result.input, options.actorId, now);
        report.updated += 1;
      } else {
        const created = await createMeeting(tx, options.groupId, result.input, options.actorId, now);
        existing.set(slug, { id: created.id, slug, group_id: options.groupId });
        report.created += 1;
      }
    }
    return report;
  });
}
