import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useActionData } from "@remix-run/react";
import { z } from "zod";
import { Form, FormErrors, NewPasswordField, SavedMessage, SubmitButton, CurrentPasswordField } from "~/components/forms";
import { confirmPassword } from "~/models/sign-in.server";
import { changePassword, getAccount } from "~/models/users.server";
import { requireAuth } from "~/utils/auth.server";
import { getDb } from "~/utils/db.server";
import { formFailure, parseForm, rejectForm } from "~/utils/forms.server";
import { passwordProblem } from "~/utils/password.server";
import { passwordField } from "~/utils/schemas";
import { pageMeta } from "~/utils/site-title";

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, "Change password");

export const passwordSchema = z.object({
  currentPassword: passwordField("Current password"),
  newPassword: passwordField("New password"),
});

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireAuth(request, context);
  return null;
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { user, session } = await requireAuth(request, context);
  const form = await parseForm(request, passwordSchema);
  if (!form.ok) return rejectForm(form);
  const db = getDb();
  const account = await getAccount(db, user.id);
  if (!account) throw new Response("Not found", { status: 404 });
  const confirmed = await confirmPassword(db, account, form.data.currentPassword);
  if (!confirmed.ok) return formFailure({ currentPassword: confirmed.message }, {}, confirmed.status);
  const weak = passwordProblem(form.data.newPassword, { email: account.email, displayName: account.display_name });
  if (weak) return formFailure({ newPassword: weak });
  if (form.data.newPassword === form.data.currentPassword) return formFailure({ newPassword: "That is your current password. Choose a new one." });
  const ended = await changePassword(db, user.id, form.data.newPassword, session.id);
  return {
    ok: true as const,
    savedAt: Date.now(),
    message: ended > 0 ? `Your password is changed, and ${ended} other session${ended === 1 ? " was" : "s were"} signed out.` : "Your password is changed.",
  };
}

export default function ChangePassword() {
  const state = useActionData<typeof action>();
  const errors = (state && "errors" in state ? state.errors : undefined) ?? {};
  return (
    <div className="stack">
      <h1>Change your password</h1>
      <p className="muted">Changing your password signs you out on every other device.</p>
      <SavedMessage state={state} />
      <FormErrors state={state} />
      <Form method="post" className="form" noValidate key={state?.ok ? state.savedAt : "form"}>
        <CurrentPasswordField name="currentPassword" label="Current password" error={errors.currentPassword} />
        <NewPasswordField error={errors.newPassword} />
        <div className="button-row">
          <SubmitButton>Change password</SubmitButton>
        </div>
      </Form>
    </div>
  );
}
