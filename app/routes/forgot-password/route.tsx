import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useActionData } from "@remix-run/react";
import { z } from "zod";
import { EmailField, Form, FormErrors, SubmitButton } from "~/components/forms";
import { requestPasswordReset } from "~/models/account-tokens.server";
import { requireAnonymous } from "~/utils/auth.server";
import { getDb } from "~/utils/db.server";
import { parseForm, rejectForm } from "~/utils/forms.server";
import { emailField } from "~/utils/schemas";
import { pageMeta } from "~/utils/site-title";

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, "Forgot your password?");

export const forgotSchema = z.object({ email: emailField });

export const SENT_MESSAGE =
  "If an account uses that address, we've sent it a link to choose a new password. The link works for 30 minutes. If nothing arrives in a few minutes, check your spam folder.";

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireAnonymous(request, context);
  return null;
}

export async function action({ request, context }: ActionFunctionArgs) {
  await requireAnonymous(request, context);
  const form = await parseForm(request, forgotSchema);
  if (!form.ok) return rejectForm(form);
  // The same answer whether or not the address has an account, and whether or not it was throttled.
  await requestPasswordReset(getDb(), form.data.email, context.clientIp);
  return { ok: true as const, message: SENT_MESSAGE };
}

export default function ForgotPassword() {
  const state = useActionData<typeof action>();
  const errors = (state && "errors" in state ? state.errors : undefined) ?? {};
  return (
    <div className="stack narrow">
      <h1>Forgot your password?</h1>
      {state?.ok ? (
        <div className="alert alert--success" role="status">
          <p>{state.message}</p>
        </div>
      ) : (
        <>
          <p className="lead">It happens. Tell us the e-mail address you sign in with, and we'll send you a link to choose a new password.</p>
          <FormErrors state={state} />
          <Form method="post" className="form" noValidate>
            <EmailField state={state} error={errors.email} />
            <div className="button-row">
              <SubmitButton>Send me a link</SubmitButton>
            </div>
          </Form>
        </>
      )}
      <p>
        <Link to="/login">Back to sign in</Link>
      </p>
    </div>
  );
}
