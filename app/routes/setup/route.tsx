import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import {
  DisplayNameField,
  EmailField,
  Form,
  FormErrors,
  NewPasswordField,
  RadioGroupField,
  SelectField,
  SubmitButton,
  TextField,
  fieldValue,
  fieldProps,
} from "~/components/forms";
import { CRISIS_REGION_LABELS, isCrisisRegion } from "~/models/crisis-regions.server";
import { completeSetup, siteNeedsSetup } from "~/models/first-run.server";
import { startSession } from "~/utils/auth.server";
import { getDb } from "~/utils/db.server";
import { getConfig } from "~/utils/env.server";
import { formFailure, parseForm, rejectForm } from "~/utils/forms.server";
import { notFound } from "~/utils/groups.server";
import { displayNameField, emailField, passwordField, textField } from "~/utils/schemas";
import { allTimeZones, isValidTimeZone } from "~/utils/time";

export const meta: MetaFunction = () => [{ title: "Set up Harbor" }, { name: "description", content: "Set up this Harbor site: its name and its first administrator." }];

const REGISTRATION = {
  open: "Open: anyone can create an account",
  invite_only: "Invite-only: only people arriving with a group invite link can create an account",
} as const;

export const setupSchema = z.object({
  code: textField("The set-up code", { min: 1, max: 60 }),
  displayName: displayNameField,
  email: emailField,
  password: passwordField(),
  siteName: textField("The site's name", { min: 2, max: 60 }),
  registration: z.enum(["open", "invite_only"], { errorMap: () => ({ message: "Choose how people can join." }) }),
  defaultTimeZone: z.string().refine(isValidTimeZone, "Choose a time zone from the list."),
  crisisRegion: z.string().refine(isCrisisRegion, "Choose where your members are."),
});

/** Only while the site has no admin; afterwards this page does not exist. */
async function requireSetupPending() {
  if (!(await siteNeedsSetup(getDb()))) throw notFound();
}

export async function loader(_args: LoaderFunctionArgs) {
  await requireSetupPending();
  return { zones: allTimeZones(), defaultTimeZone: getConfig().defaultTimeZone, regions: CRISIS_REGION_LABELS };
}

export async function action({ request, context }: ActionFunctionArgs) {
  await requireSetupPending();
  const form = await parseForm(request, setupSchema);
  if (!form.ok) return rejectForm(form);
  const { code: _code, password: _password, ...typed } = form.data;
  const result = await completeSetup(getDb(), { ...form.data, crisisRegion: isCrisisRegion(form.data.crisisRegion) ? form.data.crisisRegion : "us" });
  if ("alreadySetUp" in result) throw notFound();
  if (!result.ok) return formFailure(result.errors, typed);
  const cookie = await startSession(request, context, result.admin.id);
  return redirect("/admin?setup=done", { headers: { "Set-Cookie": cookie } });
}

export default function Setup() {
  const { zones, defaultTimeZone, regions } = useLoaderData<typeof loader>();
  const state = useActionData<typeof action>();
  const errors: Record<string, string> = state?.errors ?? {};
  return (
    <div className="stack readable">
      <h1>Set up this Harbor site</h1>
      <p className="lead">This site has no admin yet. Whoever runs it sets it up here, once.</p>
      <p>
        The set-up code is in the server's log, printed when it started (a new one each start). Visiting and don't run this site? There is nothing to do here yet — please come back
        later.
      </p>
      <FormErrors state={state} />
      <Form method="post" className="form" noValidate>
        <TextField
          name="code"
          label="Set-up code"
          hint="Looks like ABCD-EFGH-JKLM-NPQR-STUV. Dashes and capitals don't matter."
          autoComplete="off"
          spellCheck={false}
          required
          maxLength={60}
          error={errors.code}
        />
        <fieldset className="fieldset">
          <legend>Your admin account</legend>
          <DisplayNameField state={state} error={errors.displayName} hint="Shown to members, e.g. “Jordan (admin)”. You can change it later." />
          <EmailField state={state} error={errors.email} hint="For signing in and password resets. Members never see it." />
          <NewPasswordField name="password" label="Password" error={errors.password} />
        </fieldset>
        <fieldset className="fieldset">
          <legend>Your site</legend>
          <TextField
            {...fieldProps(state, "siteName", "Harbor")}
            label="Site name"
            hint="Shown in the header and every page's title, e.g. your programme's alumni network."
            required
            maxLength={60}
          />
          <RadioGroupField
            name="registration"
            legend="Who can create an account"
            options={REGISTRATION}
            value={fieldValue(state, "registration", "open")}
            error={errors.registration}
          />
          <SelectField
            {...fieldProps(state, "defaultTimeZone", defaultTimeZone)}
            label="Default time zone"
            hint="For new accounts when their browser doesn't say, and for your own account."
            options={zones.map((z) => ({ value: z, label: z }))}
          />
          <SelectField
            {...fieldProps(state, "crisisRegion", "us")}
            label="Crisis resources"
            hint="Every page links to a “Need help now?” page with these lines. You can edit the list afterwards under Admin → Crisis resources."
            options={Object.entries(regions).map(([value, label]) => ({ value, label }))}
          />
        </fieldset>
        <div className="button-row">
          <SubmitButton>Set up the site</SubmitButton>
        </div>
      </Form>
    </div>
  );
}
