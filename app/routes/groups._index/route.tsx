import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { PostBody } from "~/components/markdown-editor";
import { SearchBox } from "~/components/search-box";
import { listGroups } from "~/models/groups.server";
import { GROUP_KINDS } from "~/utils/group-labels";
import { getAuth } from "~/utils/auth.server";
import { decodeCursor, encodeCursor } from "~/utils/cursor";
import { getDb } from "~/utils/db.server";
import { can } from "~/utils/permissions";
import { pageMeta, siteNameOf } from "~/utils/site-title";

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, "Groups", `Peer support groups on ${siteNameOf(matches)}: talk with people who understand.`);

const cursorSchema = z.object({ name: z.string().max(200), id: z.number().int() });

export async function loader({ request, context }: LoaderFunctionArgs) {
  const auth = await getAuth(request, context);
  const viewer = auth ? { id: auth.user.id, role: auth.user.role } : null;
  const url = new URL(request.url);
  const after = decodeCursor(url.searchParams.get("after"), cursorSchema);
  const page = await listGroups(getDb(), viewer, after);
  return {
    groups: page.groups.map((g) => ({
      slug: g.slug,
      name: g.name,
      kind: GROUP_KINDS[g.kind],
      visibility: g.visibility,
      descriptionHtml: g.description_html,
      memberCount: g.member_count,
      threadCount: g.thread_count,
      membership: g.membership,
    })),
    next: page.next ? encodeCursor(page.next) : null,
    isFirstPage: !after,
    signedIn: !!auth,
    canCreate: can(auth?.user, "admin:console"),
  };
}

export default function GroupDirectory() {
  const { groups, next, isFirstPage, signedIn, canCreate } = useLoaderData<typeof loader>();
  return (
    <div className="stack readable">
      <div className="page-head">
        <div>
          <h1>Groups</h1>
          <p className="lead">Peer groups, alumni cohorts and topics. Find your people.</p>
        </div>
        <div className="button-row">
          {signedIn ? (
            <Link to="/my-groups" className="button button--secondary">
              My groups
            </Link>
          ) : null}
          {canCreate ? (
            <Link to="/groups/new" className="button button--primary">
              New group
            </Link>
          ) : null}
        </div>
      </div>
      <SearchBox id="groups-search" label="Search posts" />
      {groups.length === 0 ? (
        <p className="muted">{isFirstPage ? "There are no groups yet." : "No more groups."}</p>
      ) : (
        <ul className="group-list">
          {groups.map((g) => (
            <li key={g.slug} className="card group-card">
              <h2>
                <Link to={`/groups/${g.slug}`}>{g.name}</Link>
              </h2>
              <p className="meta">
                {g.kind}
                {g.visibility === "private" ? (
                  <>
                    {" "}
                    · <span className="badge badge--private">Private</span>
                  </>
                ) : null}
                {g.visibility === "hidden" ? (
                  <>
                    {" "}
                    · <span className="badge badge--hidden">Hidden</span>
                  </>
                ) : null}
                {g.membership ? (
                  <>
                    {" "}
                    · <span className="badge">{g.membership === "moderator" ? "You moderate" : "Member"}</span>
                  </>
                ) : null}
                {" · "}
                {g.memberCount} member{g.memberCount === 1 ? "" : "s"}
                {g.visibility === "public" || g.membership ? ` · ${g.threadCount} thread${g.threadCount === 1 ? "" : "s"}` : ""}
              </p>
              <PostBody html={g.descriptionHtml} />
            </li>
          ))}
        </ul>
      )}
      <nav className="pager" aria-label="More groups">
        {!isFirstPage ? <Link to="/groups">← First page</Link> : <span />}
        {next ? <Link to={`/groups?after=${next}`}>More groups →</Link> : null}
      </nav>
    </div>
  );
}
