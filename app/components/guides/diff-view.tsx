/**
 * One field's changes between two versions: removed words in <del>, added words in <ins>, each
 * with a word for screen readers ("removed:", "added:") and a visible mark besides the colour.
 */
import type { DiffPart } from "~/models/guides/diff.server";

export function DiffView({ parts, label }: { parts: DiffPart[]; label: string }) {
  if (parts.length === 0) return null;
  return (
    <div className="guide-diff">
      <p className="guide-diff__label">{label}</p>
      <p className="guide-diff__text">
        {parts.map((part, i) =>
          part.kind === "added" ? (
            <ins key={i}>
              <span className="visually-hidden">[added: </span>
              {part.text}
              <span className="visually-hidden">]</span>
            </ins>
          ) : part.kind === "removed" ? (
            <del key={i}>
              <span className="visually-hidden">[removed: </span>
              {part.text}
              <span className="visually-hidden">]</span>
            </del>
          ) : (
            <span key={i}>{part.text}</span>
          ),
        )}
      </p>
    </div>
  );
}
