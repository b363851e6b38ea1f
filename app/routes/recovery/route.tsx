import type { LoaderFunctionArgs } from "@remix-run/node";
import { Outlet } from "@remix-run/react";
import { SectionNav } from "~/components/section-nav";
import { requireUser } from "~/utils/auth.server";

/** The member's own space: signed in, and everything below reads only their own records. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireUser(request, context);
  return null;
}

const SECTIONS = [
  { to: "/recovery", label: "Trackers", end: true },
  { to: "/recovery/check-in", label: "Check-in" },
  { to: "/recovery/journal", label: "Journal" },
  { to: "/recovery/taper", label: "Taper log" },
  { to: "/recovery/plan", label: "My plan" },
  { to: "/recovery/export", label: "My data" },
  { to: "/circle", label: "Support circle" },
];

export default function RecoveryLayout() {
  return (
    <div className="recovery">
      <SectionNav label="My recovery" className="recovery-nav no-print" links={SECTIONS} />
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
