import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { AttendanceBadge } from "~/components/meetings";
import { Pagination } from "~/components/pagination";
import { listDirectory, listManageableGroups, type DirectoryFilters } from "~/models/meetings.server";
import { getAuth } from "~/utils/auth.server";
import { now } from "~/utils/clock.server";
import { getDb } from "~/utils/db.server";
import { isKnownTypeCode, typeName } from "~/utils/meeting-labels";
import { formatInstantRange, formatLocalDate, TIMES_OF_DAY, WEEKDAYS, type TimeOfDay } from "~/utils/meeting-time";
import { viewerZone } from "~/utils/meetings.server";
import { allTimeZones } from "~/utils/time";
import { siteTitle } from "~/utils/site-title";

export const meta: MetaFunction = ({ matches }) => [{ title: siteTitle(matches, "Meetings") }];

export const PAGE_SIZE = 25;

/** The filters as they are in the URL; anything not understood is ignored (the list then shows everything). */
export function readFilters(url: URL): DirectoryFilters & { page: number } {
  const p = url.searchParams;
  const filters: DirectoryFilters & { page: number } = { page: 1 };
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
  const q = p.get("q")?.trim().slice(0, 100);
  if (q) filters.q = q;
  const page = Number(p.get("page"));
  if (Number.isInteger(page) && page > 1 && page < 10_000) filters.page = page;
  return filters;
}

export async function loader({ request, context }: LoaderFunctionArgs) {
  const auth = await getAuth(request, context);
  const viewer = auth ? { id: auth.user.id, role: auth.user.role } : null;
  const url = new URL(request.url);
  const { zone, chosen } = viewerZone(auth, url);
  const filters = readFilters(url);
  const db = getDb();
  const [directory, manageable] = await Promise.all([
    listDirectory(db, viewer, zone, filters, now(), { offset: (filters.page - 1) * PAGE_SIZE, limit: PAGE_SIZE }),
    viewer ? listManageableGroups(db, viewer) : Promise.resolve([]),
  ]);
  const pages = Math.max(1, Math.ceil(directory.total / PAGE_SIZE));
  if (filters.page > pages) {
    url.searchParams.set("page", String(pages));
    throw redirect(`${url.pathname}?${url.searchParams}`);
  }
  const page = filters.page;
  const shown = directory.entries;
  return {
    zone,
    zoneChosen: chosen,
    signedIn: !!auth,
    canAdd: manageable.length > 0,
    timeZones: auth ? [] : allTimeZones(),
    filters: {
      day: filters.day === undefined ? "" : String(filters.day),
      time: filters.timeOfDay ?? "",
      type: filters.type ?? "",
      group: filters.group ?? "",
      attendance: filters.attendance ?? "",
      q: filters.q ?? "",
      tz: !auth && chosen ? zone : "",
    },
    groups: directory.groups,
    types: directory.types.map((code) => ({ code, name: typeName(code) })),
    total: directory.total,
    page,
    pages,
    entries: shown.map((e) => ({
      key: `${e.meetingId}-${e.occurrence.date}`,
      slug: e.slug,
      name: e.name,
      groupName: e.groupName,
      attendance: e.attendance,
      types: e.types.slice(0, 4).map((code) => ({ code, name: typeName(code) })),
      locationName: e.locationName,
      when: formatInstantRange(e.occurrence.startIso, e.occurrence.endIso, zone),
      startIso: e.occurrence.startIso,
      day: e.localDate,
      dayLabel: formatLocalDate(e.localDate),
      state: e.state,
      cancelled: e.occurrence.cancelled,
      cancelReason: e.occurrence.cancelReason,
      note: e.occurrence.note,
      going: e.going,
      otherZone: e.timeZone !== zone ? e.timeZone : null,
    })),
  };
}

type Entry = ReturnType<typeof useLoaderData<typeof loader>>["entries"][number];

function MeetingRow({ entry }: { entry: Entry }) {
  return (
    <li className={`meeting-row${entry.cancelled ? " meeting-row--cancelled" : ""}`}>
      <p className="meeting-row__time">
        <time dateTime={entry.startIso}>{entry.when}</time>
      </p>
      <div className="meeting-row__main">
        <h3 className="meeting-row__name">
          <Link to={`/meetings/${entry.slug}`}>{entry.name}</Link>
        </h3>
        <p className="meta">
          <AttendanceBadge attendance={entry.attendance} />
          {entry.state === "in_progress" ? <span className="badge meeting-badge--live">In progress</span> : null}
          {entry.state === "soon" ? <span className="badge meeting-badge--soon">Starting soon</span> : null}
          {entry.going ? <span className="badge meeting-badge--going">You're going</span> : null}
          {" "}
          {entry.groupName}
          {entry.locationName ? ` · ${entry.locationName}` : ""}
          {entry.types.length ? " · " + entry.types.map((t) => t.name).join(", ") : ""}
        </p>
        {entry.cancelled ? (
          <p className="meeting-row__cancelled">
            <strong>Cancelled this time.</strong> {entry.cancelReason}
          </p>
        ) : null}
        {entry.note ? <p className="meeting-row__note">Note: {entry.note}</p> : null}
      </div>
    </li>
  );
}

/** One of the directory's filters: a select whose first choice is "any". */
function FilterSelect({ name, label, value, any, options }: { name: string; label: string; value: string; any: string; options: { value: string; label: string }[] }) {
  return (
    <div className="field">
      <label htmlFor={`filter-${name}`}>{label}</label>
      <select id={`filter-${name}`} name={name} defaultValue={value}>
        <option value="">{any}</option>
        {options.map((o) => <option key={o.value} value={o.value}>{o.label}</option>)}
      </select>
    </div>
  );
}

export default function MeetingDirectory() {
  const data = useLoaderData<typeof loader>();
  const { filters } = data;
  const live = data.entries.filter((e) => e.state !== "later");
  const later = data.entries.filter((e) => e.state === "later");
  const days: { day: string; label: string; entries: Entry[] }[] = [];
  for (const e of later) {
    const last = days[days.length - 1];
    if (last && last.day === e.day) last.entries.push(e);
    else days.push({ day: e.day, label: e.dayLabel, entries: [e] });
  }
  const query = new URLSearchParams(Object.entries(filters).filter(([, v]) => v !== "") as [string, string][]);
  const href = (page: number) => {
    const q = new URLSearchParams(query);
    if (page > 1) q.set("page", String(page));
    const s = q.toString();
    return s ? `/meetings?${s}` : "/meetings";
  };
  const filtered = [filters.day, filters.time, filters.type, filters.group, filters.attendance, filters.q].some((v) => v !== "");
  return (
    <div className="stack meetings-page">
      <div className="page-head">
        <div>
          <h1>Meetings</h1>
          <p className="lead">The next 7 days. Times are shown in {data.zone.replace(/_/g, " ")}{data.signedIn ? " (your profile's time zone)" : ""}.</p>
        </div>
        <div className="button-row">
          {data.signedIn ? <Link to="/my-meetings" className="button button--secondary">My meetings</Link> : null}
          {data.canAdd ? <Link to="/meetings/new" className="button button--primary">Add a meeting</Link> : null}
        </div>
      </div>

      <Form method="get" className="meeting-filters" aria-label="Filter meetings">
        <div className="meeting-filters__grid">
          <div className="field">
            <label htmlFor="filter-q">Search</label>
            <input id="filter-q" type="search" name="q" maxLength={100} defaultValue={filters.q} />
          </div>
          <FilterSelect name="day" label="Day" value={filters.day} any="Any day" options={WEEKDAYS.map((d, i) => ({ value: String(i), label: d }))} />
          <FilterSelect name="time" label="Time of day" value={filters.time} any="Any time" options={Object.entries(TIMES_OF_DAY).map(([value, label]) => ({ value, label }))} />
          <FilterSelect name="attendance" label="Attendance" value={filters.attendance} any="Any" options={[{ value: "in_person", label: "In person" }, { value: "online", label: "Online" }, { value: "hybrid", label: "Hybrid" }]} />
          <FilterSelect name="type" label="Type" value={filters.type} any="Any type" options={data.types.map((t) => ({ value: t.code, label: t.name }))} />
          <FilterSelect name="group" label="Group" value={filters.group} any="Any group" options={data.groups.map((g) => ({ value: g.slug, label: g.name }))} />
          {!data.signedIn ? (
            <div className="field">
              <label htmlFor="filter-tz">Show times in</label>
              <select id="filter-tz" name="tz" defaultValue={data.zone}>
                {data.timeZones.map((z) => <option key={z} value={z}>{z.replace(/_/g, " ")}</option>)}
              </select>
            </div>
          ) : null}
        </div>
        <div className="button-row">
          <button type="submit" className="button button--primary">Show meetings</button>
          {filtered ? <Link to={filters.tz ? `/meetings?tz=${encodeURIComponent(filters.tz)}` : "/meetings"}>Clear filters</Link> : null}
        </div>
      </Form>

      <p className="muted" role="status">
        {data.total === 0 ? (filtered ? "No meetings match these filters in the next 7 days." : "No meetings in the next 7 days yet.") : filtered ? `${data.total} ${data.total === 1 ? "meeting matches" : "meetings match"} these filters in the next 7 days.` : `${data.total} meeting${data.total === 1 ? "" : "s"} in the next 7 days.`}
        {data.pages > 1 ? ` Page ${data.page} of ${data.pages}.` : ""}
      </p>

      {live.length > 0 ? (
        <section aria-labelledby="now-heading" className="meeting-day meeting-day--now">
          <h2 id="now-heading">Happening now and starting soon</h2>
          <ul className="meeting-list">{live.map((e) => <MeetingRow key={e.key} entry={e} />)}</ul>
        </section>
      ) : null}
      {days.map((d) => (
        <section key={d.day} aria-labelledby={`day-${d.day}`} className="meeting-day">
          <h2 id={`day-${d.day}`}>{d.label}</h2>
          <ul className="meeting-list">{d.entries.map((e) => <MeetingRow key={e.key} entry={e} />)}</ul>
        </section>
      ))}
      <Pagination page={data.page} pages={data.pages} href={href} label="Meeting pages" />

      <aside className="card meeting-feeds" aria-labelledby="feeds-heading">
        <h2 id="feeds-heading">Take the schedule with you</h2>
        <ul>
          <li><a href="/meetings.ics">Calendar feed of public meetings (.ics)</a> — subscribe in your calendar app.</li>
          <li><a href="/api/meetings.json">Meeting Guide feed (JSON)</a> — for the Meeting Guide app and other meeting finders.</li>
          {data.signedIn ? <li><Link to="/my-meetings#calendar">Your personal calendar feed</Link> of the meetings you're going to.</li> : null}
        </ul>
      </aside>
    </div>
  );
}
