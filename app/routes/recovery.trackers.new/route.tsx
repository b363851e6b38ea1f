import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { Breadcrumbs } from "~/components/breadcrumbs";
import { Form, FormErrors, SubmitButton, TextField, fieldProps } from "~/components/forms";
import { createTracker } from "~/models/recovery-trackers.server";
import { now } from "~/utils/clock.server";
import { parseForm, rejectForm } from "~/utils/forms.server";
import { dateField, optionalTimeField, trackerNameField } from "~/utils/recovery-forms";
import { recoveryFailure, requireRecoveryOwner, requireRecoveryOwnerWithSet } from "~/utils/recovery.server";
import { localToday } from "~/utils/sobriety";
import { pageMeta } from "~/utils/site-title";

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, "Start a tracker");

export const trackerSchema = z.object({
  name: trackerNameField,
  startDate: dateField("The start date"),
  startTime: optionalTimeField,
});

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { timeZone } = await requireRecoveryOwner(request, context);
  return { today: localToday(now(), timeZone) };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { user, db, set, timeZone } = await requireRecoveryOwnerWithSet(request, context);
  const form = await parseForm(request, trackerSchema);
  if (!form.ok) return rejectForm(form);
  try {
    const id = await createTracker(db, user.id, form.data, set, timeZone);
    return redirect(`/recovery/trackers/${id}`);
  } catch (error) {
    return recoveryFailure(error, Object.fromEntries(form.formData));
  }
}

export default function NewTracker() {
  const { today } = useLoaderData<typeof loader>();
  const state = useActionData<typeof action>();
  return (
    <div className="stack readable">
      <Breadcrumbs trail={[{ to: "/recovery", label: "My recovery" }]} current="New tracker" />
      <h1>Start a tracker</h1>
      <FormErrors state={state} />
      <Form method="post" className="form" noValidate>
        <TextField {...fieldProps(state, "name")} label="What are you tracking?" hint="Only you see this, e.g. “Benzodiazepines” or “Alcohol”." required maxLength={60} />
        <TextField
          {...fieldProps(state, "startDate", today)}
          type="date"
          label="Start date"
          hint="Your first day. It can be in the past if you have been counting elsewhere."
          required
          max={today}
        />
        <TextField {...fieldProps(state, "startTime")} type="time" label="Time (optional)" hint="If you know it, each day completes at this time instead of at midnight." />
        <div className="button-row">
          <SubmitButton>Start counting</SubmitButton>
        </div>
      </Form>
    </div>
  );
}
