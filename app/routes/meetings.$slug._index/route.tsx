import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { Breadcrumbs } from "~/components/breadcrumbs";
import { FormErrors, SavedMessage } from "~/components/forms";
import { AttendanceBadge } from "~/components/meetings";
import { MeetingDetails } from "~/components/meeting-details";
import { AttendanceError, recordAttendance, unrecordAttendance } from "~/models/meeting-attendance.server";
import { cancelRsvp, rsvp, RsvpError } from "~/models/meeting-rsvps.server";
import { OccurrenceError, setOccurrence, upcomingOccurrences } from "~/models/meeting-occurrences.server";
import { getDb } from "~/utils/db.server";
import { formFailure, parseForm, rejectForm } from "~/utils/forms.server";
import { formatLocalDate } from "~/utils/meeting-time";
import { requireMeeting, toSignIn } from "~/utils/meetings.server";
import { textField } from "~/utils/schemas";
import { pageMeta, siteNameOf } from "~/utils/site-title";
import { HowToAttend } from "./how-to-attend";
import { NextMeetings, WereYouThere } from "./occurrences";
import { loadMeetingPage } from "./page-data.server";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) =>
  pageMeta(matches, data ? `${data.meeting.name} · Meetings` : "Meeting", data ? `${data.meeting.name}: when and where it meets, on ${siteNameOf(matches)}.` : undefined);

export async function loader(args: LoaderFunctionArgs) {
  return loadMeetingPage(args);
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

      <HowToAttend meeting={meeting} updated={data.updated} updatedIso={data.updatedIso} />

      <MeetingDetails details={meeting.details} />

      <NextMeetings data={data} />

      <WereYouThere recent={data.recent} />
    </div>
  );
}
