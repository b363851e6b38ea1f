import type { LoaderFunctionArgs } from "@remix-run/node";
import { NavLink, Outlet } from "@remix-run/react";
import { requireUser } from "~/utils/auth.server";

/** The member's own space: signed in, and everything below reads only their own records. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireUser(request, context);
  return null;
}

export default function RecoveryLayout() {
  return (
    <div className="recovery">
      <nav aria-label="My recovery" className="recovery-nav no-print">
        <ul>
          <li>
            <NavLink to="/recovery" end>
              Trackers
            </NavLink>
          </li>
          <li>
            <NavLink to="/recovery/check-in">Check-in</NavLink>
          </li>
          <li>
            <NavLink to="/recovery/journal">Journal</NavLink>
          </li>
          <li>
            <NavLink to="/recovery/taper">Taper log</NavLink>
          </li>
          <li>
            <NavLink to="/recovery/plan">My plan</NavLink>
          </li>
          <li>
            <NavLink to="/recovery/export">My data</NavLink>
          </li>
          <li>
            <NavLink to="/circle">Support circle</NavLink>
          </li>
        </ul>
      </nav>
      <p className="recovery-private no-print">
        <svg aria-hidden="true" width="14" height="14" viewBox="0 0 16 16" className="lock-icon">
          <path d="M4 7V5a4 4 0 1 1 8 0v2h1v8H3V7h1zm2 0h4V5a2 2 0 1 0-4 0v2z" fill="currentColor" />
        </svg>{" "}
        Only you can see this space — not other members, not moderators, not the site's admins.
      </p>
      <Outlet />
    </div>
  );
}
