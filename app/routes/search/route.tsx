import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { SearchBox } from "~/components/search-box";
import { getGroupAccess } from "~/models/groups.server";
import { blocksAcrossGroups } from "~/models/blocks.server";
import { searchPosts, SEARCH_MAX_PAGES } from "~/models/search.server";
import { searchGuides } from "~/models/guides/search.server";
import { getAuth } from "~/utils/auth.server";
import { getDb } from "~/utils/db.server";
import { notFound } from "~/utils/groups.server";
import { SearchResults } from "~/components/search-results";
import { searchResults } from "~/models/list-views.server";
import { pageMeta } from "~/utils/site-title";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => pageMeta(matches, data?.query ? `“${data.query}” · Search` : "Search");

export async function loader({ request, context }: LoaderFunctionArgs) {
  const auth = await getAuth(request, context);
  const viewer = auth ? { id: auth.user.id, role: auth.user.role } : null;
  const url = new URL(request.url);
  const query = (url.searchParams.get("q") ?? "").slice(0, 200).trim();
  const groupSlug = url.searchParams.get("group") ?? "";
  const requestedPage = Number(url.searchParams.get("page") ?? "1");
  const page = Number.isSafeInteger(requestedPage) && requestedPage >= 1 && requestedPage <= SEARCH_MAX_PAGES ? requestedPage : 1;
  const db = getDb();
  // Searching within a group one may not read is the same as a group that doesn't exist.
  let group: { id: number; slug: string; name: string } | null = null;
  if (groupSlug) {
    const access = await getGroupAccess(db, groupSlug, viewer);
    if (!access?.canRead) throw notFound();
    group = { id: access.group.id, slug: access.group.slug, name: access.group.name };
  }
  const result = query ? await searchPosts(db, viewer, query, { groupId: group?.id, page }) : { hits: [], hasMore: false, searchable: false, inBlocks: false };
  // The searcher's blocks, loaded only when the search's statement said they have any.
  const blocks = viewer && result.inBlocks ? await blocksAcrossGroups(db, viewer.id) : undefined;
  // Guides the viewer may read (app/policy/guides.ts), on the first page of a site-wide search.
  const guides = query && !group && page === 1 ? await searchGuides(db, viewer, query) : [];
  const zone = auth?.user.time_zone ?? "UTC";
  return {
    query,
    searchable: result.searchable,
    page,
    group: group ? { slug: group.slug, name: group.name } : null,
    hasMore: result.hasMore,
    hits: searchResults(result.hits, zone, blocks),
    guides,
  };
}

export default function Search() {
  const { query, searchable, page, group, hits, hasMore, guides } = useLoaderData<typeof loader>();
  const base = (p: number) => `/search?q=${encodeURIComponent(query)}${group ? `&group=${group.slug}` : ""}${p > 1 ? `&page=${p}` : ""}`;
  return (
    <div className="stack readable">
      <h1>{group ? `Search ${group.name}` : "Search"}</h1>
      <SearchBox id="search-q" label={group ? `Search posts in ${group.name}` : "Search posts in groups you can read"} group={group?.slug} defaultValue={query} primary />
      {group ? (
        <p className="small">
          <Link to={`/search?q=${encodeURIComponent(query)}`}>Search all groups instead</Link>
        </p>
      ) : null}
      {guides.length > 0 ? (
        <section aria-labelledby="guide-results-heading" className="stack">
          <h2 id="guide-results-heading">Guides</h2>
          <ul className="guide-list">
            {guides.map((g) => (
              <li key={g.slug} className="card guide-card">
                <h3 className="guide-card__title">
                  <Link to={`/guides/${g.slug}`}>{g.title}</Link>
                </h3>
                {/* Escaped and marked on the server (app/models/search.server.ts, highlight). */}
                <p className="small" dangerouslySetInnerHTML={{ __html: g.snippetHtml }} />
              </li>
            ))}
          </ul>
          {hits.length > 0 ? <h2>Posts</h2> : null}
        </section>
      ) : null}
      {query ? (
        hits.length === 0 && guides.length > 0 ? null : hits.length === 0 ? (
          <p className="muted">
            {page > 1
              ? "No more results."
              : searchable
                ? `Nothing found for “${query}”. Try fewer or different words.`
                : `Nothing to search for in “${query}”: very common words like “the” or “not” are left out. Try a more particular word.`}
          </p>
        ) : (
          <section aria-labelledby="results-heading">
            <h2 id="results-heading" className="visually-hidden">
              Results
            </h2>
            <SearchResults hits={hits} />
          </section>
        )
      ) : null}
      <nav className="pager" aria-label="More results">
        {page > 1 ? <Link to={base(page - 1)}>← Better matches</Link> : <span />}
        {hasMore ? <Link to={base(page + 1)}>More results →</Link> : null}
      </nav>
    </div>
  );
}
