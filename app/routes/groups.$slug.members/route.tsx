import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { Breadcrumbs } from "~/components/breadcrumbs";
import { listMembers } from "~/models/groups.server";
import { requireAuth } from "~/utils/auth.server";
import { getDb } from "~/utils/db.server";
import { requireGroup } from "~/utils/groups.server";
import { pageMeta } from "~/utils/site-title";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => pageMeta(matches, data ? `Members · ${data.group.name}` : "Members");

/** Cursor `<joined_at>~<user id>`; a malformed one starts at the top. */
function parseCursor(raw: string | null): { joinedAt: string; userId: string } | undefined {
  if (!raw) return undefined;
  const [joinedAt, userId, extra] = raw.split("~");
  return joinedAt && userId && extra === undefined && userId.length <= 100 && !Number.isNaN(Date.parse(joinedAt)) ? { joinedAt, userId } : undefined;
}

// Who belongs to a group is for its members (and site admins) only, even when its posts are public.
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { access } = await requireGroup(request, context, params.slug, "read");
  const auth = await requireAuth(request, context);
  if (!access.isMember && !access.isModerator) {
    throw new Response("Only members can see who's in this group.", { status: 403, statusText: "Forbidden" });
  }
  const after = parseCursor(new URL(request.url).searchParams.get("after"));
  const page = await listMembers(getDb(), access.group.id, after);
  return {
    group: { slug: access.group.slug, name: access.group.name, memberCount: access.group.member_count },
    members: page.members.map((m) => ({ id: m.id, displayName: m.display_name, isModerator: m.role === "moderator", isSelf: m.id === auth.user.id })),
    next: page.next ? `${page.next.joinedAt}~${page.next.userId}` : null,
    isFirstPage: !after,
  };
}

export default function GroupMembers() {
  const { group, members, next, isFirstPage } = useLoaderData<typeof loader>();
  return (
    <div className="stack readable">
      <Breadcrumbs
        trail={[
          { to: "/groups", label: "Groups" },
          { to: `/groups/${group.slug}`, label: group.name },
        ]}
        current="Members"
      />
      <h1>Members</h1>
      <p className="muted">
        {group.memberCount === 1 ? "1 person belongs" : `${group.memberCount} people belong`} to {group.name}, in the order they joined. Only members see this list.
      </p>
      {members.length === 0 ? (
        <p className="card">{isFirstPage ? "No one has joined yet." : "No more members."}</p>
      ) : (
        <ul className="plain-list" aria-label={`Members of ${group.name}`}>
          {members.map((m) => (
            <li key={m.id}>
              <Link to={`/members/${m.id}`}>{m.displayName}</Link>
              {m.isSelf ? " (you)" : ""}
              {m.isModerator ? (
                <>
                  {" "}
                  <span className="badge">Moderator</span>
                </>
              ) : null}
            </li>
          ))}
        </ul>
      )}
      <nav className="pager" aria-label="Pages">
        {!isFirstPage ? <Link to={`/groups/${group.slug}/members`}>← First members</Link> : <span />}
        {next ? <Link to={`/groups/${group.slug}/members?after=${encodeURIComponent(next)}`}>More members →</Link> : null}
      </nav>
    </div>
  );
}
