import type { LoaderFunctionArgs } from "@remix-run/node";
import { calendarResponse } from "~/models/ical.server";
import { personalCalendar } from "~/models/meeting-feeds.server";
import { userForCalendarToken } from "~/models/meeting-attendance.server";
import { getDb } from "~/utils/db.server";
import { notFound } from "~/utils/groups.server";
import { publicOrigin } from "~/utils/meetings.server";

/**
 * GET /calendar/:token/meetings.ics: the meetings a member is going to, at a secret address
 * (calendar apps send no cookies). A regenerated or revoked secret answers 404.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const db = getDb();
  const userId = await userForCalendarToken(db, params.token ?? "");
  if (!userId) throw notFound();
  const user = await db.selectFrom("users").select(["id", "role"]).where("id", "=", userId).executeTakeFirst();
  if (!user) throw notFound();
  const response = calendarResponse(await personalCalendar(db, user, publicOrigin(request)), "my-meetings.ics");
  response.headers.set("Referrer-Policy", "no-referrer");
  return response;
}
