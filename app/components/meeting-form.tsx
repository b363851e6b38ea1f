/** The create / edit form of a meeting: works without JavaScript; keeps what was typed after a mistake. */
import { Form, FormErrors, RadioGroupField, SelectField, SubmitButton, TextareaField, TextField } from "~/components/forms";
import { ATTENDANCE, MEETING_STATUSES, MEETING_TYPES, PROVIDER_LIST } from "~/utils/meeting-labels";
import { WEEKDAYS } from "~/utils/meeting-time";
import { ZonePicker, type ZoneRegion } from "~/components/zone-picker";

type ContactSlots = { [K in `contact${1 | 2 | 3}${"Name" | "Email" | "Phone"}`]?: string };

export interface MeetingFormValues extends ContactSlots {
  groupId?: string;
  name: string;
  slug: string;
  notes: string;
  kind: string;
  /** Comma-separated weekday numbers. */
  days: string;
  date: string;
  startTime: string;
  endTime: string;
  timeZone: string;
  attendance: string;
  locationName: string;
  address: string;
  locationNotes: string;
  latitude: string;
  longitude: string;
  conferenceUrl: string;
  conferenceUrlNotes: string;
  conferencePhone: string;
  conferencePhoneNotes: string;
  /** Comma-separated codes. */
  types: string;
  status: string;
  area?: string;
  region?: string;
  meetingGroup?: string;
  groupNotes?: string;
  website?: string;
  feedbackUrl?: string;
  venmo?: string;
  paypal?: string;
  square?: string;
}

interface Props {
  values: MeetingFormValues;
  errors: Record<string, string>;
  timeZones: ZoneRegion[];
  groups?: { id: number; name: string }[];
  submitLabel: string;
  showSlug: boolean;
}

export function MeetingForm({ values, errors, timeZones, groups, submitLabel, showSlug }: Props) {
  const days = new Set(values.days.split(",").filter(Boolean));
  const types = new Set(values.types.split(",").filter(Boolean));
  return (
    <Form method="post" className="form form--wide meeting-form" noValidate>
      <FormErrors state={{ errors }} />
      <input type="hidden" name="intent" value="save" />
      {groups ? (
        <SelectField
          name="groupId"
          label="Group"
          hint="The meeting belongs to this group and is visible to whoever can see the group."
          options={groups.map((g) => ({ value: String(g.id), label: g.name }))}
          defaultValue={values.groupId}
          error={errors.groupId}
        />
      ) : null}
      <TextField
        name="name"
        label="Meeting name"
        hint="Without the day or time, e.g. “Tuesday Night Hope”. No last names."
        required
        maxLength={120}
        defaultValue={values.name}
        error={errors.name}
      />
      {showSlug ? (
        <TextField
          name="slug"
          label="Web address"
          hint="Lower-case letters, digits and dashes. Calendar apps and meeting finders use it, so change it only if you must."
          maxLength={64}
          defaultValue={values.slug}
          error={errors.slug}
        />
      ) : null}

      <fieldset className="fieldset">
        <legend>When</legend>
        <RadioGroupField name="kind" legend="How often" options={{ weekly: "Every week", one_off: "Once (a reunion, a workshop)" }} value={values.kind} error={errors.kind} />
        <fieldset className={`fieldset meeting-days${errors.days ? " field--invalid" : ""}`} aria-describedby={errors.days ? "field-days-error" : undefined}>
          <legend>Days (weekly meetings)</legend>
          <div className="meeting-days__grid">
            {WEEKDAYS.map((d, i) => (
              <div className="checkbox" key={d}>
                <input type="checkbox" id={`field-days-${i}`} name="days" value={i} defaultChecked={days.has(String(i))} />
                <label htmlFor={`field-days-${i}`}>{d}</label>
              </div>
            ))}
          </div>
          {errors.days ? (
            <p className="field__error" id="field-days-error">
              <span aria-hidden="true">⚠ </span>
              {errors.days}
            </p>
          ) : null}
        </fieldset>
        <TextField name="date" type="date" label="Date (one-off meetings)" hint="YYYY-MM-DD" defaultValue={values.date} error={errors.date} />
        <div className="meeting-form__row">
          <TextField name="startTime" type="time" label="Starts at" hint="24-hour, e.g. 19:00" required defaultValue={values.startTime} error={errors.startTime} />
          <TextField name="endTime" type="time" label="Ends at" hint="Blank: one hour. 00:30 after 23:30 ends the next day." defaultValue={values.endTime} error={errors.endTime} />
        </div>
        <ZonePicker
          name="timeZone"
          label="Time zone"
          hint="The meeting's own zone: its time stays the same local time through daylight-saving changes."
          regions={timeZones}
          defaultValue={values.timeZone}
          error={errors.timeZone}
        />
      </fieldset>

      <RadioGroupField name="attendance" legend="How people attend" options={ATTENDANCE} value={values.attendance} error={errors.attendance} />

      <fieldset className="fieldset">
        <legend>In person (in-person and hybrid meetings)</legend>
        <TextField name="locationName" label="Place" hint="e.g. St. Mark's Hall" maxLength={120} defaultValue={values.locationName} error={errors.locationName} />
        <TextareaField name="address" label="Street address" rows={2} maxLength={300} defaultValue={values.address} error={errors.address} />
        <TextareaField
          name="locationNotes"
          label="Finding the room"
          hint="Parking, entrance, accessibility."
          rows={2}
          maxLength={1000}
          defaultValue={values.locationNotes}
          error={errors.locationNotes}
        />
        <div className="meeting-form__row">
          <TextField name="latitude" label="Latitude (optional)" inputMode="decimal" defaultValue={values.latitude} error={errors.latitude} />
          <TextField name="longitude" label="Longitude (optional)" inputMode="decimal" defaultValue={values.longitude} error={errors.longitude} />
        </div>
      </fieldset>

      <fieldset className="fieldset">
        <legend>Online (online and hybrid meetings)</legend>
        <TextField
          name="conferenceUrl"
          type="url"
          label="Video link"
          hint={`A direct meeting link on ${PROVIDER_LIST}.`}
          maxLength={500}
          defaultValue={values.conferenceUrl}
          error={errors.conferenceUrl}
        />
        <TextField
          name="conferenceUrlNotes"
          label="Link notes"
          hint="e.g. the passcode"
          maxLength={500}
          defaultValue={values.conferenceUrlNotes}
          error={errors.conferenceUrlNotes}
        />
        <TextField
          name="conferencePhone"
          type="tel"
          label="Dial-in number"
          hint="Digits and + , * # only, e.g. +16465588656,,123456789#"
          maxLength={60}
          defaultValue={values.conferencePhone}
          error={errors.conferencePhone}
        />
        <TextField name="conferencePhoneNotes" label="Phone notes" maxLength={500} defaultValue={values.conferencePhoneNotes} error={errors.conferencePhoneNotes} />
        <TextField
          name="area"
          label="Area (online meetings)"
          hint="Where the meeting is based, like “Chicago, IL, USA”: meeting apps list online meetings by place. Blank: the group's area served."
          maxLength={200}
          defaultValue={values.area}
          error={errors.area}
        />
      </fieldset>
      <TextField
        name="region"
        label="Region (optional)"
        hint="A neighbourhood or town for the directory's region filter; “Illinois > Chicago” for a region within a region."
        maxLength={120}
        defaultValue={values.region}
        error={errors.region}
      />

      <fieldset className={`fieldset meeting-types-field${errors.types ? " field--invalid" : ""}`} aria-describedby={errors.types ? "field-types-error" : undefined}>
        <legend>Meeting types</legend>
        <p className="field__hint">The Meeting Guide type codes. Choose all that apply.</p>
        <div className="meeting-types-field__grid">
          {MEETING_TYPES.map((t) => (
            <div className="checkbox" key={t.code}>
              <input type="checkbox" id={`field-types-${t.code}`} name="types" value={t.code} defaultChecked={types.has(t.code)} />
              <label htmlFor={`field-types-${t.code}`}>{t.name}</label>
            </div>
          ))}
        </div>
        {errors.types ? (
          <p className="field__error" id="field-types-error">
            <span aria-hidden="true">⚠ </span>
            {errors.types}
          </p>
        ) : null}
      </fieldset>

      <details
        className="fieldset meeting-form__more"
        open={["meetingGroup", "groupNotes", "contacts", "website", "feedbackUrl", "venmo", "paypal", "square"].some((f) => errors[f])}
      >
        <summary>Group, contacts and 7th Tradition (optional)</summary>
        <TextField
          name="meetingGroup"
          label="Group holding the meeting"
          hint="e.g. “The Serenity Group”"
          maxLength={120}
          defaultValue={values.meetingGroup}
          error={errors.meetingGroup}
        />
        <TextareaField name="groupNotes" label="Group notes" rows={2} maxLength={2000} defaultValue={values.groupNotes} error={errors.groupNotes} />
        <fieldset className={`fieldset${errors.contacts ? " field--invalid" : ""}`} aria-describedby={errors.contacts ? "field-contacts-error" : undefined}>
          <legend>Contacts</legend>
          <p className="field__hint">Up to three people newcomers can ask. First names only: a last name is shortened to its initial.</p>
          {([1, 2, 3] as const).map((n) => (
            <div className="meeting-form__row" key={n}>
              <TextField name={`contact${n}Name`} label={`Contact ${n}: name`} maxLength={60} defaultValue={values[`contact${n}Name`]} />
              <TextField name={`contact${n}Email`} type="email" label="E-mail" maxLength={200} defaultValue={values[`contact${n}Email`]} />
              <TextField name={`contact${n}Phone`} type="tel" label="Phone" maxLength={40} defaultValue={values[`contact${n}Phone`]} />
            </div>
          ))}
          {errors.contacts ? (
            <p className="field__error" id="field-contacts-error">
              <span aria-hidden="true">⚠ </span>
              {errors.contacts}
            </p>
          ) : null}
        </fieldset>
        <TextField name="website" type="url" label="Group website" maxLength={500} defaultValue={values.website} error={errors.website} />
        <TextField
          name="feedbackUrl"
          type="url"
          label="Feedback address"
          hint="Where to report a mistake in this listing."
          maxLength={500}
          defaultValue={values.feedbackUrl}
          error={errors.feedbackUrl}
        />
        <div className="meeting-form__row">
          <TextField name="venmo" label="Venmo" hint="@GroupName" maxLength={31} defaultValue={values.venmo} error={errors.venmo} />
          <TextField name="square" label="Cash App" hint="$GroupName" maxLength={21} defaultValue={values.square} error={errors.square} />
          <TextField name="paypal" label="PayPal.me" hint="GroupName" maxLength={60} defaultValue={values.paypal} error={errors.paypal} />
        </div>
      </details>

      <RadioGroupField name="status" legend="Status" options={MEETING_STATUSES} value={values.status || "active"} error={errors.status} />
      <TextareaField name="notes" label="Notes (optional)" hint="What a newcomer should know." rows={4} maxLength={2000} defaultValue={values.notes} error={errors.notes} />
      <div className="button-row">
        <SubmitButton>{submitLabel}</SubmitButton>
      </div>
    </Form>
  );
}
