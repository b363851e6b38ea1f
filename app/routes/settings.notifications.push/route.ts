import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { z } from "zod";
import { PushSubscriptionError, removePushSubscription, removeSessionSubscriptions, savePushSubscription } from "~/models/push/subscriptions.server";
import { requireAuth } from "~/utils/auth.server";
import { getDb } from "~/utils/db.server";
import { formFailure, parseForm, rejectForm } from "~/utils/forms.server";

/**
 * Push notifications on this device (the "On this device" part of Settings → Notifications, whose
 * script asks the browser for a subscription and posts it here). Only ever about the signed-in
 * member's own devices.
 */
export function loader() {
  return redirect("/settings/notifications");
}

const pushSchema = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("subscribe"),
    endpoint: z.string().trim().min(1).max(1000),
    p256dh: z.string().trim().min(1).max(200),
    auth: z.string().trim().min(1).max(100),
  }),
  z.object({ intent: z.literal("unsubscribe"), endpoint: z.string().trim().max(1000).optional() }),
]);

export async function action({ request, context }: ActionFunctionArgs) {
  const { user, session } = await requireAuth(request, context);
  const form = await parseForm(request, pushSchema);
  if (!form.ok) return rejectForm(form);
  const db = getDb();
  if (form.data.intent === "unsubscribe") {
    if (form.data.endpoint) await removePushSubscription(db, user.id, form.data.endpoint);
    else await removeSessionSubscriptions(db, user.id, session.id);
    return { ok: true as const, on: false, message: "Notifications are off on this device." };
  }
  try {
    await savePushSubscription(db, { userId: user.id, sessionId: session.id, userAgent: request.headers.get("User-Agent") }, form.data);
  } catch (error) {
    if (error instanceof PushSubscriptionError) return formFailure({ form: error.message });
    throw error;
  }
  return { ok: true as const, on: true, message: "Notifications are on for this device." };
}
