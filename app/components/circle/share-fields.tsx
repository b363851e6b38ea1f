/** What a person is to the member and what they may see: the fields of an invitation and of a person's page. */
import { CheckboxField, SelectField } from "~/components/forms";

export const ROLE_OPTIONS = [
  { value: "partner", label: "Accountability partner" },
  { value: "sponsor", label: "Sponsor" },
  { value: "friend_family", label: "Friend or family" },
  { value: "care_team", label: "Care team (staff an admin named)" },
] as const;

export interface ShareValues {
  role: string;
  tracker: string;
  checkins: boolean;
  meetings: boolean;
  plan: boolean;
}

export function ShareFields({ trackers, values, errors }: { trackers: { id: number; name: string }[]; values: ShareValues; errors?: Record<string, string> }) {
  return (
    <>
      <SelectField name="role" label="They are your" options={ROLE_OPTIONS} defaultValue={values.role} error={errors?.role} />
      <fieldset className="fieldset">
        <legend>What they may see</legend>
        <p className="field__hint">Each is off until you tick it. You can change this or end it at any time.</p>
        <SelectField
          name="tracker"
          label="Days on a tracker (and its milestones)"
          options={[{ value: "", label: "None" }, ...trackers.map((t) => ({ value: String(t.id), label: t.name }))]}
          defaultValue={values.tracker}
          error={errors?.tracker}
        />
        <CheckboxField name="checkins" label="Check-in mood and cravings (never your notes)" defaultChecked={values.checkins} />
        <CheckboxField name="meetings" label="How many meetings you went to" defaultChecked={values.meetings} />
        <CheckboxField name="plan" label="Your relapse-prevention plan" defaultChecked={values.plan} />
        <p className="field__hint">Your journal, notes on slips and your taper log are never shared with anyone.</p>
      </fieldset>
    </>
  );
}
