/**
 * One private conversation, for its participants only (everyone else — moderators and admins too —
 * gets 404). Writing in it, leaving it and blocking someone in it are one click each.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { Form, FormErrors, SubmitButton, fieldValue } from "~/components/forms";
import { MarkdownEditor } from "~/components/markdown-editor";
import { MessageCrisisPanel, MessageList } from "~/components/messages";
import { blockMember, BlockError } from "~/models/blocks.server";
import { crisisResourcesFor } from "~/models/crisis-directory.server";
import { getConversation, leaveConversation, markConversationRead, MESSAGE_MAX, MessageError, sendMessage } from "~/models/messages.server";
import { blockRelations, replyRefusal } from "~/policy";
import { requireUser } from "~/utils/auth.server";
import { getDb } from "~/utils/db.server";
import { formFailure, parseForm, rejectForm } from "~/utils/forms.server";
import { notFound } from "~/utils/groups.server";
import { randomId } from "~/utils/ids.server";
import { clientTokenField, markdownField } from "~/utils/post-forms";
import { pageMeta } from "~/utils/site-title";
import { formatDateTime } from "~/utils/time";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => pageMeta(matches, data ? `Conversation with ${data.withNames}` : "Conversation");

export const conversationActionSchema = z.discriminatedUnion(
  "intent",
  [
    z.object({ intent: z.literal("send"), body: markdownField("Your message", MESSAGE_MAX), clientToken: clientTokenField }),
    z.object({ intent: z.literal("leave") }),
    z.object({ intent: z.literal("block"), memberId: z.string().trim().min(1, "Choose a member.").max(64, "Choose a member.") }),
  ],
  { errorMap: () => ({ message: "Choose what to do." }) },
);

function conversationId(params: Record<string, string | undefined>): number {
  const id = Number(params.conversationId);
  if (!Number.isSafeInteger(id) || id <= 0) throw notFound();
  return id;
}

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  const id = conversationId(params);
  const db = getDb();
  const conversation = await getConversation(db, user.id, id);
  if (!conversation) throw notFound();
  const blocks = await blockRelations(db, user.id);
  const others = conversation.participants.filter((p) => p.id !== user.id);
  const last = conversation.messages[conversation.messages.length - 1];
  if (last && last.id > conversation.readThrough) await markConversationRead(db, user.id, id, last.id);
  const notice = new URL(request.url).searchParams.get("notice");
  const crisis = notice === "crisis" ? (await crisisResourcesFor(db, user.id)).resources : null;
  const refusal = replyRefusal(
    others.map((o) => ({ displayName: o.name, blocked: blocks.blocked.has(o.id) ? ("by_viewer" as const) : blocks.blockedBy.has(o.id) ? ("viewer" as const) : null })),
  );
  return {
    id,
    withNames: others.length ? others.map((o) => o.name).join(", ") : "nobody else",
    others: others.map((o) => ({ id: o.id, name: o.name, blocked: blocks.blocked.has(o.id) })),
    earlier: conversation.earlier,
    messages: conversation.messages.map((m) => ({
      id: m.id,
      authorId: m.authorId,
      author: m.authorName ?? "A former member",
      html: m.html,
      createdAt: formatDateTime(m.createdAt, user.time_zone),
      removed: m.removed,
      mine: m.authorId === user.id,
      unread: m.authorId !== user.id && m.id > conversation.readThrough,
      blockedAuthor: m.authorId !== null && blocks.blocked.has(m.authorId),
      crisisCue: m.crisis && m.authorId !== user.id && !m.removed,
    })),
    refusal,
    crisis,
    clientToken: randomId(),
  };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const user = await requireUser(request, context);
  const id = conversationId(params);
  const form = await parseForm(request, conversationActionSchema);
  if (!form.ok) return rejectForm(form);
  const db = getDb();
  const data = form.data;
  if (data.intent === "leave") {
    if (!(await leaveConversation(db, user.id, id))) throw notFound();
    return redirect("/messages?left=1");
  }
  const conversation = await getConversation(db, user.id, id);
  if (!conversation) throw notFound();
  if (data.intent === "block") {
    // Only someone in this conversation, from inside it.
    if (!conversation.participants.some((p) => p.id === data.memberId && p.id !== user.id)) throw notFound();
    try {
      await blockMember(db, user.id, data.memberId);
    } catch (error) {
      if (error instanceof BlockError) return formFailure({ form: error.message }, {}, error.status);
      throw error;
    }
    return redirect(`/messages/${id}?blocked=1`);
  }
  try {
    const sent = await sendMessage(db, user, id, { body: data.body, clientToken: data.clientToken });
    return redirect(`/messages/${id}${sent.crisis ? "?notice=crisis#crisis-heading" : `#message-${sent.messageId}`}`);
  } catch (error) {
    if (error instanceof MessageError) {
      if (error.status === 404) throw notFound();
      return formFailure({ [error.field]: error.message }, { body: data.body, clientToken: data.clientToken ?? "" }, error.status);
    }
    throw error;
  }
}

export default function Conversation() {
  const d = useLoaderData<typeof loader>();
  const state = useActionData<typeof action>();
  const errors: Record<string, string> = state?.errors ?? {};
  return (
    <div className="stack readable">
      <nav aria-label="Breadcrumb" className="breadcrumbs">
        <Link to="/messages">Messages</Link> › <span aria-current="page">Conversation</span>
      </nav>
      <div>
        <h1>With {d.withNames}</h1>
        <p className="meta">Private: only the people in this conversation can read it.</p>
      </div>
      {d.crisis ? <MessageCrisisPanel resources={d.crisis} /> : null}
      {d.earlier ? <p className="muted small">Earlier messages are not shown here; your data download has every message you wrote.</p> : null}
      {d.messages.length ? <MessageList messages={d.messages} conversationId={d.id} /> : <p className="muted">No messages yet.</p>}
      <FormErrors state={state && Object.keys(errors).length ? state : undefined} />
      {d.refusal ? (
        <p className="alert alert--info">{d.refusal}</p>
      ) : (
        <section aria-labelledby="write-heading" id="write" className="card">
          <h2 id="write-heading">Write</h2>
          <Form method="post" className="form form--wide" noValidate key={d.clientToken}>
            <input type="hidden" name="clientToken" value={fieldValue(state, "clientToken", d.clientToken)} />
            <MarkdownEditor name="body" label="Your message" maxLength={MESSAGE_MAX} rows={4} defaultValue={fieldValue(state, "body")} error={errors.body} />
            <div className="button-row">
              <SubmitButton name="intent" value="send">
                Send
              </SubmitButton>
            </div>
          </Form>
        </section>
      )}
      <section aria-labelledby="safety-heading" className="card conversation-safety">
        <h2 id="safety-heading">If this doesn't feel right</h2>
        <p className="small">Leaving removes this conversation from your messages. Blocking also stops this member from messaging you again; they are not told.</p>
        <div className="button-row">
          <Form method="post">
            <button type="submit" name="intent" value="leave" className="button button--secondary">
              Leave conversation
            </button>
          </Form>
          {d.others
            .filter((o) => !o.blocked)
            .map((o) => (
              <Form method="post" key={o.id}>
                <input type="hidden" name="memberId" value={o.id} />
                <button type="submit" name="intent" value="block" className="button button--secondary">
                  Block {o.name}
                </button>
              </Form>
            ))}
        </div>
      </section>
    </div>
  );
}
