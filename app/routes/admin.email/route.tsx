import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { CheckboxField, Form, FormErrors, SavedMessage, SubmitButton } from "~/components/forms";
import { getMailConfig } from "~/models/mail/config.server";
import { getPublicMailDetail, getRequireVerifiedToPost, saveMailSettings } from "~/models/mail/compose.server";
import { outboxStatus } from "~/models/mail/outbox.server";
import { queueTestMail } from "~/models/account-notices.server";
import { requirePermission } from "~/utils/auth.server";
import { nowIso } from "~/utils/clock.server";
import { getDb } from "~/utils/db.server";
import { parseForm, rejectForm } from "~/utils/forms.server";
import { formatDateTime } from "~/utils/time";
import { pageMeta } from "~/utils/site-title";

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, "E-mail · Admin");

const checkbox = z.preprocess((v) => v === "on", z.boolean());
export const mailSettingsSchema = z.object({ publicGroupDetail: checkbox, requireVerifiedToPost: checkbox }).strict("That form had a setting Harbor doesn't know.");

/** What the server sends with, as the admin can check it (never the SMTP password). */
function transportDetails(config: ReturnType<typeof getMailConfig>) {
  const rows: [string, string][] = config.smtp
    ? [
        ["Sent through", `SMTP server ${config.smtp.host}, port ${config.smtp.port}`],
        ["Encryption", config.smtp.secure ? "TLS from the start (SMTP_SECURE)" : "STARTTLS when the server offers it"],
        ["Signs in as", config.smtp.user ? `${config.smtp.user} (password set: ${config.smtp.password ? "yes" : "no"})` : "No sign-in (SMTP_USER is not set)"],
      ]
    : [["Sent through", `No SMTP server is set up (SMTP_HOST): e-mails are written as .eml files to ${config.mailDir}, readable only by the server's user.`]];
  rows.push(
    ["From", config.from],
    ["Links start with", config.baseUrl],
    ["Sender", config.inProcessWorker ? "This server sends (every few seconds)" : "A separate npm run mail:worker sends (HARBOR_MAIL_WORKER=off here)"],
  );
  return rows;
}

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { user } = await requirePermission(request, context, "site:settings");
  const db = getDb();
  const config = getMailConfig();
  const [publicGroupDetail, requireVerifiedToPost, status] = await Promise.all([getPublicMailDetail(db), getRequireVerifiedToPost(db), outboxStatus(db)]);
  return {
    publicGroupDetail,
    requireVerifiedToPost,
    transport: transportDetails(config),
    status: { ...status, oldestPending: status.oldestPending ? formatDateTime(status.oldestPending, user.time_zone) : null },
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { user } = await requirePermission(request, context, "site:settings");
  if (new URL(request.url).searchParams.get("test") === "1") {
    const to = await queueTestMail(getDb(), user.id);
    return { ok: true as const, savedAt: Date.now(), message: `A test e-mail to ${to} is in the outbox; it goes out within a few seconds. The outbox below shows if it fails.` };
  }
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
      <SavedMessage state={state} />
      <div className="card">
        <h2>How e-mail is sent</h2>
        <dl className="details-list">
          {transport.map(([term, value]) => (
            <div key={term}>
              <dt>{term}</dt>
              <dd>{value}</dd>
            </div>
          ))}
        </dl>
        <p className="muted">Set on the server (SMTP_HOST, SMTP_PORT, SMTP_SECURE, SMTP_USER, SMTP_PASSWORD, MAIL_FROM, HARBOR_ORIGIN); see the configuration docs.</p>
        <Form method="post" action="/admin/email?test=1">
          <SubmitButton variant="secondary">Send a test e-mail to me</SubmitButton>
        </Form>
      </div>
      <div className="card">
        <h2>Outbox</h2>
        <p>
          {status.sent} sent · {status.pending} waiting · {status.failed} given up after repeated failures
        </p>
        {status.oldestPending ? (
          <p className="muted">
            The oldest waiting e-mail was queued {status.oldestPending}.{status.lastError ? ` Last error: ${status.lastError}` : ""}
          </p>
        ) : null}
      </div>
      <FormErrors state={state} />
      <Form method="post" className="form" key={`${publicGroupDetail}-${requireVerifiedToPost}-${state?.ok ? state.savedAt : ""}`}>
        <CheckboxField name="publicGroupDetail" label="Name the group and thread in e-mails about public groups" defaultChecked={publicGroupDetail} />
        <p className="field__hint">Off by default. E-mails about private and hidden groups never name them, and no e-mail ever quotes what was written.</p>
        <CheckboxField name="requireVerifiedToPost" label="Members must confirm their e-mail address before they post" defaultChecked={requireVerifiedToPost} />
        <p className="field__hint">Members who haven't confirmed can still read everything they could before.</p>
        <div className="button-row">
          <SubmitButton>Save e-mail settings</SubmitButton>
        </div>
      </Form>
    </div>
  );
}
