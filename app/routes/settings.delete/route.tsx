import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Link, useActionData } from "@remix-run/react";
import { z } from "zod";
import { CheckboxField, Form, FormErrors, SubmitButton, ConfirmPasswordField } from "~/components/forms";
import { confirmPassword } from "~/models/sign-in.server";
import { deleteUser, getAccount, LastAdminError } from "~/models/users.server";
import { clearSessionCookie, requireUser } from "~/utils/auth.server";
import { getDb } from "~/utils/db.server";
import { formFailure, parseForm, rejectForm } from "~/utils/forms.server";
import { passwordField } from "~/utils/schemas";
import { pageMeta } from "~/utils/site-title";

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, "Delete account");

export const deleteSchema = z.object({
  password: passwordField(),
  confirm: z.literal("on", { errorMap: () => ({ message: "Tick this box to confirm you want to delete your account." }) }),
  deletePosts: z.literal("on").optional().catch(undefined),
});

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireUser(request, context);
  return null;
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUser(request, context);
  const form = await parseForm(request, deleteSchema);
  if (!form.ok) return rejectForm(form);
  const db = getDb();
  const account = await getAccount(db, user.id);
  if (!account) throw new Response("Not found", { status: 404 });
  const confirmed = await confirmPassword(db, account, form.data.password);
  if (!confirmed.ok) return formFailure({ password: confirmed.message }, {}, confirmed.status);
  try {
    await deleteUser(db, user.id, { deletePosts: form.data.deletePosts === "on" });
  } catch (error) {
    if (error instanceof LastAdminError) return formFailure({ form: error.message }, {}, 409);
    throw error;
  }
  return redirect("/?farewell=1", { headers: { "Set-Cookie": clearSessionCookie(request) } });
}

export default function DeleteAccount() {
  const state = useActionData<typeof action>();
  const errors = state?.errors ?? {};
  return (
    <div className="stack">
      <h1>Delete your account</h1>
      <p>
        This removes your account, your profile and every session, for good. It can't be undone. If you just need a break, you can simply{" "}
        <Link to="/settings/sessions">sign out everywhere</Link> and come back whenever you're ready.
      </p>
      <p>
        All your private records go at once: sobriety trackers and their history, check-ins, journal, taper log and plan. Posts you wrote in groups stay, shown as from “a former
        member”, unless you ask below for them to be removed too. You may want to <Link to="/recovery/export">download your data</Link> first.
      </p>
      <FormErrors state={state} />
      <Form method="post" className="form" noValidate>
        <ConfirmPasswordField error={errors.password} />
        <CheckboxField name="deletePosts" label="Also remove everything I posted in groups." />
        <CheckboxField name="confirm" label="I understand my account will be deleted permanently." error={errors.confirm} />
        <div className="button-row">
          <SubmitButton variant="danger">Delete my account</SubmitButton>
        </div>
      </Form>
    </div>
  );
}
