/**
 * The crisis resources shown beside something a member just did (a post or message with crisis
 * language, a report that someone may be at risk): a heading, a line of why, the site's resources
 * (app/models/crisis-directory.server.ts) one tap away, and a closing line. The crisis page
 * (/help) lists them in its own larger cards.
 */
import type { ReactNode } from "react";

export interface CrisisResource {
  name: string;
  contact: string;
  href: string | null;
  description?: string;
}

export function CrisisPanel({
  heading,
  resources,
  children,
  footer,
  announce = false,
  descriptions = true,
}: {
  heading: string;
  resources: readonly CrisisResource[];
  /** What comes between the heading and the list. */
  children?: ReactNode;
  footer?: ReactNode;
  /** A status region: read out when it appears after the member's own action. */
  announce?: boolean;
  descriptions?: boolean;
}) {
  return (
    <section className="card crisis-panel" aria-labelledby="crisis-heading" role={announce ? "status" : undefined}>
      <h2 id="crisis-heading">{heading}</h2>
      {children}
      <ul className="resource-list">
        {resources.map((r) => (
          <li key={r.name} className="resource">
            <strong>{r.name}</strong> —{" "}
            {r.href ? (
              <a href={r.href} className="resource__contact">
                {r.contact}
              </a>
            ) : (
              <span className="resource__contact">{r.contact}</span>
            )}
            {descriptions && r.description ? <div className="small">{r.description}</div> : null}
          </li>
        ))}
      </ul>
      {footer ? <p className="small">{footer}</p> : null}
    </section>
  );
}
