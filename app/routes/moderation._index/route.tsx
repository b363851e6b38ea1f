import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { listQueue, reasonLabel, reviewHref } from "~/models/moderation.server";
import { getDb } from "~/utils/db.server";
import { excerpt, requireModerator } from "~/utils/moderation.server";
import { formatDateTime } from "~/utils/time";
import { pageMeta } from "~/utils/site-title";

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, "Review queue · Moderation");

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { user, scope } = await requireModerator(request, context);
  const url = new URL(request.url);
  const requested = Number(url.searchParams.get("page") ?? "1");
  const page = Number.isSafeInteger(requested) && requested >= 1 ? requested : 1;
  const db = getDb();
  const [queue, groups] = await Promise.all([
    listQueue(db, scope, { page }),
    (scope.all
      ? db.selectFrom("groups").select(["name", "slug"])
      : db
          .selectFrom("groups")
          .select(["name", "slug"])
          .where("id", "in", scope.groupIds.length ? scope.groupIds : [-1])
    )
      .orderBy("name")
      .limit(100)
      .execute(),
  ]);
  return {
    groups,
    page,
    hasMore: queue.hasMore,
    items: queue.items.map((item) => ({
      id: item.id,
      kind: item.kind,
      href: reviewHref(item),
      crisis: item.is_crisis === 1,
      held: item.post_status === "pending",
      hidden: !!item.post_hidden_at,
      reports: item.report_count,
      reasons: item.reasons.map(reasonLabel),
      group: item.group_name,
      threadTitle: item.thread_title,
      subject: item.subject_name ?? "A former member",
      excerpt: excerpt(item.post_source),
      openedAt: formatDateTime(item.opened_at, user.time_zone),
    })),
  };
}

const KIND_LABELS = { post: "Post", thread: "Thread", member: "Member", message: "Private message" } as const;

export default function ReviewQueue() {
  const { items, page, hasMore, groups } = useLoaderData<typeof loader>();
  return (
    <div className="stack">
      <div>
        <h1>Review queue</h1>
        <p className="muted">Crisis first, then what most members reported, then the oldest. Reporters' names are for moderators only.</p>
      </div>
      {items.length === 0 ? (
        <div className="card queue-empty">
          <h2>All clear</h2>
          <p>Nothing is waiting for a moderator right now. Thank you for looking after this community.</p>
        </div>
      ) : (
        <ol className="queue" aria-label="Open reports">
          {items.map((item) => (
            <li key={item.id} className={`card queue-item${item.crisis ? " queue-item--crisis" : ""}`}>
              <div className="queue-item__head">
                {item.crisis ? <span className="badge badge--crisis">Crisis — someone may be in danger</span> : null}
                {item.held ? <span className="badge badge--held">Waiting for approval</span> : null}
                {item.hidden ? <span className="badge badge--hidden">Hidden</span> : null}
                <span className="badge">{KIND_LABELS[item.kind]}</span>
                {item.reports > 0 ? (
                  <span className="queue-item__count">
                    {item.reports} report{item.reports === 1 ? "" : "s"}
                  </span>
                ) : null}
              </div>
              <h2 className="queue-item__title">
                <Link to={item.href}>
                  {item.kind === "member" ? item.subject : item.kind === "message" ? `A private message from ${item.subject}` : (item.threadTitle ?? "Untitled")}
                  <span className="visually-hidden"> — review</span>
                </Link>
              </h2>
              {item.excerpt ? <p className="queue-item__excerpt">“{item.excerpt}”</p> : null}
              <p className="meta">
                {item.kind === "post" || item.kind === "thread" ? <>by {item.subject} · </> : null}
                {item.group ? <>{item.group} · </> : <>Site-wide · </>}
                since {item.openedAt}
              </p>
              <ul className="queue-item__reasons" aria-label="Reasons">
                {item.reasons.map((reason) => (
                  <li key={reason}>{reason}</li>
                ))}
              </ul>
            </li>
          ))}
        </ol>
      )}
      {page > 1 || hasMore ? (
        <nav className="pager" aria-label="Queue pages">
          {page > 1 ? <Link to={`/moderation?page=${page - 1}`}>← Previous</Link> : <span />}
          {hasMore ? <Link to={`/moderation?page=${page + 1}`}>Next →</Link> : null}
        </nav>
      ) : null}
      {groups.length ? (
        <section aria-labelledby="groups-heading">
          <h2 id="groups-heading">Post approval and watched words</h2>
          <ul className="plain-list queue-groups">
            {groups.map((g) => (
              <li key={g.slug}>
                <Link to={`/moderation/groups/${g.slug}`}>{g.name}</Link>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </div>
  );
}
