/**
 * A few guides offered where people are (the crisis page, a hard check-in, the relapse-prevention
 * plan): a short titled list of links. Self-contained, so those pages change by one line.
 */
import { Link } from "@remix-run/react";

export interface OfferedGuide {
  slug: string;
  title: string;
  summary: string;
}

export function GuideOffer({ id, heading, intro, guides }: { id: string; heading: string; intro?: string; guides: OfferedGuide[] }) {
  if (guides.length === 0) return null;
  return (
    <section className="card guide-offer" aria-labelledby={id}>
      <h2 id={id}>{heading}</h2>
      {intro ? <p>{intro}</p> : null}
      <ul>
        {guides.map((g) => (
          <li key={g.slug}>
            <Link to={`/guides/${g.slug}`}>{g.title}</Link>
            {g.summary ? <span className="muted small"> — {g.summary}</span> : null}
          </li>
        ))}
      </ul>
    </section>
  );
}
