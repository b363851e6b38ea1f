import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Link, useActionData, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { EmailField, Form, FormErrors, SubmitButton, fieldValue, CurrentPasswordField } from "~/components/forms";
import { signIn } from "~/models/sign-in.server";
import { isSecureRequest, requireAnonymous, safeRedirectPath, sessionCookie } from "~/utils/auth.server";
import { deviceCookieAfterSignIn } from "~/models/device-cookie.server";
import { getDb } from "~/utils/db.server";
import { formFailure, parseForm, rejectForm } from "~/utils/forms.server";
import { emailField, passwordField } from "~/utils/schemas";
import { useSiteName, pageMeta, siteNameOf } from "~/utils/site-title";

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, "Sign in", `Sign in to ${siteNameOf(matches)}.`);

export const loginSchema = z.object({
  email: emailField,
  password: passwordField(),
  redirectTo: z.string().optional(),
});

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireAnonymous(request, context);
  return null;
}

export async function action({ request, context }: ActionFunctionArgs) {
  await requireAnonymous(request, context);
  const form = await parseForm(request, loginSchema);
  if (!form.ok) return rejectForm(form);
  const { email, password } = form.data;
  const cookie = request.headers.get("Cookie");
  const result = await signIn(getDb(), { email, password, ip: context.clientIp, cookie, userAgent: request.headers.get("User-Agent") });
  if (!result.ok) return formFailure({ form: result.message }, { email, redirectTo: form.data.redirectTo ?? "" }, result.status);
  const headers = new Headers();
  headers.append("Set-Cookie", sessionCookie(request, result.token));
  // This browser has now signed in to the account: it may sign in again even while strangers are locked out.
  headers.append("Set-Cookie", await deviceCookieAfterSignIn(getDb(), cookie, result.userId, isSecureRequest(request)));
  return redirect(safeRedirectPath(form.data.redirectTo), { headers });
}

export default function Login() {
  const state = useActionData<typeof action>();
  const site = useSiteName();
  const [params] = useSearchParams();
  const errors = state?.errors ?? {};
  const redirectTo = fieldValue(state, "redirectTo", params.get("redirectTo") ?? "");
  return (
    <div className="stack narrow">
      <h1>Welcome back</h1>
      <p className="lead">Sign in to your {site} account.</p>
      {params.get("reset") === "1" ? (
        <div className="alert alert--success" role="status">
          <p>Your new password is set, and you were signed out everywhere. Sign in with it below.</p>
        </div>
      ) : null}
      <FormErrors state={state} />
      <Form method="post" className="form" noValidate>
        <input type="hidden" name="redirectTo" value={redirectTo} />
        <EmailField state={state} error={errors.email} />
        <CurrentPasswordField error={errors.password} />
        <div className="button-row">
          <SubmitButton>Sign in</SubmitButton>
        </div>
      </Form>
      <p>
        <Link to="/forgot-password">Forgot your password?</Link>
      </p>
      <p>
        New here? <Link to={redirectTo.startsWith("/invites/") ? `/signup?redirectTo=${encodeURIComponent(redirectTo)}` : "/signup"}>Create an account</Link>.
      </p>
    </div>
  );
}
