import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { FormErrors, SavedMessage } from "~/components/forms";
import { ActionForm, MemberHistory, MetaBadge, OpenReports, ReviewContext, ThreadTools, type ReviewAction } from "~/components/moderation-review";
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
import { messageReviewExcerpt } from "~/models/messages.server";
import { MessageExcerpt } from "~/components/message-excerpt";
import { formFailure, parseForm, rejectForm } from "~/utils/forms.server";
import { notFound } from "~/utils/groups.server";
import { requireModerator } from "~/utils/moderation.server";
import { textField } from "~/utils/schemas";
import { formatDateTime } from "~/utils/time";
import { pageMeta } from "~/utils/site-title";

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, "Review · Moderation");

const KINDS = ["post", "thread", "member", "message"] as const;
type Kind = (typeof KINDS)[number];

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
  // A private message: only what the report carried, never the conversation.
  const excerpt = target.kind === "message" ? await messageReviewExcerpt(db, ctx.resolved.key) : [];
  return {
    excerpt: excerpt.map((m) => ({ ...m, createdAt: formatDateTime(m.createdAt, zone) })),
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

export default function ReviewPage() {
  const d = useLoaderData<typeof loader>();
  const state = useActionData<typeof action>();
  const errors: Record<string, string> = (state && "errors" in state ? state.errors : undefined) ?? {};
  const contentHidden = d.kind === "post" ? d.focus?.hidden : d.thread?.hidden;
  const actions: ReviewAction[] = [
    ...(d.open ? (["dismiss"] as const) : []),
    ...(d.focus?.held ? (["approve", "reject"] as const) : []),
    // A post hidden automatically by reports can still be hidden with a moderator's own reason.
    ...(d.kind === "message" ? (["delete"] as const) : []),
    ...(d.kind !== "member" && d.kind !== "message" && !d.focus?.held
      ? contentHidden && !d.focus?.autoHidden
        ? (["unhide", "delete"] as const)
        : (["hide", "delete"] as const)
      : []),
    ...(d.subject && !d.subject.isSelf ? (["warn"] as const) : []),
    ...(d.subject && !d.subject.isSelf && !d.subject.isAdmin && d.group ? (["mute", "ban"] as const) : []),
    ...(d.subject && !d.subject.isSelf && !d.subject.isAdmin && d.isAdmin ? (["suspend"] as const) : []),
    ...(d.kind === "member" && d.subject && !d.subject.isSelf && !d.subject.isAdmin && d.isAdmin ? (["delete_account"] as const) : []),
  ];
  const title =
    d.kind === "message"
      ? `Private message from ${d.subject?.name ?? "a former member"}`
      : d.kind === "member"
        ? `Member: ${d.subject?.name ?? "a former member"}`
        : d.kind === "thread"
          ? `Thread: ${d.thread?.title}`
          : `Post in “${d.thread?.title}”`;
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
          {d.subject && d.kind !== "member" && d.kind !== "message" ? <> · by {d.subject.name}</> : null}
          {d.focus?.held ? <MetaBadge className="badge--held">Waiting for approval</MetaBadge> : null}
          {contentHidden ? <MetaBadge className="badge--hidden">Hidden</MetaBadge> : null}
          {d.thread?.locked ? <MetaBadge className="badge--locked">Locked</MetaBadge> : null}
        </p>
      </div>
      <SavedMessage state={state} />
      <FormErrors state={state && "errors" in state && errors.form ? state : undefined} />
      <OpenReports open={d.open} />
      {d.kind === "message" ? <MessageExcerpt messages={d.excerpt} /> : <ReviewContext kind={d.kind} posts={d.posts} thread={d.thread} group={d.group} />}
      <ActionForm actions={actions} autoHidden={!!d.focus?.autoHidden} state={state} errors={errors} />
      {d.kind === "thread" && d.thread ? <ThreadTools thread={d.thread} moveTargets={d.moveTargets} state={state} errors={errors} /> : null}
      {d.subject && d.history ? <MemberHistory subject={d.subject} history={d.history} isAdmin={d.isAdmin} /> : null}
    </div>
  );
}
