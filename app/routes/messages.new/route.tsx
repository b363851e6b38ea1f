/**
 * Starting a private conversation: to whom (display names), and the first message. Every refusal
 * (a new account, oneself, someone who doesn't take messages from the sender, a suspended member,
 * too many people, a watched word, a rate) is a sentence at its field, a 4xx, and nothing stored.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { Form, FormErrors, SubmitButton, TextField, fieldValue } from "~/components/forms";
import { MarkdownEditor } from "~/components/markdown-editor";
import { getMessageSettings, MESSAGE_MAX, MessageError, startConversation, startRefusal } from "~/models/messages.server";
import { displayNameOf, findMembersByDisplayNames } from "~/models/users.server";
import { requireUser } from "~/utils/auth.server";
import { getDb } from "~/utils/db.server";
import { formFailure, parseForm, rejectForm } from "~/utils/forms.server";
import { randomId } from "~/utils/ids.server";
import { clientTokenField, markdownField } from "~/utils/post-forms";
import { textField } from "~/utils/schemas";
import { pageMeta } from "~/utils/site-title";

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, "New message");

export const newMessageSchema = z.object({
  to: textField("To", { min: 1, max: 400 }),
  body: markdownField("Your message", MESSAGE_MAX),
  clientToken: clientTokenField,
});

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  const db = getDb();
  const toId = new URL(request.url).searchParams.get("to");
  const [settings, to] = await Promise.all([getMessageSettings(db), toId ? displayNameOf(db, toId) : ""]);
  return { refusal: await startRefusal(db, user, settings), to, clientToken: randomId(), maxOthers: settings.maxParticipants - 1 };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUser(request, context);
  const form = await parseForm(request, newMessageSchema);
  if (!form.ok) return rejectForm(form);
  const { to, body, clientToken } = form.data;
  const values = { to, body, clientToken: clientToken ?? "" };
  const names = [
    ...new Set(
      to
        .split(",")
        .map((n) => n.trim())
        .filter(Boolean),
    ),
  ];
  if (names.length === 0) return formFailure({ to: "Choose who to write to." }, values);
  const db = getDb();
  const found = await findMembersByDisplayNames(db, names);
  if (found.missing !== null) return formFailure({ to: `No member is called “${found.missing}”. Check the spelling of their display name.` }, values);
  try {
    const started = await startConversation(db, user, { recipientIds: found.ids, body, clientToken });
    return redirect(`/messages/${started.conversationId}${started.crisis ? "?notice=crisis#crisis-heading" : ""}`);
  } catch (error) {
    if (error instanceof MessageError) return formFailure({ [error.field]: error.message }, values, error.status);
    throw error;
  }
}

export default function NewMessage() {
  const { refusal, to, clientToken, maxOthers } = useLoaderData<typeof loader>();
  const state = useActionData<typeof action>();
  const errors: Record<string, string> = state?.errors ?? {};
  return (
    <div className="stack readable">
      <h1>New message</h1>
      {refusal ? (
        <>
          <p className="alert alert--info" role="status">
            {refusal}
          </p>
          <p>
            <Link to="/messages">Back to your messages</Link>
          </p>
        </>
      ) : (
        <>
          <p className="muted">
            Only the people in a conversation can read it. Please keep to the house rules here too: no sourcing or selling, no dosing advice. If someone makes you uncomfortable,
            you can leave, block or report in one click.
          </p>
          <FormErrors state={state && Object.keys(errors).length ? state : undefined} />
          <Form method="post" className="form form--wide" noValidate>
            <input type="hidden" name="clientToken" value={fieldValue(state, "clientToken", clientToken)} />
            <TextField
              name="to"
              label="To"
              hint={`Their display names, separated by commas (up to ${maxOthers} people).`}
              defaultValue={fieldValue(state, "to", to)}
              error={errors.to}
              autoComplete="off"
              maxLength={400}
            />
            <MarkdownEditor name="body" label="Your message" maxLength={MESSAGE_MAX} rows={6} defaultValue={fieldValue(state, "body")} error={errors.body} />
            <div className="button-row">
              <SubmitButton>Send</SubmitButton>
              <Link to="/messages">Cancel</Link>
            </div>
          </Form>
        </>
      )}
    </div>
  );
}
