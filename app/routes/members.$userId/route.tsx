import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { hasBlocked } from "~/models/blocks.server";
import { getPublicProfile } from "~/models/users.server";
import { requirePermission } from "~/utils/auth.server";
import { getDb } from "~/utils/db.server";
import { pageMeta } from "~/utils/site-title";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => pageMeta(matches, data ? `${data.profile.displayName}` : "Member");

// Profiles are for members only: a pseudonym and a bio are still nobody else's business.
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { user } = await requirePermission(request, context, "profile:view");
  const profile = await getPublicProfile(getDb(), params.userId ?? "");
  if (!profile) throw new Response("Not found", { status: 404 });
  const isSelf = profile.id === user.id;
  return {
    blocked: !isSelf && (await hasBlocked(getDb(), user.id, profile.id)),
    profile: {
      displayName: profile.display_name,
      bio: profile.bio,
      isAdmin: profile.role === "admin",
      memberSince: new Intl.DateTimeFormat("en-US", { month: "long", year: "numeric", timeZone: user.time_zone }).format(new Date(profile.created_at)),
    },
    isSelf: profile.id === user.id,
    id: profile.id,
    viewerIsAdmin: user.role === "admin",
  };
}

export default function MemberProfile() {
  const { profile, isSelf, id, viewerIsAdmin, blocked } = useLoaderData<typeof loader>();
  return (
    <div className="stack readable">
      <h1>
        {profile.displayName} {profile.isAdmin ? <span className="badge badge--admin">Site admin</span> : null}
      </h1>
      <p className="muted">Member since {profile.memberSince}</p>
      {profile.bio ? <p className="card preserve-lines">{profile.bio}</p> : <p className="muted">{isSelf ? "You haven't written anything about yourself yet." : "No bio yet."}</p>}
      {!isSelf ? (
        <div className="button-row">
          {blocked ? null : (
            <Link to={`/messages/new?to=${id}`} className="button button--secondary">
              Send a message
            </Link>
          )}
          <Form method="post" action="/settings/blocked">
            <input type="hidden" name="memberId" value={id} />
            <input type="hidden" name="redirectTo" value={`/members/${id}`} />
            <button type="submit" name="intent" value={blocked ? "unblock" : "block"} className="button button--secondary">
              {blocked ? "Unblock" : "Block"}
              <span className="visually-hidden"> {profile.displayName}</span>
            </button>
          </Form>
        </div>
      ) : null}
      {blocked ? <p className="muted">You blocked {profile.displayName}. Neither of you sees the other's posts, and they can't message you. They haven't been told.</p> : null}
      {!isSelf ? (
        <p className="small">
          <Link to={`/report?member=${id}`}>Report this member</Link>
          {viewerIsAdmin ? (
            <>
              {" "}
              · <Link to={`/moderation/review/member/${id}`}>Moderation history</Link>
            </>
          ) : null}
        </p>
      ) : null}
    </div>
  );
}
