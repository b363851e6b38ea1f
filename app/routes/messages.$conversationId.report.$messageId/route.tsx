/**
 * Reporting a message in one's own conversation. The page says, before anything is sent, exactly
 * what the moderators will see: this message and up to a few before it, nothing else.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { CrisisPanel } from "~/components/crisis-panel";
import { ReportForm } from "~/components/report-form";
import { crisisResourcesFor } from "~/models/crisis-directory.server";
import { ModerationError } from "~/models/moderation.server";
import { getMessageSettings, MessageError, openMessage, reportableMessage, reportMessage } from "~/models/messages.server";
import { requireUser } from "~/utils/auth.server";
import { getDb } from "~/utils/db.server";
import { formFailure, parseForm, rejectForm } from "~/utils/forms.server";
import { notFound } from "~/utils/groups.server";
import { REPORT_REASONS } from "~/utils/moderation-labels";
import { reportSchema } from "~/utils/report-form";
import { pageMeta } from "~/utils/site-title";

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, "Report a message");

async function requireReportable(request: Request, userId: string, params: Record<string, string | undefined>) {
  const db = getDb();
  try {
    const message = await reportableMessage(db, userId, Number(params.messageId));
    if (message.conversation_id !== Number(params.conversationId)) throw notFound();
    return message;
  } catch (error) {
    if (error instanceof MessageError && error.status === 404) throw notFound();
    throw error;
  }
}

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  let refusal: string | null = null;
  let message: Awaited<ReturnType<typeof reportableMessage>> | null = null;
  try {
    message = await requireReportable(request, user.id, params);
  } catch (error) {
    if (!(error instanceof MessageError)) throw error;
    refusal = error.message;
  }
  const { reportContext } = await getMessageSettings(getDb());
  return {
    conversationId: Number(params.conversationId),
    refusal,
    author: message?.author_name ?? "A former member",
    html: message ? openMessage(message.conversation_id, message.body_enc).html : "",
    reportContext,
  };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const user = await requireUser(request, context);
  const form = await parseForm(request, reportSchema);
  if (!form.ok) return rejectForm(form);
  try {
    const message = await requireReportable(request, user.id, params);
    await reportMessage(getDb(), user.id, message.id, { reason: form.data.reason as keyof typeof REPORT_REASONS, note: form.data.note });
  } catch (error) {
    if (error instanceof MessageError || error instanceof ModerationError)
      return formFailure({ form: error.message }, { reason: form.data.reason, note: form.data.note }, error.status);
    throw error;
  }
  const crisis = form.data.reason === "crisis" ? await crisisResourcesFor(getDb(), user.id) : null;
  return { ok: true as const, crisis: crisis?.resources ?? null };
}

export default function ReportMessage() {
  const d = useLoaderData<typeof loader>();
  const state = useActionData<typeof action>();
  const back = `/messages/${d.conversationId}`;
  if (state?.ok) {
    return (
      <div className="stack readable">
        <h1>Thank you for telling us</h1>
        <p className="alert alert--success" role="status">
          Your report reached the site's moderators with that message and the few before it. You'll hear back, in general terms, when it has been handled. You can also leave the
          conversation or block the member.
        </p>
        {state.crisis ? (
          <CrisisPanel heading="If someone is in danger right now" resources={state.crisis} descriptions={false}>
            <p>Messages are private and nobody reads them as they come. If you think someone is in immediate danger, these can help now:</p>
          </CrisisPanel>
        ) : null}
        <p>
          <Link to={back}>Back to the conversation</Link>
        </p>
      </div>
    );
  }
  if (d.refusal) {
    return (
      <div className="stack readable">
        <h1>Report a message</h1>
        <p className="alert alert--info">{d.refusal}</p>
        <p>
          <Link to={back}>Back to the conversation</Link>
        </p>
      </div>
    );
  }
  return (
    <div className="stack readable">
      <h1>Report a message</h1>
      <div className="card report-summary">
        <p className="meta">{d.author} wrote:</p>
        <div className="message-excerpt" dangerouslySetInnerHTML={{ __html: d.html }} />
      </div>
      <p className="alert alert--info" id="report-scope">
        What the moderators will see: this message and up to {d.reportContext} messages before it, with the names of who wrote them — nothing else from this conversation. They
        can't open the conversation itself.
      </p>
      <ReportForm state={state} back={back} describedBy="report-scope" />
    </div>
  );
}
