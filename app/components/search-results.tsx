/** A page of search results. A snippet is safe HTML made on the server: the post's text, escaped, with <mark> around the words found. */
import { Link } from "@remix-run/react";
import { ListRow } from "./thread-list";

export interface SearchResult {
  postId: number;
  href: string;
  title: string;
  groupName: string;
  author: string | null;
  /** In the viewer's time zone. */
  createdAt: string;
  snippetHtml: string;
  /** By a member the viewer blocked: one quiet line that opens to the result. */
  blockedAuthor?: boolean;
}

export function SearchResults({ hits }: { hits: readonly SearchResult[] }) {
  return (
    <ol className="thread-list">
      {hits.map((h) => (
        <ListRow key={h.postId} blocked={h.blockedAuthor ? "A post by a member you blocked" : null}>
          <span className="thread-list__title">
            <Link to={h.href}>{h.title}</Link>
          </span>
          <span className="meta">
            {h.groupName} · {h.author ?? "A former member"} · {h.createdAt}
          </span>
          <p className="search-snippet" dangerouslySetInnerHTML={{ __html: h.snippetHtml }} />
        </ListRow>
      ))}
    </ol>
  );
}
