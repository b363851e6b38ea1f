import type { LoaderFunctionArgs } from "@remix-run/node";
import { calendarResponse } from "~/models/ical.server";
import { groupCalendar } from "~/models/meeting-feeds.server";
import { getDb } from "~/utils/db.server";
import { requireGroup } from "~/utils/groups.server";
import { publicOrigin } from "~/utils/meetings.server";

/** GET /groups/:slug/meetings.ics: a group's meetings (a private group's only for its members). */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { access } = await requireGroup(request, context, params.slug, "read");
  return calendarResponse(await groupCalendar(getDb(), access.group, publicOrigin(request)), `${access.group.slug}-meetings.ics`);
}
