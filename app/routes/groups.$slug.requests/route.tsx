import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { Breadcrumbs } from "~/components/breadcrumbs";
import { Form, FormErrors, SavedMessage, SubmitButton } from "~/components/forms";
import { decideRequest, GroupRuleError, listPendingRequests } from "~/models/group-joining.server";
import { getPublicProfile } from "~/models/users.server";
import { getDb } from "~/utils/db.server";
import { formFailure, parseForm, rejectForm } from "~/utils/forms.server";
import { requireGroup } from "~/utils/groups.server";
import { textField } from "~/utils/schemas";
import { formatDateTime } from "~/utils/time";
import { pageMeta } from "~/utils/site-title";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => pageMeta(matches, data ? `Join requests · ${data.group.name}` : "Join requests");

export const MESSAGE_MAX = 500;

export const decisionSchema = z.object({
  requestId: z.coerce.number({ invalid_type_error: "Choose a request to answer." }).int("Choose a request to answer.").positive("Choose a request to answer."),
  decision: z.enum(["approve", "decline"], { errorMap: () => ({ message: "Choose approve or decline." }) }),
  message: textField("Your message", { max: MESSAGE_MAX, multiline: true }),
});

/** `?after=<request id>`; anything else starts at the oldest request. */
function parseAfter(raw: string | null): number | undefined {
  if (!raw || !/^\d{1,15}$/.test(raw)) return undefined;
  const id = Number(raw);
  return Number.isSafeInteger(id) && id > 0 ? id : undefined;
}

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { access, auth } = await requireGroup(request, context, params.slug, "moderate");
  const timeZone = auth?.user.time_zone ?? "UTC";
  const after = parseAfter(new URL(request.url).searchParams.get("after"));
  const page = await listPendingRequests(getDb(), access.group.id, after);
  return {
    group: { slug: access.group.slug, name: access.group.name, visibility: access.group.visibility },
    requests: page.requests.map((r) => ({
      id: r.id,
      userId: r.user_id,
      displayName: r.display_name,
      message: r.message,
      asked: formatDateTime(r.created_at, timeZone),
    })),
    next: page.nextAfter,
    isFirstPage: after === undefined,
  };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const { access, auth } = await requireGroup(request, context, params.slug, "moderate");
  const form = await parseForm(request, decisionSchema);
  if (!form.ok) return rejectForm(form);
  const { requestId, decision, message } = form.data;
  const db = getDb();
  const approve = decision === "approve";
  let userId: string;
  try {
    ({ userId } = await decideRequest(db, access.group.id, requestId, auth.user.id, { approve, message }));
  } catch (error) {
    if (error instanceof GroupRuleError) return formFailure({ form: error.message }, {}, error.status);
    throw error;
  }
  const person = (await getPublicProfile(db, userId))?.display_name ?? "That member";
  return {
    ok: true as const,
    message: approve ? `${person} is now a member of ${access.group.name}.` : `You declined ${person}'s request to join ${access.group.name}.`,
  };
}

export default function JoinRequests() {
  const { group, requests, next, isFirstPage } = useLoaderData<typeof loader>();
  const state = useActionData<typeof action>();
  const errors = (state && "errors" in state ? state.errors : undefined) ?? {};
  const failedId = state && "values" in state ? state.values.requestId : undefined;
  return (
    <div className="stack readable">
      <Breadcrumbs
        trail={[
          { to: "/groups", label: "Groups" },
          { to: `/groups/${group.slug}`, label: group.name },
        ]}
        current="Join requests"
      />
      <h1>Join requests</h1>
      <p className="muted">
        {group.visibility === "private"
          ? "People who asked to join this private group, oldest first. You can add a short note to your answer."
          : "Only private groups take requests. Requests made while this group was private still wait here."}
      </p>
      <SavedMessage state={state} />
      <FormErrors state={state} />
      {requests.length === 0 ? (
        <p className="card">{isFirstPage ? "No one is waiting for an answer right now." : "No more requests."}</p>
      ) : (
        <ul className="plain-list" aria-label="Waiting requests">
          {requests.map((r) => {
            const error = String(r.id) === failedId ? errors.message : undefined;
            const fieldId = `message-${r.id}`;
            return (
              <li key={r.id} className="card stack">
                <h2>
                  <Link to={`/members/${r.userId}`}>{r.displayName}</Link>
                </h2>
                <p className="meta">Asked {r.asked}</p>
                {r.message ? (
                  <p className="preserve-lines">
                    <span className="visually-hidden">Their message: </span>
                    {r.message}
                  </p>
                ) : (
                  <p className="muted small">No message.</p>
                )}
                <Form method="post" className="form" noValidate>
                  <input type="hidden" name="requestId" value={r.id} />
                  <div className={`field${error ? " field--invalid" : ""}`}>
                    <label htmlFor={fieldId}>Message to {r.displayName} (optional)</label>
                    <p className="field__hint" id={`${fieldId}-hint`}>
                      Up to {MESSAGE_MAX} characters, saved with your answer.
                    </p>
                    <textarea
                      id={fieldId}
                      name="message"
                      rows={3}
                      maxLength={MESSAGE_MAX}
                      aria-invalid={error ? true : undefined}
                      aria-describedby={error ? `${fieldId}-hint ${fieldId}-error` : `${fieldId}-hint`}
                      defaultValue={String(r.id) === failedId && state && "values" in state ? (state.values.message ?? "") : ""}
                    />
                    {error ? (
                      <p className="field__error" id={`${fieldId}-error`}>
                        <span aria-hidden="true">⚠ </span>
                        {error}
                      </p>
                    ) : null}
                  </div>
                  <div className="button-row">
                    <SubmitButton name="decision" value="approve">
                      Approve<span className="visually-hidden"> {r.displayName}</span>
                    </SubmitButton>
                    <SubmitButton variant="secondary" name="decision" value="decline">
                      Decline<span className="visually-hidden"> {r.displayName}</span>
                    </SubmitButton>
                  </div>
                </Form>
              </li>
            );
          })}
        </ul>
      )}
      <nav className="pager" aria-label="Pages">
        {!isFirstPage ? <Link to={`/groups/${group.slug}/requests`}>← Oldest requests</Link> : <span />}
        {next ? <Link to={`/groups/${group.slug}/requests?after=${next}`}>More requests →</Link> : null}
      </nav>
    </div>
  );
}
