import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { Breadcrumbs } from "~/components/breadcrumbs";
import { CheckboxField, Form, FormErrors, SavedMessage, SubmitButton, TextField, fieldValue } from "~/components/forms";
import { correctSlip, correctStart, deleteTracker, getTracker, renameTracker } from "~/models/recovery-trackers.server";
import { SLIP_NOTE_MAX } from "~/utils/recovery-limits";
import { now } from "~/utils/clock.server";
import { formFailure, parseForm, rejectForm } from "~/utils/forms.server";
import { checkboxField, dateField, optionalTimeField, privateTextField, trackerNameField } from "~/utils/recovery-forms";
import { notFoundResponse, recoveryFailure, requireRecoveryOwner } from "~/utils/recovery.server";
import { localToday } from "~/utils/sobriety";
import { pageMeta } from "~/utils/site-title";

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, "Correct dates · My recovery");

export const startSchema = z.object({ intent: z.literal("start"), name: trackerNameField, startDate: dateField("The start date"), startTime: optionalTimeField });
export const slipEditSchema = z.object({ intent: z.literal("slip"), slipId: z.string().max(20), date: dateField("The date"), note: privateTextField("Your note", SLIP_NOTE_MAX) });
export const deleteSchema = z.object({
  intent: z.literal("delete"),
  confirm: checkboxField.refine((v) => v, "Tick this box to confirm you want to delete this tracker and its history."),
});
const editSchema = z.discriminatedUnion("intent", [startSchema, slipEditSchema, deleteSchema]);

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { user, db, timeZone } = await requireRecoveryOwner(request, context);
  const tracker = await getTracker(db, user.id, params.trackerId ?? "");
  if (!tracker) throw notFoundResponse();
  return {
    tracker: { id: tracker.id, name: tracker.name, startDate: tracker.startDate, startTime: tracker.startTime ?? "" },
    // Newest first; at most the 50 latest are editable here (older ones stay in the history).
    slips: [...tracker.slips]
      .reverse()
      .slice(0, 50)
      .map((s) => ({ id: s.id, date: s.date, note: s.note })),
    today: localToday(now(), timeZone),
  };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const { user, db, timeZone } = await requireRecoveryOwner(request, context);
  const trackerId = params.trackerId ?? "";
  if (!(await getTracker(db, user.id, trackerId))) throw notFoundResponse();
  const form = await parseForm(request, editSchema);
  if (!form.ok) {
    const slipId = form.values.intent === "slip" ? form.values.slipId : undefined;
    if (slipId) return formFailure({ [`slip-${slipId}`]: Object.values(form.errors)[0] ?? "" }, form.values);
    return rejectForm(form);
  }
  const data = form.data;
  try {
    if (data.intent === "start") {
      await correctStart(db, user.id, trackerId, data, timeZone);
      await renameTracker(db, user.id, trackerId, data.name);
      return { ok: true as const, message: "Saved. Your count follows the corrected start.", errors: {} as Record<string, string> };
    }
    if (data.intent === "slip") {
      await correctSlip(db, user.id, trackerId, data.slipId, data, timeZone);
      return { ok: true as const, message: "The slip is corrected.", errors: {} as Record<string, string> };
    }
    await deleteTracker(db, user.id, trackerId);
    return redirect("/recovery");
  } catch (error) {
    if (data.intent === "slip") {
      const failure = recoveryFailure(error, {});
      const body = failure.data;
      // The message belongs to that slip's own form.
      return formFailure({ [`slip-${data.slipId}`]: Object.values(body.errors)[0] ?? "" }, { slipId: data.slipId, date: data.date, note: data.note }, failure.init?.status ?? 400);
    }
    return recoveryFailure(error, { ...data });
  }
}

export default function EditTracker() {
  const { tracker, slips, today } = useLoaderData<typeof loader>();
  const state = useActionData<typeof action>();
  const errors: Record<string, string> = state?.errors ?? {};
  const editedSlip = state && "values" in state ? state.values.slipId : undefined;
  return (
    <div className="stack readable">
      <Breadcrumbs
        trail={[
          { to: "/recovery", label: "My recovery" },
          { to: `/recovery/trackers/${tracker.id}`, label: tracker.name },
        ]}
        current="Correct dates"
      />
      <h1>Correct dates</h1>
      <SavedMessage state={state && "message" in state ? state : undefined} />
      <FormErrors state={state && !editedSlip ? state : undefined} />
      <section className="card stack" aria-labelledby="start-heading">
        <h2 id="start-heading">Name and start</h2>
        <Form method="post" className="form" noValidate>
          <input type="hidden" name="intent" value="start" />
          <TextField name="name" label="Name" required maxLength={60} defaultValue={fieldValue(editedSlip ? undefined : state, "name", tracker.name)} error={errors.name} />
          <TextField
            name="startDate"
            type="date"
            label="Start date"
            required
            max={today}
            defaultValue={fieldValue(editedSlip ? undefined : state, "startDate", tracker.startDate)}
            error={errors.startDate}
          />
          <TextField
            name="startTime"
            type="time"
            label="Time (optional)"
            defaultValue={fieldValue(editedSlip ? undefined : state, "startTime", tracker.startTime)}
            error={errors.startTime}
          />
          <div className="button-row">
            <SubmitButton>Save</SubmitButton>
          </div>
        </Form>
      </section>
      {slips.length > 0 ? (
        <section className="stack" aria-labelledby="slips-heading">
          <h2 id="slips-heading">Recorded slips</h2>
          {slips.map((s) => {
            const mine = String(s.id) === editedSlip ? state : undefined;
            return (
              <Form method="post" className="card form slip-form" key={s.id} noValidate aria-label={`Slip of ${s.date}`}>
                <input type="hidden" name="intent" value="slip" />
                <input type="hidden" name="slipId" value={s.id} />
                {errors[`slip-${s.id}`] ? (
                  <p className="field__error" role="alert">
                    {errors[`slip-${s.id}`]}
                  </p>
                ) : null}
                <div className="field">
                  <label htmlFor={`slip-date-${s.id}`}>Date</label>
                  <input id={`slip-date-${s.id}`} name="date" type="date" max={today} min={tracker.startDate} defaultValue={fieldValue(mine, "date", s.date)} />
                </div>
                <div className="field">
                  <label htmlFor={`slip-note-${s.id}`}>Your private note</label>
                  <textarea id={`slip-note-${s.id}`} name="note" rows={3} maxLength={SLIP_NOTE_MAX} defaultValue={fieldValue(mine, "note", s.note)} />
                </div>
                <div className="button-row">
                  <SubmitButton variant="secondary">Save this slip</SubmitButton>
                </div>
              </Form>
            );
          })}
          <p className="muted small">To take back the most recent slip entirely, use “Undo” on the tracker's page.</p>
        </section>
      ) : null}
      <section className="card stack" aria-labelledby="delete-heading">
        <h2 id="delete-heading">Delete this tracker</h2>
        <p>This removes the tracker and its whole history for good.</p>
        <Form method="post" className="form" noValidate>
          <input type="hidden" name="intent" value="delete" />
          <CheckboxField name="confirm" label="Yes, delete this tracker and its history." error={errors.confirm} />
          <div className="button-row">
            <SubmitButton variant="danger">Delete tracker</SubmitButton>
          </div>
        </Form>
      </section>
    </div>
  );
}
