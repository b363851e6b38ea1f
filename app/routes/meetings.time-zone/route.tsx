import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { ZonePicker } from "~/components/zone-picker";
import { getAuth } from "~/utils/auth.server";
import { now } from "~/utils/clock.server";
import { viewerZone, zoneSentence } from "~/utils/meetings.server";
import { isValidTimeZone } from "~/utils/time";
import { canonicalZone, zoneChoices, zoneCookie } from "~/utils/time-zones.server";
import { pageMeta } from "~/utils/site-title";

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, "Time zone · Meetings");

/** Where to go back to: a meetings page of this site only. */
function backTo(value: FormDataEntryValue | string | null): string {
  return typeof value === "string" && /^\/meetings(?:[/?]|$)/.test(value) && !value.startsWith("//") ? value : "/meetings";
}

export async function loader({ request, context }: LoaderFunctionArgs) {
  const auth = await getAuth(request, context);
  if (auth) throw redirect("/settings/profile");
  const vz = await viewerZone(auth, request);
  const url = new URL(request.url);
  return {
    zone: vz.zone,
    sentence: zoneSentence(vz.zone, vz.source),
    chosen: vz.source === "chosen",
    back: backTo(url.searchParams.get("back")),
    regions: zoneChoices(now().getTime(), { browserZone: vz.browserZone, current: vz.zone }),
  };
}

/** A visitor's choice is kept in a cookie ("c:<zone>") for a year; "use my browser's" forgets it. */
export async function action({ request }: ActionFunctionArgs) {
  const form = await request.formData();
  const back = backTo(form.get("back"));
  const secure = new URL(request.url).protocol === "https:";
  if (form.get("intent") === "browser") return redirect(back, { headers: { "Set-Cookie": zoneCookie(null, secure) } });
  const zone = form.get("zone");
  if (typeof zone !== "string" || zone.length > 64 || !isValidTimeZone(zone)) return new Response("Choose a time zone from the list.", { status: 400 });
  return redirect(back, { headers: { "Set-Cookie": zoneCookie(canonicalZone(zone), secure) } });
}

export default function TimeZonePage() {
  const data = useLoaderData<typeof loader>();
  return (
    <div className="stack readable">
      <h1>Show meeting times in…</h1>
      <p className="lead">{data.sentence}. Meetings keep their own time; this only changes how times are shown to you. Your choice is kept on this device.</p>
      <Form method="post" className="form">
        <input type="hidden" name="back" value={data.back} />
        <ZonePicker name="zone" label="Time zone" regions={data.regions} defaultValue={data.zone} />
        <div className="button-row">
          <button type="submit" className="button button--primary">
            Show times in this zone
          </button>
          <Link to={data.back}>Back to meetings</Link>
        </div>
      </Form>
      {data.chosen ? (
        <Form method="post">
          <input type="hidden" name="back" value={data.back} />
          <button type="submit" name="intent" value="browser" className="link-button">
            Follow my browser's time zone again
          </button>
        </Form>
      ) : null}
    </div>
  );
}
