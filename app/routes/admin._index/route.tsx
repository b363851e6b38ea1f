import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { countUsersByRole } from "~/models/users.server";
import { requirePermission } from "~/utils/auth.server";
import { getDb } from "~/utils/db.server";
import { pageMeta } from "~/utils/site-title";

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, "Admin");

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requirePermission(request, context, "admin:console");
  return { counts: await countUsersByRole(getDb()), justSetUp: new URL(request.url).searchParams.get("setup") === "done" };
}

export default function AdminOverview() {
  const { counts, justSetUp } = useLoaderData<typeof loader>();
  return (
    <div className="stack">
      <h1>Admin console</h1>
      {justSetUp ? (
        <div className="card" role="status">
          <h2>Your site is set up</h2>
          <p>You are signed in as its admin. Next steps:</p>
          <ul>
            <li>
              <Link to="/groups/new">Start the first group</Link> for your members to join.
            </li>
            <li>
              Check the <Link to="/admin/crisis">crisis resources</Link> every page links to.
            </li>
            <li>
              Send yourself a test message from <Link to="/admin/email">E-mail</Link>, so password resets reach people.
            </li>
          </ul>
        </div>
      ) : null}
      <div className="card-grid">
        <section className="card" aria-labelledby="admin-members">
          <h2 id="admin-members">Members</h2>
          <p>
            {counts.member} member{counts.member === 1 ? "" : "s"} and {counts.admin} admin{counts.admin === 1 ? "" : "s"}.
          </p>
          <Link to="/admin/users" className="button button--secondary">
            Manage members
          </Link>
        </section>
        <section className="card" aria-labelledby="admin-crisis">
          <h2 id="admin-crisis">Crisis resources</h2>
          <p>The numbers on the “Need help now?” page. Set them for your country.</p>
          <Link to="/admin/crisis" className="button button--secondary">
            Edit resources
          </Link>
        </section>
        <section className="card" aria-labelledby="admin-moderation">
          <h2 id="admin-moderation">Moderation</h2>
          <p>Activity, open reports, trust limits for new accounts, and the watched words list.</p>
          <Link to="/admin/moderation" className="button button--secondary">
            Moderation dashboard
          </Link>
        </section>
      </div>
    </div>
  );
}
