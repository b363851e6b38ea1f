/** The crisis lines kept on the same screen as "Reach out": a circle never replaces them. */
import { Link } from "@remix-run/react";

export function CrisisLines({ region, resources }: { region: string; resources: { name: string; contact: string; href?: string | null; description?: string | null }[] }) {
  return (
    <section className="card crisis-lines stack-tight" aria-labelledby="crisis-lines-heading">
      <h2 id="crisis-lines-heading">If you need someone right now{region ? ` (${region})` : ""}</h2>
      <ul className="plain-list stack-tight">
        {resources.map((r) => (
          <li key={r.name}>
            <strong>{r.name}</strong>: {r.href ? <a href={r.href}>{r.contact}</a> : r.contact}
          </li>
        ))}
      </ul>
      <p className="small">
        <Link to="/help">All crisis resources</Link>
      </p>
    </section>
  );
}
