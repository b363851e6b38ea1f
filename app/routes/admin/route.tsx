import type { LoaderFunctionArgs } from "@remix-run/node";
import { Outlet } from "@remix-run/react";
import { SectionNav } from "~/components/section-nav";
import { requirePermission } from "~/utils/auth.server";

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requirePermission(request, context, "admin:console");
  return null;
}

const SECTIONS = [
  { to: "/admin", label: "Overview", end: true },
  { to: "/admin/site", label: "Site settings" },
  { to: "/admin/users", label: "Members" },
  { to: "/admin/crisis", label: "Crisis resources" },
  { to: "/admin/email", label: "E-mail" },
  { to: "/admin/moderation", label: "Moderation" },
  { to: "/admin/watched-words", label: "Watched words" },
  { to: "/admin/messages", label: "Private messages" },
  { to: "/admin/meetings-import", label: "Import meetings" },
  { to: "/admin/milestones", label: "Milestone chips" },
];

export default function AdminLayout() {
  return (
    <div className="settings">
      <SectionNav label="Admin" links={SECTIONS} />
      <div>
        <Outlet />
      </div>
    </div>
  );
}
