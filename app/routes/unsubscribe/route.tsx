import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { Form, SubmitButton } from "~/components/forms";
import { verifyUnsubscribe } from "~/models/mail/compose.server";
import { stopEmails } from "~/models/notification-settings.server";
import { getDb } from "~/utils/db.server";
import { isNotificationType, NOTIFICATION_TYPES } from "~/utils/notification-types";
import { useSiteName, pageMeta } from "~/utils/site-title";

export const meta: MetaFunction = ({ matches }) => [...pageMeta(matches, "Stop e-mails"), { name: "robots", content: "noindex" }];

type Link = { userId: string; scope: string; signature: string };

function linkOf(url: URL): Link {
  return { userId: url.searchParams.get("u") ?? "", scope: url.searchParams.get("t") ?? "", signature: url.searchParams.get("s") ?? "" };
}

/** The link is whole, names a real kind (or "all"), and was signed by this site for this member. */
async function checkLink(link: Link): Promise<boolean> {
  if (!link.userId || link.userId.length > 64 || !(link.scope === "all" || isNotificationType(link.scope))) return false;
  return verifyUnsubscribe(getDb(), link.userId, link.scope, link.signature);
}

const INVALID =
  "This unsubscribe link isn't valid. It may have been cut short when it was copied. You can change your e-mail settings after signing in, under Settings → Notifications.";

function label(scope: string): string {
  return isNotificationType(scope) ? NOTIFICATION_TYPES[scope].label.toLowerCase() : "all notifications";
}

/** Opening the link only asks: mail scanners open links, and must not unsubscribe anyone. */
export async function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const link = linkOf(url);
  if (!(await checkLink(link))) throw data(INVALID, { status: 400 });
  return { scope: link.scope, what: label(link.scope), query: url.search };
}

/** The one-click POST (RFC 8058, from the mail program) or the button on this page. */
export async function action({ request }: ActionFunctionArgs) {
  const url = new URL(request.url);
  const link = linkOf(url);
  if (!(await checkLink(link))) throw data(INVALID, { status: 400 });
  let form: FormData | null = null;
  try {
    form = await request.formData();
  } catch {
    form = null;
  }
  // The link proves the mailbox: its owner may also stop every kind at once.
  const scope = form?.get("scope") === "all" ? "all" : link.scope;
  if (!(scope === "all" || isNotificationType(scope))) throw data(INVALID, { status: 400 });
  const user = await getDb().selectFrom("users").select("id").where("id", "=", link.userId).executeTakeFirst();
  if (user) await stopEmails(getDb(), link.userId, scope);
  return { done: true as const, what: label(scope) };
}

export default function Unsubscribe() {
  const { scope, what, query } = useLoaderData<typeof loader>();
  const done = useActionData<typeof action>();
  const site = useSiteName();
  if (done) {
    return (
      <div className="stack narrow">
        <h1>You won't get these e-mails any more</h1>
        <p className="lead">
          E-mails about {done.what} are off. You'll still see these notifications when you visit {site}.
        </p>
        <p>
          Changed your mind? <Link to="/settings/notifications">Choose again in your notification settings</Link>.
        </p>
      </div>
    );
  }
  return (
    <div className="stack narrow">
      <h1>Stop e-mails</h1>
      <p className="lead">
        Stop e-mails about {what}? You'll still see them as notifications when you visit {site}.
      </p>
      <Form method="post" action={`/unsubscribe${query}`} className="form">
        {scope !== "all" ? (
          <div className="button-row">
            <SubmitButton>Stop e-mails about {what}</SubmitButton>
            <SubmitButton variant="secondary" name="scope" value="all">
              Stop all notification e-mails
            </SubmitButton>
          </div>
        ) : (
          <div className="button-row">
            <SubmitButton>Stop all notification e-mails</SubmitButton>
          </div>
        )}
      </Form>
      <p className="muted small">Account e-mails — password resets and notices that your password or address changed — are still sent: they keep your account safe.</p>
    </div>
  );
}
