import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { DisplayNameField, Form, FormErrors, SubmitButton, CurrentPasswordField } from "~/components/forms";
import { LinkProblem } from "~/components/link-problem";
import type { TokenProblem } from "~/models/account-tokens.server";
import { completeSignup, findPendingSignup, NAME_TAKEN, registrationFor } from "~/models/signup.server";
import { requireAnonymous, startSession } from "~/utils/auth.server";
import { getDb } from "~/utils/db.server";
import { formFailure, parseForm, rejectForm } from "~/utils/forms.server";
import { displayNameField, passwordField } from "~/utils/schemas";
import { useSiteName, pageMeta } from "~/utils/site-title";

export const meta: MetaFunction = ({ matches }) => [...pageMeta(matches, "Finish joining"), { name: "robots", content: "noindex" }];

export const LINK_MESSAGES: Record<TokenProblem, string> = {
  invalid: "This link isn't valid. It may have been cut short when it was copied — try opening it straight from the e-mail.",
  expired: "This link has expired: links to finish joining work for 24 hours. Sign up again and we'll send a new one.",
  used: "This link has already been used, so your account is ready. Sign in with your e-mail address and password.",
};
const TAKEN = "There is already an account with this e-mail address: perhaps you finished joining from another device. Sign in with it instead.";
const WRONG_PASSWORD = "That isn't the password chosen when signing up. If you've forgotten it, sign up again for a new link.";
const INVITE_ENDED = "New accounts here are by invitation, and the invitation you joined with has ended. Ask the person who sent it for a new one.";

const statusOf = (problem: TokenProblem) => (problem === "invalid" ? 400 : 410);

export const joinSchema = z.object({ password: passwordField(), displayName: displayNameField.optional() });

/**
 * The link from the "Finish joining" e-mail: a form, so a mail scanner that opens links makes nothing.
 * (No `no-referrer` here, unlike the reset page: a form posted under it sends `Origin: null`, which
 * the origin check refuses; the site-wide `same-origin` policy already keeps the link on this site.)
 */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  await requireAnonymous(request, context);
  const found = await findPendingSignup(getDb(), params.token ?? "");
  if (!found.ok) return data({ problem: LINK_MESSAGES[found.problem], displayName: null }, { status: statusOf(found.problem) });
  return { problem: null, displayName: found.row.display_name };
}

/** Makes the account (see app/models/signup.server.ts), signs the newcomer in and takes them on. */
export async function action({ request, context, params }: ActionFunctionArgs) {
  await requireAnonymous(request, context);
  const form = await parseForm(request, joinSchema);
  if (!form.ok) return rejectForm(form);
  const db = getDb();
  const token = params.token ?? "";
  const found = await findPendingSignup(db, token);
  if (!found.ok) return formFailure({ form: LINK_MESSAGES[found.problem] }, {}, statusOf(found.problem));
  if ((await registrationFor(db, found.row.redirect_to)).closed) return formFailure({ form: INVITE_ENDED }, {}, 403);
  const values: Record<string, string> = form.data.displayName ? { displayName: form.data.displayName } : {};
  const result = await completeSignup(db, token, form.data);
  if (!result.ok) {
    switch (result.problem) {
      case "password":
        return formFailure({ password: WRONG_PASSWORD }, values);
      case "displayName":
        return formFailure({ displayName: `${NAME_TAKEN} Choose another to finish joining.` }, { displayName: form.data.displayName ?? found.row.display_name });
      case "taken":
        return formFailure({ form: TAKEN }, {}, 409);
      default:
        return formFailure({ form: LINK_MESSAGES[result.problem] }, {}, statusOf(result.problem));
    }
  }
  const cookie = await startSession(request, context, result.userId);
  return redirect(result.redirectTo ?? "/?welcome=1", { headers: { "Set-Cookie": cookie } });
}

export default function Join() {
  const { problem, displayName } = useLoaderData<typeof loader>();
  const state = useActionData<typeof action>();
  const site = useSiteName();
  const errors = state?.errors ?? {};
  if (problem) {
    return (
      <LinkProblem problem={problem}>
        <Link to="/login" className="button button--primary">
          Sign in
        </Link>
        <Link to="/signup" className="button">
          Sign up again
        </Link>
      </LinkProblem>
    );
  }
  const askName = !!errors.displayName || !!state?.values?.displayName;
  return (
    <div className="stack narrow">
      <h1>Finish joining {site}</h1>
      <p className="lead">
        You're joining as <strong>{displayName}</strong>. Enter the password you chose when you signed up, and your account is ready.
      </p>
      <FormErrors state={state} />
      <Form method="post" className="form" noValidate>
        {askName ? <DisplayNameField state={state} error={errors.displayName} hint="Shown to other members." /> : null}
        <CurrentPasswordField error={errors.password} />
        <div className="button-row">
          <SubmitButton>Finish joining</SubmitButton>
        </div>
      </Form>
      <p>
        Already finished on another device? <Link to="/login">Sign in</Link>.
      </p>
    </div>
  );
}
