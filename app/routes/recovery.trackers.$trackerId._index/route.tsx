import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { Breadcrumbs } from "~/components/breadcrumbs";
import { MilestoneChip } from "~/components/chip";
import { Form, FormErrors, SubmitButton } from "~/components/forms";
import { Pagination } from "~/components/pagination";
import { announceMilestones, getTracker, RecoveryRuleError, summarizeTracker, undoLastSlip } from "~/models/recovery-trackers.server";
import { listShares } from "~/models/recovery-sharing.server";
import { now } from "~/utils/clock.server";
import { notFoundResponse, recoveryFailure, requireRecoveryOwnerWithSet } from "~/utils/recovery.server";
import { formatSpan } from "~/utils/sobriety";
import { pageMeta } from "~/utils/site-title";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => pageMeta(matches, `${data?.tracker.name ?? "Tracker"} · My recovery`);

export const HISTORY_PAGE_SIZE = 20;

const longDate = new Intl.DateTimeFormat("en-US", { dateStyle: "long", timeZone: "UTC" });
/** A calendar date as people write it ("September 2, 2026"); the date is already the member's own. */
function showDate(date: string): string {
  return longDate.format(new Date(`${date}T12:00:00Z`));
}

function daysText(n: number): string {
  return `${n.toLocaleString("en-US")} ${n === 1 ? "day" : "days"}`;
}

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { user, db, set, timeZone } = await requireRecoveryOwnerWithSet(request, context);
  const tracker = await getTracker(db, user.id, params.trackerId ?? "");
  if (!tracker) throw notFoundResponse();
  const summary = summarizeTracker(tracker, set, now(), timeZone);
  await announceMilestones(db, user.id, [{ ...tracker, summary }]);
  const url = new URL(request.url);
  // History, newest streak first, each with the slip (and its private note) that closed it.
  const notes = new Map(tracker.slips.map((s) => [s.date, s.note]));
  const history = [...summary.streaks]
    .reverse()
    .map((s) => ({ ...s, startText: showDate(s.start), endText: s.end ? showDate(s.end) : null, note: s.end ? (notes.get(s.end) ?? "") : "" }));
  const pages = Math.max(1, Math.ceil(history.length / HISTORY_PAGE_SIZE));
  const page = Math.min(pages, Math.max(1, Number.parseInt(url.searchParams.get("history") ?? "1", 10) || 1));
  const lastSlip = tracker.slips[tracker.slips.length - 1];
  const shares = new Map((await listShares(db, user.id, tracker.id)).filter((s) => s.streak_start === summary.current.start).map((s) => [s.milestone_days, s.name ?? "a group"]));
  return {
    tracker: { id: tracker.id, name: tracker.name },
    slipped: url.searchParams.get("slipped") === "1",
    undone: url.searchParams.get("undone") === "1",
    shared: url.searchParams.get("shared"),
    count: {
      days: summary.current.days,
      span: summary.span.years || summary.span.months ? formatSpan(summary.span) : null,
      since: showDate(summary.current.start),
      startTime: tracker.slips.length === 0 ? tracker.startTime : null,
    },
    next: summary.next
      ? {
          label: summary.next.label,
          color: summary.next.color,
          date: showDate(summary.next.date),
          daysToGo: summary.next.daysToGo,
          percent: Math.round(summary.next.progress * 100),
        }
      : null,
    chips: summary.reached.map((m) => ({ label: m.label, color: m.color, date: showDate(m.date), days: m.days, sharedIn: shares.get(m.days) ?? null })),
    totals: {
      longest: summary.longestDays,
      total: summary.totalDays,
      streaks: summary.streaks.length,
      previous: summary.streaks.length > 1 ? summary.streaks[summary.streaks.length - 2]!.days : 0,
    },
    history: history.slice((page - 1) * HISTORY_PAGE_SIZE, page * HISTORY_PAGE_SIZE),
    page,
    pages,
    lastSlip: lastSlip ? showDate(lastSlip.date) : null,
  };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const { user, db, set, timeZone } = await requireRecoveryOwnerWithSet(request, context);
  const form = await request.formData().catch(() => null);
  if (form?.get("intent") !== "undo-slip") return recoveryFailure(new RecoveryRuleError("Please use the buttons on this page."));
  try {
    await undoLastSlip(db, user.id, params.trackerId ?? "", set, timeZone);
  } catch (error) {
    return recoveryFailure(error);
  }
  return redirect(`/recovery/trackers/${params.trackerId}?undone=1`);
}

export default function TrackerPage() {
  const { tracker, slipped, undone, shared, count, next, chips, totals, history, page, pages, lastSlip } = useLoaderData<typeof loader>();
  const state = useActionData<typeof action>();
  return (
    <div className="stack">
      <Breadcrumbs trail={[{ to: "/recovery", label: "My recovery" }]} current={tracker.name} />
      <h1>{tracker.name}</h1>
      <FormErrors state={state} />
      {slipped ? (
        <div className="alert alert--info kind-words" role="status">
          <p>
            <strong>Thank you for being honest with yourself.</strong> A slip doesn't erase what you built
            {totals.previous > 0 ? <> — your {daysText(totals.previous)} before it are still yours</> : null}. They stay in your history below and in your total of{" "}
            {daysText(totals.total)}.
          </p>
          <p>
            Today a new streak begins. You don't have to start it alone: your <Link to="/recovery/plan">plan</Link>, your <Link to="/my-groups">groups</Link> and{" "}
            <Link to="/help">people who can help right now</Link> are one tap away.
          </p>
        </div>
      ) : null}
      {shared ? (
        <div className="alert alert--success" role="status">
          <p>{shared === "held" ? "Shared — your group's moderators will publish it shortly." : "Shared with your group. Congratulations!"}</p>
        </div>
      ) : null}
      {undone ? (
        <div className="alert alert--success" role="status">
          <p>The slip was taken back. Your streak continues as before.</p>
        </div>
      ) : null}

      <section className="card count-card" aria-labelledby="count-heading">
        <h2 id="count-heading" className="visually-hidden">
          Your count
        </h2>
        <p className="count-card__days">
          <strong>{count.days.toLocaleString("en-US")}</strong> {count.days === 1 ? "day" : "days"}
        </p>
        {count.span ? <p className="count-card__span">{count.span}</p> : null}
        <p className="muted">
          Since {count.since}
          {count.startTime ? ` at ${count.startTime}` : ""}
        </p>
        {next ? (
          <div className="next-milestone">
            <label htmlFor="next-progress">
              Next: <strong>{next.label}</strong> on {next.date} — {next.daysToGo === 1 ? "tomorrow" : `${next.daysToGo} days to go`}
            </label>
            <progress id="next-progress" max={100} value={next.percent}>
              {next.percent}%
            </progress>
          </div>
        ) : null}
      </section>

      <section aria-labelledby="chips-heading" className="stack">
        <h2 id="chips-heading">Chips earned</h2>
        {chips.length === 0 ? (
          <p className="muted">Your first chip comes at {next?.label ?? "24 hours"}. One day at a time.</p>
        ) : (
          <ul className="chip-grid">
            {chips.map((c) => (
              <li key={c.days}>
                <MilestoneChip label={c.label} color={c.color} />
                <span className="chip-grid__label">{c.label}</span>
                <span className="muted small">{c.date}</span>
                {c.sharedIn ? (
                  <span className="small">Shared in {c.sharedIn}</span>
                ) : (
                  <Link className="small" to={`/recovery/trackers/${tracker.id}/share?milestone=${c.days}`}>
                    Share<span className="visually-hidden"> your {c.label}</span>…
                  </Link>
                )}
              </li>
            ))}
            {next ? (
              <li>
                <MilestoneChip label={next.label} color={next.color} earned={false} />
                <span className="chip-grid__label">{next.label}</span>
                <span className="muted small">coming {next.date}</span>
              </li>
            ) : null}
          </ul>
        )}
      </section>

      <section aria-labelledby="history-heading" className="stack">
        <h2 id="history-heading">Your whole history</h2>
        <dl className="totals">
          <div>
            <dt>Current streak</dt>
            <dd>{daysText(count.days)}</dd>
          </div>
          <div>
            <dt>Longest streak</dt>
            <dd>{daysText(totals.longest)}</dd>
          </div>
          <div>
            <dt>Total sober days</dt>
            <dd>{daysText(totals.total)}</dd>
          </div>
        </dl>
        {totals.streaks > 1 ? <p className="muted">Every streak counts. Days before a slip are still days you stayed sober, and they are all part of your total.</p> : null}
        <div className="table-wrap">
          <table className="stack-table history-table">
            <caption className="visually-hidden">Streaks, newest first</caption>
            <thead>
              <tr>
                <th scope="col">From</th>
                <th scope="col">Until</th>
                <th scope="col">Days</th>
                <th scope="col">Your note</th>
              </tr>
            </thead>
            <tbody>
              {history.map((s) => (
                <tr key={s.start + (s.end ?? "now")}>
                  <td data-label="From">{s.startText}</td>
                  <td data-label="Until">{s.endText ? `a slip on ${s.endText}` : "today (current)"}</td>
                  <td data-label="Days">{s.days.toLocaleString("en-US")}</td>
                  <td data-label="Your note" className="preserve-lines">
                    {s.note || <span className="muted">—</span>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <Pagination page={page} pages={pages} href={(p) => `/recovery/trackers/${tracker.id}?history=${p}`} label="History pages" />
      </section>

      <div className="button-row">
        <Link to={`/recovery/trackers/${tracker.id}/slip`} className="button button--secondary">
          I had a slip
        </Link>
        <Link to={`/recovery/trackers/${tracker.id}/edit`} className="button button--secondary">
          Correct dates
        </Link>
        <Link to="/recovery/plan" className="button button--secondary">
          My relapse-prevention plan
        </Link>
      </div>
      {lastSlip ? (
        <Form method="post" className="inline-form">
          <input type="hidden" name="intent" value="undo-slip" />
          <p className="muted small">Recorded a slip by mistake?</p>
          <SubmitButton variant="secondary">Undo the slip of {lastSlip}</SubmitButton>
        </Form>
      ) : null}
    </div>
  );
}
