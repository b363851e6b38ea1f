/**
 * The admin's daily view of moderation: what is waiting (the open queue, oldest first), how fast
 * moderators answer (the median time to a first action and its trend), what is happening (posts per
 * day, open reports by reason), and the pages to go to, as clear actions.
 */
import { Link } from "@remix-run/react";
import { BarChart, HorizontalBarChart } from "./bar-chart";

export interface DashboardView {
  active7: number;
  active30: number;
  openCount: number;
  oldestOpen: { id: number; href: string; what: string; group: string | null; waited: string; crisis: boolean; reports: number }[];
  median: string | null;
  actedOnCount: number;
  /** "Faster than the week before (2 hours, was 5 hours)", or null without two weeks to compare. */
  trend: string | null;
  weeks: { label: string; hours: number; count: number }[];
  postsPerDay: { label: string; short: string; count: number }[];
  openByReason: { reason: string; label: string; count: number }[];
}

const GO_TO = [
  { to: "/moderation", label: "Review queue" },
  { to: "/moderation/audit", label: "Audit log" },
  { to: "/admin/watched-words", label: "Watched words" },
  { to: "/admin/users", label: "Members" },
  { to: "/admin/crisis", label: "Crisis resources" },
];

export function ModerationDashboard({ d }: { d: DashboardView }) {
  return (
    <>
      <section className="card stack-tight" aria-labelledby="queue-heading">
        <h2 id="queue-heading">Waiting for a moderator</h2>
        <p className="stat">{d.openCount}</p>
        <p className="muted">{d.openCount === 1 ? "open item in the review queue" : "open items in the review queue"}</p>
        {d.oldestOpen.length ? (
          <>
            <h3>Waiting longest</h3>
            <ol className="dash-queue">
              {d.oldestOpen.map((item) => (
                <li key={item.id}>
                  <Link to={item.href}>{item.what}</Link>
                  {item.crisis ? <span className="badge badge--crisis">Crisis</span> : null}
                  <span className="muted small">
                    {" "}
                    · waiting {item.waited}
                    {item.group ? ` · ${item.group}` : ""} · {item.reports} report{item.reports === 1 ? "" : "s"}
                  </span>
                </li>
              ))}
            </ol>
          </>
        ) : (
          <p>Nothing is waiting. Thank you.</p>
        )}
        <p>
          <Link to="/moderation" className="button button--primary">
            Open the review queue
          </Link>
        </p>
      </section>

      <section className="card stack-tight" aria-labelledby="response-heading">
        <h2 id="response-heading">Time to a first action</h2>
        <p className="stat">{d.median ?? "—"}</p>
        <p className="muted">
          median over the last 4 weeks ({d.actedOnCount} item{d.actedOnCount === 1 ? "" : "s"} acted on){d.trend ? `. ${d.trend}.` : "."}
        </p>
        <BarChart
          id="response-chart"
          title="Median hours to a first action, by week"
          yTitle="Hours"
          xTitle="Week starting"
          bars={d.weeks.map((w) => ({ label: `${w.label} (${w.count} items)`, short: w.label, value: w.hours }))}
        />
      </section>

      <section className="card stack-tight" aria-labelledby="activity-heading">
        <h2 id="activity-heading">Activity</h2>
        <p>
          <strong>{d.active7}</strong> active members in the last 7 days, <strong>{d.active30}</strong> in the last 30.
        </p>
        <h3>Posts per day</h3>
        <BarChart
          id="posts-chart"
          title="Posts per day, last 14 days"
          yTitle="Posts"
          xTitle="Day"
          bars={d.postsPerDay.map((p) => ({ label: p.label, short: p.short, value: p.count }))}
        />
      </section>

      <section className="card stack-tight" aria-labelledby="reasons-heading">
        <h2 id="reasons-heading">Open reports by reason</h2>
        {d.openByReason.length ? (
          <HorizontalBarChart
            id="reasons-chart"
            title="Open reports by reason"
            bars={d.openByReason.map((r) => ({ label: r.label, value: r.count, accent: r.reason.includes("crisis") }))}
          />
        ) : (
          <p>No open reports.</p>
        )}
      </section>

      <nav className="card stack-tight" aria-labelledby="actions-heading">
        <h2 id="actions-heading">Go to</h2>
        <ul className="dash-actions">
          {GO_TO.map((l) => (
            <li key={l.to}>
              <Link to={l.to} className="button button--secondary">
                {l.label}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
    </>
  );
}
