import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { Breadcrumbs } from "~/components/breadcrumbs";
import { listCheckOnMembers } from "~/models/circle/care-team.server";
import { getStaffRoles } from "~/models/circle/staff-roles.server";
import { isCareTeam } from "~/policy/circle";
import { requireUser } from "~/utils/auth.server";
import { getDb } from "~/utils/db.server";
import { notFoundResponse } from "~/utils/recovery.server";
import { formatDateTime } from "~/utils/time";
import { pageMeta } from "~/utils/site-title";

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, "Members who asked to be checked on");

/** Care-team staff only (404 for anyone else): the members who added them and asked to be checked on. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  const db = getDb();
  if (!isCareTeam(await getStaffRoles(db, user.id))) throw notFoundResponse();
  const members = await listCheckOnMembers(db, user.id);
  return { members: members.map((m) => ({ ...m, when: m.signalAt ? formatDateTime(m.signalAt, user.time_zone) : null })) };
}

export default function CareList() {
  const { members } = useLoaderData<typeof loader>();
  return (
    <div className="stack readable">
      <Breadcrumbs trail={[{ to: "/circle", label: "Support circle" }]} current="Care team" />
      <h1>Members who asked to be checked on</h1>
      <p className="lead">Only members who added you to their circle and asked you. Each page shows only what they chose to share. The latest signal comes first.</p>
      {members.length === 0 ? (
        <p className="muted">Nobody yet.</p>
      ) : (
        <ul className="plain-list stack-tight">
          {members.map((m) => (
            <li key={m.memberId} className="card">
              <Link to={`/circle/members/${m.memberId}`}>
                <strong>{m.displayName}</strong>
              </Link>{" "}
              <span className="muted small">· you are their {m.roleLabel.toLowerCase()}</span>
              <p>{m.signal ? `${m.signal} · ${m.when}` : "No signal yet."}</p>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
