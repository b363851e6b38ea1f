import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { Form, FormErrors, SavedMessage, SubmitButton } from "~/components/forms";
import { listNotifications, markAllRead, markRead, MAX_ID } from "~/models/notifications.server";
import { requireUser } from "~/utils/auth.server";
import { decodeCursor, encodeCursor } from "~/utils/cursor";
import { getDb } from "~/utils/db.server";
import { formFailure, parseForm, rejectForm } from "~/utils/forms.server";
import { pageMeta } from "~/utils/site-title";

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, "Notifications");

const cursorSchema = z.object({ updatedAt: z.string().max(40), id: z.number().int().positive().max(MAX_ID) });

export const notificationActionSchema = z.discriminatedUnion(
  "intent",
  [
    z.object({
      intent: z.literal("read"),
      id: z.coerce.number({ invalid_type_error: "Choose a notification." }).int().positive("Choose a notification.").max(MAX_ID, "Choose a notification."),
    }),
    z.object({ intent: z.literal("read-all") }),
  ],
  { errorMap: () => ({ message: "Choose what to mark as read." }) },
);

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  const after = decodeCursor(new URL(request.url).searchParams.get("after"), cursorSchema);
  const page = await listNotifications(getDb(), { id: user.id, timeZone: user.time_zone }, after);
  return {
    items: page.items.map(({ updatedAt: _updatedAt, ...item }) => item),
    next: page.next ? encodeCursor(page.next) : null,
    isFirstPage: !after,
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUser(request, context);
  const form = await parseForm(request, notificationActionSchema);
  if (!form.ok) return rejectForm(form);
  const db = getDb();
  if (form.data.intent === "read-all") {
    const count = await markAllRead(db, user.id);
    return { ok: true as const, message: count > 0 ? "All caught up: every notification is marked as read." : "You were already all caught up." };
  }
  const changed = await markRead(db, user.id, form.data.id);
  if (!changed) {
    const exists = await db.selectFrom("notifications").select("id").where("id", "=", form.data.id).where("user_id", "=", user.id).executeTakeFirst();
    if (!exists) return formFailure({ form: "That notification isn't here any more." }, {}, 404);
  }
  return { ok: true as const, message: "Marked as read." };
}

export default function Notifications() {
  const { items, next, isFirstPage } = useLoaderData<typeof loader>();
  const state = useActionData<typeof action>();
  const anyUnread = items.some((i) => i.unread);
  return (
    <div className="stack readable notifications">
      <div className="page-head">
        <h1>Notifications</h1>
        <p>
          <Link to="/settings/notifications">Notification settings</Link>
        </p>
      </div>
      <SavedMessage state={state} />
      <FormErrors state={state} />
      {anyUnread ? (
        <Form method="post">
          <input type="hidden" name="intent" value="read-all" />
          <SubmitButton variant="secondary">Mark all as read</SubmitButton>
        </Form>
      ) : null}
      {items.length === 0 ? (
        <div className="card">
          <p>
            {isFirstPage ? "Nothing new. When someone replies to you, mentions you, or a meeting you're going to is coming up, you'll see it here." : "No older notifications."}
          </p>
        </div>
      ) : (
        <ul className="notification-list" aria-label="Your notifications">
          {items.map((n) => (
            <li key={n.id} className={`notification${n.unread ? " notification--unread" : ""}`}>
              <div className="notification__body">
                {n.unread ? <span className="badge badge--unread">New</span> : null}{" "}
                <a href={`/notifications/${n.id}`} className="notification__link">
                  {n.text}
                </a>
                {n.detail ? <p className="notification__detail preserve-lines">{n.detail}</p> : null}
                <p className="meta">{n.when}</p>
              </div>
              {n.unread ? (
                <Form method="post" className="notification__read">
                  <input type="hidden" name="intent" value="read" />
                  <input type="hidden" name="id" value={n.id} />
                  <button type="submit" className="link-button link-button--small">
                    Mark as read<span className="visually-hidden">: {n.text}</span>
                  </button>
                </Form>
              ) : null}
            </li>
          ))}
        </ul>
      )}
      <nav className="pager" aria-label="Older and newer notifications">
        {!isFirstPage ? <Link to="/notifications">← Newest</Link> : <span />}
        {next ? <Link to={`/notifications?after=${next}`}>Older notifications →</Link> : null}
      </nav>
    </div>
  );
}
