/**
 * Import of a Meeting Guide JSON feed into one group, so that importing it again keeps the group's
 * directory in sync. Real feeds are messy: this takes what it can (day arrays, 12-hour times,
 * missing end times, `types` as a string, unknown type codes left out, a default time zone when the
 * feed has none) and reports each meeting it skipped and why. Bad values are reported the same
 * way whatever the field: a value that can't be read skips the meeting with the reason.
 *
 * Places and attendance follow the spec and TSML UI (app/utils/meeting-places.ts): an
 * approximate place becomes the meeting's area, never an address to go to.
 *
 * Matching: by the feed's slug WITHIN THE GROUP (meetings.feed_slug). A meeting new to the site
 * gets the feed's slug as its public address when it is free, else "<group-slug>-<slug>"; that
 * public address never changes on a re-import. The report: added / changed / unchanged (their
 * `updated` time kept) / missing from the feed (archived only when asked) / skipped.
 * One transaction: a failure leaves nothing half-imported.
 */
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema";
import { inTransaction } from "../../db/client";
import { now as clockNow } from "../utils/clock.server";
import { slugify } from "../utils/group-labels";
import { formatHm } from "../utils/meeting-time";
import { conferenceProvider, isKnownTypeCode, MEETING_SLUG_PATTERN, normalizePhone, RESERVED_MEETING_SLUGS } from "../utils/meeting-labels";
import { phoneProblem, stripTags, zoneAbbreviationProblem } from "../utils/meeting-details";
import { areaOf, decideAttendance, placeKind } from "../utils/meeting-places";
import { isValidTimeZone } from "../utils/time";
import { validateMeeting, type RawMeeting } from "./meeting-input.server";
import { archiveMeetings, createMeeting, freeMeetingSlug, updateMeeting } from "./meetings.server";

/** The largest feed accepted (the sussexaa feed of 123 meetings is 139 kB). */
export const MAX_FEED_BYTES = 5 * 1024 * 1024;
export const MAX_FEED_MEETINGS = 10_000;
export const TOO_LARGE_MESSAGE = `That file is too large. A Meeting Guide feed up to ${MAX_FEED_BYTES / 1024 / 1024} MB can be imported.`;

export class FeedError extends Error {}

/** The feed's meetings, or a FeedError saying what is wrong with the file as a whole. */
export function parseFeed(text: string): unknown[] {
  if (new TextEncoder().encode(text).length > MAX_FEED_BYTES)
    throw new FeedError(`The file is larger than ${MAX_FEED_BYTES / 1024 / 1024} MB. A Meeting Guide feed is usually well under 1 MB.`);
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

/** `types` as a list, or as a string "O,D" / "O D"; null when it is something else. */
function typeCodes(value: unknown): string[] | null {
  if (value === undefined || value === null || value === "") return [];
  if (Array.isArray(value))
    return value
      .map(str)
      .map((c) => c.trim())
      .filter(Boolean);
  if (typeof value === "string")
    return value
      .split(/[\s,;]+/)
      .map((c) => c.trim())
      .filter(Boolean);
  return null;
}

export interface ReportItem {
  slug: string;
  name: string;
}

export interface ImportReport {
  added: ReportItem[];
  changed: ReportItem[];
  unchanged: ReportItem[];
  /** The group's meetings not in the feed (or in it but skipped), with their public address. */
  missing: (ReportItem & { url: string })[];
  /** Of `missing`, those archived because the admin asked. */
  archived: number;
  /** Meetings not imported, with why. */
  skipped: { slug: string; name: string; reason: string }[];
  /** Imported, but with something changed or left out. */
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
  /** Archive the group's meetings that the feed no longer has. */
  archiveMissing?: boolean;
}

function addressOf(item: Record<string, unknown>): string {
  const formatted = stripTags(str(item.formatted_address)).trim();
  if (formatted) return formatted;
  return [item.address, item.city, item.state, item.postal_code, item.country]
    .map(str)
    .map((s) => stripTags(s).trim())
    .filter(Boolean)
    .join(", ");
}

function coordinate(value: unknown): number | null {
  if (value === undefined || value === null || value === "") return null;
  const n = Number(value);
  return Number.isFinite(n) ? n : null;
}

/** The feed's region path: `regions` (general first) or region › sub_region, joined with " > ". */
function regionOf(item: Record<string, unknown>): string {
  const list = Array.isArray(item.regions) ? item.regions.map(str) : [str(item.region), str(item.sub_region)];
  return list
    .map((r) => stripTags(r).trim())
    .filter(Boolean)
    .join(" > ");
}

/** A public address for a meeting new to the site: the feed's slug when free, else prefixed with the group's. */
async function publicSlug(db: Kysely<Database>, feedSlug: string, groupSlug: string): Promise<string> {
  const taken = async (slug: string) => RESERVED_MEETING_SLUGS.has(slug) || !!(await db.selectFrom("meetings").select("id").where("slug", "=", slug).executeTakeFirst());
  if (!(await taken(feedSlug))) return feedSlug;
  const prefixed = `${groupSlug}-${feedSlug}`.slice(0, 64).replace(/-+$/, "");
  if (!(await taken(prefixed))) return prefixed;
  return freeMeetingSlug(db, prefixed);
}

export async function importFeed(db: Kysely<Database>, items: unknown[], options: ImportOptions, now = clockNow()): Promise<ImportReport> {
  if (!isValidTimeZone(options.defaultTimeZone) || zoneAbbreviationProblem(options.defaultTimeZone)) throw new FeedError(`"${options.defaultTimeZone}" isn't a time zone we know.`);
  const report: ImportReport = {
    added: [],
    changed: [],
    unchanged: [],
    missing: [],
    archived: 0,
    skipped: [],
    warnings: [],
    unknownTypes: {},
    defaultZoneUsed: 0,
    defaultTimeZone: options.defaultTimeZone,
  };
  return inTransaction(db, async (tx) => {
    const group = await tx.selectFrom("groups").select(["id", "slug", "area_served"]).where("id", "=", options.groupId).executeTakeFirstOrThrow();
    const existing = new Map((await tx.selectFrom("meetings").selectAll().where("group_id", "=", options.groupId).execute()).map((m) => [m.feed_slug, m]));
    const seen = new Set<string>();
    const kept = new Set<string>();
    for (const [index, entry] of items.entries()) {
      if (!entry || typeof entry !== "object" || Array.isArray(entry)) {
        report.skipped.push({ slug: "", name: `Entry ${index + 1}`, reason: "Not a meeting (not a JSON object)." });
        continue;
      }
      const item = entry as Record<string, unknown>;
      const rawName = str(item.name).trim();
      const name = stripTags(rawName).replace(/\s+/g, " ").trim();
      const rawSlug = str(item.slug).trim().toLowerCase();
      const slug = MEETING_SLUG_PATTERN.test(rawSlug) && rawSlug.length <= 64 ? rawSlug : slugify(rawSlug).slice(0, 64).replace(/-+$/, "");
      const label = { slug: slug || rawSlug, name: name || `Entry ${index + 1}` };
      const skip = (reason: string) => report.skipped.push({ ...label, reason });
      const warn = (message: string) => report.warnings.push({ ...label, message });
      if (!name) {
        skip("It has no name.");
        continue;
      }
      if (!slug) {
        skip("It has no slug (the feed's id for the meeting).");
        continue;
      }
      if (seen.has(slug)) {
        skip("Another meeting earlier in the feed has the same slug.");
        continue;
      }
      seen.add(slug);
      if (name !== rawName.replace(/\s+/g, " ")) warn("HTML tags removed from the name.");

      const dayList = days(item.day);
      if (dayList === null) {
        skip(`Its day "${JSON.stringify(item.day)}" isn't 0 (Sunday) to 6 (Saturday).`);
        continue;
      }
      if (dayList.length === 0) {
        skip("It has no day (meetings by appointment can't be scheduled).");
        continue;
      }
      const time = normalizeFeedTime(item.time);
      if (!time) {
        skip(item.time ? `Its time "${str(item.time)}" can't be read.` : "It has no start time.");
        continue;
      }
      const hasEnd = item.end_time !== undefined && item.end_time !== null && item.end_time !== "";
      const endTime = hasEnd ? normalizeFeedTime(item.end_time) : "";
      if (endTime === null) {
        skip(`Its end time "${str(item.end_time) || JSON.stringify(item.end_time)}" can't be read. Use a 24-hour time like 20:00.`);
        continue;
      }

      let timeZone = str(item.timezone).trim();
      if (timeZone && zoneAbbreviationProblem(timeZone)) {
        skip(zoneAbbreviationProblem(timeZone)!);
        continue;
      }
      if (timeZone && !isValidTimeZone(timeZone)) {
        skip(`"${timeZone.slice(0, 60)}" isn't a time zone we know. Use a name like America/New_York.`);
        continue;
      }
      const usedDefaultZone = !timeZone;
      if (!timeZone) timeZone = options.defaultTimeZone;

      const codes = typeCodes(item.types);
      if (codes === null) warn(`Its types (${JSON.stringify(item.types).slice(0, 40)}) aren't a list or a text of codes: left out.`);
      const closed = (codes ?? []).includes("TC");
      const types = (codes ?? []).filter(isKnownTypeCode);
      for (const c of codes ?? []) if (c !== "TC" && !isKnownTypeCode(c)) report.unknownTypes[c] = (report.unknownTypes[c] ?? 0) + 1;

      let conferenceUrl = str(item.conference_url).trim();
      if (conferenceUrl && !conferenceProvider(conferenceUrl)) {
        warn(`Left out the link ${conferenceUrl.slice(0, 80)}: not on a known video service.`);
        conferenceUrl = "";
      }
      let conferencePhone = normalizePhone(str(item.conference_phone).trim());
      if (conferencePhone && phoneProblem(conferencePhone)) {
        warn(`Left out the phone "${str(item.conference_phone).slice(0, 40)}": ${phoneProblem(conferencePhone)}`);
        conferencePhone = "";
      }
      const address = addressOf(item);
      const latitude = coordinate(item.latitude);
      const longitude = coordinate(item.longitude);
      const street = stripTags(str(item.address)).trim();
      const place = placeKind({ street, formatted: address, latitude, longitude, approximate: str(item.approximate) });
      const decision = decideAttendance({ attendanceOption: str(item.attendance_option), place, online: !!(conferenceUrl || conferencePhone) });
      if (decision.attendance === "inactive") {
        skip(decision.reason!);
        continue;
      }
      const atAddress = decision.placeUse === "address";
      const area = decision.placeUse === "area" ? areaOf(address, street) : "";
      if (decision.attendance === "online" && !area && !group.area_served)
        warn("No place of its own and the group has no “area served”: the Meeting Guide app won't list it until one is set.");

      let tagsRemoved = false;
      const clip = (value: unknown, max: number, what: string, multiline = false) => {
        const raw = str(value).trim();
        let s = stripTags(raw);
        if (s !== raw) tagsRemoved = true;
        s = multiline ? s.trim() : s.replace(/\s+/g, " ").trim();
        if ([...s].length <= max) return s;
        warn(`${what} shortened to ${max} characters.`);
        return [...s].slice(0, max - 1).join("") + "…";
      };
      const contacts = [1, 2, 3].map((n) => ({ name: str(item[`contact_${n}_name`]), email: str(item[`contact_${n}_email`]), phone: str(item[`contact_${n}_phone`]) }));
      const raw: RawMeeting = {
        name: clip(name, 120, "The name"),
        slug: "",
        notes: clip(item.notes, 2_000, "The notes", true),
        kind: "weekly",
        days: dayList.map(String),
        startTime: time,
        endTime,
        timeZone,
        attendance: decision.attendance,
        locationName: atAddress ? clip(item.location, 120, "The location name") : "",
        address: atAddress ? clip(address, 300, "The address") : "",
        locationNotes: atAddress ? clip(item.location_notes, 1_000, "The location notes", true) : "",
        latitude: atAddress && latitude !== null && longitude !== null ? String(latitude) : "",
        longitude: atAddress && latitude !== null && longitude !== null ? String(longitude) : "",
        conferenceUrl: decision.attendance === "in_person" ? "" : conferenceUrl,
        conferenceUrlNotes: decision.attendance === "in_person" ? "" : clip(item.conference_url_notes, 500, "The link notes", true),
        conferencePhone: decision.attendance === "in_person" ? "" : conferencePhone,
        conferencePhoneNotes: decision.attendance === "in_person" ? "" : clip(item.conference_phone_notes, 500, "The phone notes", true),
        types,
        status: closed ? "temporarily_closed" : "active",
        area: clip(area, 200, "The area"),
        region: clip(regionOf(item), 120, "The region"),
        meetingGroup: clip(item.group, 120, "The group name"),
        groupNotes: clip(item.group_notes, 2_000, "The group notes", true),
        contacts,
        website: str(item.website).trim(),
        feedbackUrl: str(item.feedback_url).trim(),
        venmo: str(item.venmo),
        paypal: str(item.paypal),
        square: str(item.square),
      };
      if (tagsRemoved) warn("HTML tags removed: names and notes are plain text.");
      if (contacts.some((c) => c.name.trim().split(/\s+/).length > 1 && !/^\p{L}\.?$/u.test(c.name.trim().split(/\s+/).pop()!)))
        warn("Contact names shortened to a first name and initial (no last names).");
      // Optional details that aren't valid are left out with a note; the meeting itself is kept.
      let result = validateMeeting(raw);
      if (!result.ok) {
        const optional = ["contacts", "website", "feedbackUrl", "venmo", "paypal", "square"] as const;
        const dropped = optional.filter((f) => result.ok === false && result.errors[f]);
        if (dropped.length && Object.keys(result.errors).every((k) => (optional as readonly string[]).includes(k))) {
          for (const f of dropped) warn(`Left out: ${result.errors[f]}`);
          const cleaned = { ...raw };
          for (const f of dropped) (cleaned as Record<string, unknown>)[f] = f === "contacts" ? [] : "";
          result = validateMeeting(cleaned);
        }
      }
      if (!result.ok) {
        skip(Object.values(result.errors).join(" "));
        continue;
      }
      if (usedDefaultZone) report.defaultZoneUsed += 1;
      const other = existing.get(slug);
      if (other) {
        const outcome = await updateMeeting(tx, other.id, result.input, options.actorId, now);
        (outcome === "unchanged" ? report.unchanged : report.changed).push({ slug: other.slug, name: result.input.name });
      } else {
        const created = await createMeeting(tx, options.groupId, { ...result.input, slug: await publicSlug(tx, slug, group.slug) }, options.actorId, now, slug);
        existing.set(slug, created);
        report.added.push({ slug: created.slug, name: created.name });
      }
      kept.add(slug);
    }
    const missing = [...existing.values()].filter((m) => !kept.has(m.feed_slug) && m.archived_at === null);
    report.missing = missing.map((m) => ({ slug: m.slug, name: m.name, url: `/meetings/${m.slug}` }));
    if (options.archiveMissing && missing.length) {
      report.archived = await archiveMeetings(
        tx,
        missing.map((m) => m.id),
        options.actorId,
        now,
      );
    }
    return report;
  });
}
