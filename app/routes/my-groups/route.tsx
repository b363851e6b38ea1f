import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { listMyGroups } from "~/models/groups.server";
import { GROUP_KINDS } from "~/utils/group-labels";
import { requireUser } from "~/utils/auth.server";
import { getDb } from "~/utils/db.server";
import { formatDateTime } from "~/utils/time";
import { pageMeta } from "~/utils/site-title";

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, "My groups");

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  const groups = await listMyGroups(getDb(), user.id);
  return {
    groups: groups.map((g) => ({
      slug: g.slug,
      name: g.name,
      kind: GROUP_KINDS[g.kind],
      role: g.role,
      unread: g.unread,
      lastActivity: g.last_activity_at ? formatDateTime(g.last_activity_at, user.time_zone) : null,
    })),
  };
}

export default function MyGroups() {
  const { groups } = useLoaderData<typeof loader>();
  return (
    <div className="stack readable">
      <h1>My groups</h1>
      {groups.length === 0 ? (
        <p>
          You haven't joined a group yet. <Link to="/groups">Find one that fits</Link>.
        </p>
      ) : (
        <ul className="thread-list">
          {groups.map((g) => (
            <li key={g.slug} className={g.unread > 0 ? "unread" : undefined}>
              <span className="thread-list__title">
                <Link to={`/groups/${g.slug}`}>{g.name}</Link>{" "}
                {g.unread > 0 ? (
                  <span className="badge badge--unread">
                    {g.unread} thread{g.unread === 1 ? "" : "s"} with news
                  </span>
                ) : null}{" "}
                {g.role === "moderator" ? <span className="badge">You moderate</span> : null}
              </span>
              <span className="meta">
                {g.kind}
                {g.lastActivity ? ` · last activity ${g.lastActivity}` : " · no posts yet"}
              </span>
            </li>
          ))}
        </ul>
      )}
      <p>
        <Link to="/groups">Browse all groups</Link>
      </p>
    </div>
  );
}
