import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { KeepPlanOnDevice } from "~/components/keep-plan-on-device";
import { Form, FormErrors, SavedMessage, SubmitButton, TextareaField, TextField, fieldProps } from "~/components/forms";
import { getPlan, savePlan } from "~/models/recovery-plan.server";
import { GuideOffer } from "~/components/guides/guide-offer";
import { planGuides } from "~/models/guides/offers.server";
import { formatDateTime } from "~/utils/time";
import { parseForm, rejectForm } from "~/utils/forms.server";
import { PLAN_CONTACTS, PLAN_SECTIONS, PLAN_TEXT_MAX, planSchema, type RecoveryPlan } from "~/utils/recovery-plan-form";
import { requireRecoveryOwner } from "~/utils/recovery.server";
import { pageMeta } from "~/utils/site-title";

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, "My relapse-prevention plan");

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { user, db, timeZone } = await requireRecoveryOwner(request, context);
  const [{ plan, updatedAt }, guides] = await Promise.all([getPlan(db, user.id), planGuides(db, { id: user.id, role: user.role })]);
  return { plan, updated: updatedAt ? formatDateTime(updatedAt, timeZone) : null, memberId: user.id, guides };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { user, db } = await requireRecoveryOwner(request, context);
  const form = await parseForm(request, planSchema);
  if (!form.ok) return rejectForm(form);
  const values = form.data as Record<string, string>;
  const plan: RecoveryPlan = {
    triggers: values.triggers ?? "",
    warningSigns: values.warningSigns ?? "",
    coping: values.coping ?? "",
    places: values.places ?? "",
    reasons: values.reasons ?? "",
    contacts: Array.from({ length: PLAN_CONTACTS }, (_, i) => ({ name: values[`contact${i}_name`] ?? "", phone: values[`contact${i}_phone`] ?? "" })).filter((c) => c.name),
  };
  await savePlan(db, user.id, plan);
  return { ok: true as const, message: "Your plan is saved.", savedAt: new Date().toISOString() };
}

export default function Plan() {
  const { plan, updated, memberId, guides } = useLoaderData<typeof loader>();
  const state = useActionData<typeof action>();
  const failed = state && "values" in state ? state : undefined;
  const section = (s: (typeof PLAN_SECTIONS)[number]) => (
    <TextareaField key={s.key} {...fieldProps(failed, s.key, plan[s.key])} label={s.title} hint={s.hint} rows={4} maxLength={PLAN_TEXT_MAX} />
  );
  return (
    <div className="stack">
      <div className="page-head">
        <h1>My relapse-prevention plan</h1>
        <Link to="/recovery/plan/print" className="button button--secondary">
          Printable view
        </Link>
      </div>
      <p className="muted">Fill it in on a good day, so it's ready on a hard one. Only you can see it. {updated ? `Last saved ${updated}.` : ""}</p>
      <SavedMessage state={state && "message" in state ? state : undefined} />
      <FormErrors state={failed} />
      <GuideOffer id="plan-ideas-heading" heading="Ideas for your plan" guides={guides} />
      <Form method="post" className="form form--wide" noValidate>
        {PLAN_SECTIONS.slice(0, 3).map(section)}
        <fieldset className="fieldset">
          <legend>People I can call</legend>
          <div className="contact-rows">
            {Array.from({ length: PLAN_CONTACTS }, (_, i) => (
              <div className="contact-row" key={i}>
                <TextField {...fieldProps(failed, `contact${i}_name`, plan.contacts[i]?.name ?? "")} label={`Name ${i + 1}`} maxLength={60} autoComplete="off" />
                <TextField {...fieldProps(failed, `contact${i}_phone`, plan.contacts[i]?.phone ?? "")} type="tel" label={`Phone ${i + 1}`} maxLength={30} autoComplete="off" />
              </div>
            ))}
          </div>
        </fieldset>
        {PLAN_SECTIONS.slice(3).map(section)}
        <p className="muted small">
          Looking for meetings to add? <Link to="/meetings">Browse meetings</Link>.
        </p>
        <div className="button-row">
          <SubmitButton>Save my plan</SubmitButton>
        </div>
      </Form>
      <KeepPlanOnDevice memberId={memberId} savedAt={state && "savedAt" in state ? state.savedAt : null} />
    </div>
  );
}
