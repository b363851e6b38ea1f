/** The create / edit form of a meeting: works without JavaScript; keeps what was typed after a mistake. */
import { Choices, FieldGroup, Form, FormErrors, RadioGroupField, SelectField, SubmitButton, TextareaField, TextField } from "~/components/forms";
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

type FieldName = Exclude<keyof MeetingFormValues, keyof ContactSlots>;

const WEEKDAY_OPTIONS = WEEKDAYS.map((label, i) => ({ value: String(i), label }));
const TYPE_OPTIONS = MEETING_TYPES.map((t) => ({ value: t.code, label: t.name }));
const MORE_FIELDS = ["meetingGroup", "groupNotes", "contacts", "website", "feedbackUrl", "venmo", "paypal", "square"];

export function MeetingForm({ values, errors, timeZones, groups, submitLabel, showSlug }: Props) {
  const days = new Set(values.days.split(",").filter(Boolean));
  const types = new Set(values.types.split(",").filter(Boolean));
  /** A field's name, what it holds and its error: every field of the form is named once. */
  const field = (name: FieldName) => ({ name, defaultValue: values[name], error: errors[name] });
  return (
    <Form method="post" className="form form--wide meeting-form" noValidate>
      <FormErrors state={{ errors }} />
      <input type="hidden" name="intent" value="save" />
      {groups ? (
        <SelectField
          {...field("groupId")}
          label="Group"
          hint="The meeting belongs to this group and is visible to whoever can see the group."
          options={groups.map((g) => ({ value: String(g.id), label: g.name }))}
        />
      ) : null}
      <TextField {...field("name")} label="Meeting name" hint="Without the day or time, e.g. “Tuesday Night Hope”. No last names." required maxLength={120} />
      {showSlug ? (
        <TextField
          {...field("slug")}
          label="Web address"
          hint="Lower-case letters, digits and dashes. Calendar apps and meeting finders use it, so change it only if you must."
          maxLength={64}
        />
      ) : null}

      <fieldset className="fieldset">
        <legend>When</legend>
        <RadioGroupField name="kind" legend="How often" options={{ weekly: "Every week", one_off: "Once (a reunion, a workshop)" }} value={values.kind} error={errors.kind} />
        <FieldGroup name="days" legend="Days (weekly meetings)" className="meeting-days" error={errors.days}>
          <div className="meeting-days__grid">
            <Choices type="checkbox" name="days" options={WEEKDAY_OPTIONS} checked={(d) => days.has(d)} />
          </div>
        </FieldGroup>
        <TextField {...field("date")} type="date" label="Date (one-off meetings)" hint="YYYY-MM-DD" />
        <div className="meeting-form__row">
          <TextField {...field("startTime")} type="time" label="Starts at" hint="24-hour, e.g. 19:00" required />
          <TextField {...field("endTime")} type="time" label="Ends at" hint="Blank: one hour. 00:30 after 23:30 ends the next day." />
        </div>
        <ZonePicker
          {...field("timeZone")}
          label="Time zone"
          hint="The meeting's own zone: its time stays the same local time through daylight-saving changes."
          regions={timeZones}
        />
      </fieldset>

      <RadioGroupField name="attendance" legend="How people attend" options={ATTENDANCE} value={values.attendance} error={errors.attendance} />

      <fieldset className="fieldset">
        <legend>In person (in-person and hybrid meetings)</legend>
        <TextField {...field("locationName")} label="Place" hint="e.g. St. Mark's Hall" maxLength={120} />
        <TextareaField {...field("address")} label="Street address" rows={2} maxLength={300} />
        <TextareaField {...field("locationNotes")} label="Finding the room" hint="Parking, entrance, accessibility." rows={2} maxLength={1000} />
        <div className="meeting-form__row">
          <TextField {...field("latitude")} label="Latitude (optional)" inputMode="decimal" />
          <TextField {...field("longitude")} label="Longitude (optional)" inputMode="decimal" />
        </div>
      </fieldset>

      <fieldset className="fieldset">
        <legend>Online (online and hybrid meetings)</legend>
        <TextField {...field("conferenceUrl")} type="url" label="Video link" hint={`A direct meeting link on ${PROVIDER_LIST}.`} maxLength={500} />
        <TextField {...field("conferenceUrlNotes")} label="Link notes" hint="e.g. the passcode" maxLength={500} />
        <TextField {...field("conferencePhone")} type="tel" label="Dial-in number" hint="Digits and + , * # only, e.g. +16465588656,,123456789#" maxLength={60} />
        <TextField {...field("conferencePhoneNotes")} label="Phone notes" maxLength={500} />
        <TextField
          {...field("area")}
          label="Area (online meetings)"
          hint="Where the meeting is based, like “Chicago, IL, USA”: meeting apps list online meetings by place. Blank: the group's area served."
          maxLength={200}
        />
      </fieldset>
      <TextField
        {...field("region")}
        label="Region (optional)"
        hint="A neighbourhood or town for the directory's region filter; “Illinois > Chicago” for a region within a region."
        maxLength={120}
      />

      <FieldGroup name="types" legend="Meeting types" hint="The Meeting Guide type codes. Choose all that apply." className="meeting-types-field" error={errors.types}>
        <div className="meeting-types-field__grid">
          <Choices type="checkbox" name="types" options={TYPE_OPTIONS} checked={(t) => types.has(t)} />
        </div>
      </FieldGroup>

      <details className="fieldset meeting-form__more" open={MORE_FIELDS.some((f) => errors[f])}>
        <summary>Group, contacts and 7th Tradition (optional)</summary>
        <TextField {...field("meetingGroup")} label="Group holding the meeting" hint="e.g. “The Serenity Group”" maxLength={120} />
        <TextareaField {...field("groupNotes")} label="Group notes" rows={2} maxLength={2000} />
        <FieldGroup
          name="contacts"
          legend="Contacts"
          hint="Up to three people newcomers can ask. First names only: a last name is shortened to its initial."
          error={errors.contacts}
        >
          {([1, 2, 3] as const).map((n) => (
            <div className="meeting-form__row" key={n}>
              <TextField name={`contact${n}Name`} label={`Contact ${n}: name`} maxLength={60} defaultValue={values[`contact${n}Name`]} />
              <TextField name={`contact${n}Email`} type="email" label="E-mail" maxLength={200} defaultValue={values[`contact${n}Email`]} />
              <TextField name={`contact${n}Phone`} type="tel" label="Phone" maxLength={40} defaultValue={values[`contact${n}Phone`]} />
            </div>
          ))}
        </FieldGroup>
        <TextField {...field("website")} type="url" label="Group website" maxLength={500} />
        <TextField {...field("feedbackUrl")} type="url" label="Feedback address" hint="Where to report a mistake in this listing." maxLength={500} />
        <div className="meeting-form__row">
          <TextField {...field("venmo")} label="Venmo" hint="@GroupName" maxLength={31} />
          <TextField {...field("square")} label="Cash App" hint="$GroupName" maxLength={21} />
          <TextField {...field("paypal")} label="PayPal.me" hint="GroupName" maxLength={60} />
        </div>
      </details>

      <RadioGroupField name="status" legend="Status" options={MEETING_STATUSES} value={values.status || "active"} error={errors.status} />
      <TextareaField {...field("notes")} label="Notes (optional)" hint="What a newcomer should know." rows={4} maxLength={2000} />
      <div className="button-row">
        <SubmitButton>{submitLabel}</SubmitButton>
      </div>
    </Form>
  );
}
