/** A page of search results. A snippet is safe HTML made on the server: the post's text, escaped, with <mark> around the words found. */
import { Link } from "@remix-run/react";

export interface SearchResult {
  postId: number;
  href: string;
  title: string;
  groupName: string;
  author: string | null;
  /** In the viewer's time zone. */
  createdAt: string;
  snippetHtml: string;
}

export function SearchResults({ hits }: { hits: readonly SearchResult[] }) {
  return (
    <ol className="thread-list">
      {hits.map((h) => (
        <li key={h.postId}>
          <span className="thread-list__title">
            <Link to={h.href}>{h.title}</Link>
          </span>
          <span className="meta">
            {h.groupName} · {h.author ?? "A former member"} · {h.createdAt}
          </span>
          <p className="search-snippet" dangerouslySetInnerHTML={{ __html: h.snippetHtml }} />
        </li>
      ))}
    </ol>
  );
}
