/** The directory's filters as they are in the URL (anything not understood is ignored), and small texts. */
import type { DirectoryFilters } from "~/models/meeting-directory.server";
import { isKnownTypeCode } from "~/utils/meeting-labels";
import { TIMES_OF_DAY, type TimeOfDay } from "~/utils/meeting-time";

export function readFilters(url: URL): DirectoryFilters & { page: number; tz?: string } {
  const p = url.searchParams;
  const filters: DirectoryFilters & { page: number; tz?: string } = { page: 1 };
  const day = p.get("day");
  if (day && /^[0-6]$/.test(day)) filters.day = Number(day);
  const time = p.get("time");
  if (time && time in TIMES_OF_DAY) filters.timeOfDay = time as TimeOfDay;
  const type = p.get("type");
  if (type && isKnownTypeCode(type)) filters.type = type;
  const group = p.get("group");
  if (group && /^[a-z0-9-]{1,80}$/.test(group)) filters.group = group;
  const attendance = p.get("attendance");
  if (attendance === "in_person" || attendance === "online" || attendance === "hybrid") filters.attendance = attendance;
  const region = p.get("region")?.trim();
  if (region && region.length <= 100) filters.region = region;
  const q = p.get("q")?.trim().slice(0, 100);
  if (q) filters.q = q;
  // "near=41.88,-87.63": from the browser's location, rounded (about a kilometre) before it is sent.
  const near = /^(-?\d{1,2}(?:\.\d{1,4})?),(-?\d{1,3}(?:\.\d{1,4})?)$/.exec(p.get("near") ?? "");
  if (near && Math.abs(Number(near[1])) <= 90 && Math.abs(Number(near[2])) <= 180) filters.near = { lat: Number(near[1]), lng: Number(near[2]) };
  const tz = p.get("tz");
  if (tz && tz.length <= 64) filters.tz = tz;
  const page = Number(p.get("page"));
  if (Number.isInteger(page) && page > 1 && page <= 200) filters.page = page;
  return filters;
}

/** The filters back as URL values ("" when not set), for the form and the page links. */
export function filterQuery(f: ReturnType<typeof readFilters>) {
  return {
    day: f.day === undefined ? "" : String(f.day),
    time: f.timeOfDay ?? "",
    type: f.type ?? "",
    group: f.group ?? "",
    attendance: f.attendance ?? "",
    region: f.region ?? "",
    q: f.q ?? "",
    near: f.near ? `${f.near.lat},${f.near.lng}` : "",
    tz: f.tz ?? "",
  };
}

/** "Started 20 min ago", "Started 1 h 5 min ago". */
export function formatStarted(minutes: number): string {
  if (minutes < 1) return "Started just now";
  if (minutes < 60) return `Started ${minutes} min ago`;
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return `Started ${h} h${m ? ` ${m} min` : ""} ago`;
}

/** "800 m away", "2.4 km (1.5 mi) away". */
export function formatDistance(km: number): string {
  if (km < 1) return `${Math.max(100, Math.round(km * 10) * 100)} m away`;
  return `${km < 10 ? km.toFixed(1) : Math.round(km)} km (${(km / 1.609).toFixed(1)} mi) away`;
}
