/** A group board's threads: one row per thread, its badges and its last reply. */
import { Link } from "@remix-run/react";

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
  /** In the viewer's time zone. */
  lastPostAt: string;
}

export function ThreadList({ threads }: { threads: readonly BoardRow[] }) {
  return (
    <ul className="thread-list">
      {threads.map((t) => (
        <li key={t.id} className={t.unread ? "unread" : undefined}>
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
            Started by {t.author ?? "A former member"} · {t.replies} repl{t.replies === 1 ? "y" : "ies"} · last by {t.lastAuthor ?? "a former member"}, {t.lastPostAt}
          </span>
        </li>
      ))}
    </ul>
  );
}
