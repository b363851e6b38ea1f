import type { MetaFunction } from "@remix-run/node";
import { Link } from "@remix-run/react";
import { siteTitle, useSiteName } from "~/utils/site-title";

/**
 * What the service worker shows when a page can't be reached because this device has no
 * connection (app/pwa/service-worker.js keeps a copy). It says kindly what still works.
 * The links load whole pages (reloadDocument), which the service worker answers from its copies.
 */
export const meta: MetaFunction = ({ matches }) => [
  { title: siteTitle(matches, "You're offline") },
  { name: "description", content: "No connection right now: the crisis page, and your plan if you kept it on this device, still open." },
  { name: "robots", content: "noindex" },
];

export default function Offline() {
  const siteName = useSiteName();
  return (
    <div className="stack readable">
      <h1>You're offline</h1>
      <p className="lead">
        {siteName} can't reach the internet from this device right now. That's all right: nothing you wrote is lost, and some things still work without a connection.
      </p>
      <h2>What works offline</h2>
      <ul className="stack">
        <li>
          <Link to="/help" reloadDocument>
            Need help now?
          </Link>{" "}
          — the crisis lines and what to do in an emergency. Calls and texts to them don't need the internet.
        </li>
        <li>
          <Link to="/recovery/plan/print" reloadDocument>
            Your relapse-prevention plan
          </Link>{" "}
          — if you chose "Keep my plan on this device" on your plan's page.
        </li>
      </ul>
      <p>Everything else (your groups, meetings and check-ins) comes back when you're online again.</p>
      <p>
        <Link to="/" reloadDocument className="button button--secondary">
          Try again
        </Link>
      </p>
    </div>
  );
}
