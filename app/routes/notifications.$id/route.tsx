import type { LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { openNotification } from "~/models/notifications.server";
import { requireUser } from "~/utils/auth.server";
import { getDb } from "~/utils/db.server";

/** Opening a notification (from the list or an e-mail): marks it read and goes where it points. */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  const id = /^\d{1,15}$/.test(params.id ?? "") ? Number(params.id) : NaN;
  const href = await openNotification(getDb(), { id: user.id, timeZone: user.time_zone }, id);
  if (!href) throw new Response("That notification isn't here any more.", { status: 404 });
  return redirect(href);
}
