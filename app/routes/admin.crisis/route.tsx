import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { Form, FormErrors, SavedMessage, SelectField, SubmitButton, TextareaField, TextField, fieldProps } from "~/components/forms";
import {
  changeCrisisDirectory,
  countryChoices,
  CrisisDirectoryError,
  getCrisisDirectory,
  regionChanges,
  resetCrisisDirectory,
  type CrisisDirectory,
} from "~/models/crisis-directory.server";
import type { CrisisResource } from "~/models/site-settings.server";
import { requirePermission } from "~/utils/auth.server";
import { getDb } from "~/utils/db.server";
import { formFailure, parseForm, rejectForm } from "~/utils/forms.server";
import { textField } from "~/utils/schemas";
import { pageMeta } from "~/utils/site-title";

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, "Crisis resources · Admin");

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

const codeField = z.preprocess((v) => (typeof v === "string" ? v.trim() : ""), z.string().max(20));

export const crisisSchema = z
  .object({
    intent: z.enum(["save", "reset", "default", "remove", "add"]).default("save"),
    code: codeField,
    country: codeField,
    region: textField("Region", { max: 60 }),
    ...rowFields,
  })
  .superRefine((form, ctx) => {
    const values = form as unknown as Record<string, string>;
    if (form.intent !== "save") return;
    if (!form.region) ctx.addIssue({ code: "custom", path: ["region"], message: "Say where these lines apply, e.g. “United Kingdom”." });
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

function summary(directory: CrisisDirectory, code: string | null) {
  const editing = directory.regions.find((r) => r.code === code) ?? directory.regions.find((r) => r.code === directory.defaultCode) ?? directory.regions[0]!;
  const taken = new Set(directory.regions.map((r) => r.code));
  return {
    regions: directory.regions.map((r) => ({ code: r.code, region: r.region, count: r.resources.length, isDefault: r.code === directory.defaultCode })),
    editing,
    isDefault: editing.code === directory.defaultCode,
    countries: countryChoices()
      .filter((c) => !taken.has(c.code))
      .map((c) => ({ value: c.code, label: c.name })),
  };
}

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requirePermission(request, context, "site:settings");
  return summary(await getCrisisDirectory(getDb()), new URL(request.url).searchParams.get("region"));
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { user } = await requirePermission(request, context, "site:settings");
  const form = await parseForm(request, crisisSchema);
  if (!form.ok) return rejectForm(form);
  const db = getDb();
  const { intent, code, country } = form.data;
  if (intent === "reset") {
    await resetCrisisDirectory(db);
    return { ok: true as const, message: "The built-in regions are back, with the United States as the site's default." };
  }
  const values = form.data as unknown as Record<string, string>;
  const resources: CrisisResource[] = [];
  for (let i = 0; i < MAX_RESOURCES; i++) {
    const name = values[`r${i}_name`] ?? "";
    if (!name) continue;
    resources.push({ name, contact: values[`r${i}_contact`] ?? "", href: values[`r${i}_href`] ?? "", description: values[`r${i}_description`] ?? "" });
  }
  const change = {
    save: () => regionChanges.save(code, { region: form.data.region, resources }),
    default: () => regionChanges.makeDefault(code),
    remove: () => regionChanges.remove(code),
    add: () => regionChanges.add(country.toLowerCase()),
  }[intent]();
  try {
    await changeCrisisDirectory(db, user.id, change);
  } catch (error) {
    if (error instanceof CrisisDirectoryError) return formFailure({ [error.field]: error.message }, {}, error.status);
    throw error;
  }
  if (intent === "add") throw redirect(`/admin/crisis?region=${encodeURIComponent(country.toLowerCase())}`);
  if (intent === "remove") throw redirect("/admin/crisis");
  const message = intent === "default" ? "Saved. Visitors whose region isn't known see this region first." : "Saved. The “Need help now?” page shows these resources.";
  return { ok: true as const, message };
}

export default function AdminCrisis() {
  const { regions, editing, isDefault, countries } = useLoaderData<typeof loader>();
  const state = useActionData<typeof action>();
  const errors = (state && "errors" in state ? state.errors : undefined) ?? {};
  // After a save the loader data is fresh; after a failed save, keep what was typed.
  const typed = state && "values" in state ? state : undefined;
  // Remount the form whenever the saved settings change, so it shows what was just saved.
  const savedVersion = JSON.stringify(editing);
  const rows = Array.from({ length: MAX_RESOURCES }, (_, i) => editing.resources[i] ?? { name: "", contact: "", href: "", description: "" });
  const formAction = `/admin/crisis?region=${encodeURIComponent(editing.code)}`;
  return (
    <div className="stack">
      <h1>Crisis resources</h1>
      <p className="muted">
        These appear on the <Link to="/help">Need help now?</Link> page, linked from every page. Each member sees their own region first — the one chosen in their profile, or the
        one of their time zone — and the others are one tap away. Visitors whose region isn't known see the default.
      </p>
      <SavedMessage state={state} />
      <FormErrors state={state} />
      <nav aria-labelledby="regions-heading">
        <h2 id="regions-heading">Regions</h2>
        <ul className="region-links">
          {regions.map((r) => (
            <li key={r.code}>
              <Link to={`/admin/crisis?region=${encodeURIComponent(r.code)}`} aria-current={r.code === editing.code ? "page" : undefined}>
                {r.region}
              </Link>{" "}
              <span className="muted">
                ({r.count} {r.count === 1 ? "line" : "lines"}
                {r.isDefault ? ", default" : ""})
              </span>
            </li>
          ))}
        </ul>
      </nav>
      <h2>{editing.region}</h2>
      <Form method="post" action={formAction} className="form" noValidate key={savedVersion}>
        <input type="hidden" name="code" value={editing.code} />
        <TextField {...fieldProps(typed, "region", editing.region)} label="Where these apply" hint="For example “United Kingdom” or “Ireland”." maxLength={60} />
        {rows.map((r, i) => (
          <fieldset key={i} className="fieldset">
            <legend>Resource {i + 1}</legend>
            <TextField {...fieldProps(typed, `r${i}_name`, r.name)} label="Name" maxLength={100} />
            <TextField {...fieldProps(typed, `r${i}_contact`, r.contact)} label="How to reach them" maxLength={100} />
            <TextField {...fieldProps(typed, `r${i}_href`, r.href)} label="Link (optional)" hint="tel:988, sms:988 or https://…" maxLength={320} />
            <TextareaField {...fieldProps(typed, `r${i}_description`, r.description)} label="Description (optional)" maxLength={300} rows={3} />
          </fieldset>
        ))}
        <div className="button-row">
          <SubmitButton name="intent" value="save">
            Save {editing.region}
          </SubmitButton>
          {isDefault ? null : (
            <>
              <SubmitButton variant="secondary" name="intent" value="default">
                Make this the default
              </SubmitButton>
              <SubmitButton variant="danger" name="intent" value="remove">
                Remove {editing.region}
              </SubmitButton>
            </>
          )}
        </div>
      </Form>
      <h2>Add a country</h2>
      <Form method="post" className="form" noValidate>
        <SelectField name="country" label="Country" options={[{ value: "", label: "Choose a country" }, ...countries]} defaultValue="" error={errors.country} />
        <p className="muted">It starts with the local emergency number and an international directory; add the country's own lines next.</p>
        <div className="button-row">
          <SubmitButton variant="secondary" name="intent" value="add">
            Add country
          </SubmitButton>
        </div>
      </Form>
      <h2>Start again</h2>
      <Form method="post" className="form" noValidate>
        <p className="muted">Puts back the built-in regions (United States, Canada, United Kingdom, Ireland, Australia, elsewhere) and drops your changes.</p>
        <div className="button-row">
          <SubmitButton variant="secondary" name="intent" value="reset">
            Restore the built-in regions
          </SubmitButton>
        </div>
      </Form>
    </div>
  );
}
