/**
 * Time zones as people pick them: today's canonical IANA names (Asia/Kolkata, Europe/Kyiv — the
 * runtime's Intl still says Asia/Calcutta and Europe/Kiev), grouped by region, each labelled with
 * its main cities, its common name and its current offset, from @vvo/tzdb (a maintained list made
 * for pickers: one entry per set of zones that keep the same time, 317 instead of 419 raw IDs).
 *
 * Also the visitor's zone cookie: a small script (components/zone-script.tsx) stores the
 * browser's zone in `harbor_tz` as "b:<zone>"; a zone the visitor picks is stored as "c:<zone>"
 * and the script leaves it alone.
 */
import { rawTimeZones, timeZonesNames } from "@vvo/tzdb";
import { now as clockNow } from "./clock.server";
import { zoneOffsetMinutes } from "./meeting-time";
import { isValidTimeZone } from "./time";

const canonicalNames = new Set(timeZonesNames);
const representativeOf = new Map<string, string>();
for (const z of rawTimeZones) for (const member of z.group) if (!representativeOf.has(member)) representativeOf.set(member, z.name);

/** Today's name of a zone: "Asia/Calcutta" → "Asia/Kolkata", "Europe/Kiev" → "Europe/Kyiv"; others as they are. */
export function canonicalZone(zone: string): string {
  if (canonicalNames.has(zone) || zone === "UTC") return zone;
  const rep = representativeOf.get(zone);
  return rep ?? zone;
}

/** "Chicago" from "America/Chicago", "Buenos Aires" from "America/Argentina/Buenos_Aires", "UTC" from "UTC". */
export function zoneCity(zone: string): string {
  const last = zone.split("/").pop() ?? zone;
  return last.replace(/_/g, " ");
}

/** "UTC−05:00" */
export function formatOffset(minutes: number): string {
  const sign = minutes < 0 ? "−" : "+";
  const abs = Math.abs(minutes);
  return `UTC${sign}${String(Math.floor(abs / 60)).padStart(2, "0")}:${String(abs % 60).padStart(2, "0")}`;
}

export interface ZoneChoice {
  value: string;
  label: string;
}
export interface ZoneRegion {
  region: string;
  zones: ZoneChoice[];
}

const REGION_ORDER = ["North America", "South America", "Europe", "Africa", "Asia", "Oceania", "Antarctica", "Other"];
let cached: { hour: number; regions: ZoneRegion[]; labels: Map<string, string> } | null = null;

function build(nowMs: number) {
  const hour = Math.floor(nowMs / 3_600_000);
  if (cached && cached.hour === hour) return cached;
  const byRegion = new Map<string, (ZoneChoice & { offset: number })[]>();
  const labels = new Map<string, string>();
  const add = (region: string, value: string, label: string, offset: number) => {
    const list = byRegion.get(region) ?? [];
    list.push({ value, label, offset });
    byRegion.set(region, list);
    labels.set(value, label);
  };
  for (const z of rawTimeZones) {
    if (!isValidTimeZone(z.name)) continue;
    const offset = zoneOffsetMinutes(nowMs, z.name);
    const cities = z.mainCities.slice(0, 2).join(", ") || zoneCity(z.name);
    add(z.continentName, z.name, `${cities} — ${z.alternativeName} (${formatOffset(offset)})`, offset);
  }
  add("Other", "UTC", "UTC — Coordinated Universal Time (UTC+00:00)", 0);
  const regions = REGION_ORDER.filter((r) => byRegion.has(r)).map((region) => ({
    region,
    zones: byRegion
      .get(region)!
      .sort((a, b) => a.offset - b.offset || a.label.localeCompare(b.label))
      .map(({ value, label }) => ({ value, label })),
  }));
  cached = { hour, regions, labels };
  return cached;
}

/**
 * The picker's choices: the regions, and first a "Your browser" group with the browser's zone
 * when it is known (from the cookie) and the current value when it is not in the list (a zone
 * kept from before, such as America/Indiana/Knox).
 */
export function zoneChoices(nowMs: number, options: { browserZone?: string | null; current?: string | null } = {}): ZoneRegion[] {
  const { regions, labels } = build(nowMs);
  const first: ZoneRegion[] = [];
  const labelOf = (zone: string) => labels.get(zone) ?? `${zoneCity(zone)} (${formatOffset(zoneOffsetMinutes(nowMs, zone))})`;
  const browser = options.browserZone ? canonicalZone(options.browserZone) : null;
  if (browser && isValidTimeZone(browser)) first.push({ region: "Your browser", zones: [{ value: browser, label: labelOf(browser) }] });
  const current = options.current ?? null;
  if (current && !labels.has(current) && current !== browser && isValidTimeZone(current))
    first.push({ region: "Your current choice", zones: [{ value: current, label: `${current.replace(/_/g, " ")} (${formatOffset(zoneOffsetMinutes(nowMs, current))})` }] });
  return [...first, ...regions];
}

// ---------------------------------------------------------------- the visitor's zone cookie

export const ZONE_COOKIE = "harbor_tz";

export type ZoneSource = "browser" | "chosen";

/** The zone in the visitor's cookie (canonical name) and who set it; null when absent or not a zone. */
export function zoneFromCookie(cookieHeader: string | null): { zone: string; source: ZoneSource; raw: string } | null {
  if (!cookieHeader) return null;
  const match = new RegExp(`(?:^|;\\s*)${ZONE_COOKIE}=([^;]*)`).exec(cookieHeader);
  if (!match) return null;
  let value: string;
  try {
    value = decodeURIComponent(match[1]!);
  } catch {
    return null;
  }
  const kind = value.slice(0, 2);
  const zone = canonicalZone(value.slice(2));
  if ((kind !== "b:" && kind !== "c:") || zone.length > 64 || !isValidTimeZone(zone)) return null;
  return { zone, source: kind === "c:" ? "chosen" : "browser", raw: value };
}

/** Set-Cookie for a zone the visitor picked (a year), or to forget it (back to the browser's). */
export function zoneCookie(zone: string | null, secure: boolean): string {
  const attrs = `Path=/; SameSite=Lax${secure ? "; Secure" : ""}`;
  return zone ? `${ZONE_COOKIE}=${encodeURIComponent(`c:${zone}`)}; Max-Age=31536000; ${attrs}` : `${ZONE_COOKIE}=; Max-Age=0; ${attrs}`;
}

/** The picker's choices for a form: the browser's zone first (when its script has said), the current value kept. */
export function zonePickerChoices(request: Request, current: string | null): ZoneRegion[] {
  const cookie = zoneFromCookie(request.headers.get("cookie"));
  return zoneChoices(clockNow().getTime(), { browserZone: cookie?.source === "browser" ? cookie.zone : null, current });
}
