import type { LoaderFunctionArgs } from "@remix-run/node";
import { Outlet, useLoaderData } from "@remix-run/react";
import { SectionNav } from "~/components/section-nav";
import { requireModerator } from "~/utils/moderation.server";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { isAdmin } = await requireModerator(request, context);
  return { isAdmin };
}

export default function ModerationLayout() {
  const { isAdmin } = useLoaderData<typeof loader>();
  return (
    <div className="settings moderation">
      <SectionNav
        label="Moderation"
        links={[
          { to: "/moderation", label: "Review queue", end: true },
          { to: "/moderation/audit", label: "Audit log" },
          ...(isAdmin ? [{ to: "/admin/moderation", label: "Moderation settings" }] : []),
        ]}
      />
      <div>
        <Outlet />
      </div>
    </div>
  );
}
