import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { Breadcrumbs } from "~/components/breadcrumbs";
import { ShareFields } from "~/components/circle/share-fields";
import { fieldValue, Form, FormErrors, SavedMessage, SubmitButton, TextField, fieldProps } from "~/components/forms";
import { absoluteUrl } from "~/models/mail/config.server";
import { createInviteLink, CIRCLE_INVITE_DAYS, inviteByName } from "~/models/circle/invites.server";
import { trackerChoices } from "~/models/circle/people.server";
import { requireUser } from "~/utils/auth.server";
import { circleFailure } from "~/utils/circle.server";
import { memberNameField, sharesFields, sharesFrom } from "~/utils/circle-forms";
import { getDb } from "~/utils/db.server";
import { parseForm, rejectForm } from "~/utils/forms.server";
import { formatDateTime } from "~/utils/time";
import { pageMeta } from "~/utils/site-title";

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, "Invite someone · Support circle");

export const inviteSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("name"), name: memberNameField, ...sharesFields }),
  z.object({ intent: z.literal("link"), ...sharesFields }),
]);

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  return { trackers: await trackerChoices(getDb(), user.id, user.time_zone), days: CIRCLE_INVITE_DAYS };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUser(request, context);
  const form = await parseForm(request, inviteSchema);
  if (!form.ok) return rejectForm(form);
  const db = getDb();
  const input = { role: form.data.role, shares: sharesFrom(form.data) };
  const kept = { ...Object.fromEntries(form.formData.entries()) };
  try {
    if (form.data.intent === "name") {
      const { personName } = await inviteByName(db, user.id, form.data.name, input);
      return { ok: true as const, message: `Invitation sent to ${personName}. They'll find it under Support circle.`, link: null };
    }
    const { token, expiresAt } = await createInviteLink(db, user.id, input);
    return {
      ok: true as const,
      message: "Here is your invite link. Copy it now: it is shown only once.",
      link: { url: absoluteUrl(`/circle/join/${token}`), until: formatDateTime(expiresAt, user.time_zone) },
    };
  } catch (error) {
    return circleFailure(error, kept);
  }
}

export default function InviteToCircle() {
  const { trackers, days } = useLoaderData<typeof loader>();
  const state = useActionData<typeof action>();
  const errors = state && "errors" in state ? state.errors : undefined;
  const values = {
    role: fieldValue(state, "role", "partner"),
    tracker: fieldValue(state, "tracker"),
    checkins: fieldValue(state, "checkins") === "on",
    meetings: fieldValue(state, "meetings") === "on",
    plan: fieldValue(state, "plan") === "on",
  };
  return (
    <div className="stack readable">
      <Breadcrumbs trail={[{ to: "/circle", label: "Support circle" }]} current="Invite someone" />
      <h1>Invite someone into your circle</h1>
      <p className="lead">They'll see only what you tick below. You can change it, or end it, whenever you like.</p>
      <SavedMessage state={state} />
      <FormErrors state={state} />
      {state && "link" in state && state.link ? (
        <div className="card stack-tight" role="status">
          <p>
            <label htmlFor="invite-link">Invite link (works once, until {state.link.until})</label>
          </p>
          <input id="invite-link" readOnly value={state.link.url} className="invite-link" />
          <p className="muted small">Send it to them yourself. They sign in or make an account, then accept. You can withdraw it on your circle page.</p>
        </div>
      ) : null}
      <Form method="post" className="form card" noValidate>
        <ShareFields trackers={trackers} values={values} errors={errors} />
        <fieldset className="fieldset">
          <legend>Who</legend>
          <TextField {...fieldProps(state, "name")} label="A member's display name" hint="Someone in a group you share, or a member of the care team." maxLength={40} />
          <SubmitButton name="intent" value="name">
            Send invitation
          </SubmitButton>
          <p className="field__hint">Or anyone, by a link that works once, for {days} days: you send it to them yourself. Only a fingerprint of it is kept here.</p>
          <SubmitButton name="intent" value="link" variant="secondary">
            Make an invite link
          </SubmitButton>
        </fieldset>
      </Form>
      <p>
        <Link to="/circle">Back to your circle</Link>
      </p>
    </div>
  );
}
