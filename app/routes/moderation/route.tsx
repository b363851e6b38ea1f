import type { LoaderFunctionArgs } from "@remix-run/node";
import { NavLink, Outlet, useLoaderData } from "@remix-run/react";
import { requireModerator } from "~/utils/moderation.server";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { isAdmin } = await requireModerator(request, context);
  return { isAdmin };
}

export default function ModerationLayout() {
  const { isAdmin } = useLoaderData<typeof loader>();
  return (
    <div className="settings moderation">
      <nav aria-label="Moderation" className="settings-nav">
        <ul>
          <li>
            <NavLink to="/moderation" end>
              Review queue
            </NavLink>
          </li>
          <li>
            <NavLink to="/moderation/audit">Audit log</NavLink>
          </li>
          {isAdmin ? (
            <li>
              <NavLink to="/admin/moderation">Moderation settings</NavLink>
            </li>
          ) : null}
        </ul>
      </nav>
      <div>
        <Outlet />
      </div>
    </div>
  );
}
