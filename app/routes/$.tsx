import { data, type ActionFunctionArgs } from "@remix-run/node";
import { defaultSiteConfig, getSiteConfig } from "~/models/site-config.server";
import { getDb } from "~/utils/db.server";

// Every address Harbor doesn't know: a friendly 404 from the root error page.
export async function loader() {
  throw new Response("Not found", { status: 404 });
}

/**
 * Also where the server sends a `.data` request (a form sent by the page's script, a fetcher) that
 * its guards refused — too many requests, too large a form (app/utils/request-guards.server.ts):
 * the refusal is thrown here, so the page shows its title and message in the error view.
 */
export async function action({ context }: ActionFunctionArgs) {
  const refusal = context.refusal;
  if (!refusal) throw new Response("Not found", { status: 404 });
  const { siteName } = await getSiteConfig(getDb()).catch(() => defaultSiteConfig());
  throw data({ title: refusal.title, message: refusal.message.replaceAll("{site}", siteName) }, { status: refusal.status });
}

export default function NotFound() {
  return null;
}
