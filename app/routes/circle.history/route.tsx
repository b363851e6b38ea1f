import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Breadcrumbs } from "~/components/breadcrumbs";
import { describeCircleEvent, listCircleHistory } from "~/models/circle/history.server";
import { requireUser } from "~/utils/auth.server";
import { getDb } from "~/utils/db.server";
import { formatDateTime } from "~/utils/time";
import { pageMeta } from "~/utils/site-title";

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, "History · Support circle");

/** The member's own history of their circle: only ever their own. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  const events = await listCircleHistory(getDb(), user.id);
  return { events: events.map((e) => ({ id: e.id, when: formatDateTime(e.at, user.time_zone), text: describeCircleEvent(e) })) };
}

export default function CircleHistory() {
  const { events } = useLoaderData<typeof loader>();
  return (
    <div className="stack readable">
      <Breadcrumbs trail={[{ to: "/circle", label: "Support circle" }]} current="History" />
      <h1>Your circle's history</h1>
      <p className="lead">Everything you shared and every change, newest first. Only you see this; it is in your data download too.</p>
      {events.length === 0 ? (
        <p className="muted">Nothing yet.</p>
      ) : (
        <ol className="plain-list stack-tight history-list">
          {events.map((e) => (
            <li key={e.id}>
              <span className="muted small">{e.when}</span>
              <br />
              {e.text}
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}
