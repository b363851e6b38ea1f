import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { deleteSession } from "~/models/sessions.server";
import { clearSessionCookie, getAuth } from "~/utils/auth.server";
import { getDb } from "~/utils/db.server";

export async function loader() {
  // Signing out changes state, so it is a POST (the header's button); a visit just goes home.
  return redirect("/");
}

export async function action({ request, context }: ActionFunctionArgs) {
  const auth = await getAuth(request, context);
  if (auth) await deleteSession(getDb(), auth.session.id);
  return redirect("/", { headers: { "Set-Cookie": clearSessionCookie(request) } });
}
