import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { ModerationDashboard, type DashboardView } from "~/components/moderation-dashboard";
import { NumberFields, SettingsForm, SubmitButton } from "~/components/forms";
import { getModerationSettings, moderationDashboard, reasonLabel, reviewHref, saveModerationSettings } from "~/models/moderation.server";
import { requirePermission } from "~/utils/auth.server";
import { getDb } from "~/utils/db.server";
import { parseForm, rejectForm } from "~/utils/forms.server";
import { formatDuration } from "~/utils/time";
import { now } from "~/utils/clock.server";
import { pageMeta } from "~/utils/site-title";
import { countField } from "~/utils/schemas";

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, "Moderation · Admin");

export const settingsSchema = z.object({
  autoHideReports: countField("Reports before a post is hidden", 100),
  newAccountHours: countField("Hours an account counts as new", 24 * 90),
  establishedAfterPosts: countField("Posts before an account is established", 1000),
  newPostsPerHour: countField("New members' posts per hour", 1000),
  newMaxLinks: countField("New members' links per post", 100),
  newThreadsPerDay: countField("New members' threads per day", 1000),
  establishedPostsPerHour: countField("Established members' posts per hour", 10000),
  establishedThreadsPerDay: countField("Established members' threads per day", 10000),
});

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requirePermission(request, context, "site:settings");
  const db = getDb();
  const [settings, dashboard] = await Promise.all([getModerationSettings(db), moderationDashboard(db)]);
  const at = now().getTime();
  const dayLabel = (day: string) => new Date(`${day}T12:00:00Z`).toLocaleDateString("en-US", { month: "short", day: "numeric", timeZone: "UTC" });
  const [previous, last] = dashboard.medianTrend.slice(-2);
  const trend =
    previous?.medianMs != null && last?.medianMs != null
      ? `${last.medianMs <= previous.medianMs ? "Faster" : "Slower"} than the week before (${formatDuration(last.medianMs)}, was ${formatDuration(previous.medianMs)})`
      : null;
  const view: DashboardView = {
    active7: dashboard.active7,
    active30: dashboard.active30,
    openCount: dashboard.openCount,
    oldestOpen: dashboard.oldestOpen.map((item) => ({
      id: item.id,
      href: reviewHref(item),
      what: item.kind === "post" ? `A post (#${item.post_id})` : item.kind === "thread" ? `A thread (#${item.thread_id})` : "A member",
      group: item.group_name,
      waited: formatDuration(at - Date.parse(item.opened_at)),
      crisis: item.is_crisis === 1,
      reports: item.report_count,
    })),
    median: dashboard.medianFirstActionMs === null ? null : formatDuration(dashboard.medianFirstActionMs),
    actedOnCount: dashboard.actedOnCount,
    trend,
    weeks: dashboard.medianTrend.map((w) => ({ label: dayLabel(w.weekStart), hours: w.medianMs === null ? 0 : Math.round((w.medianMs / 3_600_000) * 10) / 10, count: w.count })),
    postsPerDay: dashboard.postsPerDay.map((p) => ({ label: p.day, short: dayLabel(p.day), count: p.count })),
    openByReason: dashboard.openByReason.map((r) => ({ ...r, label: reasonLabel(r.reason) })),
  };
  return { settings, dashboard: view };
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
  const flat: Record<string, number> = { autoHideReports: settings.autoHideReports, ...settings.trust };
  return (
    <div className="stack moderation">
      <h1>Moderation</h1>
      <p className="muted">Your daily view: what is waiting, how fast it is answered, and what is happening.</p>
      <div className="dash-grid">
        <ModerationDashboard d={dashboard} />
      </div>
      <section className="card" aria-labelledby="settings-heading">
        <h2 id="settings-heading">Automatic hiding and trust limits</h2>
        <p className="muted">
          New accounts post a little more slowly and with fewer links, which stops most spam without getting in the way of people who came for help. Moderators and admins are
          exempt.
        </p>
        <SettingsForm state={state}>
          <NumberFields fields={FIELDS} stored={flat} state={state} />
          <SubmitButton>Save settings</SubmitButton>
        </SettingsForm>
      </section>
    </div>
  );
}
