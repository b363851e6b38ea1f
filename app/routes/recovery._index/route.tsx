import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { MilestoneChip } from "~/components/chip";
import { announceMilestones, listTrackers } from "~/models/recovery-trackers.server";
import { requireRecoveryOwnerWithSet } from "~/utils/recovery.server";
import { formatSpan } from "~/utils/sobriety";
import { pageMeta } from "~/utils/site-title";

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, "My recovery");

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { user, db, set, timeZone } = await requireRecoveryOwnerWithSet(request, context);
  const trackers = await listTrackers(db, user.id, set, timeZone);
  await announceMilestones(db, user.id, trackers);
  return {
    trackers: trackers.map((t) => {
      const s = t.summary;
      const latest = s.reached[s.reached.length - 1];
      return {
        id: t.id,
        name: t.name,
        days: s.current.days,
        span: formatSpan(s.span),
        latest: latest ? { label: latest.label, color: latest.color } : null,
        next: s.next ? { label: s.next.label, daysToGo: s.next.daysToGo, percent: Math.round(s.next.progress * 100) } : null,
      };
    }),
  };
}

export default function RecoveryHome() {
  const { trackers } = useLoaderData<typeof loader>();
  return (
    <div className="stack">
      <div className="page-head">
        <h1>My recovery</h1>
        <Link to="/recovery/trackers/new" className="button button--primary">
          Start a tracker
        </Link>
      </div>
      {trackers.length === 0 ? (
        <div className="card stack">
          <p className="lead">Counting your days can be a quiet source of strength.</p>
          <p>
            Start a tracker for whatever you are recovering from. You can set a date in the past if you have been counting somewhere else — nothing here is shared unless you choose
            to share a milestone.
          </p>
        </div>
      ) : (
        <ul className="tracker-list">
          {trackers.map((t) => (
            <li key={t.id} className="card tracker-card">
              {t.latest ? <MilestoneChip label={t.latest.label} color={t.latest.color} size={64} /> : null}
              <div className="stack-tight">
                <h2 className="tracker-card__name">
                  <Link to={`/recovery/trackers/${t.id}`}>{t.name}</Link>
                </h2>
                <p className="tracker-card__count">
                  <strong>{t.days.toLocaleString("en-US")}</strong> {t.days === 1 ? "day" : "days"} <span className="muted">({t.span})</span>
                </p>
                {t.next ? (
                  <p className="muted small">
                    {t.next.daysToGo === 1 ? "1 day" : `${t.next.daysToGo} days`} to {t.next.label}
                  </p>
                ) : null}
              </div>
            </li>
          ))}
        </ul>
      )}
      <div className="card-grid recovery-links">
        <Link to="/recovery/check-in" className="card">
          <strong>Today's check-in</strong>
          <span className="muted small">Mood, cravings, sleep — a minute a day.</span>
        </Link>
        <Link to="/recovery/journal" className="card">
          <strong>Journal</strong>
          <span className="muted small">Private, dated entries.</span>
        </Link>
        <Link to="/recovery/taper" className="card">
          <strong>Taper log</strong>
          <span className="muted small">What your prescriber set, drawn over time.</span>
        </Link>
        <Link to="/recovery/plan" className="card">
          <strong>My relapse-prevention plan</strong>
          <span className="muted small">Triggers, warning signs, people to call.</span>
        </Link>
      </div>
    </div>
  );
}
