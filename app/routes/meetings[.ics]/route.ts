import type { LoaderFunctionArgs } from "@remix-run/node";
import { calendarResponse } from "~/models/ical.server";
import { siteCalendar } from "~/models/meeting-feeds.server";
import { getDb } from "~/utils/db.server";
import { publicOrigin } from "~/utils/meetings.server";

/** GET /meetings.ics: every public group's meetings, for calendar apps. */
export async function loader({ request }: LoaderFunctionArgs) {
  return calendarResponse(await siteCalendar(getDb(), publicOrigin(request)), "harbor-meetings.ics", 900);
}
