// Names and rules of meetings that both the pages and the server use (browser-safe): type codes
// (from @code4recovery/spec, never copied), known video providers, phone characters, attendance.
import { getTypesForLanguage, isMeetingType } from "@code4recovery/spec";
import type { Attendance, MeetingStatus } from "../../db/schema/meetings";

const TYPE_NAMES: Record<string, string> = getTypesForLanguage("en");

/** Every Meeting Guide type code with its English name, by name. TC is a status here, not a type. */
export const MEETING_TYPES: { code: string; name: string }[] = Object.entries(TYPE_NAMES)
  .filter(([code]) => code !== "TC")
  .map(([code, name]) => ({ code, name }))
  .sort((a, b) => a.name.localeCompare(b.name));

export function isKnownTypeCode(code: string): boolean {
  return code !== "TC" && isMeetingType(code);
}

export function typeName(code: string): string {
  return TYPE_NAMES[code] ?? code;
}

/** "O,SP" → ["O", "SP"] (unknown codes dropped). */
export function parseTypes(stored: string): string[] {
  return stored ? stored.split(",").filter(isKnownTypeCode) : [];
}

/** The video services the Meeting Guide app and TSML accept (host, or any subdomain of it). */
export const VIDEO_PROVIDERS: Record<string, string> = {
  "zoom.us": "Zoom",
  "meet.google.com": "Google Meet",
  "teams.microsoft.com": "Microsoft Teams",
  "teams.live.com": "Microsoft Teams",
  "meet.jit.si": "Jitsi Meet",
  "webex.com": "Webex",
  "bluejeans.com": "BlueJeans",
  "discord.gg": "Discord",
  "discord.com": "Discord",
  "freeconference.com": "FreeConference",
  "freeconferencecall.com": "FreeConferenceCall",
  "goto.com": "GoTo Meeting",
  "gotomeet.me": "GoTo Meeting",
  "gotomeeting.com": "GoTo Meeting",
  "skype.com": "Skype",
  "join.skype.com": "Skype",
  "zoho.com": "Zoho Meeting",
  "whereby.com": "Whereby",
  "signal.group": "Signal",
};

/** The provider's name for a conference link on a known video service; null otherwise. */
export function conferenceProvider(url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol !== "https:" && parsed.protocol !== "http:") return null;
  if (parsed.username || parsed.password) return null;
  const host = parsed.hostname.toLowerCase().replace(/\.$/, "");
  for (const [domain, name] of Object.entries(VIDEO_PROVIDERS)) {
    if (host === domain || host.endsWith(`.${domain}`)) return name;
  }
  return null;
}

export const PROVIDER_LIST = [...new Set(Object.values(VIDEO_PROVIDERS))].join(", ");

/** Spaces, dashes, dots and brackets are only formatting: dropped. What is left must be digits and + , * #. */
export function normalizePhone(phone: string): string {
  return phone.replace(/[\s\-.()]/g, "");
}

export const PHONE_PATTERN = /^\+?[0-9][0-9,*#]*$/;

export const ATTENDANCE: Record<Attendance, string> = {
  in_person: "In person",
  online: "Online",
  hybrid: "Hybrid (in person and online)",
};

export const MEETING_STATUSES: Record<MeetingStatus, string> = {
  active: "Active",
  temporarily_closed: "Location temporarily closed (TC)",
};

/** How people can actually attend right now: a temporarily closed location leaves only the online part. */
export function effectiveAttendance(attendance: Attendance, status: MeetingStatus): Attendance | "closed" {
  if (status !== "temporarily_closed") return attendance;
  return attendance === "in_person" ? "closed" : "online";
}

export const MEETING_SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
export const RESERVED_MEETING_SLUGS = new Set(["new", "mine", "feed", "import", "calendar", "time-zone"]);
