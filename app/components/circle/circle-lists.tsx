/** The lists on the support circle's pages: people, encouragement received, reach-outs sent. */
import { Link } from "@remix-run/react";

export function CirclePeopleList({ people }: { people: { personId: string; displayName: string; roleLabel: string; items: string[]; checkOnMe: boolean; muted: boolean }[] }) {
  if (people.length === 0) return <p className="muted">Nobody yet. Invite someone you trust: they'll see only what you tick.</p>;
  return (
    <ul className="plain-list stack-tight circle-people">
      {people.map((p) => (
        <li key={p.personId}>
          <Link to={`/circle/people/${p.personId}`}>
            <strong>{p.displayName}</strong>
          </Link>{" "}
          <span className="badge">{p.roleLabel}</span>
          {p.checkOnMe ? <span className="badge">Checks on you</span> : null}
          {p.muted ? <span className="badge">Muted</span> : null}
          <br />
          <span className="muted small">Sees: {p.items.length ? p.items.join(", ") : "nothing yet"}</span>
        </li>
      ))}
    </ul>
  );
}

export function CircleEncouragementList({ items }: { items: { id: number; from: string; card: string | null; message: string; when: string }[] }) {
  if (items.length === 0) return <p className="muted">Nothing yet. When someone in your circle sends a kind word, it lands here and on your bell.</p>;
  return (
    <ul className="plain-list stack-tight">
      {items.map((e) => (
        <li key={e.id} className="encouragement">
          {e.card ? <p className="encouragement__card">{e.card}</p> : null}
          {e.message ? <p className="encouragement__message">{e.message}</p> : null}
          <p className="muted small">
            From {e.from} · {e.when}
          </p>
        </li>
      ))}
    </ul>
  );
}

export function CircleReachOutList({ items }: { items: { id: number; when: string; line: string; told: { name: string; opened: string | null }[] }[] }) {
  return (
    <ul className="plain-list stack-tight">
      {items.map((r) => (
        <li key={r.id}>
          <p>
            <strong>{r.when}</strong>
            {r.line ? ` · “${r.line}”` : ""}
          </p>
          <ul className="small">
            {r.told.map((t) => (
              <li key={t.name}>
                {t.name}: {t.opened ? `opened ${t.opened}` : "told, not opened yet"}
              </li>
            ))}
          </ul>
        </li>
      ))}
    </ul>
  );
}
