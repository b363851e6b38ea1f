import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { CheckboxField, Form, FormErrors, SavedMessage, SelectField, SubmitButton } from "~/components/forms";
import { getPreferences, getReminderMinutes, PreferenceError, saveReminderMinutes, savePreferences } from "~/models/notification-settings.server";
import { requireAuth, requireUser } from "~/utils/auth.server";
import { PushOnDevice } from "~/components/push-on-device";
import { listPushDevices } from "~/models/push/subscriptions.server";
import { vapidKeys } from "~/models/push/keys.server";
import { getDb } from "~/utils/db.server";
import { formFailure, parseForm, rejectForm } from "~/utils/forms.server";
import { DELIVERIES, deliveriesFor, NOTIFICATION_TYPES, REMINDER_CHOICES, SECTIONS, TYPE_ORDER, type NotificationSection } from "~/utils/notification-types";
import { useSiteName, pageMeta } from "~/utils/site-title";

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, "Notification settings");

const REMINDER_FIELD = (minutes: number) => `remind-${minutes}`;

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { user, session } = await requireAuth(request, context);
  const db = getDb();
  const [preferences, reminders, devices, keys] = await Promise.all([
    getPreferences(db, user.id),
    getReminderMinutes(db, user.id),
    listPushDevices(db, user.id, session.id),
    vapidKeys(db),
  ]);
  return { preferences, reminders, push: { publicKey: keys.publicKey, onHere: devices.some((d) => d.thisDevice) } };
}

/** One optional field per kind of notification (its delivery; the model checks which are allowed) and per reminder checkbox. */
const preferencesSchema = z
  .object({
    ...Object.fromEntries(TYPE_ORDER.map((type) => [type, z.string().optional()])),
    ...Object.fromEntries(REMINDER_CHOICES.map((c) => [REMINDER_FIELD(c.minutes), z.string().optional()])),
  })
  .strict("That form had a setting Harbor doesn't know. Please reload the page and try again.");

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUser(request, context);
  const form = await parseForm(request, preferencesSchema);
  if (!form.ok) return rejectForm(form);
  const fields = form.data as Record<string, string | undefined>;
  const choices: Record<string, string> = {};
  for (const type of TYPE_ORDER) if (fields[type] !== undefined) choices[type] = fields[type];
  const reminders = REMINDER_CHOICES.filter((c) => fields[REMINDER_FIELD(c.minutes)] === "on").map((c) => c.minutes);
  const db = getDb();
  try {
    await savePreferences(db, user.id, choices);
  } catch (error) {
    if (error instanceof PreferenceError) return formFailure({ [error.field]: error.message }, choices);
    throw error;
  }
  await saveReminderMinutes(db, user.id, reminders);
  return { ok: true as const, savedAt: Date.now(), message: "Your notification settings are saved." };
}

export default function NotificationSettings() {
  const { preferences, reminders, push } = useLoaderData<typeof loader>();
  const site = useSiteName();
  const state = useActionData<typeof action>();
  const errors = (state && "errors" in state ? state.errors : undefined) ?? {};
  return (
    <div className="stack">
      <h1>Notifications</h1>
      <p className="muted">
        Choose how {site} lets you know about each kind of news. E-mails never include what was written or the names of private groups: they link back here. Every e-mail has a link
        to stop it. See <Link to="/notifications">your notifications</Link>.
      </p>
      <SavedMessage state={state} />
      <FormErrors state={state} />
      <Form method="post" className="form" noValidate>
        {(Object.keys(SECTIONS) as NotificationSection[]).map((section) => (
          <fieldset className="fieldset preferences-section" key={section}>
            <legend>{SECTIONS[section]}</legend>
            {TYPE_ORDER.filter((type) => NOTIFICATION_TYPES[type].section === section).map((type) => (
              <SelectField
                key={type}
                name={type}
                label={NOTIFICATION_TYPES[type].label}
                hint={NOTIFICATION_TYPES[type].hint + (NOTIFICATION_TYPES[type].canTurnOff ? "" : ` Always shown in ${site}, so you know where you stand.`)}
                defaultValue={preferences[type]}
                error={errors[type]}
                options={deliveriesFor(type).map((d) => ({ value: d, label: DELIVERIES[d] }))}
              />
            ))}
            {section === "meetings" ? (
              <div className="preferences-reminders" role="group" aria-labelledby="reminder-times">
                <p id="reminder-times" className="preferences-reminders__label">
                  When to remind you
                </p>
                <p className="field__hint">For meetings you said you'd attend, in your own time zone.</p>
                {REMINDER_CHOICES.map((c) => (
                  <CheckboxField key={c.minutes} name={REMINDER_FIELD(c.minutes)} label={c.label} defaultChecked={reminders.includes(c.minutes)} />
                ))}
              </div>
            ) : null}
          </fieldset>
        ))}
        <div className="button-row">
          <SubmitButton>Save notification settings</SubmitButton>
        </div>
      </Form>
      <PushOnDevice publicKey={push.publicKey} onHere={push.onHere} siteName={site} />
    </div>
  );
}
