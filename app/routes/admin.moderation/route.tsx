import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { BarChart } from "~/components/bar-chart";
import { Form, FormErrors, SavedMessage, SubmitButton, TextField, fieldValue } from "~/components/forms";
import { getModerationSettings, moderationDashboard, reasonLabel, saveModerationSettings } from "~/models/moderation.server";
import { requirePermission } from "~/utils/auth.server";
import { getDb } from "~/utils/db.server";
import { parseForm, rejectForm } from "~/utils/forms.server";
import { formatDuration } from "~/utils/time";
import { siteTitle } from "~/utils/site-title";

export const meta: MetaFunction = ({ matches }) => [{ title: siteTitle(matches, "Moderation · Admin") }];

const count = (label: string, max: number) =>
  z.coerce
    .number({ invalid_type_error: `${label}: enter a number.` })
    .int(`${label}: enter a whole number.`)
    .min(0, `${label}: 0 or more.`)
    .max(max, `${label}: at most ${max}.`);

export const settingsSchema = z.object({
  autoHideReports: count("Reports before a post is hidden", 100),
  newAccountHours: count("Hours an account counts as new", 24 * 90),
  establishedAfterPosts: count("Posts before an account is established", 1000),
  newPostsPerHour: count("New members' posts per hour", 1000),
  newMaxLinks: count("New members' links per post", 100),
  newThreadsPerDay: count("New members' threads per day", 1000),
  establishedPostsPerHour: count("Established members' posts per hour", 10000),
  establishedThreadsPerDay: count("Established members' threads per day", 10000),
});

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requirePermission(request, context, "site:settings");
  const db = getDb();
  const [settings, dashboard] = await Promise.all([getModerationSettings(db), moderationDashboard(db)]);
  return {
    settings,
    dashboard: {
      ...dashboard,
      median: dashboard.medianFirstActionMs === null ? null : formatDuration(dashboard.medianFirstActionMs),
      openByReason: dashboard.openByReason.map((r) => ({ ...r, label: reasonLabel(r.reason) })),
    },
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { user } = await requirePermission(request, context, "site:settings");
  const form = await parseForm(request, settingsSchema);
  if (!form.ok) return rejectForm(form);
  const { autoHideReports, ...trust } = form.data;
  await saveModerationSettings(getDb(), { autoHideReports, trust }, user.id);
  return { ok: true as const, message: "Moderation settings saved." };
}

const FIELDS: { name: keyof z.infer<typeof settingsSchema>; label: string; hint?: string }[] = [
  { name: "autoHideReports", label: "Hide a post pending review after this many reports", hint: "0 turns automatic hiding off." },
  { name: "newAccountHours", label: "An account is new for this many hours…" },
  { name: "establishedAfterPosts", label: "…or until it has this many posts" },
  { name: "newPostsPerHour", label: "New members: posts per hour", hint: "0: no limit." },
  { name: "newMaxLinks", label: "New members: links per post" },
  { name: "newThreadsPerDay", label: "New members: threads per day" },
  { name: "establishedPostsPerHour", label: "Established members: posts per hour", hint: "0: no limit." },
  { name: "establishedThreadsPerDay", label: "Established members: threads per day" },
];

export default function AdminModeration() {
  const { settings, dashboard } = useLoaderData<typeof loader>();
  const state = useActionData<typeof action>();
  const errors: Record<string, string> = (state && "errors" in state ? state.errors : undefined) ?? {};
  const flat: Record<string, number> = { autoHideReports: settings.autoHideReports, ...settings.trust };
  return (
    <div className="stack moderation">
      <h1>Moderation</h1>
      <section aria-labelledby="dash-heading">
        <h2 id="dash-heading">At a glance</h2>
        <div className="card-grid">
          <div className="card">
            <p className="stat">{dashboard.active7}</p>
            <p className="muted">active members, last 7 days</p>
          </div>
          <div className="card">
            <p className="stat">{dashboard.active30}</p>
            <p className="muted">active members, last 30 days</p>
          </div>
          <div className="card">
            <p className="stat">{dashboard.median ?? "—"}</p>
            <p className="muted">
              median time to a moderator's first action (last 30 days, {dashboard.actedOnCount} item{dashboard.actedOnCount === 1 ? "" : "s"})
            </p>
          </div>
        </div>
        <div className="card-grid">
          <div className="card">
            <h3>Posts per day</h3>
            <BarChart title="Posts per day, last 14 days" bars={dashboard.postsPerDay.map((d) => ({ label: d.day, short: d.day.slice(8), value: d.count }))} />
          </div>
          <div className="card">
            <h3>Open reports by reason</h3>
            {dashboard.openByReason.length ? (
              <>
                <BarChart
                  title="Open reports by reason"
                  bars={dashboard.openByReason.map((r, i) => ({ label: r.label, short: String(i + 1), value: r.count }))}
                  accent={(label) => label.toLowerCase().includes("crisis")}
                />
                <ol className="small">
                  {dashboard.openByReason.map((r) => (
                    <li key={r.reason}>
                      {r.label}: {r.count}
                    </li>
                  ))}
                </ol>
              </>
            ) : (
              <p>No open reports.</p>
            )}
          </div>
        </div>
        <p>
          <Link to="/moderation">Open the review queue</Link> · <Link to="/moderation/audit">Audit log</Link> · <Link to="/admin/watched-words">Watched words</Link>
        </p>
      </section>
      <section className="card" aria-labelledby="settings-heading">
        <h2 id="settings-heading">Automatic hiding and trust limits</h2>
        <p className="muted">
          New accounts post a little more slowly and with fewer links, which stops most spam without getting in the way of people who came for help. Moderators and admins are
          exempt.
        </p>
        <SavedMessage state={state} />
        <FormErrors state={state && "errors" in state ? state : undefined} />
        <Form method="post" className="form" noValidate>
          {FIELDS.map((f) => (
            <TextField
              key={f.name}
              name={f.name}
              label={f.label}
              hint={f.hint}
              type="number"
              inputMode="numeric"
              min={0}
              defaultValue={fieldValue(state, f.name, String(flat[f.name]))}
              error={errors[f.name]}
            />
          ))}
          <SubmitButton>Save settings</SubmitButton>
        </Form>
      </section>
    </div>
  );
}
