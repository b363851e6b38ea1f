import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { AttendanceBadge } from "~/components/meetings";
import { NearMeButton } from "~/components/near-me";
import { directoryChoices, listDirectory, NEAR_RADIUS_KM } from "~/models/meeting-directory.server";
import { listManageableGroups } from "~/models/meetings.server";
import { getAuth } from "~/utils/auth.server";
import { now } from "~/utils/clock.server";
import { getDb } from "~/utils/db.server";
import { typeName } from "~/utils/meeting-labels";
import { formatInstantRange, formatLocalDate, TIMES_OF_DAY, WEEKDAYS } from "~/utils/meeting-time";
import { viewerZone, zoneSentence } from "~/utils/meetings.server";
import { pageMeta, siteNameOf } from "~/utils/site-title";
import { readFilters, filterQuery, formatDistance, formatStarted } from "./filters";

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, "Meetings", `Recovery meetings near you and online, in your own time zone, from ${siteNameOf(matches)}.`);

export const PAGE_SIZE = 25;

export async function loader({ request, context }: LoaderFunctionArgs) {
  const auth = await getAuth(request, context);
  const viewer = auth ? { id: auth.user.id, role: auth.user.role } : null;
  const url = new URL(request.url);
  const vz = await viewerZone(auth, request);
  const zone = vz.zone;
  const filters = readFilters(url);
  const db = getDb();
  const [directory, choices, manageable] = await Promise.all([
    listDirectory(db, viewer, zone, filters, now(), { offset: (filters.page - 1) * PAGE_SIZE, limit: PAGE_SIZE }),
    directoryChoices(db, viewer),
    viewer && viewer.role !== "admin" ? listManageableGroups(db, viewer) : Promise.resolve(viewer ? [{ id: 0 }] : []),
  ]);
  return {
    zone,
    zoneSentence: zoneSentence(zone, vz.source),
    zoneCheck: vz.zoneCheck,
    signedIn: !!auth,
    canAdd: manageable.length > 0,
    filters: filterQuery(filters),
    groups: choices.groups,
    types: choices.types.map((code) => ({ code, name: typeName(code) })),
    regions: choices.regions,
    page: filters.page,
    more: directory.more,
    near: !!filters.near,
    entries: directory.entries.map((e) => ({
      key: `${e.meetingId}-${e.occurrence.date}`,
      slug: e.slug,
      name: e.name,
      groupName: e.groupName,
      attendance: e.attendance,
      types: e.types.slice(0, 4).map((code) => typeName(code)),
      place: e.locationName || e.region,
      when: formatInstantRange(e.occurrence.startIso, e.occurrence.endIso, zone),
      startIso: e.occurrence.startIso,
      day: e.localDate,
      dayLabel: formatLocalDate(e.localDate),
      state: e.state,
      started: e.startedMinutesAgo === null ? null : formatStarted(e.startedMinutesAgo),
      distance: e.distanceKm === null ? null : formatDistance(e.distanceKm),
      cancelled: e.occurrence.cancelled,
      cancelReason: e.occurrence.cancelReason,
      note: e.occurrence.note,
      going: e.going,
    })),
  };
}

type Data = ReturnType<typeof useLoaderData<typeof loader>>;
type Entry = Data["entries"][number];

function MeetingRow({ entry, showDay }: { entry: Entry; showDay?: boolean }) {
  return (
    <li className={`meeting-row${entry.cancelled ? " meeting-row--cancelled" : ""}`}>
      <p className="meeting-row__time">
        {showDay ? (
          <span className="meeting-row__day">
            {entry.dayLabel}
            <br />
          </span>
        ) : null}
        <time dateTime={entry.startIso}>{entry.when}</time>
        {entry.started ? <span className="meeting-row__started">{entry.started}</span> : null}
      </p>
      <div className="meeting-row__main">
        <h3 className="meeting-row__name">
          <Link to={`/meetings/${entry.slug}`}>{entry.name}</Link>
        </h3>
        <p className="meta">
          <AttendanceBadge attendance={entry.attendance} />
          {entry.state === "in_progress" ? <span className="badge meeting-badge--live">In progress</span> : null}
          {entry.state === "soon" ? <span className="badge meeting-badge--soon">Starting soon</span> : null}
          {entry.going ? <span className="badge meeting-badge--going">You're going</span> : null} {entry.groupName}
          {entry.place ? ` · ${entry.place}` : ""}
          {entry.distance ? ` · ${entry.distance}` : ""}
          {entry.types.length ? " · " + entry.types.join(", ") : ""}
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
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

function Filters({ data }: { data: Data }) {
  const { filters } = data;
  const filtered = ["day", "time", "type", "group", "attendance", "region", "q", "near"].some((k) => filters[k as keyof typeof filters]);
  return (
    <Form method="get" className="meeting-filters" aria-label="Filter meetings">
      <div className="meeting-filters__grid">
        <div className="field">
          <label htmlFor="filter-q">Search</label>
          <input id="filter-q" type="search" name="q" maxLength={100} defaultValue={filters.q} />
        </div>
        <FilterSelect name="day" label="Day" value={filters.day} any="The next 7 days" options={WEEKDAYS.map((d, i) => ({ value: String(i), label: d }))} />
        <FilterSelect name="time" label="Time of day" value={filters.time} any="Any time" options={Object.entries(TIMES_OF_DAY).map(([value, label]) => ({ value, label }))} />
        <FilterSelect
          name="attendance"
          label="Attendance"
          value={filters.attendance}
          any="Any"
          options={[
            { value: "in_person", label: "In person (and hybrid)" },
            { value: "online", label: "Online (and hybrid)" },
            { value: "hybrid", label: "Hybrid only" },
          ]}
        />
        <FilterSelect name="type" label="Type" value={filters.type} any="Any type" options={data.types.map((t) => ({ value: t.code, label: t.name }))} />
        {data.regions.length > 0 ? (
          <FilterSelect name="region" label="Region" value={filters.region} any="Any region" options={data.regions.map((r) => ({ value: r, label: r.replace(/ > /g, " › ") }))} />
        ) : null}
        <FilterSelect name="group" label="Group" value={filters.group} any="Any group" options={data.groups.map((g) => ({ value: g.slug, label: g.name }))} />
        {filters.near ? <input type="hidden" name="near" value={filters.near} /> : null}
        {filters.tz ? <input type="hidden" name="tz" value={filters.tz} /> : null}
      </div>
      <div className="button-row">
        <button type="submit" className="button button--primary">
          Show meetings
        </button>
        <NearMeButton active={!!filters.near} />
        {filtered ? <Link to={filters.tz ? `/meetings?tz=${encodeURIComponent(filters.tz)}` : "/meetings"}>Clear filters</Link> : null}
      </div>
    </Form>
  );
}

export default function MeetingDirectory() {
  const data = useLoaderData<typeof loader>();
  const live = data.near ? [] : data.entries.filter((e) => e.state !== "later");
  const later = data.near ? [] : data.entries.filter((e) => e.state === "later");
  const days: { day: string; label: string; entries: Entry[] }[] = [];
  for (const e of later) {
    const last = days[days.length - 1];
    if (last && last.day === e.day) last.entries.push(e);
    else days.push({ day: e.day, label: e.dayLabel, entries: [e] });
  }
  const href = (page: number) => {
    const q = new URLSearchParams(Object.entries(data.filters).filter(([, v]) => v !== "") as [string, string][]);
    if (page > 1) q.set("page", String(page));
    const s = q.toString();
    return s ? `/meetings?${s}` : "/meetings";
  };
  const back = href(data.page);
  return (
    <div className="stack meetings-page">
      <div className="page-head">
        <div>
          <h1>Meetings</h1>
          <p className="lead">
            {data.filters.day ? `${WEEKDAYS[Number(data.filters.day)]}'s meetings.` : "Happening now and the next 7 days."} {data.zoneSentence}.{" "}
            {data.signedIn ? <Link to="/settings/profile">Change</Link> : <Link to={`/meetings/time-zone?back=${encodeURIComponent(back)}`}>Change</Link>}
          </p>
        </div>
        <div className="button-row">
          {data.signedIn ? (
            <Link to="/my-meetings" className="button button--secondary">
              My meetings
            </Link>
          ) : null}
          {data.canAdd ? (
            <Link to="/meetings/new" className="button button--primary">
              Add a meeting
            </Link>
          ) : null}
        </div>
      </div>

      <Filters data={data} />

      <p className="muted" role="status">
        {data.entries.length === 0
          ? data.page > 1
            ? "No more meetings."
            : "No meetings match in the next 7 days."
          : data.near
            ? `Meetings with a place within ${NEAR_RADIUS_KM} km of you, nearest first (your location stays between your browser and this site).`
            : data.page > 1
              ? `Page ${data.page}.`
              : ""}
      </p>

      {live.length > 0 ? (
        <section aria-labelledby="now-heading" className="meeting-day meeting-day--now">
          <h2 id="now-heading">Happening now and starting soon</h2>
          <ul className="meeting-list">
            {live.map((e) => (
              <MeetingRow key={e.key} entry={e} />
            ))}
          </ul>
        </section>
      ) : null}
      {days.map((d) => (
        <section key={d.day} aria-labelledby={`day-${d.day}`} className="meeting-day">
          <h2 id={`day-${d.day}`}>{d.label}</h2>
          <ul className="meeting-list">
            {d.entries.map((e) => (
              <MeetingRow key={e.key} entry={e} />
            ))}
          </ul>
        </section>
      ))}
      {data.near && data.entries.length > 0 ? (
        <ul className="meeting-list">
          {data.entries.map((e) => (
            <MeetingRow key={e.key} entry={e} showDay />
          ))}
        </ul>
      ) : null}
      {data.page > 1 || data.more ? (
        <nav className="pagination" aria-label="Meeting pages">
          {data.page > 1 ? (
            <Link to={href(data.page - 1)} rel="prev">
              ← Earlier
            </Link>
          ) : null}
          <span aria-current="page">
            <span className="visually-hidden">Page </span>
            {data.page}
          </span>
          {data.more ? (
            <Link to={href(data.page + 1)} rel="next">
              Later →
            </Link>
          ) : null}
        </nav>
      ) : null}

      <aside className="card meeting-feeds" aria-labelledby="feeds-heading">
        <h2 id="feeds-heading">Take the schedule with you</h2>
        <ul>
          <li>
            <a href="/meetings.ics">Calendar feed of public meetings (.ics)</a> — subscribe in your calendar app.
          </li>
          <li>
            <a href="/api/meetings.json">Meeting Guide feed (JSON)</a> — for the Meeting Guide app and other meeting finders.
          </li>
          {data.signedIn ? (
            <li>
              <Link to="/my-meetings#calendar">Your personal calendar feed</Link> of the meetings you're going to.
            </li>
          ) : null}
        </ul>
      </aside>
    </div>
  );
}
