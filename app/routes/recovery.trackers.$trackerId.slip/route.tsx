import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { Breadcrumbs } from "~/components/breadcrumbs";
import { Form, FormErrors, SubmitButton, TextareaField, TextField, fieldProps } from "~/components/forms";
import { getTracker, recordSlip } from "~/models/recovery-trackers.server";
import { SLIP_NOTE_MAX } from "~/utils/recovery-limits";
import { now } from "~/utils/clock.server";
import { parseForm, rejectForm } from "~/utils/forms.server";
import { dateField, privateTextField } from "~/utils/recovery-forms";
import { notFoundResponse, recoveryFailure, requireRecoveryOwner } from "~/utils/recovery.server";
import { localToday } from "~/utils/sobriety";
import { pageMeta } from "~/utils/site-title";

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, "I had a slip · My recovery");

export const slipSchema = z.object({
  date: dateField("The date"),
  note: privateTextField("Your note", SLIP_NOTE_MAX),
});

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { user, db, timeZone } = await requireRecoveryOwner(request, context);
  const tracker = await getTracker(db, user.id, params.trackerId ?? "");
  if (!tracker) throw notFoundResponse();
  return { tracker: { id: tracker.id, name: tracker.name, startDate: tracker.startDate }, today: localToday(now(), timeZone) };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const { user, db, timeZone } = await requireRecoveryOwner(request, context);
  // Someone else's tracker is a 404 before anything is read from the form.
  if (!(await getTracker(db, user.id, params.trackerId ?? ""))) throw notFoundResponse();
  const form = await parseForm(request, slipSchema);
  if (!form.ok) return rejectForm(form);
  try {
    await recordSlip(db, user.id, params.trackerId ?? "", form.data, timeZone);
  } catch (error) {
    return recoveryFailure(error, form.data);
  }
  return redirect(`/recovery/trackers/${params.trackerId}?slipped=1`);
}

export default function Slip() {
  const { tracker, today } = useLoaderData<typeof loader>();
  const state = useActionData<typeof action>();
  return (
    <div className="stack readable">
      <Breadcrumbs
        trail={[
          { to: "/recovery", label: "My recovery" },
          { to: `/recovery/trackers/${tracker.id}`, label: tracker.name },
        ]}
        current="I had a slip"
      />
      <h1>I had a slip</h1>
      <p className="lead">It happens to many people in recovery, and it doesn't undo what you have done.</p>
      <p>
        Recording it closes this streak and starts a new one. Nothing is deleted: your earlier days stay in your history and keep counting in your total. If this was a mistake, you
        can undo it afterwards.
      </p>
      <FormErrors state={state} />
      <Form method="post" className="form" noValidate>
        <TextField {...fieldProps(state, "date", today)} type="date" label="When was it?" required min={tracker.startDate} max={today} />
        <TextareaField
          {...fieldProps(state, "note")}
          label="A private note (optional)"
          hint="What happened, what helped, what you want to remember. Only you will ever see this."
          rows={5}
          maxLength={SLIP_NOTE_MAX}
        />
        <div className="button-row">
          <SubmitButton>Record the slip and start again</SubmitButton>
        </div>
      </Form>
    </div>
  );
}
