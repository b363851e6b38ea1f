import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { Form, FormErrors, SavedMessage, SubmitButton, TextareaField, TextField, fieldValue } from "~/components/forms";
import { getCrisisSettings, resetCrisisSettings, saveCrisisSettings, type CrisisResource } from "~/models/site-settings.server";
import { requirePermission } from "~/utils/auth.server";
import { getDb } from "~/utils/db.server";
import { parseForm, rejectForm } from "~/utils/forms.server";
import { textField } from "~/utils/schemas";
import { siteTitle } from "~/utils/site-title";

export const meta: MetaFunction = ({ matches }) => [{ title: siteTitle(matches, "Crisis resources · Admin") }];

export const MAX_RESOURCES = 6;
const LINK = /^(tel:\+?[0-9][0-9 ().-]{1,24}|sms:\+?[0-9][0-9 ().-]{1,24}|https:\/\/[^\s<>"]{3,300})$/;

const rowFields = Object.fromEntries(
  Array.from({ length: MAX_RESOURCES }, (_, i) => [
    [`r${i}_name`, textField("Name", { max: 100 })],
    [`r${i}_contact`, textField("How to reach them", { max: 100 })],
    [`r${i}_href`, textField("Link", { max: 320 })],
    [`r${i}_description`, textField("Description", { max: 300, multiline: true })],
  ]).flat(),
) as Record<string, ReturnType<typeof textField>>;

export const crisisSchema = z.object({ intent: z.enum(["save", "reset"]).default("save"), region: textField("Region", { max: 60 }), ...rowFields }).superRefine((form, ctx) => {
  const values = form as unknown as Record<string, string>;
  if (form.intent === "reset") return;
  let filled = 0;
  for (let i = 0; i < MAX_RESOURCES; i++) {
    const [name, contact, href, description] = ["name", "contact", "href", "description"].map((f) => values[`r${i}_${f}`] ?? "");
    if (!name && !contact && !href && !description) continue;
    filled++;
    if (!name) ctx.addIssue({ code: "custom", path: [`r${i}_name`], message: "Give this resource a name." });
    if (!contact) ctx.addIssue({ code: "custom", path: [`r${i}_contact`], message: "Say how to reach them, e.g. “Call or text 988”." });
    if (href && !LINK.test(href)) ctx.addIssue({ code: "custom", path: [`r${i}_href`], message: "Use tel:988, sms:988 or an https:// address." });
  }
  if (filled === 0) ctx.addIssue({ code: "custom", path: ["r0_name"], message: "Keep at least one resource: this page must always offer someone to call." });
});

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requirePermission(request, context, "site:settings");
  return getCrisisSettings(getDb());
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { user } = await requirePermission(request, context, "site:settings");
  const form = await parseForm(request, crisisSchema);
  if (!form.ok) return rejectForm(form);
  const db = getDb();
  if (form.data.intent === "reset") {
    await resetCrisisSettings(db);
    return { ok: true as const, message: "The crisis page shows the US defaults again." };
  }
  const values = form.data as unknown as Record<string, string>;
  const resources: CrisisResource[] = [];
  for (let i = 0; i < MAX_RESOURCES; i++) {
    const name = values[`r${i}_name`] ?? "";
    if (!name) continue;
    resources.push({ name, contact: values[`r${i}_contact`] ?? "", href: values[`r${i}_href`] ?? "", description: values[`r${i}_description`] ?? "" });
  }
  await saveCrisisSettings(db, { region: form.data.region, resources }, user.id);
  return { ok: true as const, message: "Saved. The “Need help now?” page shows these resources." };
}

export default function AdminCrisis() {
  const settings = useLoaderData<typeof loader>();
  const state = useActionData<typeof action>();
  const errors = (state && "errors" in state ? state.errors : undefined) ?? {};
  // After a save the loader data is fresh; after a failed save, keep what was typed.
  const typed = state && "values" in state ? state : undefined;
  // Remount the form whenever the saved settings change, so it shows what was just saved.
  const savedVersion = JSON.stringify(settings);
  const rows = Array.from({ length: MAX_RESOURCES }, (_, i) => settings.resources[i] ?? { name: "", contact: "", href: "", description: "" });
  return (
    <div className="stack">
      <h1>Crisis resources</h1>
      <p className="muted">
        These appear on the <Link to="/help">Need help now?</Link> page, linked from every page. Leave a row empty to drop it.
      </p>
      <SavedMessage state={state} />
      <FormErrors state={state} />
      <Form method="post" className="form" noValidate key={savedVersion}>
        <TextField
          name="region"
          label="Where these apply"
          hint="For example “United States” or “Ireland”."
          maxLength={60}
          defaultValue={fieldValue(typed, "region", settings.region)}
          error={errors.region}
        />
        {rows.map((r, i) => (
          <fieldset key={i} className="fieldset">
            <legend>Resource {i + 1}</legend>
            <TextField name={`r${i}_name`} label="Name" maxLength={100} defaultValue={fieldValue(typed, `r${i}_name`, r.name)} error={errors[`r${i}_name`]} />
            <TextField
              name={`r${i}_contact`}
              label="How to reach them"
              maxLength={100}
              defaultValue={fieldValue(typed, `r${i}_contact`, r.contact)}
              error={errors[`r${i}_contact`]}
            />
            <TextField
              name={`r${i}_href`}
              label="Link (optional)"
              hint="tel:988, sms:988 or https://…"
              maxLength={320}
              defaultValue={fieldValue(typed, `r${i}_href`, r.href)}
              error={errors[`r${i}_href`]}
            />
            <TextareaField
              name={`r${i}_description`}
              label="Description (optional)"
              maxLength={300}
              rows={3}
              defaultValue={fieldValue(typed, `r${i}_description`, r.description)}
              error={errors[`r${i}_description`]}
            />
          </fieldset>
        ))}
        <div className="button-row">
          <SubmitButton name="intent" value="save">
            Save resources
          </SubmitButton>
          <SubmitButton variant="secondary" name="intent" value="reset">
            Restore US defaults
          </SubmitButton>
        </div>
      </Form>
    </div>
  );
}
