import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { fieldValue, RadioGroupField, SettingsForm, SubmitButton, TextField } from "~/components/forms";
import { getSiteConfig, saveSiteConfig } from "~/models/site-config.server";
import { requirePermission } from "~/utils/auth.server";
import { getDb } from "~/utils/db.server";
import { saveSettingsForm } from "~/utils/settings-form.server";
import { textField } from "~/utils/schemas";
import { isValidTimeZone } from "~/utils/time";
import { zonePickerChoices } from "~/utils/time-zones.server";
import { ZonePicker } from "~/components/zone-picker";
import { pageMeta } from "~/utils/site-title";

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, "Site settings · Admin");

const REGISTRATION = { open: "Open: anyone can create an account", invite_only: "Invite-only: only people arriving with a group invite link can create an account" } as const;

export const siteSchema = z.object({
  siteName: textField("The site's name", { min: 2, max: 60 }),
  registration: z.enum(["open", "invite_only"], { errorMap: () => ({ message: "Choose how people can join." }) }),
  defaultTimeZone: z.string().refine(isValidTimeZone, "Choose a time zone from the list."),
});

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requirePermission(request, context, "site:settings");
  const config = await getSiteConfig(getDb());
  return { config, zones: zonePickerChoices(request, config.defaultTimeZone) };
}

export async function action(args: ActionFunctionArgs) {
  return saveSettingsForm(args, siteSchema, saveSiteConfig, "Site settings saved.");
}

export default function AdminSite() {
  const { config, zones } = useLoaderData<typeof loader>();
  const state = useActionData<typeof action>();
  const errors: Record<string, string> = (state && "errors" in state ? state.errors : undefined) ?? {};
  return (
    <div className="stack readable">
      <h1>Site settings</h1>
      <SettingsForm state={state}>
        <TextField
          name="siteName"
          label="Site name"
          hint="Shown in the header, the footer and every page's title, e.g. your programme's alumni network."
          maxLength={60}
          defaultValue={fieldValue(state, "siteName", config.siteName)}
          error={errors.siteName}
        />
        <RadioGroupField
          name="registration"
          legend="Who can create an account"
          options={REGISTRATION}
          value={fieldValue(state, "registration", config.registration)}
          error={errors.registration}
        />
        <ZonePicker
          name="defaultTimeZone"
          label="Default time zone"
          hint="Meeting times for visitors whose browser doesn't say (no JavaScript), and new accounts' zone when their browser doesn't say. Members can change theirs in Settings."
          regions={zones}
          defaultValue={fieldValue(state, "defaultTimeZone", config.defaultTimeZone)}
          error={errors.defaultTimeZone}
        />
        <SubmitButton>Save site settings</SubmitButton>
      </SettingsForm>
    </div>
  );
}
