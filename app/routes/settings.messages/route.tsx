/** Settings → Who may message me: anyone, members of groups I'm in, my support circle, nobody. */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { Form, FormErrors, RadioGroupField, SavedMessage, SubmitButton, fieldValue } from "~/components/forms";
import { isMessagesFrom, MESSAGES_FROM } from "~/policy";
import { requireUser } from "~/utils/auth.server";
import { getDb } from "~/utils/db.server";
import { parseForm, rejectForm } from "~/utils/forms.server";
import { pageMeta } from "~/utils/site-title";
import type { MessagesFrom } from "../../../db/schema/messages";

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, "Who may message me");

export const messagesFromSchema = z.object({
  messagesFrom: z.string().refine(isMessagesFrom, "Choose who may message you."),
});

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  const row = await getDb().selectFrom("users").select("messages_from").where("id", "=", user.id).executeTakeFirstOrThrow();
  return { messagesFrom: row.messages_from };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUser(request, context);
  const form = await parseForm(request, messagesFromSchema);
  if (!form.ok) return rejectForm(form);
  await getDb()
    .updateTable("users")
    .set({ messages_from: form.data.messagesFrom as MessagesFrom })
    .where("id", "=", user.id)
    .execute();
  return { ok: true as const, message: "Saved." };
}

export default function WhoMayMessageMe() {
  const { messagesFrom } = useLoaderData<typeof loader>();
  const state = useActionData<typeof action>();
  const errors: Record<string, string> = (state && "errors" in state ? state.errors : undefined) ?? {};
  return (
    <div className="stack">
      <h1>Who may message me</h1>
      <p>
        Who may start a private conversation with you. Whatever you choose, members you blocked can't, and you can leave any conversation. Moderators and admins can't read your
        conversations.
      </p>
      <SavedMessage state={state && "message" in state ? state : undefined} />
      <FormErrors state={state && "errors" in state ? state : undefined} />
      <Form method="post" className="form" noValidate>
        <RadioGroupField
          name="messagesFrom"
          legend="Who may message me"
          options={MESSAGES_FROM}
          value={fieldValue(state, "messagesFrom", messagesFrom)}
          error={errors.messagesFrom}
        />
        <SubmitButton>Save</SubmitButton>
      </Form>
    </div>
  );
}
