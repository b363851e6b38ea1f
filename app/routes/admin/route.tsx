import type { LoaderFunctionArgs } from "@remix-run/node";
import { NavLink, Outlet } from "@remix-run/react";
import { requirePermission } from "~/utils/auth.server";

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requirePermission(request, context, "admin:console");
  return null;
}

export default function AdminLayout() {
  return (
    <div className="settings">
      <nav aria-label="Admin" className="settings-nav">
        <ul>
          <li>
            <NavLink to="/admin" end>
              Overview
            </NavLink>
          </li>
          <li>
            <NavLink to="/admin/site">Site settings</NavLink>
          </li>
          <li>
            <NavLink to="/admin/users">Members</NavLink>
          </li>
          <li>
            <NavLink to="/admin/crisis">Crisis resources</NavLink>
          </li>
          <li>
            <NavLink to="/admin/email">E-mail</NavLink>
          </li>
          <li>
            <NavLink to="/admin/moderation">Moderation</NavLink>
          </li>
          <li>
            <NavLink to="/admin/watched-words">Watched words</NavLink>
          </li>
          <li>
            <NavLink to="/admin/meetings-import">Import meetings</NavLink>
          </li>
          <li>
            <NavLink to="/admin/milestones">Milestone chips</NavLink>
          </li>
        </ul>
      </nav>
      <div>
        <Outlet />
      </div>
    </div>
  );
}
