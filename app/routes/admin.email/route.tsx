import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { CheckboxField, Form, FormErrors, SavedMessage, SubmitButton } from "~/components/forms";
import { getMailConfig } from "~/models/mail/config.server";
import { getPublicMailDetail, getRequireVerifiedToPost, saveMailSettings } from "~/models/mail/compose.server";
import { outboxStatus } from "~/models/mail/outbox.server";
import { requirePermission } from "~/utils/auth.server";
import { nowIso } from "~/utils/clock.server";
import { getDb } from "~/utils/db.server";
import { parseForm, rejectForm } from "~/utils/forms.server";
import { formatDateTime } from "~/utils/time";
import { siteTitle } from "~/utils/site-title";

export const meta: MetaFunction = ({ matches }) => [{ title: siteTitle(matches, "E-mail · Admin") }];

const checkbox = z.preprocess((v) => v === "on", z.boolean());
export const mailSettingsSchema = z.object({ publicGroupDetail: checkbox, requireVerifiedToPost: checkbox }).strict("That form had a setting Harbor doesn't know.");

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { user } = await requirePermission(request, context, "site:settings");
  const db = getDb();
  const config = getMailConfig();
  const [publicGroupDetail, requireVerifiedToPost, status] = await Promise.all([getPublicMailDetail(db), getRequireVerifiedToPost(db), outboxStatus(db)]);
  return {
    publicGroupDetail,
    requireVerifiedToPost,
    transport: config.smtp ? `SMTP server ${config.smtp.host}:${config.smtp.port}${config.smtp.secure ? " (TLS)" : ""}` : `No SMTP server is set up: e-mails are written as files to ${config.mailDir}.`,
    status: { ...status, oldestPending: status.oldestPending ? formatDateTime(status.oldestPending, user.time_zone) : null },
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { user } = await requirePermission(request, context, "site:settings");
  const form = await parseForm(request, mailSettingsSchema);
  if (!form.ok) return rejectForm(form);
  await saveMailSettings(getDb(), form.data, user.id, nowIso());
  return { ok: true as const, savedAt: Date.now(), message: "E-mail settings saved." };
}

export default function AdminEmail() {
  const { publicGroupDetail, requireVerifiedToPost, transport, status } = useLoaderData<typeof loader>();
  const state = useActionData<typeof action>();
  return (
    <div className="stack readable">
      <h1>E-mail</h1>
      <p>{transport}</p>
      <div className="card">
        <h2>Outbox</h2>
        <p>
          {status.sent} sent · {status.pending} waiting · {status.failed} given up after repeated failures
        </p>
        {status.oldestPending ? <p className="muted">The oldest waiting e-mail was queued {status.oldestPending}.{status.lastError ? ` Last error: ${status.lastError}` : ""}</p> : null}
      </div>
      <SavedMessage state={state} />
      <FormErrors state={state} />
      <Form method="post" className="form" key={`${publicGroupDetail}-${requireVerifiedToPost}-${state?.ok ? state.savedAt : ""}`}>
        <CheckboxField name="publicGroupDetail" label="Name the group and thread in e-mails about public groups" defaultChecked={publicGroupDetail} />
        <p className="field__hint">
          Off by default. E-mails about private and hidden groups never name them, and no e-mail ever quotes what was written.
        </p>
        <CheckboxField name="requireVerifiedToPost" label="Members must confirm their e-mail address before they post" defaultChecked={requireVerifiedToPost} />
        <p className="field__hint">Members who haven't confirmed can still read everything they could before.</p>
        <div className="button-row">
          <SubmitButton>Save e-mail settings</SubmitButton>
        </div>
      </Form>
    </div>
  );
}
