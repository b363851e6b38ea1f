import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { Breadcrumbs } from "~/components/breadcrumbs";
import { Form, FormErrors, SavedMessage, SubmitButton, TextField, fieldProps } from "~/components/forms";
import { getCheckOnRules, saveCheckOnRules } from "~/models/circle/check-on.server";
import { listCirclePeople } from "~/models/circle/people.server";
import { requireUser } from "~/utils/auth.server";
import { checkOnRulesSchema } from "~/utils/circle-forms";
import { getDb } from "~/utils/db.server";
import { parseForm, rejectForm } from "~/utils/forms.server";
import { pageMeta } from "~/utils/site-title";

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, "Check on me · Support circle");

export { checkOnRulesSchema };

/** The member's own rules: nobody else can read or set them. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  const db = getDb();
  const [rules, people] = await Promise.all([getCheckOnRules(db, user.id), listCirclePeople(db, user.id)]);
  return { rules, askedPeople: people.filter((p) => p.checkOnMe).map((p) => p.displayName) };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUser(request, context);
  const form = await parseForm(request, checkOnRulesSchema);
  if (!form.ok) return rejectForm(form);
  await saveCheckOnRules(getDb(), user.id, { silenceDays: form.data.silenceDays, cravingsAt: form.data.cravingsAt, moodAt: form.data.moodAt });
  return { ok: true as const, message: "Your rules are saved." };
}

const str = (n: number | null) => (n === null ? "" : String(n));

export default function CheckOnMe() {
  const { rules, askedPeople } = useLoaderData<typeof loader>();
  const state = useActionData<typeof action>();
  return (
    <div className="stack readable">
      <Breadcrumbs trail={[{ to: "/circle", label: "Support circle" }]} current="Check on me" />
      <h1>Check on me</h1>
      <p className="lead">When one of these comes up, the people you asked hear that you'd like them to check on you. Leave a box empty to turn that rule off.</p>
      <p>
        {askedPeople.length ? `You asked: ${askedPeople.join(", ")}.` : "You haven't asked anyone yet: tick “check on me” on a person's page in your circle."}{" "}
        <Link to="/circle">Your circle</Link>
      </p>
      <SavedMessage state={state} />
      <FormErrors state={state} />
      <Form method="post" className="form card" noValidate>
        <TextField {...fieldProps(state, "silenceDays", str(rules.silenceDays))} label="When I haven't checked in for this many days" hint="1 to 30." inputMode="numeric" />
        <TextField {...fieldProps(state, "cravingsAt", str(rules.cravingsAt))} label="When a check-in's cravings are at or above" hint="0 (none) to 10." inputMode="numeric" />
        <TextField {...fieldProps(state, "moodAt", str(rules.moodAt))} label="When a check-in's mood is at or below" hint="1 (very low) to 5 (very good)." inputMode="numeric" />
        <SubmitButton>Save my rules</SubmitButton>
      </Form>
    </div>
  );
}
