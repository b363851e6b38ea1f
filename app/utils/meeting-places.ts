/**
 * Places and attendance as the Meeting Guide spec and TSML UI decide them (issue 21).
 *
 * - A place is SPECIFIC when it has street-level detail (a street line, or a first part with a
 *   house number or a street word) or coordinates; a city, neighbourhood, region, state or postal
 *   code alone is APPROXIMATE. `approximate: "yes"` always makes it approximate; `"no"` is not
 *   believed on its own (real feeds say "no" of "San Francisco, CA, USA").
 * - `attendance_option`, when the feed gives it, is the source's own verdict and wins.
 * - Otherwise: in person = a specific place and no TC; online = a conference URL or phone;
 *   hybrid = both; an approximate place (or none) with no link or phone is inactive.
 * - An approximate place is kept as the meeting's AREA (where an online meeting is based), never
 *   as somewhere to go.
 */

export type PlaceAttendance = "in_person" | "online" | "hybrid" | "inactive";

const STREET_WORDS =
  /\b(street|st|avenue|ave|av|road|rd|boulevard|blvd|lane|ln|drive|dr|way|place|pl|court|ct|circle|cir|highway|hwy|parkway|pkwy|terrace|ter|trail|trl|plaza|square|sq|row|close|crescent|cres|alley|pike|route|rte|broadway|suite|ste|unit|floor|calle|avenida|carrer|rua|rue|via|strasse|straße|weg|gasse|platz|laan|straat|vej|gatan|katu|ulica)\b\.?/i;
/** A house number: digits (maybe with a letter or a range) standing alone, as in "123 Main St" or "Kirchweg 5a". */
const HOUSE_NUMBER = /(^|\s)\d+[a-z]?(-\d+[a-z]?)?(\s|$)/i;
/** Postal codes and state-plus-zip parts, which have digits but are no street: "60641", "IL 60641", "SW1A 1AA", "75008". */
const POSTAL_ONLY = /^([a-z]{2}\s+)?\d{4,5}(-\d{4})?$|^[a-z]{1,2}\d[a-z\d]?\s*\d[a-z]{2}$|^[a-z]\d[a-z]\s*\d[a-z]\d$/i;

/** True when one comma-separated part of an address is street level. */
function isStreetPart(part: string): boolean {
  const p = part.trim();
  if (!p || POSTAL_ONLY.test(p)) return false;
  if (STREET_WORDS.test(p)) return true;
  return HOUSE_NUMBER.test(p) && /[a-z]{2}/i.test(p);
}

export interface PlaceFields {
  /** The feed's `address` line (street), if given separately. */
  street?: string;
  /** The whole address (formatted_address, or the parts joined). */
  formatted: string;
  latitude: number | null;
  longitude: number | null;
  /** The feed's `approximate` ("yes"/"no"/anything). */
  approximate?: string;
}

/** Valid coordinates other than the 0,0 of an empty geocode. */
export function hasCoordinates(latitude: number | null, longitude: number | null): boolean {
  return (
    latitude !== null &&
    longitude !== null &&
    Number.isFinite(latitude) &&
    Number.isFinite(longitude) &&
    Math.abs(latitude) <= 90 &&
    Math.abs(longitude) <= 180 &&
    !(latitude === 0 && longitude === 0)
  );
}

/** Whether the address has street-level detail (coordinates aside). */
export function hasStreetDetail(street: string | undefined, formatted: string): boolean {
  if (street && street.trim() && street.split(",").some(isStreetPart)) return true;
  const parts = formatted
    .split(",")
    .map((p) => p.trim())
    .filter(Boolean);
  // The last part of a multi-part address is the country or state: never the street.
  const candidates = parts.length > 1 ? parts.slice(0, -1) : parts;
  return candidates.some(isStreetPart);
}

/** "specific", "approximate", or "none" when there is no place at all. */
export function placeKind(place: PlaceFields): "specific" | "approximate" | "none" {
  if (!place.formatted.trim() && !hasCoordinates(place.latitude, place.longitude)) return "none";
  if ((place.approximate ?? "").trim().toLowerCase() === "yes") return place.formatted.trim() ? "approximate" : "none";
  if (hasCoordinates(place.latitude, place.longitude)) return "specific";
  return hasStreetDetail(place.street, place.formatted) ? "specific" : "approximate";
}

/**
 * The area of a place: an approximate place whole; a specific one without its street-level parts
 * ("123 Main St, Chicago, IL 60641, USA" → "Chicago, IL 60641, USA").
 */
export function areaOf(formatted: string, street?: string): string {
  const parts = formatted
    .split(",")
    .map((p) => p.trim())
    .filter(Boolean);
  const streetLine = street?.trim().toLowerCase();
  const kept = parts.filter((p, i) => !(i < parts.length - 1 && (isStreetPart(p) || p.toLowerCase() === streetLine)));
  return kept.join(", ");
}

export interface AttendanceDecision {
  attendance: PlaceAttendance;
  /** How the place is used: as where to go, as the area, or not at all. */
  placeUse: "address" | "area" | "none";
  /** Why a meeting is inactive (for the import report). */
  reason?: string;
}

const OPTIONS = new Set(["in_person", "online", "hybrid", "inactive"]);

/**
 * How people attend, from the feed's own verdict (`attendance_option`) when it gives one, else
 * from the place and the link/phone. A specific place under TC stays in person (its location is
 * closed for now: Harbor keeps it with that status and leaves it out of the feeds until it reopens).
 */
export function decideAttendance(input: { attendanceOption?: string; place: "specific" | "approximate" | "none"; online: boolean }): AttendanceDecision {
  const option = (input.attendanceOption ?? "")
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, "_");
  const hasPlace = input.place !== "none";
  if (OPTIONS.has(option)) {
    if (option === "inactive") return { attendance: "inactive", placeUse: "none", reason: "The feed marks it inactive (attendance_option)." };
    if (option === "online") {
      if (!input.online) return { attendance: "inactive", placeUse: "none", reason: "The feed says it is online, but it has no usable video link or phone." };
      return { attendance: "online", placeUse: hasPlace ? "area" : "none" };
    }
    // In person or hybrid: only a specific place is somewhere to go. With a town alone, the
    // online part (if any) is all that can be attended; the town becomes its area.
    if (input.place !== "specific") {
      if (input.online) return { attendance: "online", placeUse: hasPlace ? "area" : "none" };
      const said = option === "hybrid" ? "hybrid" : "in person";
      return {
        attendance: "inactive",
        placeUse: "none",
        reason: hasPlace
          ? `The feed says it is ${said}, but its address is only a town or region and it has no online link or phone.`
          : `The feed says it is ${said}, but it has no address.`,
      };
    }
    if (option === "hybrid" && input.online) return { attendance: "hybrid", placeUse: "address" };
    return { attendance: "in_person", placeUse: "address" };
  }
  const inPerson = input.place === "specific";
  if (inPerson && input.online) return { attendance: "hybrid", placeUse: "address" };
  // A specific place under TC with no link stays an in-person meeting whose location is closed for now.
  if (inPerson) return { attendance: "in_person", placeUse: "address" };
  if (input.online) return { attendance: "online", placeUse: hasPlace ? "area" : "none" };
  return {
    attendance: "inactive",
    placeUse: "none",
    reason: hasPlace
      ? "Its address is only approximate (a city or region) and it has no online link or phone: nobody could find it."
      : "It has neither an address nor an online link or phone.",
  };
}
