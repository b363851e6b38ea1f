/**
 * What a meeting may be: one check for the create/edit form and the Meeting Guide import, with a
 * message per field ("Use a 24-hour time like 19:00", "That link isn't on a video service …").
 */
import type { Selectable } from "kysely";
import type { Attendance, MeetingContact, MeetingKind, MeetingStatus, MeetingsTable } from "../../db/schema/meetings";

type Meeting = Selectable<MeetingsTable>;
import { cleanText } from "../utils/schemas";
import { isValidTimeZone } from "../utils/time";
import { DATE_PATTERN, durationMinutes, formatHm, isValidDate, parseTime } from "../utils/meeting-time";
import {
  ATTENDANCE,
  conferenceProvider,
  isKnownTypeCode,
  MEETING_SLUG_PATTERN,
  MEETING_STATUSES,
  normalizePhone,
  PROVIDER_LIST,
  RESERVED_MEETING_SLUGS,
} from "../utils/meeting-labels";
import { cleanContacts, cleanHandle, HANDLES, parseContacts, phoneProblem, webAddress, zoneAbbreviationProblem, type HandleKind } from "../utils/meeting-details";
import { hasCoordinates, hasStreetDetail } from "../utils/meeting-places";

export interface MeetingInput {
  name: string;
  /** Empty: made from the name when created. */
  slug: string;
  notes: string;
  kind: MeetingKind;
  days: number[];
  date: string | null;
  startTime: string;
  endTime: string;
  timeZone: string;
  attendance: Attendance;
  locationName: string;
  address: string;
  locationNotes: string;
  latitude: number | null;
  longitude: number | null;
  conferenceUrl: string;
  conferenceUrlNotes: string;
  conferencePhone: string;
  conferencePhoneNotes: string;
  types: string[];
  status: MeetingStatus;
  /** Where an online meeting is based ("Chicago, IL, USA"); "" for in-person and hybrid meetings (their address is the place). */
  area: string;
  region: string;
  meetingGroup: string;
  groupNotes: string;
  contacts: MeetingContact[];
  website: string;
  feedbackUrl: string;
  venmo: string;
  paypal: string;
  square: string;
}

export type MeetingFieldErrors = Partial<Record<keyof MeetingInput | "form", string>>;

/** The raw values a form (app/utils/meeting-form.server.ts) or an import gives: strings, days and types as lists. */
export interface RawMeeting {
  name?: string;
  slug?: string;
  notes?: string;
  kind?: string;
  days?: string[];
  date?: string;
  startTime?: string;
  endTime?: string;
  timeZone?: string;
  attendance?: string;
  locationName?: string;
  address?: string;
  locationNotes?: string;
  latitude?: string;
  longitude?: string;
  conferenceUrl?: string;
  conferenceUrlNotes?: string;
  conferencePhone?: string;
  conferencePhoneNotes?: string;
  types?: string[];
  status?: string;
  area?: string;
  region?: string;
  meetingGroup?: string;
  groupNotes?: string;
  contacts?: { name?: string; email?: string; phone?: string }[];
  website?: string;
  feedbackUrl?: string;
  venmo?: string;
  paypal?: string;
  square?: string;
}

export interface ValidateOptions {
  /** The group's area served: an online meeting without an area of its own uses it. */
  areaServed?: string;
  /** Ask for an area when an online meeting has none and the group none either (the form; an import reports it instead). */
  requireArea?: boolean;
}

/** The longest a meeting that runs past midnight may be (an end "before" the start beyond this is a mistake). */
export const MAX_OVERNIGHT_MINUTES = 8 * 60;

function text(value: string | undefined, multiline = false): string {
  return cleanText(value ?? "", multiline);
}

function coordinate(value: string, min: number, max: number): number | null | undefined {
  if (!value) return null;
  const n = Number(value);
  return Number.isFinite(n) && n >= min && n <= max ? n : undefined;
}

export function validateMeeting(raw: RawMeeting, options: ValidateOptions = {}): { ok: true; input: MeetingInput } | { ok: false; errors: MeetingFieldErrors } {
  const errors: MeetingFieldErrors = {};
  const limit = (field: keyof MeetingInput, label: string, value: string, max: number) => {
    if ([...value].length > max) errors[field] ??= `${label} can be at most ${max} characters.`;
  };

  const name = text(raw.name);
  if ([...name].length < 2) errors.name = "Please enter the meeting's name (at least 2 characters).";
  limit("name", "The name", name, 120);

  const slug = text(raw.slug).toLowerCase();
  if (slug && (!MEETING_SLUG_PATTERN.test(slug) || slug.length > 64)) errors.slug = "Use lower-case letters, digits and single dashes (up to 64), like tuesday-night-hope.";
  else if (RESERVED_MEETING_SLUGS.has(slug)) errors.slug = "That web address is reserved. Choose another.";

  const notes = text(raw.notes, true);
  limit("notes", "The notes", notes, 2_000);

  const kind = raw.kind === "weekly" || raw.kind === "one_off" ? raw.kind : null;
  if (!kind) errors.kind = "Choose whether the meeting is weekly or happens once.";

  const days = [...new Set((raw.days ?? []).map((d) => Number(d)))].filter((d) => Number.isInteger(d) && d >= 0 && d <= 6).sort();
  if (kind === "weekly" && days.length === 0) errors.days = "Choose at least one day of the week.";
  if ((raw.days ?? []).some((d) => !/^[0-6]$/.test(String(d).trim()))) errors.days = "Days are 0 (Sunday) to 6 (Saturday).";

  const date = text(raw.date);
  if (kind === "one_off") {
    if (!DATE_PATTERN.test(date)) errors.date = "Enter the date as YYYY-MM-DD.";
    else if (!isValidDate(date)) errors.date = "That date doesn't exist. Check the day and month.";
  }

  const startTime = text(raw.startTime);
  const start = parseTime(startTime);
  if (start === null) errors.startTime = startTime ? `"${startTime}" isn't a time. Use a 24-hour time like 19:00.` : "Please enter a start time, like 19:00.";
  let endTime = text(raw.endTime);
  if (!endTime && start !== null) endTime = formatHm(start + 60);
  const end = parseTime(endTime);
  if (end === null) errors.endTime = `"${endTime}" isn't a time. Use a 24-hour time like 20:00.`;
  else if (start !== null) {
    if (end === start) errors.endTime = "The end time is the same as the start time.";
    else if (end < start && durationMinutes(startTime, endTime) > MAX_OVERNIGHT_MINUTES) {
      errors.endTime = "The meeting ends before it starts. (A meeting that runs past midnight, like 23:30 to 00:30, may end the next morning.)";
    }
  }

  const timeZone = text(raw.timeZone);
  if (!timeZone) errors.timeZone = "Choose the meeting's time zone.";
  else if (zoneAbbreviationProblem(timeZone)) errors.timeZone = zoneAbbreviationProblem(timeZone)!;
  else if (!isValidTimeZone(timeZone)) errors.timeZone = `"${timeZone}" isn't a time zone we know. Choose one from the list, like America/New_York.`;

  const attendance = (raw.attendance && raw.attendance in ATTENDANCE ? raw.attendance : null) as Attendance | null;
  if (!attendance) errors.attendance = "Choose how people attend: in person, online or both.";
  const inPerson = attendance === "in_person" || attendance === "hybrid";
  const online = attendance === "online" || attendance === "hybrid";

  const locationName = inPerson ? text(raw.locationName) : "";
  const address = inPerson ? text(raw.address) : "";
  const locationNotes = inPerson ? text(raw.locationNotes, true) : "";
  limit("locationName", "The location name", locationName, 120);
  limit("address", "The address", address, 300);
  limit("locationNotes", "The location notes", locationNotes, 1_000);
  if (inPerson && !address) errors.address = "An in-person meeting needs the street address.";
  const latitude = inPerson ? coordinate(text(raw.latitude), -90, 90) : null;
  const longitude = inPerson ? coordinate(text(raw.longitude), -180, 180) : null;
  if (latitude === undefined) errors.latitude = "Latitude is a number from -90 to 90.";
  if (longitude === undefined) errors.longitude = "Longitude is a number from -180 to 180.";
  if (latitude !== undefined && longitude !== undefined && (latitude === null) !== (longitude === null)) {
    errors[latitude === null ? "latitude" : "longitude"] = "Give both latitude and longitude, or neither.";
  }
  // A city or region alone is no place to send people (the spec's "approximate" place).
  if (inPerson && address && !errors.address && !hasStreetDetail(undefined, address) && !hasCoordinates(latitude ?? null, longitude ?? null)) {
    errors.address = "That looks like a town or region, not a street address. Give the street and number (or the coordinates); for an online meeting, put the town under “Area”.";
  }
  const area = attendance === "online" ? text(raw.area) : "";
  limit("area", "The area", area, 200);
  if (options.requireArea && attendance === "online" && !area && !options.areaServed) {
    errors.area = "Say where the meeting is based, like “Chicago, IL, USA”: meeting apps list online meetings by place (or set the group's “area served”).";
  }
  const region = text(raw.region);
  limit("region", "The region", region, 120);

  const conferenceUrl = online ? text(raw.conferenceUrl) : "";
  const conferencePhone = online ? normalizePhone(text(raw.conferencePhone)) : "";
  const conferenceUrlNotes = online ? text(raw.conferenceUrlNotes, true) : "";
  const conferencePhoneNotes = online ? text(raw.conferencePhoneNotes, true) : "";
  if (conferenceUrl && !conferenceProvider(conferenceUrl)) {
    errors.conferenceUrl = `That link isn't on a video service we know. Use a direct meeting link on one of: ${PROVIDER_LIST}.`;
  }
  limit("conferenceUrl", "The link", conferenceUrl, 500);
  if (phoneProblem(conferencePhone)) errors.conferencePhone = phoneProblem(conferencePhone)!;
  limit("conferencePhone", "The dial-in number", conferencePhone, 60);
  limit("conferenceUrlNotes", "The link notes", conferenceUrlNotes, 500);
  limit("conferencePhoneNotes", "The phone notes", conferencePhoneNotes, 500);
  if (online && !conferenceUrl && !conferencePhone) errors.conferenceUrl = "An online meeting needs a video link or a dial-in number.";

  const types = [...new Set((raw.types ?? []).map((t) => t.trim()).filter(Boolean))];
  const unknown = types.filter((t) => !isKnownTypeCode(t));
  if (unknown.length) errors.types = `Unknown meeting type${unknown.length === 1 ? "" : "s"}: ${unknown.slice(0, 5).join(", ")}.`;

  const status = (raw.status || "active") as MeetingStatus;
  if (!(status in MEETING_STATUSES)) errors.status = "Choose the meeting's status.";

  const meetingGroup = text(raw.meetingGroup);
  limit("meetingGroup", "The group name", meetingGroup, 120);
  const groupNotes = text(raw.groupNotes, true);
  limit("groupNotes", "The group notes", groupNotes, 2_000);
  const { contacts, problems } = cleanContacts(raw.contacts ?? []);
  if (problems.length) errors.contacts = problems.map((p) => p.message).join(" ");
  const website = text(raw.website);
  const feedbackUrl = text(raw.feedbackUrl);
  if (website && !webAddress(website)) errors.website = "The website must be a web address starting with https://.";
  if (feedbackUrl && !webAddress(feedbackUrl)) errors.feedbackUrl = "The feedback address must be a web address starting with https://.";
  limit("website", "The website", website, 500);
  limit("feedbackUrl", "The feedback address", feedbackUrl, 500);
  const handles = {} as Record<HandleKind, string>;
  for (const kind of Object.keys(HANDLES) as HandleKind[]) {
    const handle = cleanHandle(kind, text(raw[kind]));
    if (handle === null)
      errors[kind] = `That isn't a ${HANDLES[kind].label} handle (letters and digits${HANDLES[kind].prefix ? `, written like ${HANDLES[kind].prefix}GroupName` : ""}).`;
    handles[kind] = handle ?? "";
  }

  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return {
    ok: true,
    input: {
      name,
      slug,
      notes,
      kind: kind!,
      days: kind === "weekly" ? days : [],
      date: kind === "one_off" ? date : null,
      startTime,
      endTime,
      timeZone,
      attendance: attendance!,
      locationName,
      address,
      locationNotes,
      latitude: latitude ?? null,
      longitude: longitude ?? null,
      conferenceUrl,
      conferenceUrlNotes,
      conferencePhone,
      conferencePhoneNotes,
      types: types.sort(),
      status,
      area,
      region,
      meetingGroup,
      groupNotes,
      contacts,
      website,
      feedbackUrl,
      ...handles,
    },
  };
}

/** The contact slots of the form ("contact1Name" …), from a list. */
function contactFields(contacts: { name?: string; email?: string; phone?: string }[]) {
  const fields: Record<string, string> = {};
  [1, 2, 3].forEach((n, i) => {
    fields[`contact${n}Name`] = contacts[i]?.name ?? "";
    fields[`contact${n}Email`] = contacts[i]?.email ?? "";
    fields[`contact${n}Phone`] = contacts[i]?.phone ?? "";
  });
  return fields;
}

/** A stored meeting as the form's values. */
export function formValuesOf(m: Meeting) {
  return {
    name: m.name,
    slug: m.slug,
    notes: m.notes,
    kind: m.kind,
    days: m.days,
    date: m.one_off_date ?? "",
    startTime: m.start_time,
    endTime: m.end_time,
    timeZone: m.time_zone,
    attendance: m.attendance,
    locationName: m.location_name,
    address: m.address,
    locationNotes: m.location_notes,
    latitude: m.latitude === null ? "" : String(m.latitude),
    longitude: m.longitude === null ? "" : String(m.longitude),
    conferenceUrl: m.conference_url,
    conferenceUrlNotes: m.conference_url_notes,
    conferencePhone: m.conference_phone,
    conferencePhoneNotes: m.conference_phone_notes,
    types: m.types,
    status: m.status,
    area: m.area,
    region: m.region,
    meetingGroup: m.meeting_group,
    groupNotes: m.group_notes,
    website: m.website,
    feedbackUrl: m.feedback_url,
    venmo: m.venmo,
    paypal: m.paypal,
    square: m.square,
    ...contactFields(parseContacts(m.contacts)),
  };
}

/** What was typed, as the form's values (after a mistake). */
export function formValuesOfRaw(raw: RawMeeting, groupId?: string) {
  return {
    ...(groupId !== undefined ? { groupId } : {}),
    name: raw.name ?? "",
    slug: raw.slug ?? "",
    notes: raw.notes ?? "",
    kind: raw.kind ?? "",
    days: (raw.days ?? []).join(","),
    date: raw.date ?? "",
    startTime: raw.startTime ?? "",
    endTime: raw.endTime ?? "",
    timeZone: raw.timeZone ?? "",
    attendance: raw.attendance ?? "",
    locationName: raw.locationName ?? "",
    address: raw.address ?? "",
    locationNotes: raw.locationNotes ?? "",
    latitude: raw.latitude ?? "",
    longitude: raw.longitude ?? "",
    conferenceUrl: raw.conferenceUrl ?? "",
    conferenceUrlNotes: raw.conferenceUrlNotes ?? "",
    conferencePhone: raw.conferencePhone ?? "",
    conferencePhoneNotes: raw.conferencePhoneNotes ?? "",
    types: (raw.types ?? []).join(","),
    status: raw.status ?? "active",
    area: raw.area ?? "",
    region: raw.region ?? "",
    meetingGroup: raw.meetingGroup ?? "",
    groupNotes: raw.groupNotes ?? "",
    website: raw.website ?? "",
    feedbackUrl: raw.feedbackUrl ?? "",
    venmo: raw.venmo ?? "",
    paypal: raw.paypal ?? "",
    square: raw.square ?? "",
    ...contactFields(raw.contacts ?? []),
  };
}
