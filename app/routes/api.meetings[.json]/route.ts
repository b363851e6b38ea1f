import type { LoaderFunctionArgs } from "@remix-run/node";
import { meetingGuideFeed } from "~/models/meeting-feeds.server";
import { getDb } from "~/utils/db.server";
import { publicOrigin } from "~/utils/meetings.server";

/**
 * GET /api/meetings.json: the Meeting Guide feed (public groups' weekly meetings), readable from
 * any origin (meeting finders such as TSML UI fetch it from their own sites).
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const feed = await meetingGuideFeed(getDb(), publicOrigin(request));
  return new Response(JSON.stringify(feed), {
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      "Access-Control-Allow-Origin": "*",
      "Access-Control-Allow-Methods": "GET, OPTIONS",
      "Cache-Control": "public, max-age=300",
    },
  });
}
