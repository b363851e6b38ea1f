/**
 * The parts of a moderator's review page (app/routes/moderation.review.$kind.$id): the open
 * reports, the content in context, the action form, the thread tools and the member's history.
 * Each takes the plain values the page's loader prepared.
 */
import { Link } from "@remix-run/react";
import { Form, RadioGroupField, SelectField, SubmitButton, TextareaField, TextField, fieldValue, type FormState } from "~/components/forms";
import { PostBody } from "~/components/markdown-editor";
import type { ModerationAction } from "~/models/moderation.server";

export type ReviewAction = ModerationAction | "delete_account";

const ACTION_LABELS: Record<ReviewAction, string> = {
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

const DURATIONS = [
  { value: "1", label: "1 hour" },
  { value: "24", label: "24 hours" },
  { value: "72", label: "3 days" },
  { value: "168", label: "7 days" },
  { value: "720", label: "30 days" },
  { value: "", label: "Until lifted" },
] as const;

/** A badge after " · " in a line of metadata. */
export function MetaBadge({ className, children }: { className?: string; children: string }) {
  return (
    <>
      {" "}
      · <span className={className ? `badge ${className}` : "badge"}>{children}</span>
    </>
  );
}

export interface ReviewReports {
  crisis: boolean;
  reports: { id: number; reason: string; crisis: boolean; note: string | null; reporter: string; at: string }[];
}

export function OpenReports({ open }: { open: ReviewReports | null }) {
  if (!open) return <p className="muted">No open reports on this. You can still act on it.</p>;
  return (
    <section className={`card${open.crisis ? " review-crisis" : ""}`} aria-labelledby="reports-heading">
      <h2 id="reports-heading">{open.crisis ? "Crisis: someone may be in danger" : "Open reports"}</h2>
      {open.crisis ? (
        <p>
          Please read this first. Reach out to the member kindly, make sure they have seen the crisis resources, and involve an admin if you are worried. You are not expected to be
          a crisis counsellor.
        </p>
      ) : null}
      <ul className="report-list">
        {open.reports.map((r) => (
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
  );
}

export interface ReviewPost {
  id: number;
  focus: boolean;
  author: string;
  html: string;
  removed: boolean;
  held: boolean;
  hidden: boolean;
  createdAt: string;
}

export interface ReviewThread {
  id: number;
  pinned: boolean;
  locked: boolean;
  slowMode: number;
  hidden: boolean;
  pending: boolean;
}

/** The reported post among its neighbours (or a thread's opening post), with links to the thread. */
export function ReviewContext({ kind, posts, thread, group }: { kind: string; posts: ReviewPost[]; thread: ReviewThread | null; group: { slug: string } | null }) {
  if (!posts.length) return null;
  return (
    <section aria-labelledby="context-heading">
      <h2 id="context-heading">{kind === "thread" ? "Opening post" : "In context"}</h2>
      <ol className="review-context">
        {posts.map((p) => (
          <li key={p.id} className={`card post${p.focus ? " review-context__focus" : " review-context__around"}`}>
            <p className="meta">
              <strong>{p.author}</strong> · {p.createdAt}
              {p.focus ? <MetaBadge>{kind === "thread" ? "Opening post" : "Reported post"}</MetaBadge> : null}
              {p.held ? <MetaBadge className="badge--held">Held</MetaBadge> : null}
              {p.hidden ? <MetaBadge className="badge--hidden">Hidden</MetaBadge> : null}
            </p>
            {p.removed ? <p className="post__removed">Post removed.</p> : <PostBody html={p.html} />}
          </li>
        ))}
      </ol>
      {thread ? (
        <p>
          <Link to={`/moderation/review/thread/${thread.id}`}>Thread tools</Link>
          {!thread.pending && !thread.hidden && group ? (
            <>
              {" "}
              · <Link to={`/groups/${group.slug}/threads/${thread.id}`}>Open the thread</Link>
            </>
          ) : null}
        </p>
      ) : null}
    </section>
  );
}

export function ActionForm({ actions, autoHidden, state, errors }: { actions: ReviewAction[]; autoHidden: boolean; state: FormState | undefined; errors: Record<string, string> }) {
  if (!actions.length) return null;
  return (
    <section className="card" aria-labelledby="act-heading">
      <h2 id="act-heading">Take action</h2>
      <Form method="post" className="form" noValidate>
        <input type="hidden" name="intent" value="act" />
        {autoHidden ? <p className="alert alert--info">Hidden automatically because several members reported it. Dismissing shows it again.</p> : null}
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
  );
}

export function ThreadTools({
  thread,
  moveTargets,
  state,
  errors,
}: {
  thread: ReviewThread;
  moveTargets: { value: string; label: string }[];
  state: FormState | undefined;
  errors: Record<string, string>;
}) {
  return (
    <section className="card" aria-labelledby="tools-heading">
      <h2 id="tools-heading">Thread tools</h2>
      <p className="meta">
        {thread.pinned ? "Pinned" : "Not pinned"} · {thread.locked ? "Locked" : "Open for replies"} · {thread.slowMode ? `Slow mode: ${thread.slowMode} min` : "Slow mode off"}
      </p>
      <Form method="post" className="form" noValidate>
        <input type="hidden" name="intent" value="tool" />
        <RadioGroupField
          name="tool"
          legend="Tool"
          options={{
            [thread.pinned ? "unpin" : "pin"]: thread.pinned ? "Unpin" : "Pin to the top of the board",
            [thread.locked ? "unlock" : "lock"]: thread.locked ? "Unlock" : "Lock (no new replies)",
            slow_mode: "Set slow mode",
            ...(moveTargets.length ? { move: "Move to another group" } : {}),
          }}
          value={fieldValue(state, "tool", thread.pinned ? "unpin" : "pin")}
          error={errors.tool}
        />
        <TextField
          name="minutes"
          label="Slow mode: minutes between a member's posts (0 turns it off)"
          type="number"
          min={0}
          max={1440}
          inputMode="numeric"
          defaultValue={fieldValue(state, "minutes", String(thread.slowMode || 10))}
          error={errors.minutes}
        />
        {moveTargets.length ? (
          <SelectField
            name="toGroupId"
            label="Move to"
            options={[{ value: "", label: "Choose a group" }, ...moveTargets]}
            defaultValue={fieldValue(state, "toGroupId")}
            error={errors.toGroupId}
          />
        ) : null}
        <TextField name="reason" label="Note for the audit log (optional)" maxLength={500} defaultValue="" error={errors.reason} />
        <SubmitButton variant="secondary">Apply tool</SubmitButton>
      </Form>
    </section>
  );
}

export interface ReviewHistory {
  sanctions: { id: number; label: string; group: string | null; reason: string | null; until: string; canLift: boolean }[];
  actions: { id: number; label: string; by: string; group: string | null; reason: string | null; at: string }[];
  items: number;
}

/** The member's active sanctions (with "lift early") and earlier moderator actions. */
export function MemberHistory({ subject, history, isAdmin }: { subject: { name: string; since: string }; history: ReviewHistory; isAdmin: boolean }) {
  return (
    <section aria-labelledby="history-heading">
      <h2 id="history-heading">{subject.name}: earlier reports and actions</h2>
      <p className="muted small">
        Member since {subject.since}. {history.items} report item{history.items === 1 ? "" : "s"} about them{isAdmin ? "" : " in your groups"}. Private recovery records are never
        shown to moderators.
      </p>
      {history.sanctions.length ? (
        <ul className="plain-list sanction-list">
          {history.sanctions.map((s) => (
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
      {history.actions.length ? (
        <ol className="history-list">
          {history.actions.map((a) => (
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
  );
}
