import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { Breadcrumbs } from "~/components/breadcrumbs";
import { ShareFields } from "~/components/circle/share-fields";
import { CheckboxField, fieldValue, Form, FormErrors, SavedMessage, SubmitButton } from "~/components/forms";
import { endShare, listCirclePeople, trackerChoices, updatePerson } from "~/models/circle/people.server";
import { mayManageCircle } from "~/policy/circle";
import { requireUser } from "~/utils/auth.server";
import { circleFailure } from "~/utils/circle.server";
import { sharesFields, sharesFrom } from "~/utils/circle-forms";
import { getDb } from "~/utils/db.server";
import { parseForm, rejectForm } from "~/utils/forms.server";
import { checkboxField } from "~/utils/recovery-forms";
import { notFoundResponse } from "~/utils/recovery.server";
import { pageMeta } from "~/utils/site-title";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => pageMeta(matches, data ? `${data.person.displayName} · Support circle` : "Support circle");

export const personSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("save"), ...sharesFields, checkOnMe: checkboxField, muted: checkboxField }),
  z.object({ intent: z.literal("end") }),
]);

/** The member's own page for one person in their circle: anyone else's circle has no such person (404). */
async function personOf(request: Request, context: Parameters<typeof requireUser>[1], personId: string | undefined) {
  const user = await requireUser(request, context);
  const db = getDb();
  if (!mayManageCircle({ id: user.id, role: user.role }, user.id)) throw notFoundResponse();
  const person = (await listCirclePeople(db, user.id)).find((p) => p.personId === personId);
  if (!person) throw notFoundResponse();
  return { user, db, person };
}

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { user, db, person } = await personOf(request, context, params.personId);
  return { person, trackers: await trackerChoices(db, user.id, user.time_zone) };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const { user, db, person } = await personOf(request, context, params.personId);
  const form = await parseForm(request, personSchema);
  if (!form.ok) return rejectForm(form);
  try {
    if (form.data.intent === "end") {
      await endShare(db, user.id, person.personId);
      return redirect("/circle?ended=1");
    }
    const d = form.data;
    await updatePerson(db, user.id, person.personId, { role: d.role, shares: sharesFrom(d), checkOnMe: d.checkOnMe, muted: d.muted });
    return { ok: true as const, message: `Saved. ${person.displayName} sees exactly this from now on.` };
  } catch (error) {
    return circleFailure(error, Object.fromEntries(form.formData.entries()));
  }
}

export default function CirclePerson() {
  const { person, trackers } = useLoaderData<typeof loader>();
  const state = useActionData<typeof action>();
  const errors = state && "errors" in state ? state.errors : undefined;
  const failed = !!errors;
  const values = {
    role: fieldValue(state, "role", person.role),
    tracker: fieldValue(state, "tracker", person.shares.trackerId === null ? "" : String(person.shares.trackerId)),
    checkins: failed ? fieldValue(state, "checkins") === "on" : person.shares.checkins,
    meetings: failed ? fieldValue(state, "meetings") === "on" : person.shares.meetings,
    plan: failed ? fieldValue(state, "plan") === "on" : person.shares.plan,
  };
  return (
    <div className="stack readable">
      <Breadcrumbs trail={[{ to: "/circle", label: "Support circle" }]} current={person.displayName} />
      <h1>{person.displayName}</h1>
      <p className="lead">
        {person.roleLabel} in your circle. They see: {person.items.length ? person.items.join(", ") : "nothing yet"}.
      </p>
      <SavedMessage state={state} />
      <FormErrors state={state} />
      <Form method="post" className="form card" noValidate key={JSON.stringify(person)}>
        <ShareFields trackers={trackers} values={values} errors={errors} />
        <fieldset className="fieldset">
          <legend>Check on me and encouragement</legend>
          <CheckboxField name="checkOnMe" label={`Ask ${person.displayName} to check on me when one of my "check on me" rules comes up`} defaultChecked={person.checkOnMe} />
          <CheckboxField name="muted" label={`Mute ${person.displayName}'s encouragement (they stay in your circle and aren't told)`} defaultChecked={person.muted} />
        </fieldset>
        <SubmitButton name="intent" value="save">
          Save
        </SubmitButton>
      </Form>
      <section className="card stack-tight" aria-labelledby="end-heading">
        <h2 id="end-heading">End sharing</h2>
        <p>{person.displayName} stops seeing anything at once and is told the share ended — not why. You can invite them again later.</p>
        <Form method="post">
          <SubmitButton name="intent" value="end" variant="danger">
            End sharing with {person.displayName}
          </SubmitButton>
        </Form>
      </section>
    </div>
  );
}
