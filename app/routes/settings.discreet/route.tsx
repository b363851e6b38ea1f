/**
 * The home page's one-tap discreet-mode toggle: a plain form POST (works without JavaScript) that
 * turns the member's setting on or off and goes back to the page it came from.
 */
import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { z } from "zod";
import { setDiscreetMode } from "~/models/users.server";
import { requireUser, safeRedirectPath } from "~/utils/auth.server";
import { getDb } from "~/utils/db.server";
import { parseForm } from "~/utils/forms.server";

export const discreetSchema = z.object({
  discreet: z.enum(["on", "off"], { errorMap: () => ({ message: "Choose on or off." }) }),
  redirectTo: z.string().max(200).optional(),
});

export async function loader() {
  return redirect("/settings/profile");
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUser(request, context);
  const form = await parseForm(request, discreetSchema);
  if (!form.ok) throw new Response("Choose on or off.", { status: 400 });
  await setDiscreetMode(getDb(), user.id, form.data.discreet === "on");
  return redirect(safeRedirectPath(form.data.redirectTo, "/"));
}
