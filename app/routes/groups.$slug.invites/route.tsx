import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { useEffect, useState } from "react";
import { z } from "zod";
import { getConfig } from "~/utils/env.server";
import { Breadcrumbs } from "~/components/breadcrumbs";
import { Form, FormErrors, SavedMessage, SelectField, SubmitButton } from "~/components/forms";
import { createInvite, listInvites, revokeInvite } from "~/models/group-joining.server";
import { getDb } from "~/utils/db.server";
import { formFailure, parseForm, rejectForm } from "~/utils/forms.server";
import { requireGroup } from "~/utils/groups.server";
import { formatDateTime } from "~/utils/time";
import { useSiteName, pageMeta } from "~/utils/site-title";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => pageMeta(matches, data ? `Invite links · ${data.group.name}` : "Invite links");

export const EXPIRY_DAYS = ["1", "7", "14"] as const;

export const inviteActionSchema = z.discriminatedUnion(
  "intent",
  [
    z.object({ intent: z.literal("create"), days: z.enum(EXPIRY_DAYS, { errorMap: () => ({ message: "Choose 1, 7 or 14 days." }) }) }),
    z.object({ intent: z.literal("revoke"), inviteId: z.coerce.number({ invalid_type_error: "Choose a link to withdraw." }).int().positive() }),
  ],
  { errorMap: () => ({ message: "Choose what to do." }) },
);

type InviteStatus = "active" | "expired" | "revoked";

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { access, auth } = await requireGroup(request, context, params.slug, "moderate");
  const timeZone = auth?.user.time_zone ?? "UTC";
  const now = Date.now();
  const invites = await listInvites(getDb(), access.group.id);
  return {
    group: { slug: access.group.slug, name: access.group.name, visibility: access.group.visibility },
    invites: invites.map((i) => ({
      id: i.id,
      created: formatDateTime(i.created_at, timeZone),
      expires: formatDateTime(i.expires_at, timeZone),
      uses: Number(i.use_count),
      status: (i.revoked_at ? "revoked" : Date.parse(i.expires_at) <= now ? "expired" : "active") as InviteStatus,
    })),
  };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const { access, auth } = await requireGroup(request, context, params.slug, "moderate");
  const form = await parseForm(request, inviteActionSchema);
  if (!form.ok) return rejectForm(form);
  const db = getDb();
  const { group } = access;
  if (form.data.intent === "create") {
    const days = Number(form.data.days);
    const { token, expiresAt } = await createInvite(db, group.id, auth.user.id, days);
    return {
      ok: true as const,
      intent: "create" as const,
      message: `A new invite link to ${group.name} is ready. It works for ${days === 1 ? "1 day" : `${days} days`}.`,
      link: `${getConfig().publicOrigin ?? new URL(request.url).origin}/invites/${token}`,
      expires: formatDateTime(expiresAt, auth.user.time_zone),
    };
  }
  const inviteId = form.data.inviteId;
  if (await revokeInvite(db, group.id, inviteId)) {
    return { ok: true as const, intent: "revoke" as const, message: "That invite link no longer works. Anyone who already joined with it stays a member." };
  }
  const known = (await listInvites(db, group.id)).find((i) => i.id === inviteId);
  if (known?.revoked_at) return formFailure({ form: "That invite link was already withdrawn." }, {}, 409);
  return formFailure({ form: "We couldn't find that invite link." }, {}, 404);
}

const STATUS_LABEL: Record<InviteStatus, string> = { active: "Active", expired: "Expired", revoked: "Withdrawn" };

/** A copy button for the new link: only once JavaScript runs, since without it the field can be copied by hand. */
function CopyButton({ text }: { text: string }) {
  const [ready, setReady] = useState(false);
  const [copied, setCopied] = useState(false);
  useEffect(() => setReady(typeof navigator !== "undefined" && !!navigator.clipboard), []);
  if (!ready) return null;
  return (
    <>
      <button
        type="button"
        className="button button--secondary"
        onClick={() => {
          navigator.clipboard.writeText(text).then(
            () => setCopied(true),
            () => setCopied(false),
          );
        }}
      >
        Copy link
      </button>
      <span aria-live="polite" className="muted small">
        {copied ? "Copied." : ""}
      </span>
    </>
  );
}

export default function Invites() {
  const { group, invites } = useLoaderData<typeof loader>();
  const site = useSiteName();
  const state = useActionData<typeof action>();
  const created = state && "link" in state && state.link ? { message: state.message, link: state.link, expires: state.expires } : undefined;
  const errors = (state && "errors" in state ? state.errors : undefined) ?? {};
  return (
    <div className="stack readable">
      <Breadcrumbs
        trail={[
          { to: "/groups", label: "Groups" },
          { to: `/groups/${group.slug}`, label: group.name },
        ]}
        current="Invite links"
      />
      <h1>Invite links</h1>
      <p>
        Invite links are how people join a hidden group: a hidden group isn't listed, so nobody can find it or ask to join. They work for public and private groups too. Anyone with
        a link who has a {site} account can join while it lasts, so share it privately, with the people you mean to invite.
      </p>
      {group.visibility === "hidden" ? <p className="muted small">This group is hidden: a link from here is the only way in.</p> : null}

      {created ? (
        <div className="alert alert--success" role="status">
          <p>{created.message}</p>
          <div className="field">
            <label htmlFor="new-invite-link">New invite link</label>
            <p className="field__hint" id="new-invite-link-hint">
              Copy it now: for everyone's safety {site} keeps only a fingerprint of it, so it won't be shown again. It works until {created.expires}.
            </p>
            <input id="new-invite-link" type="text" readOnly value={created.link} aria-describedby="new-invite-link-hint" autoComplete="off" spellCheck={false} />
          </div>
          <div className="button-row">
            <CopyButton text={created.link} />
          </div>
        </div>
      ) : (
        <SavedMessage state={state} />
      )}
      <FormErrors state={state} />

      <section aria-labelledby="create-heading" className="stack">
        <h2 id="create-heading">Create an invite link</h2>
        <Form method="post" className="form" noValidate>
          <input type="hidden" name="intent" value="create" />
          <SelectField
            name="days"
            label="The link works for"
            options={[
              { value: "1", label: "1 day" },
              { value: "7", label: "7 days" },
              { value: "14", label: "14 days" },
            ]}
            defaultValue="7"
            error={errors.days}
          />
          <div className="button-row">
            <SubmitButton>Create invite link</SubmitButton>
          </div>
        </Form>
      </section>

      <section aria-labelledby="list-heading" className="stack">
        <h2 id="list-heading">Links so far</h2>
        {invites.length === 0 ? (
          <p className="muted">No invite links yet.</p>
        ) : (
          <div className="table-wrap">
            <table className="stack-table">
              <caption className="muted small">Invite links for {group.name}, newest first. The links themselves are never shown again.</caption>
              <thead>
                <tr>
                  <th scope="col">Created</th>
                  <th scope="col">Expires</th>
                  <th scope="col">Used</th>
                  <th scope="col">Status</th>
                  <th scope="col">Withdraw</th>
                </tr>
              </thead>
              <tbody>
                {invites.map((i) => (
                  <tr key={i.id}>
                    <td data-label="Created">{i.created}</td>
                    <td data-label="Expires">{i.expires}</td>
                    <td data-label="Used">{i.uses === 1 ? "1 time" : `${i.uses} times`}</td>
                    <td data-label="Status">
                      {i.status === "active" ? <span className="badge">{STATUS_LABEL.active}</span> : <span className="badge badge--hidden">{STATUS_LABEL[i.status]}</span>}
                    </td>
                    <td data-label="Withdraw">
                      {i.status === "active" ? (
                        <Form method="post">
                          <input type="hidden" name="intent" value="revoke" />
                          <input type="hidden" name="inviteId" value={i.id} />
                          <SubmitButton variant="danger">
                            Revoke<span className="visually-hidden"> the link created {i.created}</span>
                          </SubmitButton>
                        </Form>
                      ) : (
                        <span className="muted small">—</span>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </div>
  );
}
