import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { Breadcrumbs } from "~/components/breadcrumbs";
import { Form, FormErrors, SavedMessage, SubmitButton } from "~/components/forms";
import { AttendanceBadge, TypeList } from "~/components/meetings";
import {
  AttendanceError,
  attendedDates,
  cancelRsvp,
  listGoing,
  OccurrenceError,
  recentOccurrences,
  recordAttendance,
  rsvp,
  RsvpError,
  scheduleOf,
  setOccurrence,
  unrecordAttendance,
  upcomingOccurrences,
} from "~/models/meetings.server";
import { now } from "~/utils/clock.server";
import { getDb } from "~/utils/db.server";
import { formFailure, parseForm, rejectForm } from "~/utils/forms.server";
import { conferenceProvider, effectiveAttendance, parseTypes, typeName } from "~/utils/meeting-labels";
import { parseContacts } from "~/utils/meeting-details";
import { MeetingDetails } from "~/components/meeting-details";
import { describeSchedule, formatClock, formatInstantRange, formatLocalDate, toLocal } from "~/utils/meeting-time";
import { requireMeeting, toSignIn, viewerZone, zoneSentence } from "~/utils/meetings.server";
import { formatDate } from "~/utils/time";
import { textField } from "~/utils/schemas";
import { siteTitle } from "~/utils/site-title";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [{ title: siteTitle(matches, data ? `${data.meeting.name} · Meetings` : "Meeting") }];

const UPCOMING = 6;
const RECENT_DAYS = 7;

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { access, auth } = await requireMeeting(request, context, params.slug, "see");
  const { meeting } = access;
  const vz = await viewerZone(auth, request);
  const zone = vz.zone;
  const db = getDb();
  const at = now();
  const [upcoming, recent] = await Promise.all([
    upcomingOccurrences(db, meeting, meeting.archived_at ? 0 : UPCOMING, at),
    auth ? recentOccurrences(db, meeting, RECENT_DAYS, at) : Promise.resolve([]),
  ]);
  const [going, attended] = await Promise.all([
    auth
      ? listGoing(
          db,
          meeting.id,
          upcoming.map((o) => o.date),
        )
      : Promise.resolve(new Map<string, { id: string; name: string }[]>()),
    auth
      ? attendedDates(
          db,
          meeting.id,
          auth.user.id,
          recent.map((o) => o.date),
        )
      : Promise.resolve(new Set<string>()),
  ]);
  const schedule = scheduleOf(meeting);
  const attendance = effectiveAttendance(meeting.attendance, meeting.status);
  const showPlace = meeting.attendance !== "online";
  const showOnline = meeting.attendance !== "in_person";
  const sameZone = zone === meeting.time_zone;
  return {
    zone,
    zoneSentence: zoneSentence(zone, vz.source),
    zoneCheck: vz.zoneCheck,
    updated: formatDate(meeting.updated_at, zone),
    updatedIso: meeting.updated_at,
    sameZone,
    signedIn: !!auth,
    canManage: access.canManage,
    canSeeGoing: access.canSeeGoing,
    meeting: {
      slug: meeting.slug,
      name: meeting.name,
      notes: meeting.notes,
      groupSlug: meeting.group_slug,
      groupName: meeting.group_name,
      groupVisibility: meeting.group_visibility,
      schedule: describeSchedule(schedule),
      localTimes: `${formatClock(meeting.start_time)} – ${formatClock(meeting.end_time)}`,
      timeZone: meeting.time_zone,
      attendance,
      closed: meeting.status === "temporarily_closed",
      types: parseTypes(meeting.types).map((code) => ({ code, name: typeName(code) })),
      // An online meeting's area (or its group's area served): where it is based, never somewhere to go.
      area: meeting.attendance === "online" ? meeting.area || meeting.group_area_served : "",
      archived: meeting.archived_at !== null,
      details: {
        meetingGroup: meeting.meeting_group,
        groupNotes: meeting.group_notes,
        contacts: parseContacts(meeting.contacts),
        website: meeting.website,
        feedbackUrl: meeting.feedback_url,
        handles: (["venmo", "square", "paypal"] as const).filter((kind) => meeting[kind]).map((kind) => ({ kind, handle: meeting[kind] })),
      },
      place: showPlace ? { name: meeting.location_name, address: meeting.address, notes: meeting.location_notes, lat: meeting.latitude, lon: meeting.longitude } : null,
      online: showOnline
        ? {
            url: meeting.conference_url,
            provider: meeting.conference_url ? conferenceProvider(meeting.conference_url) : null,
            urlNotes: meeting.conference_url_notes,
            phone: meeting.conference_phone,
            phoneNotes: meeting.conference_phone_notes,
          }
        : null,
    },
    upcoming: upcoming.map((o) => {
      const people = going.get(o.date) ?? [];
      return {
        date: o.date,
        startIso: o.startIso,
        label: formatLocalDate(toLocal(o.startIso, zone).date),
        when: formatInstantRange(o.startIso, o.endIso, zone),
        ownWhen: sameZone ? null : `${formatLocalDate(o.date)}, ${formatInstantRange(o.startIso, o.endIso, meeting.time_zone)} ${meeting.time_zone.replace(/_/g, " ")}`,
        cancelled: o.cancelled,
        cancelReason: o.cancelReason,
        note: o.note,
        goingCount: people.length,
        goingNames: access.canSeeGoing ? people.map((p) => p.name) : [],
        imGoing: auth ? people.some((p) => p.id === auth.user.id) : false,
        // Under way: too late to say you're going (the action refuses it), so no button offers it.
        started: Date.parse(o.startIso) <= at.getTime(),
      };
    }),
    recent: recent
      .filter((o) => !o.cancelled)
      .map((o) => ({
        date: o.date,
        label: `${formatLocalDate(toLocal(o.startIso, zone).date)}, ${formatInstantRange(o.startIso, o.endIso, zone)}`,
        attended: attended.has(o.date),
      })),
  };
}

const dateField = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "Choose one of the meeting's dates.");

export const meetingActionSchema = z.discriminatedUnion(
  "intent",
  [
    z.object({ intent: z.literal("rsvp"), date: dateField }),
    z.object({ intent: z.literal("unrsvp"), date: dateField }),
    z.object({ intent: z.literal("attended"), date: dateField }),
    z.object({ intent: z.literal("unattended"), date: dateField }),
    z.object({ intent: z.literal("cancel"), date: dateField, reason: textField("The reason", { min: 3, max: 200 }) }),
    z.object({ intent: z.literal("restore"), date: dateField }),
    z.object({ intent: z.literal("note"), date: dateField, note: textField("The note", { max: 300 }) }),
  ],
  { errorMap: () => ({ message: "Choose what to do." }) },
);

export async function action({ request, context, params }: ActionFunctionArgs) {
  const { access, auth } = await requireMeeting(request, context, params.slug, "see");
  if (!auth) throw toSignIn(request);
  const form = await parseForm(request, meetingActionSchema);
  if (!form.ok) return rejectForm(form);
  const db = getDb();
  const { meeting } = access;
  const data = form.data;
  const values = { intent: data.intent, date: data.date };
  try {
    switch (data.intent) {
      case "rsvp":
        await rsvp(db, meeting, data.date, auth.user.id);
        return { ok: true as const, message: `You're going on ${formatLocalDate(data.date)}. It's in your personal calendar feed and under My meetings.` };
      case "unrsvp":
        await cancelRsvp(db, meeting.id, data.date, auth.user.id);
        return { ok: true as const, message: "You're no longer marked as going." };
      case "attended":
        await recordAttendance(db, meeting, data.date, auth.user.id, auth.user.time_zone);
        return { ok: true as const, message: "Recorded in your private attendance log. Well done for going." };
      case "unattended":
        await unrecordAttendance(db, meeting.id, data.date, auth.user.id);
        return { ok: true as const, message: "Removed from your attendance log." };
      case "cancel":
      case "restore":
      case "note": {
        if (!access.canManage) return formFailure({ form: "Only this group's moderators can change an occurrence." }, values, 403);
        const current = (await upcomingOccurrences(db, meeting, 60)).find((o) => o.date === data.date);
        const change =
          data.intent === "cancel"
            ? { cancelled: true, reason: data.reason, note: current?.note ?? "" }
            : data.intent === "restore"
              ? { cancelled: false, reason: "", note: current?.note ?? "" }
              : { cancelled: current?.cancelled ?? false, reason: current?.cancelReason ?? "", note: data.note };
        await setOccurrence(db, meeting, data.date, change, auth.user.id);
        const message =
          data.intent === "cancel"
            ? "That occurrence is cancelled. Members who were going are told."
            : data.intent === "restore"
              ? "That occurrence is back on."
              : data.note
                ? "The note is saved."
                : "The note is removed.";
        return { ok: true as const, message };
      }
    }
  } catch (error) {
    if (error instanceof RsvpError || error instanceof AttendanceError || error instanceof OccurrenceError) {
      return formFailure({ form: error.message }, values, 409);
    }
    throw error;
  }
}

export default function MeetingPage() {
  const data = useLoaderData<typeof loader>();
  const state = useActionData<typeof action>();
  const { meeting } = data;
  return (
    <div className="stack readable meeting-page">
      <Breadcrumbs trail={[{ to: "/meetings", label: "Meetings" }]} current={meeting.name} />
      <div className="page-head">
        <div>
          <h1>{meeting.name}</h1>
          <p className="meta">
            <AttendanceBadge attendance={meeting.attendance} /> {meeting.closed ? <span className="badge meeting-badge--closed">Location temporarily closed</span> : null} A meeting
            of <Link to={`/groups/${meeting.groupSlug}`}>{meeting.groupName}</Link>
            {meeting.groupVisibility !== "public" ? (
              <>
                {" "}
                · <span className="badge badge--private">Members only</span>
              </>
            ) : null}
          </p>
        </div>
        <div className="button-row">
          {data.canManage ? (
            <Link to={`/meetings/${meeting.slug}/edit`} className="button button--secondary">
              Edit meeting
            </Link>
          ) : null}
        </div>
      </div>
      <SavedMessage state={state} />
      <FormErrors state={state} />
      {meeting.archived ? <p className="alert alert--info">This meeting is archived: it is no longer in the directory or the meeting feeds.</p> : null}

      <section aria-labelledby="when-heading" className="card stack">
        <h2 id="when-heading">When</h2>
        <p className="meeting-when">
          <strong>{meeting.schedule}</strong>, {meeting.localTimes} <span className="muted">({meeting.timeZone.replace(/_/g, " ")} time)</span>
        </p>
        {!data.sameZone ? <p className="muted">{data.zoneSentence}, with the meeting's own time after them.</p> : null}
        <p>
          <a href={`/meetings/${meeting.slug}/calendar.ics`} className="button button--secondary">
            Add to calendar (.ics)
          </a>
        </p>
      </section>

      <section aria-labelledby="how-heading" className="card stack">
        <h2 id="how-heading">How to attend</h2>
        {meeting.closed && meeting.place ? <p className="alert alert--info">The location is temporarily closed.{meeting.online ? " The meeting continues online." : ""}</p> : null}
        {meeting.place ? (
          <div className="meeting-place">
            <h3>In person</h3>
            {meeting.place.name ? (
              <p>
                <strong>{meeting.place.name}</strong>
              </p>
            ) : null}
            <p className="preserve-lines">{meeting.place.address}</p>
            {meeting.place.notes ? <p className="preserve-lines muted">{meeting.place.notes}</p> : null}
            <Directions place={meeting.place} />
          </div>
        ) : null}
        {meeting.online ? (
          <div className="meeting-online">
            <h3>Online</h3>
            {meeting.area ? <p className="meeting-area">Online · based in {meeting.area}</p> : null}
            {meeting.online.url ? (
              <p>
                <a href={meeting.online.url} className="button button--primary" rel="noopener noreferrer" target="_blank">
                  Join on {meeting.online.provider ?? "video"}
                  <span className="visually-hidden"> (opens in a new tab)</span>
                </a>
              </p>
            ) : null}
            {meeting.online.urlNotes ? <p className="preserve-lines muted">{meeting.online.urlNotes}</p> : null}
            {meeting.online.phone ? (
              <p>
                Dial in: <a href={`tel:${meeting.online.phone}`}>{meeting.online.phone}</a>
              </p>
            ) : null}
            {meeting.online.phoneNotes ? <p className="preserve-lines muted">{meeting.online.phoneNotes}</p> : null}
          </div>
        ) : null}
        <TypeList types={meeting.types} />
        {meeting.notes ? <p className="preserve-lines">{meeting.notes}</p> : null}
        <p className="small muted">
          Updated <time dateTime={data.updatedIso}>{data.updated}</time>
        </p>
      </section>

      <MeetingDetails details={meeting.details} />

      <section aria-labelledby="next-heading" className="stack">
        <h2 id="next-heading">{data.upcoming.length === 1 ? "The meeting" : "Next meetings"}</h2>
        {data.upcoming.length === 0 ? <p className="muted">This meeting has no coming dates.</p> : null}
        <ul className="plain-list occurrence-list">
          {data.upcoming.map((o) => (
            <li key={o.date} className={`card occurrence${o.cancelled ? " occurrence--cancelled" : ""}`}>
              <h3 className="occurrence__when">
                <time dateTime={o.startIso}>
                  {o.label}, {o.when}
                </time>
              </h3>
              {o.ownWhen ? <p className="small muted">Meeting's own time: {o.ownWhen}</p> : null}
              {o.cancelled ? (
                <p className="occurrence__cancelled">
                  <strong>Cancelled.</strong> {o.cancelReason}
                </p>
              ) : null}
              {o.note ? <p className="occurrence__note">Note: {o.note}</p> : null}
              {data.signedIn ? (
                <p className="small">
                  {o.goingCount === 0 ? "Nobody has said they're going yet." : `${o.goingCount} going`}
                  {o.goingNames.length > 0 ? `: ${o.goingNames.join(", ")}` : ""}
                </p>
              ) : null}
              {o.started && !o.cancelled ? (
                <p className="small">
                  <span className="badge meeting-badge--live">In progress</span>
                  {o.imGoing ? " You said you're going." : null}
                </p>
              ) : !o.cancelled ? (
                data.signedIn ? (
                  <Form method="post" className="inline-form">
                    <input type="hidden" name="date" value={o.date} />
                    {o.imGoing ? (
                      <>
                        <span className="badge meeting-badge--going">You're going</span>{" "}
                        <SubmitButton variant="secondary" name="intent" value="unrsvp">
                          Not going after all<span className="visually-hidden"> on {o.label}</span>
                        </SubmitButton>
                      </>
                    ) : (
                      <SubmitButton name="intent" value="rsvp">
                        I'm going<span className="visually-hidden"> on {o.label}</span>
                      </SubmitButton>
                    )}
                  </Form>
                ) : (
                  <p className="small">
                    <a href={`/login?redirectTo=${encodeURIComponent(`/meetings/${meeting.slug}`)}`}>Sign in</a> to say you're going.
                  </p>
                )
              ) : null}
              {data.canManage ? <OccurrenceTools date={o.date} label={o.label} cancelled={o.cancelled} note={o.note} /> : null}
            </li>
          ))}
        </ul>
      </section>

      {data.recent.length > 0 ? (
        <section aria-labelledby="attended-heading" className="stack">
          <h2 id="attended-heading">Were you there?</h2>
          <p className="muted">
            Your attendance log is private: only you see it, under <Link to="/my-meetings">My meetings</Link>.
          </p>
          <ul className="plain-list">
            {data.recent.map((o) => (
              <li key={o.date} className="attended-row">
                <span>{o.label}</span>
                <Form method="post" className="inline-form">
                  <input type="hidden" name="date" value={o.date} />
                  {o.attended ? (
                    <>
                      <span className="badge meeting-badge--going">You attended</span>{" "}
                      <SubmitButton variant="secondary" name="intent" value="unattended">
                        Undo<span className="visually-hidden"> attendance on {o.label}</span>
                      </SubmitButton>
                    </>
                  ) : (
                    <SubmitButton variant="secondary" name="intent" value="attended">
                      I attended<span className="visually-hidden"> on {o.label}</span>
                    </SubmitButton>
                  )}
                </Form>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </div>
  );
}

/**
 * Directions to a specific place: plain links, nothing loaded until the reader follows one — the
 * device's maps app (geo:) when the place has coordinates, and the address on OpenStreetMap.
 */
function Directions({ place }: { place: { address: string; lat: number | null; lon: number | null } }) {
  if (!place.address && place.lat === null) return null;
  return (
    <p className="small meeting-directions">
      Directions:{" "}
      {place.lat !== null && place.lon !== null ? (
        <>
          <a href={`geo:${place.lat},${place.lon}`}>open in your maps app</a> ·{" "}
        </>
      ) : null}
      {place.address ? (
        <a href={`https://www.openstreetmap.org/search?query=${encodeURIComponent(place.address)}`} rel="noopener noreferrer nofollow">
          find the address on OpenStreetMap
        </a>
      ) : null}
    </p>
  );
}

function OccurrenceTools({ date, label, cancelled, note }: { date: string; label: string; cancelled: boolean; note: string }) {
  return (
    <details className="occurrence__tools">
      <summary>
        Moderator: change this date<span className="visually-hidden"> ({label})</span>
      </summary>
      {cancelled ? (
        <Form method="post" className="inline-form">
          <input type="hidden" name="date" value={date} />
          <SubmitButton variant="secondary" name="intent" value="restore">
            Take back the cancellation
          </SubmitButton>
        </Form>
      ) : (
        <Form method="post" className="form">
          <input type="hidden" name="date" value={date} />
          <div className="field">
            <label htmlFor={`reason-${date}`}>Reason for cancelling</label>
            <input id={`reason-${date}`} name="reason" maxLength={200} required minLength={3} />
          </div>
          <SubmitButton variant="danger" name="intent" value="cancel">
            Cancel this date
          </SubmitButton>
        </Form>
      )}
      <Form method="post" className="form">
        <input type="hidden" name="date" value={date} />
        <div className="field">
          <label htmlFor={`note-${date}`}>Note for this date</label>
          <input id={`note-${date}`} name="note" maxLength={300} defaultValue={note} placeholder="This week in room 2" />
        </div>
        <SubmitButton variant="secondary" name="intent" value="note">
          Save note
        </SubmitButton>
      </Form>
    </details>
  );
}
