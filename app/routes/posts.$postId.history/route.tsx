import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { Breadcrumbs } from "~/components/breadcrumbs";
import { PostBody } from "~/components/markdown-editor";
import { postHref } from "~/models/threads.server";
import { listRevisions } from "~/models/posts.server";
import { getDb } from "~/utils/db.server";
import { requirePost } from "~/utils/posts.server";
import { formatDateTime } from "~/utils/time";
import { pageMeta } from "~/utils/site-title";

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, "Edit history");

// A post's earlier versions are for its author and the group's moderators, not for every reader.
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { auth, post, access } = await requirePost(request, context, params.postId);
  if (post.author_id !== auth.user.id && !access.isModerator) throw new Response("Only the author and the group's moderators can see a post's history.", { status: 403 });
  const revisions = await listRevisions(getDb(), post.id);
  return {
    threadTitle: post.title,
    back: postHref(access.group.slug, post.thread_id, post.position ?? 0),
    group: { slug: access.group.slug, name: access.group.name },
    revisions: revisions.map((r) => ({ id: r.id, html: r.body_html, replacedAt: formatDateTime(r.replaced_at, auth.user.time_zone) })),
  };
}

export default function PostHistory() {
  const { threadTitle, back, group, revisions } = useLoaderData<typeof loader>();
  return (
    <div className="stack readable">
      <Breadcrumbs
        trail={[
          { to: "/groups", label: "Groups" },
          { to: `/groups/${group.slug}`, label: group.name },
          { to: back, label: threadTitle },
        ]}
        current="History"
      />
      <h1>Earlier versions</h1>
      {revisions.length === 0 ? <p className="muted">This post hasn't been edited.</p> : null}
      <ol className="posts">
        {revisions.map((r) => (
          <li key={r.id} className="card">
            <p className="meta">Replaced {r.replacedAt}</p>
            <PostBody html={r.html} />
          </li>
        ))}
      </ol>
      <p>
        <Link to={back}>Back to the thread</Link>
      </p>
    </div>
  );
}
