/** Admin → Private messages: the safeguards (site setting `messages`, docs/messages.md), audited when saved. */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { CheckboxField, type FormState, NumberFields, SettingsForm, SubmitButton } from "~/components/forms";
import { getMessageSettings, saveMessageSettings, type MessageSettings } from "~/models/messages.server";
import { requirePermission } from "~/utils/auth.server";
import { getDb } from "~/utils/db.server";
import { saveSettingsForm } from "~/utils/settings-form.server";
import { checkboxField, countField } from "~/utils/schemas";
import { pageMeta } from "~/utils/site-title";

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, "Private messages · Admin");

export const messageSettingsSchema = z.object({
  newAccountsMayStart: checkboxField,
  maxParticipants: countField("People in one conversation", 20, 2),
  newMaxLinks: countField("New members' links per message", 20),
  newMayPostImages: checkboxField,
  newMessagesPerHour: countField("New members' messages per hour", 1000),
  messagesPerHour: countField("Messages per hour", 10000),
  conversationsPerDay: countField("Conversations started per day", 1000),
  reportContext: countField("Messages before a reported one", 10),
}) satisfies z.ZodType<MessageSettings, z.ZodTypeDef, unknown>;

const NUMBERS: { name: keyof MessageSettings; label: string; hint?: string }[] = [
  { name: "maxParticipants", label: "People in one conversation", hint: "The one who starts it included: 2 to 20." },
  { name: "newMaxLinks", label: "New members: links per message", hint: "0: none. New as in the trust limits (Admin → Moderation)." },
  { name: "newMessagesPerHour", label: "New members: messages per hour", hint: "0: no limit." },
  { name: "messagesPerHour", label: "Established members: messages per hour", hint: "0: no limit. Admins are exempt." },
  { name: "conversationsPerDay", label: "Conversations a member may start in a day", hint: "0: no limit." },
  {
    name: "reportContext",
    label: "Messages before a reported one that its report carries",
    hint: "What the review queue sees of a conversation: the reported message and this many before it (0 to 10).",
  },
];

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requirePermission(request, context, "site:settings");
  return { settings: await getMessageSettings(getDb()) };
}

export async function action(args: ActionFunctionArgs) {
  return saveSettingsForm(args, messageSettingsSchema, saveMessageSettings, "Private message safeguards saved.");
}

/** A ticked box: what was just sent after a failed submit (unticked sends nothing), else the stored value. */
const ticked = (state: FormState | undefined, name: string, stored: boolean) => (state?.values ? state.values[name] === "on" : stored);

export default function AdminMessages() {
  const { settings } = useLoaderData<typeof loader>();
  const state = useActionData<typeof action>();
  const errors: Record<string, string> = (state && "errors" in state ? state.errors : undefined) ?? {};
  const stored = settings as unknown as Record<string, number>;
  return (
    <div className="stack readable">
      <h1>Private messages</h1>
      <p className="muted">
        Safeguards for members' private conversations. Nobody reads conversations, moderators and admins included: these limits, the watched words and members' reports are what
        keep them safe. Each member also chooses who may message them.
      </p>
      <SettingsForm state={state}>
        <CheckboxField
          name="newAccountsMayStart"
          label="New accounts may start conversations (they can always answer one)"
          defaultChecked={ticked(state, "newAccountsMayStart", settings.newAccountsMayStart)}
          error={errors.newAccountsMayStart}
        />
        <CheckboxField
          name="newMayPostImages"
          label="New accounts may put images in messages"
          defaultChecked={ticked(state, "newMayPostImages", settings.newMayPostImages)}
          error={errors.newMayPostImages}
        />
        <NumberFields fields={NUMBERS} stored={stored} state={state} />
        <SubmitButton>Save safeguards</SubmitButton>
      </SettingsForm>
    </div>
  );
}
