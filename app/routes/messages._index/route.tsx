/** The member's private conversations, latest first, with what is unread. */
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { listConversations } from "~/models/messages.server";
import { requireUser } from "~/utils/auth.server";
import { getDb } from "~/utils/db.server";
import { pageMeta } from "~/utils/site-title";
import { formatDateTime } from "~/utils/time";

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, "Messages");

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  const conversations = await listConversations(getDb(), user.id);
  return {
    conversations: conversations.map((c) => ({
      id: c.id,
      with: c.others.length ? c.others.map((o) => o.name).join(", ") : "Only you (everyone else left)",
      unread: c.unread,
      last: formatDateTime(c.lastMessageAt, user.time_zone),
      count: c.messageCount,
    })),
  };
}

export default function Messages() {
  const { conversations } = useLoaderData<typeof loader>();
  return (
    <div className="stack readable">
      <div className="page-head">
        <h1>Messages</h1>
        <Link to="/messages/new" className="button button--primary">
          New message
        </Link>
      </div>
      <p className="muted">
        Private conversations with up to seven other members. Only the people in a conversation can read it — not moderators, not admins. Anyone in it can report a message; then
        that message and the few before it go to the moderators.
      </p>
      {conversations.length === 0 ? (
        <p className="card">No conversations yet. To write to someone, open their profile (their name on a post) or choose New message.</p>
      ) : (
        <ul className="conversation-list" aria-label="Your conversations">
          {conversations.map((c) => (
            <li key={c.id} className={`card conversation-list__item${c.unread ? " conversation-list__item--unread" : ""}`}>
              <Link to={`/messages/${c.id}`} className="conversation-list__link">
                {c.with}
                {c.unread ? (
                  <>
                    {" "}
                    <span className="badge badge--unread">New</span>
                  </>
                ) : null}
              </Link>
              <span className="meta">
                {c.count} message{c.count === 1 ? "" : "s"} · last {c.last}
              </span>
            </li>
          ))}
        </ul>
      )}
      <p className="small">
        <Link to="/settings/messages">Who may message me</Link> · <Link to="/settings/blocked">Blocked members</Link>
      </p>
    </div>
  );
}
