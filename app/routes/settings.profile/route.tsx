import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { useEffect, useState } from "react";
import { z } from "zod";
import { CheckboxField, DisplayNameField, Form, FormErrors, SavedMessage, SelectField, SubmitButton, TextareaField, fieldValue } from "~/components/forms";
import { getCrisisDirectory, regionFor } from "~/models/crisis-directory.server";
import { DuplicateAccountError, getAccount, updateProfile } from "~/models/users.server";
import { requireUser } from "~/utils/auth.server";
import { getDb } from "~/utils/db.server";
import { formFailure, parseForm, rejectForm } from "~/utils/forms.server";
import { bioField, displayNameField, timeZoneField } from "~/utils/schemas";
import { zonePickerChoices } from "~/utils/time-zones.server";
import { ZonePicker } from "~/components/zone-picker";
import { pageMeta } from "~/utils/site-title";

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, "Your profile");

export const profileSchema = z.object({
  displayName: displayNameField,
  timeZone: timeZoneField,
  bio: bioField,
  crisisRegion: z.preprocess((v) => (typeof v === "string" ? v.trim() : ""), z.string().max(20, "Choose a region from the list.")),
  discreet: z.preprocess((v) => v === "on" || v === "1", z.boolean()),
});

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  const db = getDb();
  const [account, directory] = await Promise.all([getAccount(db, user.id), getCrisisDirectory(db)]);
  if (!account) throw new Response("Not found", { status: 404 });
  const fromZone = regionFor(directory, { crisisRegion: null, timeZone: account.time_zone }).shown.region;
  return {
    profile: {
      id: account.id,
      displayName: account.display_name,
      timeZone: account.time_zone,
      bio: account.bio,
      crisisRegion: account.crisis_region ?? "",
      discreet: account.discreet_mode === 1,
    },
    timeZones: zonePickerChoices(request, account.time_zone),
    crisisRegions: [{ value: "", label: `From my time zone (now ${fromZone})` }, ...directory.regions.map((r) => ({ value: r.code, label: r.region }))],
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUser(request, context);
  const form = await parseForm(request, profileSchema);
  if (!form.ok) return rejectForm(form);
  const db = getDb();
  const directory = await getCrisisDirectory(db);
  const crisisRegion = form.data.crisisRegion || null;
  const typed = { ...form.data, discreet: form.data.discreet ? "on" : "" };
  if (crisisRegion && !directory.regions.some((r) => r.code === crisisRegion)) {
    return formFailure({ crisisRegion: "Choose a region from the list." }, { ...typed, crisisRegion: "" });
  }
  try {
    await updateProfile(db, user.id, { ...form.data, crisisRegion });
  } catch (error) {
    if (error instanceof DuplicateAccountError) {
      return formFailure({ displayName: "Someone here already uses that display name. Try adding an initial or a word you like." }, typed);
    }
    throw error;
  }
  return { ok: true as const, message: "Your profile is saved." };
}

function BrowserZoneHint({ current }: { current: string }) {
  const [zone, setZone] = useState<string | null>(null);
  useEffect(() => setZone(Intl.DateTimeFormat().resolvedOptions().timeZone ?? null), []);
  if (!zone || zone === current) return null;
  return <>Your device says it is in {zone}.</>;
}

export default function Profile() {
  const { profile, timeZones, crisisRegions } = useLoaderData<typeof loader>();
  const state = useActionData<typeof action>();
  const errors = (state && "errors" in state ? state.errors : undefined) ?? {};
  return (
    <div className="stack">
      <h1>Your profile</h1>
      <p className="muted">
        Other members see your display name and what you write about yourself — never your e-mail address. <Link to={`/members/${profile.id}`}>See your profile as others do</Link>.
      </p>
      <SavedMessage state={state} />
      <FormErrors state={state} />
      <Form method="post" className="form" noValidate>
        <DisplayNameField state={state} error={errors.displayName} hint="A first name and initial, or a nickname." stored={profile.displayName} />
        <ZonePicker
          name="timeZone"
          label="Time zone"
          hint={
            <>
              Meeting times and your day counts follow this zone. <BrowserZoneHint current={profile.timeZone} />
            </>
          }
          regions={timeZones}
          defaultValue={fieldValue(state, "timeZone", profile.timeZone)}
          error={errors.timeZone}
        />
        <SelectField
          name="crisisRegion"
          label="Crisis lines shown first"
          hint="The “Need help now?” page lists this region's lines first; the others are one tap away."
          options={crisisRegions}
          defaultValue={fieldValue(state, "crisisRegion", profile.crisisRegion)}
          error={errors.crisisRegion}
        />
        <fieldset className="fieldset">
          <legend>On your screen</legend>
          <CheckboxField
            name="discreet"
            label="Discreet mode: my home page hides what I count and my day counts until I tap (for opening Harbor on a bus or at work)"
            defaultChecked={state && "values" in state ? state.values?.discreet === "on" : profile.discreet}
          />
        </fieldset>
        <TextareaField
          name="bio"
          label="About you"
          hint="Optional, up to 500 characters. Share only what you are comfortable with."
          maxLength={500}
          rows={5}
          defaultValue={fieldValue(state, "bio", profile.bio)}
          error={errors.bio}
        />
        <div className="button-row">
          <SubmitButton>Save profile</SubmitButton>
        </div>
      </Form>
    </div>
  );
}
