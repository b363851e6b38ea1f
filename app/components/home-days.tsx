/**
 * The home page's "Your days" list: each tracker's name and day count, or — in discreet mode — a
 * neutral "Tracker 1 · tap to show" that opens on a tap (a <details>: no JavaScript needed), for
 * members who open Harbor where others can see their screen. The one-tap toggle is a plain form.
 */
import { Form, Link } from "@remix-run/react";

export interface HomeTracker {
  id: number;
  name: string;
  days: number;
  next: { label: string; daysToGo: number } | null;
}

function TrackerLine({ tracker: t }: { tracker: HomeTracker }) {
  return (
    <>
      <Link to={`/recovery/trackers/${t.id}`}>{t.name}</Link>: <strong>{t.days.toLocaleString("en-US")}</strong> {t.days === 1 ? "day" : "days"}
      {t.next ? (
        <span className="muted small">
          {" "}
          · {t.next.daysToGo === 1 ? "1 day" : `${t.next.daysToGo} days`} to {t.next.label}
        </span>
      ) : null}
    </>
  );
}

export function HomeDays({ trackers, discreet }: { trackers: readonly HomeTracker[]; discreet: boolean }) {
  return (
    <ul className="home-list">
      {trackers.map((t, i) => (
        <li key={t.id}>
          {discreet ? (
            <details className="discreet">
              <summary>Tracker {i + 1} · tap to show</summary>
              <TrackerLine tracker={t} />
            </details>
          ) : (
            <TrackerLine tracker={t} />
          )}
        </li>
      ))}
    </ul>
  );
}

export function DiscreetToggle({ discreet }: { discreet: boolean }) {
  return (
    <Form method="post" action="/settings/discreet" className="discreet-toggle">
      <input type="hidden" name="redirectTo" value="/" />
      <button type="submit" name="discreet" value={discreet ? "off" : "on"} className="reaction" aria-pressed={discreet}>
        Discreet mode
      </button>{" "}
      <span className="muted small">{discreet ? "On: names and counts stay hidden until you tap." : "Off: hide names and counts until you tap."}</span>
    </Form>
  );
}
