import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { Form, FormErrors, SavedMessage, SubmitButton, TextField } from "~/components/forms";
import {
  AttendanceError,
  attendanceSummary,
  deleteAttendance,
  hasCalendarToken,
  listAttendance,
  recordOutsideAttendance,
  regenerateCalendarToken,
  revokeCalendarToken,
} from "~/models/meeting-attendance.server";
import { listMyRsvps } from "~/models/meetings.server";
import { requireUser } from "~/utils/auth.server";
import { now } from "~/utils/clock.server";
import { decodeCursor, encodeCursor } from "~/utils/cursor";
import { getDb } from "~/utils/db.server";
import { formFailure, parseForm, rejectForm } from "~/utils/forms.server";
import { addDays, durationMinutes, formatInstantRange, formatLocalDate, isValidDate, toLocal, weekdayOf } from "~/utils/meeting-time";
import { publicOrigin } from "~/utils/meetings.server";
import { textField } from "~/utils/schemas";
import { pageMeta } from "~/utils/site-title";

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, "My meetings");

const cursorSchema = z.object({ day: z.string().max(10), id: z.number().int() });
const GOAL = 90;

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  const url = new URL(request.url);
  const monthParam = url.searchParams.get("month");
  const month = monthParam && /^\d{4}-(0[1-9]|1[0-2])$/.test(monthParam) ? monthParam : null;
  const after = decodeCursor(url.searchParams.get("after"), cursorSchema);
  const db = getDb();
  const viewer = { id: user.id, role: user.role };
  const nowIso = new Date(now().getTime() - 3 * 3_600_000).toISOString();
  const [rsvps, summary, log, feed] = await Promise.all([
    listMyRsvps(db, viewer, nowIso, 50),
    attendanceSummary(db, user.id, user.time_zone, month),
    listAttendance(db, user.id, after),
    hasCalendarToken(db, user.id),
  ]);
  const last = log.rows[log.rows.length - 1];
  // The month grid: weeks starting on Monday.
  const first = `${summary.month}-01`;
  const lead = (weekdayOf(first) + 6) % 7;
  const cells: ({ date: string; day: number; count: number } | null)[] = Array.from({ length: lead }, () => null);
  for (let d = first; d.startsWith(summary.month); d = addDays(d, 1)) cells.push({ date: d, day: Number(d.slice(8)), count: summary.monthDays[d] ?? 0 });
  while (cells.length % 7) cells.push(null);
  const monthLabel = new Intl.DateTimeFormat("en-US", { month: "long", year: "numeric", timeZone: "UTC" }).format(new Date(`${first}T12:00:00Z`));
  const prevMonth = addDays(first, -1).slice(0, 7);
  const nextMonth = addDays(first, 32).slice(0, 7);
  return {
    zone: user.time_zone,
    today: summary.today,
    upcoming: rsvps.map((r) => ({
      key: `${r.id}-${r.occurrence_date}`,
      slug: r.slug,
      name: r.name,
      groupName: r.group_name,
      label: formatLocalDate(toLocal(r.starts_at, user.time_zone).date),
      when: formatInstantRange(r.starts_at, new Date(Date.parse(r.starts_at) + durationMinutes(r.start_time, r.end_time) * 60_000).toISOString(), user.time_zone),
      cancelled: !!r.cancelled,
      cancelReason: r.cancel_reason ?? "",
      note: r.note ?? "",
    })),
    ninety: summary.ninety,
    ninetyStart: formatLocalDate(summary.ninetyStart),
    weeks: summary.weeks.map((w) => ({ label: `Week of ${formatLocalDate(w.start).replace(/^\w+, /, "")}`, count: w.count })),
    calendar: { label: monthLabel, cells, prev: prevMonth, next: nextMonth <= summary.today.slice(0, 7) ? nextMonth : null },
    log: log.rows.map((r) => ({ id: r.id, name: r.meeting_name, slug: r.slug, day: formatLocalDate(r.attended_on) })),
    nextLog: log.more && last ? encodeCursor({ day: last.attended_on, id: last.id }) : null,
    isFirstLogPage: !after,
    hasFeed: feed,
    origin: publicOrigin(request),
  };
}

export const myMeetingsSchema = z.discriminatedUnion(
  "intent",
  [
    z.object({
      intent: z.literal("log"),
      name: textField("The meeting's name", { min: 2, max: 120 }),
      day: z.string().refine(isValidDate, "Enter the day as YYYY-MM-DD."),
    }),
    z.object({ intent: z.literal("delete-log"), id: z.coerce.number().int().positive() }),
    z.object({ intent: z.literal("feed-new") }),
    z.object({ intent: z.literal("feed-off") }),
  ],
  { errorMap: () => ({ message: "Choose what to do." }) },
);

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUser(request, context);
  const form = await parseForm(request, myMeetingsSchema);
  if (!form.ok) return rejectForm(form);
  const db = getDb();
  const data = form.data;
  switch (data.intent) {
    case "log":
      try {
        await recordOutsideAttendance(db, user.id, data.name, data.day, user.time_zone);
      } catch (error) {
        if (error instanceof AttendanceError) return formFailure({ day: error.message }, { intent: "log", name: data.name, day: data.day });
        throw error;
      }
      return { ok: true as const, message: `Recorded: ${data.name}, ${formatLocalDate(data.day)}.`, feedUrl: null };
    case "delete-log": {
      const deleted = await deleteAttendance(db, user.id, data.id);
      if (!deleted) return formFailure({ form: "That entry isn't in your log." }, {}, 404);
      return { ok: true as const, message: "Removed from your log.", feedUrl: null };
    }
    case "feed-new": {
      const token = await regenerateCalendarToken(db, user.id);
      return {
        ok: true as const,
        message: "Your personal calendar feed is ready. Any older address of it has stopped working.",
        feedUrl: `${publicOrigin(request)}/calendar/${token}/meetings.ics`,
      };
    }
    case "feed-off":
      await revokeCalendarToken(db, user.id);
      return { ok: true as const, message: "Your personal calendar feed is off. Its address no longer works.", feedUrl: null };
  }
}

export default function MyMeetings() {
  const data = useLoaderData<typeof loader>();
  const state = useActionData<typeof action>();
  const errors = (state && "errors" in state ? state.errors : undefined) ?? {};
  const typed = state && "values" in state ? state.values : undefined;
  const feedUrl = state && "feedUrl" in state ? state.feedUrl : null;
  const percent = Math.min(100, Math.round((data.ninety / GOAL) * 100));
  const maxWeek = Math.max(1, ...data.weeks.map((w) => w.count));
  return (
    <div className="stack readable my-meetings">
      <h1>My meetings</h1>
      <p className="lead">
        What you're going to, and your own attendance log. <strong>Only you can see this page</strong> — not other members, not moderators.
      </p>
      <SavedMessage state={state} />
      <FormErrors state={state && "errors" in state ? { errors: { form: errors.form ?? "" } } : undefined} />

      <section aria-labelledby="going-heading" className="stack">
        <h2 id="going-heading">Going</h2>
        {data.upcoming.length === 0 ? (
          <p className="muted">
            You haven't said you're going to any meeting yet. <Link to="/meetings">Find a meeting</Link>.
          </p>
        ) : (
          <ul className="plain-list occurrence-list">
            {data.upcoming.map((r) => (
              <li key={r.key} className={`card occurrence${r.cancelled ? " occurrence--cancelled" : ""}`}>
                <p className="occurrence__when">
                  <strong>
                    {r.label}, {r.when}
                  </strong>
                </p>
                <p>
                  <Link to={`/meetings/${r.slug}`}>{r.name}</Link> <span className="muted">· {r.groupName}</span>
                </p>
                {r.cancelled ? (
                  <p className="occurrence__cancelled">
                    <strong>Cancelled.</strong> {r.cancelReason}
                  </p>
                ) : null}
                {r.note ? <p className="occurrence__note">Note: {r.note}</p> : null}
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="ninety-heading" className="card stack ninety">
        <h2 id="ninety-heading">90 meetings in 90 days</h2>
        <p className="ninety__count">
          <strong>{data.ninety} of 90</strong> <span className="muted">since {data.ninetyStart}</span>
        </p>
        <progress className="ninety__bar" max={GOAL} value={Math.min(data.ninety, GOAL)} aria-label={`Meetings in the last 90 days: ${data.ninety} of ${GOAL}`}>
          {percent}%
        </progress>
        <p className="muted small">Every meeting counts: Harbor's and any other you went to. Missing a day isn't starting over.</p>
      </section>

      <section aria-labelledby="weeks-heading" className="stack">
        <h2 id="weeks-heading">Meetings per week</h2>
        <ul className="week-bars">
          {data.weeks.map((w) => (
            <li key={w.label}>
              <span className="week-bars__label">{w.label}</span>
              <progress className="week-bars__bar" max={maxWeek} value={w.count} aria-hidden="true" />
              <span className="week-bars__count">{w.count}</span>
            </li>
          ))}
        </ul>
      </section>

      <section aria-labelledby="calendar-heading" className="stack">
        <h2 id="calendar-heading">Calendar: {data.calendar.label}</h2>
        <table className="attendance-calendar">
          <caption className="visually-hidden">Days you went to a meeting in {data.calendar.label}</caption>
          <thead>
            <tr>
              {["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"].map((d) => (
                <th key={d} scope="col">
                  {d}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {Array.from({ length: data.calendar.cells.length / 7 }, (_, w) => (
              <tr key={w}>
                {data.calendar.cells.slice(w * 7, w * 7 + 7).map((c, i) =>
                  c ? (
                    <td key={c.date} className={`${c.count ? "attended" : ""}${c.date === data.today ? " today" : ""}`}>
                      <span>{c.day}</span>
                      {c.count ? (
                        <span className="visually-hidden">
                          : {c.count} meeting{c.count === 1 ? "" : "s"}
                        </span>
                      ) : null}
                      {c.count ? (
                        <span className="dot" aria-hidden="true">
                          {c.count > 1 ? c.count : "●"}
                        </span>
                      ) : null}
                    </td>
                  ) : (
                    <td key={`e${w}-${i}`} />
                  ),
                )}
              </tr>
            ))}
          </tbody>
        </table>
        <nav className="pager" aria-label="Months">
          <Link to={`/my-meetings?month=${data.calendar.prev}`}>← Earlier month</Link>
          {data.calendar.next ? <Link to={`/my-meetings?month=${data.calendar.next}`}>Later month →</Link> : <span />}
        </nav>
      </section>

      <section aria-labelledby="log-heading" className="stack">
        <h2 id="log-heading">Attendance log</h2>
        <Form method="post" className="form card" noValidate>
          <input type="hidden" name="intent" value="log" />
          <h3>Record a meeting you went to</h3>
          <p className="muted small">Any meeting, here or elsewhere. For Harbor meetings you can also press "I attended" on the meeting's page.</p>
          <TextField name="name" label="Meeting" maxLength={120} defaultValue={typed?.intent === "log" ? typed.name : ""} error={errors.name} />
          <TextField name="day" type="date" label="Day" max={data.today} defaultValue={typed?.intent === "log" ? typed.day : data.today} error={errors.day} />
          <div className="button-row">
            <SubmitButton>Record meeting</SubmitButton>
          </div>
        </Form>
        {data.log.length === 0 ? (
          <p className="muted">{data.isFirstLogPage ? "Nothing recorded yet." : "No earlier entries."}</p>
        ) : (
          <ul className="plain-list attendance-log">
            {data.log.map((r) => (
              <li key={r.id}>
                <span>
                  <strong>{r.day}</strong> — {r.slug ? <Link to={`/meetings/${r.slug}`}>{r.name}</Link> : r.name}
                </span>
                <Form method="post" className="inline-form">
                  <input type="hidden" name="intent" value="delete-log" />
                  <input type="hidden" name="id" value={r.id} />
                  <SubmitButton variant="secondary">
                    Remove
                    <span className="visually-hidden">
                      {" "}
                      {r.name} on {r.day}
                    </span>
                  </SubmitButton>
                </Form>
              </li>
            ))}
          </ul>
        )}
        <nav className="pager" aria-label="More of the log">
          {!data.isFirstLogPage ? <Link to="/my-meetings">← Newest</Link> : <span />}
          {data.nextLog ? <Link to={`/my-meetings?after=${data.nextLog}`}>Earlier entries →</Link> : null}
        </nav>
      </section>

      <section aria-labelledby="calendar-feed-heading" className="card stack" id="calendar">
        <h2 id="calendar-feed-heading">Your personal calendar feed</h2>
        <p>
          Subscribe to it in your calendar app (Google Calendar, Apple Calendar, Outlook) and the meetings you're going to appear there, updated as they change. Its address is
          secret: anyone who has it sees those meetings.
        </p>
        {feedUrl ? (
          <div className="alert alert--info">
            <p>
              <label htmlFor="feed-url">
                <strong>Your feed's address</strong> (shown only now; copy it into your calendar app):
              </label>
            </p>
            <input id="feed-url" className="feed-url" readOnly value={feedUrl} />
            <p className="small">
              <a href={feedUrl.replace(/^https?:/, "webcal:")}>Open in your calendar app</a>
            </p>
          </div>
        ) : data.hasFeed ? (
          <p className="muted">Your feed is on. Its address was shown when you made it. Lost it, or shared it by mistake? Make a new one — the old address stops working.</p>
        ) : null}
        <div className="button-row">
          <Form method="post">
            <input type="hidden" name="intent" value="feed-new" />
            <SubmitButton variant={data.hasFeed ? "secondary" : "primary"}>{data.hasFeed ? "Make a new address" : "Turn on my calendar feed"}</SubmitButton>
          </Form>
          {data.hasFeed ? (
            <Form method="post">
              <input type="hidden" name="intent" value="feed-off" />
              <SubmitButton variant="secondary">Turn the feed off</SubmitButton>
            </Form>
          ) : null}
        </div>
      </section>
    </div>
  );
}
