import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { Form, FormErrors, RadioGroupField, SavedMessage, SelectField, SubmitButton, TextareaField, TextField, fieldValue } from "~/components/forms";
import { PostBody } from "~/components/markdown-editor";
import {
  AUDIT_ACTIONS,
  AUTO_HIDE_REASON,
  canModerate,
  deleteAccount,
  getReviewContext,
  liftSanction,
  memberHistory,
  moderate,
  ModerationError,
  openItemFor,
  reasonLabel,
  SANCTION_LABELS,
  threadTool,
  type ModerationAction,
} from "~/models/moderation.server";
import { getDb } from "~/utils/db.server";
import { formFailure, parseForm, rejectForm } from "~/utils/forms.server";
import { notFound } from "~/utils/groups.server";
import { requireModerator } from "~/utils/moderation.server";
import { textField } from "~/utils/schemas";
import { formatDateTime } from "~/utils/time";
import { siteTitle } from "~/utils/site-title";

export const meta: MetaFunction = ({ matches }) => [{ title: siteTitle(matches, "Review · Moderation") }];

const KINDS = ["post", "thread", "member"] as const;
type Kind = (typeof KINDS)[number];

const DURATIONS = [
  { value: "1", label: "1 hour" },
  { value: "24", label: "24 hours" },
  { value: "72", label: "3 days" },
  { value: "168", label: "7 days" },
  { value: "720", label: "30 days" },
  { value: "", label: "Until lifted" },
] as const;

/** Actions whose reason the member (or nobody) must read: a reason is required. */
const NEEDS_REASON: ReadonlySet<ModerationAction> = new Set(["hide", "delete", "reject", "warn", "mute", "ban", "suspend"]);

export const reviewActionSchema = z.discriminatedUnion(
  "intent",
  [
    z.object({
      intent: z.literal("act"),
      action: z.enum(["dismiss", "hide", "unhide", "delete", "approve", "reject", "warn", "mute", "ban", "suspend", "delete_account"], {
        errorMap: () => ({ message: "Choose an action." }),
      }),
      reason: textField("The reason", { max: 500, multiline: true }),
      hours: z.enum(["1", "24", "72", "168", "720", ""], { errorMap: () => ({ message: "Choose how long." }) }).default("24"),
    }),
    z.object({
      intent: z.literal("tool"),
      tool: z.enum(["pin", "unpin", "lock", "unlock", "move", "slow_mode"], { errorMap: () => ({ message: "Choose a thread tool." }) }),
      reason: textField("The reason", { max: 500 }),
      toGroupId: z.coerce.number().int().positive().optional().catch(undefined),
      minutes: z.coerce
        .number({ invalid_type_error: "Enter minutes as a number." })
        .int("Enter whole minutes.")
        .min(0, "Enter 0 or more minutes.")
        .max(1440, "At most 1440 minutes (a day).")
        .optional(),
    }),
    z.object({ intent: z.literal("lift"), sanctionId: z.coerce.number().int().positive(), reason: textField("The reason", { max: 500 }) }),
  ],
  { errorMap: () => ({ message: "Choose what to do." }) },
);

function parseTarget(params: Record<string, string | undefined>, request: Request) {
  const kind = params.kind as Kind;
  if (!KINDS.includes(kind) || !params.id) throw notFound();
  const group = Number(new URL(request.url).searchParams.get("group"));
  return { kind, id: params.id, groupContext: kind === "member" && Number.isSafeInteger(group) && group > 0 ? group : null };
}

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { user, scope, isAdmin } = await requireModerator(request, context);
  const target = parseTarget(params, request);
  const db = getDb();
  const ctx = await getReviewContext(db, target, target.groupContext);
  if (!ctx || !canModerate(scope, ctx.resolved.groupId)) throw notFound();
  const zone = user.time_zone;
  const [open, history, moveTargets] = await Promise.all([
    openItemFor(db, ctx.resolved.key),
    ctx.subject ? memberHistory(db, scope, ctx.subject.id) : null,
    target.kind === "thread"
      ? (scope.all
          ? db.selectFrom("groups").select(["id", "name"])
          : db
              .selectFrom("groups")
              .select(["id", "name"])
              .where("id", "in", scope.groupIds.length ? scope.groupIds : [-1])
        )
          .orderBy("name")
          .limit(200)
          .execute()
      : [],
  ]);
  const focus = ctx.posts.find((p) => p.focus);
  return {
    kind: target.kind,
    isAdmin,
    group: ctx.group ? { name: ctx.group.name, slug: ctx.group.slug } : null,
    subject: ctx.subject
      ? {
          id: ctx.subject.id,
          name: ctx.subject.display_name,
          isAdmin: ctx.subject.role === "admin",
          isSelf: ctx.subject.id === user.id,
          since: formatDateTime(ctx.subject.created_at, zone),
        }
      : null,
    thread: ctx.thread
      ? {
          id: ctx.thread.id,
          title: ctx.thread.title,
          pinned: ctx.thread.is_pinned === 1,
          locked: ctx.thread.is_locked === 1,
          slowMode: ctx.thread.slow_mode_minutes,
          hidden: !!ctx.thread.hidden_at,
          hiddenReason: ctx.thread.hidden_reason,
          pending: ctx.thread.status === "pending",
        }
      : null,
    focus: focus ? { held: focus.status === "pending", hidden: !!focus.hidden_at, hiddenReason: focus.hidden_reason, autoHidden: focus.hidden_reason === AUTO_HIDE_REASON } : null,
    posts: ctx.posts.map((p) => ({
      id: p.id,
      focus: p.focus,
      author: p.author_name ?? "A former member",
      html: p.deleted_at ? "" : p.body_html,
      removed: !!p.deleted_at,
      held: p.status === "pending",
      hidden: !!p.hidden_at,
      createdAt: formatDateTime(p.created_at, zone),
      position: p.position,
    })),
    open: open
      ? {
          crisis: open.item.is_crisis === 1,
          openedAt: formatDateTime(open.item.opened_at, zone),
          reports: open.reports.map((r) => ({
            id: r.id,
            reason: reasonLabel(r.reason),
            crisis: r.reason === "crisis" || r.reason === "crisis_language",
            note: r.note,
            reporter: r.reporter_id ? (r.reporter_name ?? "A former member") : "Harbor (automatic)",
            at: formatDateTime(r.created_at, zone),
          })),
        }
      : null,
    history: history
      ? {
          sanctions: history.sanctions.map((s) => ({
            id: s.id,
            label: SANCTION_LABELS[s.kind],
            group: s.group_name,
            reason: s.reason,
            until: s.ends_at ? formatDateTime(s.ends_at, zone) : "until lifted",
            canLift: s.kind === "suspend" ? isAdmin : true,
          })),
          actions: history.actions.map((a) => ({
            id: a.id,
            label: AUDIT_ACTIONS[a.action] ?? a.action,
            by: a.actor_name ?? "Harbor",
            group: a.group_name,
            reason: a.reason,
            at: formatDateTime(a.created_at, zone),
          })),
          items: history.items.length,
        }
      : null,
    moveTargets: moveTargets.filter((g) => g.id !== ctx.resolved.groupId).map((g) => ({ value: String(g.id), label: g.name })),
  };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const { user } = await requireModerator(request, context);
  const target = parseTarget(params, request);
  const form = await parseForm(request, reviewActionSchema);
  if (!form.ok) return rejectForm(form);
  const data = form.data;
  const values = Object.fromEntries(Object.entries(data).map(([k, v]) => [k, String(v ?? "")]));
  const db = getDb();
  try {
    if (data.intent === "act") {
      if (data.action === "delete_account") {
        if (target.kind !== "member") throw notFound();
        if (!data.reason) return formFailure({ reason: "Please give a reason for the audit log." }, values);
        await deleteAccount(db, user, String(target.id), data.reason);
        return redirect("/moderation/audit?action=member.delete");
      }
      if (NEEDS_REASON.has(data.action) && !data.reason) return formFailure({ reason: "Please give a reason. The member will see it (reporters never see it)." }, values);
      const hours = data.hours === "" ? null : Number(data.hours);
      const result = await moderate(db, user, target, { action: data.action, reason: data.reason, hours });
      return { ok: true as const, message: result.message };
    }
    if (data.intent === "tool") {
      if (target.kind !== "thread") throw notFound();
      if (data.tool === "move" && !data.toGroupId) return formFailure({ toGroupId: "Choose the group to move this thread to." }, values);
      const result = await threadTool(db, user, Number(target.id), { tool: data.tool, reason: data.reason, toGroupId: data.toGroupId, slowModeMinutes: data.minutes ?? 0 });
      return { ok: true as const, message: result.message };
    }
    await liftSanction(db, user, data.sanctionId, data.reason);
    return { ok: true as const, message: "Lifted. The member has been told." };
  } catch (error) {
    if (error instanceof ModerationError) {
      if (error.status === 404 && error.message === "Not found") throw notFound();
      return formFailure({ form: error.message }, values, error.status);
    }
    throw error;
  }
}

const ACTION_LABELS: Record<ModerationAction | "delete_account", string> = {
  dismiss: "Dismiss the reports (no action needed)",
  approve: "Approve and publish (keeps its original time)",
  reject: "Reject (not published; the member sees your reason)",
  hide: "Hide it (your reason is shown in its place)",
  unhide: "Unhide it",
  delete: "Delete it (a copy stays in the audit log)",
  warn: "Warn the member privately",
  mute: "Mute the member in this group",
  ban: "Ban the member from posting in this group",
  suspend: "Suspend the account site-wide (admins)",
  delete_account: "Delete the account (admins; their posts stay, by “a former member”)",
};

export default function ReviewPage() {
  const d = useLoaderData<typeof loader>();
  const state = useActionData<typeof action>();
  const errors: Record<string, string> = (state && "errors" in state ? state.errors : undefined) ?? {};
  const contentHidden = d.kind === "post" ? d.focus?.hidden : d.thread?.hidden;
  const actions: (ModerationAction | "delete_account")[] = [
    ...(d.open ? (["dismiss"] as const) : []),
    ...(d.focus?.held ? (["approve", "reject"] as const) : []),
    // A post hidden automatically by reports can still be hidden with a moderator's own reason.
    ...(d.kind !== "member" && !d.focus?.held ? (contentHidden && !d.focus?.autoHidden ? (["unhide", "delete"] as const) : (["hide", "delete"] as const)) : []),
    ...(d.subject && !d.subject.isSelf ? (["warn"] as const) : []),
    ...(d.subject && !d.subject.isSelf && !d.subject.isAdmin && d.group ? (["mute", "ban"] as const) : []),
    ...(d.subject && !d.subject.isSelf && !d.subject.isAdmin && d.isAdmin ? (["suspend"] as const) : []),
    ...(d.kind === "member" && d.subject && !d.subject.isSelf && !d.subject.isAdmin && d.isAdmin ? (["delete_account"] as const) : []),
  ];
  const title = d.kind === "member" ? `Member: ${d.subject?.name ?? "a former member"}` : d.kind === "thread" ? `Thread: ${d.thread?.title}` : `Post in “${d.thread?.title}”`;
  return (
    <div className="stack review">
      <nav aria-label="Breadcrumb" className="breadcrumbs">
        <Link to="/moderation">Review queue</Link> › <span aria-current="page">Review</span>
      </nav>
      <div>
        <h1>{title}</h1>
        <p className="meta">
          {d.group ? (
            <>
              In <Link to={`/groups/${d.group.slug}`}>{d.group.name}</Link>
            </>
          ) : (
            "Site-wide"
          )}
          {d.subject && d.kind !== "member" ? <> · by {d.subject.name}</> : null}
          {d.focus?.held ? (
            <>
              {" "}
              · <span className="badge badge--held">Waiting for approval</span>
            </>
          ) : null}
          {contentHidden ? (
            <>
              {" "}
              · <span className="badge badge--hidden">Hidden</span>
            </>
          ) : null}
          {d.thread?.locked ? (
            <>
              {" "}
              · <span className="badge badge--locked">Locked</span>
            </>
          ) : null}
        </p>
      </div>
      <SavedMessage state={state} />
      <FormErrors state={state && "errors" in state && errors.form ? state : undefined} />

      {d.open ? (
        <section className={`card${d.open.crisis ? " review-crisis" : ""}`} aria-labelledby="reports-heading">
          <h2 id="reports-heading">{d.open.crisis ? "Crisis: someone may be in danger" : "Open reports"}</h2>
          {d.open.crisis ? (
            <p>
              Please read this first. Reach out to the member kindly, make sure they have seen the crisis resources, and involve an admin if you are worried. You are not expected
              to be a crisis counsellor.
            </p>
          ) : null}
          <ul className="report-list">
            {d.open.reports.map((r) => (
              <li key={r.id}>
                <strong className={r.crisis ? "report-list__crisis" : undefined}>{r.reason}</strong>
                {r.note ? <> — “{r.note}”</> : null}
                <span className="meta">
                  {" "}
                  · {r.reporter} · {r.at}
                </span>
              </li>
            ))}
          </ul>
        </section>
      ) : (
        <p className="muted">No open reports on this. You can still act on it.</p>
      )}

      {d.posts.length ? (
        <section aria-labelledby="context-heading">
          <h2 id="context-heading">{d.kind === "thread" ? "Opening post" : "In context"}</h2>
          <ol className="review-context">
            {d.posts.map((p) => (
              <li key={p.id} className={`card post${p.focus ? " review-context__focus" : " review-context__around"}`}>
                <p className="meta">
                  <strong>{p.author}</strong> · {p.createdAt}
                  {p.focus ? (
                    <>
                      {" "}
                      · <span className="badge">{d.kind === "thread" ? "Opening post" : "Reported post"}</span>
                    </>
                  ) : null}
                  {p.held ? (
                    <>
                      {" "}
                      · <span className="badge badge--held">Held</span>
                    </>
                  ) : null}
                  {p.hidden ? (
                    <>
                      {" "}
                      · <span className="badge badge--hidden">Hidden</span>
                    </>
                  ) : null}
                </p>
                {p.removed ? <p className="post__removed">Post removed.</p> : <PostBody html={p.html} />}
              </li>
            ))}
          </ol>
          {d.thread ? (
            <p>
              <Link to={`/moderation/review/thread/${d.thread.id}`}>Thread tools</Link>
              {!d.thread.pending && !d.thread.hidden && d.group ? (
                <>
                  {" "}
                  · <Link to={`/groups/${d.group.slug}/threads/${d.thread.id}`}>Open the thread</Link>
                </>
              ) : null}
            </p>
          ) : null}
        </section>
      ) : null}

      {actions.length ? (
        <section className="card" aria-labelledby="act-heading">
          <h2 id="act-heading">Take action</h2>
          <Form method="post" className="form" noValidate>
            <input type="hidden" name="intent" value="act" />
            {d.focus?.autoHidden ? <p className="alert alert--info">Hidden automatically because several members reported it. Dismissing shows it again.</p> : null}
            <RadioGroupField
              name="action"
              legend="What to do"
              options={Object.fromEntries(actions.map((a) => [a, ACTION_LABELS[a]]))}
              value={fieldValue(state, "action", actions[0])}
              error={errors.action}
            />
            <TextareaField
              name="reason"
              label="Reason"
              hint="The member sees this with hides, deletions, warnings and sanctions. Reporters only learn the outcome in general terms."
              rows={3}
              maxLength={500}
              defaultValue={fieldValue(state, "reason")}
              error={errors.reason}
            />
            <SelectField name="hours" label="For how long (mutes, bans, suspensions)" options={DURATIONS} defaultValue={fieldValue(state, "hours", "24")} error={errors.hours} />
            <SubmitButton>Apply</SubmitButton>
          </Form>
        </section>
      ) : null}

      {d.kind === "thread" && d.thread ? (
        <section className="card" aria-labelledby="tools-heading">
          <h2 id="tools-heading">Thread tools</h2>
          <p className="meta">
            {d.thread.pinned ? "Pinned" : "Not pinned"} · {d.thread.locked ? "Locked" : "Open for replies"} ·{" "}
            {d.thread.slowMode ? `Slow mode: ${d.thread.slowMode} min` : "Slow mode off"}
          </p>
          <Form method="post" className="form" noValidate>
            <input type="hidden" name="intent" value="tool" />
            <RadioGroupField
              name="tool"
              legend="Tool"
              options={{
                [d.thread.pinned ? "unpin" : "pin"]: d.thread.pinned ? "Unpin" : "Pin to the top of the board",
                [d.thread.locked ? "unlock" : "lock"]: d.thread.locked ? "Unlock" : "Lock (no new replies)",
                slow_mode: "Set slow mode",
                ...(d.moveTargets.length ? { move: "Move to another group" } : {}),
              }}
              value={fieldValue(state, "tool", d.thread.pinned ? "unpin" : "pin")}
              error={errors.tool}
            />
            <TextField
              name="minutes"
              label="Slow mode: minutes between a member's posts (0 turns it off)"
              type="number"
              min={0}
              max={1440}
              inputMode="numeric"
              defaultValue={fieldValue(state, "minutes", String(d.thread.slowMode || 10))}
              error={errors.minutes}
            />
            {d.moveTargets.length ? (
              <SelectField
                name="toGroupId"
                label="Move to"
                options={[{ value: "", label: "Choose a group" }, ...d.moveTargets]}
                defaultValue={fieldValue(state, "toGroupId")}
                error={errors.toGroupId}
              />
            ) : null}
            <TextField name="reason" label="Note for the audit log (optional)" maxLength={500} defaultValue="" error={errors.reason} />
            <SubmitButton variant="secondary">Apply tool</SubmitButton>
          </Form>
        </section>
      ) : null}

      {d.subject && d.history ? (
        <section aria-labelledby="history-heading">
          <h2 id="history-heading">{d.subject.name}: earlier reports and actions</h2>
          <p className="muted small">
            Member since {d.subject.since}. {d.history.items} report item{d.history.items === 1 ? "" : "s"} about them{d.isAdmin ? "" : " in your groups"}. Private recovery records
            are never shown to moderators.
          </p>
          {d.history.sanctions.length ? (
            <ul className="plain-list sanction-list">
              {d.history.sanctions.map((s) => (
                <li key={s.id} className="card">
                  <strong>{s.label}</strong>
                  {s.group ? <> in {s.group}</> : null} · {s.until === "until lifted" ? "until lifted" : <>until {s.until}</>}
                  <p className="small">{s.reason ? <>Reason: {s.reason}</> : <>Site-wide, set by an admin; the reason is for admins.</>}</p>
                  {s.canLift ? (
                    <Form method="post" className="inline-form">
                      <input type="hidden" name="intent" value="lift" />
                      <input type="hidden" name="sanctionId" value={s.id} />
                      <input type="hidden" name="reason" value="Lifted early" />
                      <SubmitButton variant="secondary">
                        Lift early<span className="visually-hidden"> ({s.label})</span>
                      </SubmitButton>
                    </Form>
                  ) : null}
                </li>
              ))}
            </ul>
          ) : (
            <p>No active mutes, bans or suspensions.</p>
          )}
          {d.history.actions.length ? (
            <ol className="history-list">
              {d.history.actions.map((a) => (
                <li key={a.id}>
                  <strong>{a.label}</strong> by {a.by}
                  {a.group ? <> in {a.group}</> : null} · <span className="meta">{a.at}</span>
                  {a.reason ? <div className="small">“{a.reason}”</div> : null}
                </li>
              ))}
            </ol>
          ) : (
            <p className="muted">No earlier moderator actions.</p>
          )}
        </section>
      ) : null}
    </div>
  );
}
