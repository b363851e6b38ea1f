import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { Form, FormErrors, SavedMessage, SubmitButton, TextField, fieldProps } from "~/components/forms";
import { showShortDate, TaperStepChart } from "~/components/recovery-charts";
import { addTaperStep, deleteTaperStep, listTaperSteps } from "~/models/recovery-taper.server";
import { MEDICATION_MAX, TAPER_NOTE_MAX } from "~/utils/recovery-limits";
import { now } from "~/utils/clock.server";
import { parseForm, rejectForm } from "~/utils/forms.server";
import { dateField, decimalField, privateTextField } from "~/utils/recovery-forms";
import { recoveryFailure, requireRecoveryOwner } from "~/utils/recovery.server";
import { textField } from "~/utils/schemas";
import { localToday } from "~/utils/sobriety";
import { pageMeta } from "~/utils/site-title";

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, "Taper log · My recovery");

export const taperSchema = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("add"),
    medication: textField("The medication", { min: 2, max: MEDICATION_MAX }),
    doseMg: decimalField("The dose", 0, 1000, 3),
    fromDate: dateField("The date"),
    note: privateTextField("Your note", TAPER_NOTE_MAX),
  }),
  z.object({ intent: z.literal("delete"), stepId: z.string().max(20) }),
]);

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { user, db, timeZone } = await requireRecoveryOwner(request, context);
  const steps = await listTaperSteps(db, user.id);
  const today = localToday(now(), timeZone);
  const medications = [...new Set(steps.map((s) => s.medication))];
  return {
    today,
    charts: medications.map((medication) => ({ medication, steps: steps.filter((s) => s.medication === medication).map((s) => ({ fromDate: s.fromDate, doseMg: s.doseMg })) })),
    steps: [...steps].reverse().map((s) => ({ ...s, dateText: `${showShortDate(s.fromDate)}, ${s.fromDate.slice(0, 4)}` })),
    lastMedication: steps[steps.length - 1]?.medication ?? "",
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { user, db, timeZone } = await requireRecoveryOwner(request, context);
  const form = await parseForm(request, taperSchema);
  if (!form.ok) return rejectForm(form);
  const data = form.data;
  try {
    if (data.intent === "delete") {
      await deleteTaperStep(db, user.id, data.stepId);
      return { ok: true as const, message: "That step is removed from your log." };
    }
    await addTaperStep(db, user.id, { medication: data.medication, doseMg: data.doseMg!, fromDate: data.fromDate, note: data.note }, timeZone);
    return { ok: true as const, message: "Recorded." };
  } catch (error) {
    return recoveryFailure(error, { ...data, doseMg: data.intent === "add" ? String(data.doseMg) : undefined });
  }
}

export function SafetyLine() {
  return (
    <div className="alert alert--safety" role="note">
      <p>
        <strong>Stopping a benzodiazepine abruptly can be dangerous (seizures); any change of dose belongs with your prescriber.</strong> Harbor only records what your prescriber
        set. It never calculates, suggests or judges a dose.
      </p>
    </div>
  );
}

export default function Taper() {
  const { today, charts, steps, lastMedication } = useLoaderData<typeof loader>();
  const state = useActionData<typeof action>();
  const failed = state && "values" in state ? state : undefined;
  return (
    <div className="stack">
      <h1>Taper log</h1>
      <SafetyLine />
      <SavedMessage state={state && "message" in state ? state : undefined} />
      <FormErrors state={failed} />
      {charts.map((c, i) => (
        <section key={c.medication} className="stack" aria-labelledby={`chart-${i}-heading`}>
          <h2 id={`chart-${i}-heading`}>{c.medication}</h2>
          <TaperStepChart id={`taper-${i}`} medication={c.medication} steps={c.steps} until={today} />
        </section>
      ))}
      <section className="card stack" aria-labelledby="add-step">
        <h2 id="add-step">Record what your prescriber set</h2>
        {/* A fresh form after each recorded step (the key changes with the log). */}
        <Form method="post" className="form" noValidate key={steps.length}>
          <input type="hidden" name="intent" value="add" />
          <TextField
            {...fieldProps(failed, "medication", lastMedication)}
            label="Medication"
            hint="As on your prescription, e.g. “Diazepam”."
            required
            maxLength={MEDICATION_MAX}
          />
          <TextField {...fieldProps(failed, "doseMg")} label="Daily dose in mg" inputMode="decimal" hint="The total your prescriber set, e.g. 7.5" required />
          <TextField {...fieldProps(failed, "fromDate", today)} type="date" label="From" required />
          <TextField {...fieldProps(failed, "note")} label="Note (optional)" hint="Only you see this." maxLength={TAPER_NOTE_MAX} />
          <div className="button-row">
            <SubmitButton>Record</SubmitButton>
          </div>
        </Form>
      </section>
      {steps.length > 0 ? (
        <section className="stack" aria-labelledby="steps-heading">
          <h2 id="steps-heading">Your log</h2>
          <div className="table-wrap">
            <table className="stack-table">
              <caption className="visually-hidden">Recorded doses, newest first</caption>
              <thead>
                <tr>
                  <th scope="col">From</th>
                  <th scope="col">Medication</th>
                  <th scope="col">Dose</th>
                  <th scope="col">Note</th>
                  <th scope="col">
                    <span className="visually-hidden">Remove</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {steps.map((s) => (
                  <tr key={s.id}>
                    <td data-label="From">{s.dateText}</td>
                    <td data-label="Medication">{s.medication}</td>
                    <td data-label="Dose">{s.doseMg} mg</td>
                    <td data-label="Note">{s.note || "—"}</td>
                    <td data-label="">
                      <Form method="post">
                        <input type="hidden" name="intent" value="delete" />
                        <input type="hidden" name="stepId" value={s.id} />
                        <button type="submit" className="button button--secondary link-button--small">
                          Remove<span className="visually-hidden"> the step of {s.dateText}</span>
                        </button>
                      </Form>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      ) : (
        <p className="muted">Nothing recorded yet. When your prescriber sets a dose, note it here and watch the steps add up.</p>
      )}
    </div>
  );
}
