import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { EmailField, Form, FormErrors, SavedMessage, SubmitButton, ConfirmPasswordField } from "~/components/forms";
import { confirmPassword } from "~/models/sign-in.server";
import { changeEmail, DuplicateAccountError, getAccount } from "~/models/users.server";
import { isEmailVerified, sendVerification } from "~/models/account-tokens.server";
import { requireUser } from "~/utils/auth.server";
import { getDb } from "~/utils/db.server";
import { formFailure, parseForm, rejectForm } from "~/utils/forms.server";
import { emailField, passwordField } from "~/utils/schemas";
import { pageMeta } from "~/utils/site-title";

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, "E-mail address");

export const emailSchema = z.object({ email: emailField, password: passwordField() });

async function loadAccount(userId: string) {
  const account = await getAccount(getDb(), userId);
  if (!account) throw new Response("Not found", { status: 404 });
  return account;
}

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  const account = await loadAccount(user.id);
  return { email: account.email, verified: await isEmailVerified(getDb(), user.id) };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUser(request, context);
  if (
    (
      await request
        .clone()
        .formData()
        .catch(() => null)
    )?.get("intent") === "resend"
  ) {
    const sent = await sendVerification(getDb(), user.id);
    if (!sent) return formFailure({ form: "We sent you a link a short while ago. Please check your inbox (and spam folder), or try again later." }, {}, 429);
    return { ok: true as const, savedAt: Date.now(), message: "We've sent you a new link. It works for two days." };
  }
  const form = await parseForm(request, emailSchema);
  if (!form.ok) return rejectForm(form);
  const db = getDb();
  const account = await loadAccount(user.id);
  const values = { email: form.data.email };
  const confirmed = await confirmPassword(db, account, form.data.password);
  if (!confirmed.ok) return formFailure({ password: confirmed.message }, values, confirmed.status);
  if (form.data.email === account.email) return formFailure({ email: "That is already your e-mail address." }, values);
  try {
    await changeEmail(db, user.id, form.data.email);
  } catch (error) {
    if (error instanceof DuplicateAccountError) return formFailure({ email: "Another account already uses that e-mail address." }, values);
    throw error;
  }
  await sendVerification(db, user.id);
  return { ok: true as const, savedAt: Date.now(), message: `Your e-mail address is now ${form.data.email}. We've sent it a link to confirm it.` };
}

export default function ChangeEmail() {
  const { email, verified } = useLoaderData<typeof loader>();
  const state = useActionData<typeof action>();
  const errors = (state && "errors" in state ? state.errors : undefined) ?? {};
  return (
    <div className="stack">
      <h1>Your e-mail address</h1>
      <p>
        You sign in with <strong>{email}</strong>. Only you can see it.
      </p>
      {verified ? (
        <p className="muted">✓ This address is confirmed.</p>
      ) : (
        <Form method="post" className="alert alert--info">
          <p>This address isn't confirmed yet: we sent it a link. Confirming it makes sure replies and password resets reach you.</p>
          <input type="hidden" name="intent" value="resend" />
          <SubmitButton variant="secondary">Send me a new link</SubmitButton>
        </Form>
      )}
      <SavedMessage state={state} />
      <FormErrors state={state} />
      <Form method="post" className="form" noValidate key={state?.ok ? state.savedAt : "form"}>
        <EmailField state={state} label="New e-mail address" error={errors.email} />
        <ConfirmPasswordField error={errors.password} />
        <div className="button-row">
          <SubmitButton>Change e-mail address</SubmitButton>
        </div>
      </Form>
    </div>
  );
}
