import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { auditActors, listAudit, type AuditFilters } from "~/models/moderation.server";
import { AUDIT_ACTIONS } from "~/utils/moderation-labels";
import { displayNameKey } from "~/models/users.server";
import { getDb } from "~/utils/db.server";
import { requireModerator } from "~/utils/moderation.server";
import { formatDateTime } from "~/utils/time";
import { pageMeta } from "~/utils/site-title";

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, "Audit log · Moderation");

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

/** A short, readable account of the before/after state. */
function describeChange(before: string, after: string, zone: string): string {
  const show = (v: unknown) =>
    v === null || v === undefined ? "—" : typeof v === "string" && ISO.test(v) ? formatDateTime(v, zone) : typeof v === "string" ? v : JSON.stringify(v);
  try {
    const b = JSON.parse(before) as Record<string, unknown>;
    const a = JSON.parse(after) as Record<string, unknown>;
    const parts: string[] = [];
    for (const key of new Set([...Object.keys(b), ...Object.keys(a)])) {
      if (key === "body") continue;
      const from = show(b[key]);
      const to = show(a[key]);
      if (from !== to && key !== "sanctionId") parts.push(`${key}: ${from} → ${to}`);
    }
    return parts.join("; ").slice(0, 300);
  } catch {
    return "";
  }
}

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { user, scope } = await requireModerator(request, context);
  const url = new URL(request.url);
  const q = (name: string) => (url.searchParams.get(name) ?? "").trim();
  const db = getDb();
  const filters: AuditFilters = {};
  const errors: Record<string, string> = {};
  if (q("moderator")) filters.actorId = q("moderator");
  if (q("action")) {
    if (q("action") in AUDIT_ACTIONS) filters.action = q("action");
    else errors.action = "Choose an action from the list.";
  }
  let memberUnknown = false;
  if (q("member")) {
    const found = await db
      .selectFrom("users")
      .select("id")
      .where("display_name_key", "=", displayNameKey(q("member")))
      .executeTakeFirst();
    if (found) filters.subjectUserId = found.id;
    else memberUnknown = true;
  }
  if (q("from")) {
    if (DATE.test(q("from")) && !Number.isNaN(Date.parse(q("from")))) filters.from = `${q("from")}T00:00:00.000Z`;
    else errors.from = "Enter a date like 2026-12-01.";
  }
  if (q("to")) {
    if (DATE.test(q("to")) && !Number.isNaN(Date.parse(q("to")))) filters.to = new Date(Date.parse(`${q("to")}T00:00:00.000Z`) + 86_400_000).toISOString();
    else errors.to = "Enter a date like 2026-12-01.";
  }
  const before = Number(q("before"));
  const [page, actors] = await Promise.all([
    memberUnknown ? { entries: [], next: null } : listAudit(db, scope, filters, Number.isSafeInteger(before) && before > 0 ? before : undefined),
    auditActors(db, scope),
  ]);
  const params = new URLSearchParams(url.searchParams);
  params.delete("before");
  return {
    values: { moderator: q("moderator"), member: q("member"), action: q("action"), from: q("from"), to: q("to") },
    errors: (memberUnknown ? { ...errors, member: "No member has that display name." } : errors) as Record<string, string>,
    actors: actors.map((a) => ({ value: a.id, label: a.display_name })),
    entries: page.entries.map((e) => ({
      id: e.id,
      at: formatDateTime(e.created_at, user.time_zone),
      who: e.actor_id ? (e.actor_name ?? "A former moderator") : "Harbor (automatic)",
      what: AUDIT_ACTIONS[e.action] ?? e.action,
      member: e.subject_user_id ? (e.subject_name ?? "A former member") : null,
      group: e.group_name,
      target: e.post_id ? `/moderation/review/post/${e.post_id}` : e.thread_id ? `/moderation/review/thread/${e.thread_id}` : null,
      reason: e.reason,
      change: describeChange(e.before_state, e.after_state, user.time_zone),
    })),
    nextHref: page.next ? `/moderation/audit?${params.toString() ? `${params.toString()}&` : ""}before=${page.next}` : null,
  };
}

export default function AuditLog() {
  const { values, errors, actors, entries, nextHref } = useLoaderData<typeof loader>();
  return (
    <div className="stack">
      <div>
        <h1>Audit log</h1>
        <p className="muted">Every moderator and admin action, as it happened. Entries can't be changed or removed by anyone.</p>
      </div>
      <form method="get" className="card audit-filters" aria-label="Filter the audit log">
        <div className="field">
          <label htmlFor="f-moderator">Moderator</label>
          <select id="f-moderator" name="moderator" defaultValue={values.moderator}>
            <option value="">Anyone</option>
            {actors.map((a) => (
              <option key={a.value} value={a.value}>
                {a.label}
              </option>
            ))}
          </select>
        </div>
        <div className={`field${errors.member ? " field--invalid" : ""}`}>
          <label htmlFor="f-member">Member (display name)</label>
          <input
            id="f-member"
            name="member"
            type="text"
            defaultValue={values.member}
            aria-invalid={errors.member ? true : undefined}
            aria-describedby={errors.member ? "f-member-error" : undefined}
          />
          {errors.member ? (
            <p className="field__error" id="f-member-error">
              {errors.member}
            </p>
          ) : null}
        </div>
        <div className={`field${errors.action ? " field--invalid" : ""}`}>
          <label htmlFor="f-action">Action</label>
          <select id="f-action" name="action" defaultValue={values.action}>
            <option value="">Any action</option>
            {Object.entries(AUDIT_ACTIONS).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </div>
        <div className={`field${errors.from ? " field--invalid" : ""}`}>
          <label htmlFor="f-from">From</label>
          <input id="f-from" name="from" type="date" defaultValue={values.from} aria-describedby={errors.from ? "f-from-error" : undefined} />
          {errors.from ? (
            <p className="field__error" id="f-from-error">
              {errors.from}
            </p>
          ) : null}
        </div>
        <div className={`field${errors.to ? " field--invalid" : ""}`}>
          <label htmlFor="f-to">To</label>
          <input id="f-to" name="to" type="date" defaultValue={values.to} aria-describedby={errors.to ? "f-to-error" : undefined} />
          {errors.to ? (
            <p className="field__error" id="f-to-error">
              {errors.to}
            </p>
          ) : null}
        </div>
        <div className="button-row">
          <button type="submit" className="button button--primary">
            Filter
          </button>
          <Link to="/moderation/audit">Clear</Link>
        </div>
      </form>
      {entries.length === 0 ? (
        <p className="card">No entries match.</p>
      ) : (
        <div className="table-wrap">
          <table className="stack-table audit-table">
            <caption className="visually-hidden">Audit log entries, newest first</caption>
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Who</th>
                <th scope="col">What</th>
                <th scope="col">Member</th>
                <th scope="col">Reason and change</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((e) => (
                <tr key={e.id}>
                  <td data-label="When">{e.at}</td>
                  <td data-label="Who">{e.who}</td>
                  <td data-label="What">
                    {e.target ? <Link to={e.target}>{e.what}</Link> : e.what}
                    {e.group ? <div className="small muted">{e.group}</div> : null}
                  </td>
                  <td data-label="Member">{e.member ?? "—"}</td>
                  <td data-label="Reason and change">
                    {e.reason ? <div>“{e.reason}”</div> : null}
                    {e.change ? <div className="small muted">{e.change}</div> : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {nextHref ? (
        <nav className="pager" aria-label="Audit log pages">
          <span />
          <Link to={nextHref}>Older entries →</Link>
        </nav>
      ) : null}
    </div>
  );
}
