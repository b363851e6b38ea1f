import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { CrisisPanel } from "~/components/crisis-panel";
import { ReportForm } from "~/components/report-form";
import { getGroupAccessById } from "~/models/groups.server";
import { fileReport, ModerationError, resolveTarget, type ReportTarget } from "~/models/moderation.server";
import { REPORT_REASONS } from "~/utils/moderation-labels";
import { crisisResourcesFor } from "~/models/crisis-directory.server";
import { requireUser } from "~/utils/auth.server";
import { getDb } from "~/utils/db.server";
import { formFailure, parseForm, rejectForm } from "~/utils/forms.server";
import { notFound } from "~/utils/groups.server";
import { excerpt } from "~/utils/moderation.server";
import { reportSchema } from "~/utils/report-form";
import { pageMeta } from "~/utils/site-title";
import { getPostContext } from "~/models/posts.server";
import { mayReportPost, mayReportThread } from "~/policy";

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, "Report");

/** What is being reported, from the query string; 404 unless the viewer may read it. */
async function requireTarget(request: Request, user: { id: string; role: string }) {
  const url = new URL(request.url);
  const kind = (["post", "thread", "member"] as const).find((k) => url.searchParams.has(k));
  if (!kind) throw notFound();
  const group = Number(url.searchParams.get("group"));
  const target: ReportTarget = { kind, id: url.searchParams.get(kind)! };
  const db = getDb();
  const resolved = await resolveTarget(db, target, kind === "member" && Number.isSafeInteger(group) && group > 0 ? group : null).catch(() => null);
  if (!resolved) throw notFound();
  const access = resolved.groupId ? await getGroupAccessById(db, resolved.groupId, user) : null;
  if (resolved.groupId && !access?.canRead) throw notFound();
  let summary = "";
  let back = "/";
  if (resolved.postId) {
    // Only what the reporter can see in the group: a hidden or held post does not exist for them.
    const post = await getPostContext(db, resolved.postId);
    if (!post || !mayReportPost(user, access, post)) throw notFound();
    summary = `${post.author_name ?? "A former member"}: “${excerpt(post.body_source, 160)}”`;
    back = `/groups/${access!.group.slug}/threads/${post.thread_id}`;
  } else if (resolved.threadId) {
    const thread = await db.selectFrom("threads").select(["title", "status", "hidden_at", "deleted_at", "author_id"]).where("id", "=", resolved.threadId).executeTakeFirst();
    if (!thread || !mayReportThread(user, access, thread)) throw notFound();
    summary = `The thread “${thread.title}”`;
    back = `/groups/${access!.group.slug}/threads/${resolved.threadId}`;
  } else {
    const member = await db.selectFrom("users").select("display_name").where("id", "=", resolved.subjectUserId!).executeTakeFirstOrThrow();
    summary = `The member ${member.display_name}`;
    back = `/members/${resolved.subjectUserId}`;
  }
  return { target, resolved, summary, back, groupContext: kind === "member" ? resolved.groupId : null };
}

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  const { summary, back, resolved } = await requireTarget(request, user);
  return { summary, back, isOwn: resolved.subjectUserId === user.id };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUser(request, context);
  const { target, groupContext } = await requireTarget(request, user);
  const form = await parseForm(request, reportSchema);
  if (!form.ok) return rejectForm(form);
  try {
    await fileReport(getDb(), user.id, target, { reason: form.data.reason as keyof typeof REPORT_REASONS, note: form.data.note, groupContext });
  } catch (error) {
    if (error instanceof ModerationError) return formFailure({ form: error.message }, { reason: form.data.reason, note: form.data.note }, error.status);
    throw error;
  }
  const crisis = form.data.reason === "crisis" ? await crisisResourcesFor(getDb(), user.id) : null;
  return { ok: true as const, crisis: crisis?.resources ?? null };
}

export default function ReportPage() {
  const { summary, back, isOwn } = useLoaderData<typeof loader>();
  const state = useActionData<typeof action>();
  if (state?.ok) {
    return (
      <div className="stack readable">
        <h1>Thank you for telling us</h1>
        <p className="alert alert--success" role="status">
          Your report reached this group's moderators. They will look at it soon and you will hear back, in general terms, when it has been handled. Nobody but the moderators sees
          who reported.
        </p>
        {state.crisis ? (
          <CrisisPanel heading="If someone is in danger right now" resources={state.crisis} descriptions={false}>
            <p>Moderators are volunteers and may not see this straight away. If you think someone is in immediate danger, these can help now:</p>
          </CrisisPanel>
        ) : null}
        <p>
          <Link to={back}>Back to where you were</Link>
        </p>
      </div>
    );
  }
  return (
    <div className="stack readable">
      <h1>Report to the moderators</h1>
      <p className="card report-summary">{summary}</p>
      {isOwn ? <p className="alert alert--info">This is your own. You can edit or delete it instead of reporting it.</p> : null}
      <ReportForm state={state} back={back} />
    </div>
  );
}
