import type { LoaderFunctionArgs } from "@remix-run/node";
import { calendarResponse } from "~/models/ical.server";
import { meetingCalendar } from "~/models/meeting-feeds.server";
import { getDb } from "~/utils/db.server";
import { publicOrigin, requireMeeting } from "~/utils/meetings.server";

/** GET /meetings/:slug/calendar.ics: "add to calendar" for one meeting. */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { access } = await requireMeeting(request, context, params.slug, "see");
  return calendarResponse(await meetingCalendar(getDb(), access.meeting, access.meeting.group_name, publicOrigin(request)), `${access.meeting.slug}.ics`);
}
