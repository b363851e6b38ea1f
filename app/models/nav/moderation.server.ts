import { getDb } from "../../utils/db.server";
import { moderationNavFor } from "../moderation.server";

/** What the site header needs from the moderation area for a signed-in member: one indexed query. */
export async function moderationNav(userId: string, isAdmin: boolean): Promise<{ showModeration: boolean; openReports: number }> {
  return moderationNavFor(getDb(), userId, isAdmin);
}
