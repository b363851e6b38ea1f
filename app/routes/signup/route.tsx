import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { useEffect, useState } from "react";
import { z } from "zod";
import { DisplayNameField, EmailField, Form, FormErrors, NewPasswordField, SubmitButton } from "~/components/forms";
import { isDisplayNameTaken } from "~/models/users.server";
import { NAME_TAKEN, registrationFor, requestSignup } from "~/models/signup.server";
import { requireAnonymous } from "~/utils/auth.server";
import { getDb } from "~/utils/db.server";
import { formFailure, parseForm, rejectForm } from "~/utils/forms.server";
import { passwordProblem } from "~/utils/password.server";
import { displayNameField, emailField, passwordField } from "~/utils/schemas";
import { isValidTimeZone } from "~/utils/time";
import { consumeLimit, waitText } from "~/utils/rate-limit.server";
import { descriptionMeta, siteNameOf, useSiteName } from "~/utils/site-title";

export const meta: MetaFunction = ({ matches }) => [
  { title: `Join ${siteNameOf(matches)}` },
  descriptionMeta(matches, `Join ${siteNameOf(matches)}: a free account with a name of your choosing, for peer groups, meetings and private recovery tracking.`),
];

export const signupSchema = z.object({
  displayName: displayNameField,
  email: emailField,
  password: passwordField(),
  timeZone: z.string().optional(),
});

function registration(request: Request) {
  return registrationFor(getDb(), new URL(request.url).searchParams.get("redirectTo"));
}

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireAnonymous(request, context);
  const { closed, redirectTo } = await registration(request);
  return { closed, redirectTo };
}

/**
 * Every well-formed sign-up ends on "check your e-mail", whether or not the address has an account
 * (see app/models/signup.server.ts): the account is made when the e-mailed link is opened.
 * Display names are public, so a taken one is said at its field.
 */
function signupsPaused(seconds: number, siteWide: boolean): string {
  const who = siteWide ? "A lot of people have signed up in the last hour" : "A lot of sign-ups came from your network in the last hour";
  return `${who}, so new sign-ups are paused for a little while to keep the community safe. Please try again in ${waitText(seconds)}. If you need help now, the crisis resources are one click away.`;
}

export async function action({ request, context }: ActionFunctionArgs) {
  await requireAnonymous(request, context);
  const reg = await registration(request);
  if (reg.closed) return formFailure({ form: INVITE_ONLY }, {}, 403);
  const form = await parseForm(request, signupSchema);
  if (!form.ok) return rejectForm(form);
  const { displayName, email, password } = form.data;
  const values = { displayName, email };
  const weak = passwordProblem(password, { email, displayName });
  if (weak) return formFailure({ password: weak }, values);
  const db = getDb();
  if (await isDisplayNameTaken(db, displayName)) return formFailure({ displayName: NAME_TAKEN }, values);
  // The same limits whether or not the address has an account (nothing to learn from them).
  for (const [limit, key] of [
    ["signupPerAddress", context.clientIp],
    ["signupSiteWide", "site"],
  ] as const) {
    const allowed = await consumeLimit(limit, key);
    if (!allowed.ok) return formFailure({ form: signupsPaused(allowed.retryAfterSeconds, limit === "signupSiteWide") }, values, 429);
  }
  const timeZone = form.data.timeZone && isValidTimeZone(form.data.timeZone) ? form.data.timeZone : reg.config.defaultTimeZone;
  await requestSignup(db, { email, displayName, password, timeZone, redirectTo: reg.redirectTo });
  return redirect("/join/check-email");
}

/** Fills in the browser's time zone when JavaScript runs; without it the site default is used. */
function BrowserTimeZone() {
  const [zone, setZone] = useState("");
  useEffect(() => setZone(Intl.DateTimeFormat().resolvedOptions().timeZone ?? ""), []);
  return <input type="hidden" name="timeZone" value={zone} />;
}

const INVITE_ONLY = "New accounts here are by invitation: open the invite link someone sent you to join.";

export default function Signup() {
  const { closed, redirectTo } = useLoaderData<typeof loader>();
  const site = useSiteName();
  const state = useActionData<typeof action>();
  const errors = state?.errors ?? {};
  if (closed) {
    return (
      <div className="stack narrow">
        <h1>Joining is by invitation</h1>
        <p className="lead">{INVITE_ONLY} If you don't have one, ask the person who told you about this community, or the programme that runs it.</p>
        <p>
          Already a member? <Link to="/login">Sign in</Link>.
        </p>
      </div>
    );
  }
  return (
    <div className="stack narrow">
      <h1>Join {site}</h1>
      <p className="lead">A place to stay connected after treatment. You choose how you appear here.</p>
      <FormErrors state={state} />
      <Form method="post" className="form" noValidate action={redirectTo ? `/signup?redirectTo=${encodeURIComponent(redirectTo)}` : undefined}>
        <DisplayNameField
          state={state}
          error={errors.displayName}
          hint="Shown to other members. A first name and initial (“Sam R.”) or a nickname is perfect: you never need to use your full name."
        />
        <EmailField state={state} error={errors.email} hint="For signing in. Other members never see it." />
        <NewPasswordField name="password" label="Password" error={errors.password} />
        <BrowserTimeZone />
        <div className="button-row">
          <SubmitButton>Create my account</SubmitButton>
        </div>
      </Form>
      <p>
        Already a member? <Link to="/login">Sign in</Link>.
      </p>
    </div>
  );
}
