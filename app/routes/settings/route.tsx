import type { LoaderFunctionArgs } from "@remix-run/node";
import { Outlet } from "@remix-run/react";
import { SectionNav } from "~/components/section-nav";
import { requireUser } from "~/utils/auth.server";

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireUser(request, context);
  return null;
}

const SECTIONS = [
  { to: "/settings/profile", label: "Profile" },
  { to: "/settings/sessions", label: "Your sessions" },
  { to: "/settings/password", label: "Password" },
  { to: "/settings/email", label: "E-mail address" },
  { to: "/settings/notifications", label: "Notifications" },
  { to: "/settings/messages", label: "Who may message me" },
  { to: "/settings/blocked", label: "Blocked members" },
  { to: "/recovery/export", label: "Download my data" },
  { to: "/settings/delete", label: "Delete account" },
];

export default function SettingsLayout() {
  return (
    <div className="settings">
      <SectionNav label="Settings" links={SECTIONS} />
      <div className="readable">
        <Outlet />
      </div>
    </div>
  );
}
