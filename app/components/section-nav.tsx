/** The list of a section's pages beside or above them (admin, moderation, settings, my recovery). */
import { NavLink } from "@remix-run/react";

export interface SectionLink {
  to: string;
  label: string;
  /** Current only on this very address, not below it (the section's own index). */
  end?: boolean;
}

export function SectionNav({ label, className = "settings-nav", links }: { label: string; className?: string; links: readonly SectionLink[] }) {
  return (
    <nav aria-label={label} className={`section-nav ${className}`}>
      <ul>
        {links.map((l) => (
          <li key={l.to}>
            <NavLink to={l.to} end={l.end}>
              {l.label}
            </NavLink>
          </li>
        ))}
      </ul>
    </nav>
  );
}
