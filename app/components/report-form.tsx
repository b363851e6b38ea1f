/** The report form, the same for a post, a thread, a member and a private message (schema: app/utils/report-form.ts). */
import { Link } from "@remix-run/react";
import { Form, FormErrors, RadioGroupField, SubmitButton, TextareaField, fieldValue, type FormState } from "~/components/forms";
import { REPORT_REASONS } from "~/utils/moderation-labels";
import { REPORT_NOTE_MAX } from "~/utils/report-form";

export function ReportForm({ state, back, describedBy }: { state: FormState | undefined; back: string; describedBy?: string }) {
  const errors: Record<string, string> = state?.errors ?? {};
  return (
    <>
      <FormErrors state={state && Object.keys(errors).length ? state : undefined} />
      <Form method="post" className="form" noValidate aria-describedby={describedBy}>
        <RadioGroupField name="reason" legend="What is wrong?" options={REPORT_REASONS} value={fieldValue(state, "reason")} error={errors.reason} />
        <TextareaField
          name="note"
          label="Anything the moderators should know (optional; required for “something else”)"
          rows={3}
          maxLength={REPORT_NOTE_MAX}
          defaultValue={fieldValue(state, "note")}
          error={errors.note}
        />
        <div className="button-row">
          <SubmitButton>Send report</SubmitButton>
          <Link to={back}>Cancel</Link>
        </div>
      </Form>
    </>
  );
}
