import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { MilestoneChip } from "~/components/chip";
import { Form, FormErrors, RadioGroupField, SavedMessage, SelectField, SubmitButton, TextareaField, fieldValue, fieldProps } from "~/components/forms";
import { getMilestoneSet, saveMilestoneSet } from "~/models/recovery-trackers.server";
import { requirePermission } from "~/utils/auth.server";
import { getDb } from "~/utils/db.server";
import { formFailure, parseForm, rejectForm } from "~/utils/forms.server";
import { milestonesToText, parseMilestoneText } from "~/utils/milestone-text";
import { CHIP_COLORS, DEFAULT_MILESTONES, NA_KEY_TAGS, isChipColor, milestoneLabel, type ChipColor } from "~/utils/sobriety";
import { pageMeta } from "~/utils/site-title";

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, "Milestones · Admin");

const PRESETS = {
  default: "Harbor's default: 24 hours, 1 and 2 weeks, 30, 60, 90 days, 6 and 9 months, 1 year, 18 months, then yearly",
  na: "NA key tags: 1 day (white), 30 days (orange), 60 days (green), 90 days (red), 6 months (blue), 9 months (yellow), 1 year (glow), 18 months (grey), then yearly (black)",
  custom: "A set of our own (edit below)",
};

export const milestonesSchema = z.object({
  preset: z.enum(["default", "na", "custom"], { errorMap: () => ({ message: "Choose one of the sets." }) }),
  milestones: z.string().max(4000, "That list is too long.").default(""),
  yearlyColor: z.string().max(20).default("none"),
});

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requirePermission(request, context, "site:settings");
  const set = await getMilestoneSet(getDb());
  return {
    preset: set.preset,
    text: milestonesToText(set.milestones),
    yearlyColor: set.yearlyColor ?? "none",
    preview: set.milestones.map((m) => ({ label: milestoneLabel(m, set.preset), color: m.color })),
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { user } = await requirePermission(request, context, "site:settings");
  const form = await parseForm(request, milestonesSchema);
  if (!form.ok) return rejectForm(form);
  const { preset, milestones, yearlyColor } = form.data;
  const db = getDb();
  if (preset !== "custom") {
    await saveMilestoneSet(db, preset === "na" ? NA_KEY_TAGS : DEFAULT_MILESTONES, user.id);
    return { ok: true as const, message: `Members' trackers now use ${preset === "na" ? "the NA key tags" : "Harbor's default chips"}.` };
  }
  const parsed = parseMilestoneText(milestones);
  if (!parsed.ok) return formFailure({ milestones: parsed.message }, form.data);
  if (yearlyColor !== "none" && !isChipColor(yearlyColor)) return formFailure({ yearlyColor: "Choose a colour from the list." }, form.data);
  await saveMilestoneSet(db, { preset: "custom", milestones: parsed.milestones, yearlyColor: yearlyColor === "none" ? null : (yearlyColor as ChipColor) }, user.id);
  return { ok: true as const, message: "Your milestone set is saved." };
}

export default function AdminMilestones() {
  const current = useLoaderData<typeof loader>();
  const state = useActionData<typeof action>();
  const errors: Record<string, string> = state && "errors" in state ? state.errors : {};
  const typed = state && "values" in state ? state : undefined;
  const colorOptions = [{ value: "none", label: "No yearly chips" }, ...Object.keys(CHIP_COLORS).map((c) => ({ value: c, label: c }))];
  return (
    <div className="stack">
      <h1>Milestone chips</h1>
      <p>Which milestones members' trackers celebrate. Counting is always in each member's own time zone; after 90 days, milestones count calendar months.</p>
      <SavedMessage state={state && "message" in state ? state : undefined} />
      <FormErrors state={state && "errors" in state ? state : undefined} />
      <ul className="chip-grid" aria-label="Current chips">
        {current.preview.map((c) => (
          <li key={c.label}>
            <MilestoneChip label={c.label} color={c.color} size={64} />
            <span className="chip-grid__label">{c.label}</span>
            <span className="muted small">{c.color}</span>
          </li>
        ))}
      </ul>
      <Form method="post" className="form form--wide" noValidate>
        <RadioGroupField name="preset" legend="Milestone set" options={PRESETS} value={fieldValue(typed, "preset", current.preset)} error={errors.preset} />
        <TextareaField
          {...fieldProps(typed, "milestones", current.text)}
          label="Our own set (used when “A set of our own” is chosen)"
          hint={`One a line: “24 hours, white”, “2 weeks, teal”, “90 days, red”, “6 months, blue”, “1 year, bronze”. Colours: ${Object.keys(CHIP_COLORS).join(", ")}.`}
          rows={10}
        />
        <SelectField {...fieldProps(typed, "yearlyColor", current.yearlyColor)} label="After the last one, a chip every year in" options={colorOptions} />
        <div className="button-row">
          <SubmitButton>Save milestones</SubmitButton>
        </div>
      </Form>
    </div>
  );
}
