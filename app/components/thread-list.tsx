/** A group board's threads: one row per thread, its badges and its last reply. */
import { Link } from "@remix-run/react";
import type { ReactNode } from "react";

export interface BoardRow {
  id: number;
  /** For a member, the first reply they haven't read (its page and anchor). */
  href: string;
  title: string;
  pinned: boolean;
  locked: boolean;
  hidden: boolean;
  /** "New", "3 new", or null when nothing is new to the viewer. */
  unread: string | null;
  author: string | null;
  replies: number;
  lastAuthor: string | null;
  /** The last reply is by a member in a block with the viewer: its author isn't named. */
  lastAuthorUnnamed?: boolean;
  /** In the viewer's time zone. */
  lastPostAt: string;
  /** Started by a member the viewer blocked: one quiet line that opens to the row. */
  blockedAuthor?: boolean;
}

export function ThreadList({ threads }: { threads: readonly BoardRow[] }) {
  return (
    <ul className="thread-list">
      {threads.map((t) => (
        <ListRow key={t.id} className={t.unread ? "unread" : undefined} blocked={t.blockedAuthor ? "A thread by a member you blocked" : null}>
          <span className="thread-list__title">
            <Link to={t.href}>{t.title}</Link>
            {t.pinned ? (
              <>
                {" "}
                <span className="badge badge--pinned">Pinned</span>
              </>
            ) : null}
            {t.locked ? (
              <>
                {" "}
                <span className="badge badge--locked">Locked</span>
              </>
            ) : null}
            {t.hidden ? (
              <>
                {" "}
                <span className="badge badge--hidden">Hidden</span>
              </>
            ) : null}
            {t.unread ? (
              <>
                {" "}
                <span className="badge badge--unread">{t.unread}</span>
              </>
            ) : null}
          </span>
          <span className="meta">
            Started by {t.author ?? "A former member"} · {t.replies} repl{t.replies === 1 ? "y" : "ies"} ·{" "}
            {t.lastAuthorUnnamed ? `last ${t.lastPostAt}` : `last by ${t.lastAuthor ?? "a former member"}, ${t.lastPostAt}`}
          </span>
        </ListRow>
      ))}
    </ul>
  );
}

/** A row of a list (a board's threads, search results); one by a member the viewer blocked is one quiet line that opens to it. */
export function ListRow({ blocked, className, children }: { blocked: string | null; className?: string; children: ReactNode }) {
  if (!blocked) return <li className={className}>{children}</li>;
  return (
    <li className="thread-list__blocked">
      <details className="post__blocked">
        <summary>
          {blocked}
          <span className="visually-hidden"> — show it</span>
        </summary>
        {children}
      </details>
    </li>
  );
}
