import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { Form, FormErrors, NewPasswordField, SubmitButton } from "~/components/forms";
import { LinkProblem } from "~/components/link-problem";
import { checkToken, resetPassword, TOKEN_MESSAGES } from "~/models/account-tokens.server";
import { getDb } from "~/utils/db.server";
import { formFailure, parseForm, rejectForm } from "~/utils/forms.server";
import { passwordProblem } from "~/utils/password.server";
import { passwordField } from "~/utils/schemas";
import { pageMeta } from "~/utils/site-title";

export const meta: MetaFunction = ({ matches }) => [
  ...pageMeta(matches, "Choose a new password"),
  { name: "robots", content: "noindex" },
  { name: "referrer", content: "no-referrer" },
];

export const resetSchema = z.object({ newPassword: passwordField("New password") });

export async function loader({ params }: LoaderFunctionArgs) {
  const checked = await checkToken(getDb(), "password_reset", params.token ?? "");
  if (!checked.ok) return data({ problem: TOKEN_MESSAGES[checked.problem] }, { status: checked.problem === "invalid" ? 400 : 410 });
  return { problem: null };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const form = await parseForm(request, resetSchema);
  if (!form.ok) return rejectForm(form);
  const db = getDb();
  const checked = await checkToken(db, "password_reset", params.token ?? "");
  if (!checked.ok) return formFailure({ form: TOKEN_MESSAGES[checked.problem] }, {}, checked.problem === "invalid" ? 400 : 410);
  const account = await db.selectFrom("users").select(["email", "display_name"]).where("id", "=", checked.row.user_id).executeTakeFirst();
  const weak = passwordProblem(form.data.newPassword, { email: account?.email, displayName: account?.display_name });
  if (weak) return formFailure({ newPassword: weak });
  const result = await resetPassword(db, params.token ?? "", form.data.newPassword);
  if (!result.ok) return formFailure({ form: TOKEN_MESSAGES[result.problem] }, {}, 410);
  return redirect("/login?reset=1");
}

export default function ResetPassword() {
  const { problem } = useLoaderData<typeof loader>();
  const state = useActionData<typeof action>();
  const errors = (state && "errors" in state ? state.errors : undefined) ?? {};
  if (problem) {
    return (
      <LinkProblem problem={problem}>
        <Link to="/forgot-password" className="button button--primary">
          Get a new link
        </Link>
      </LinkProblem>
    );
  }
  return (
    <div className="stack narrow">
      <h1>Choose a new password</h1>
      <p className="lead">Once it's set, you'll be signed out everywhere, and can sign in with the new one.</p>
      <FormErrors state={state} />
      <Form method="post" className="form" noValidate>
        <NewPasswordField error={errors.newPassword} />
        <div className="button-row">
          <SubmitButton>Set my new password</SubmitButton>
        </div>
      </Form>
    </div>
  );
}
