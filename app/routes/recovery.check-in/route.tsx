import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { CheckinCalendar, DailyLineChart, showShortDate } from "~/components/recovery-charts";
import { CheckboxField, Form, FormErrors, RadioGroupField, SavedMessage, SelectField, SubmitButton, TextareaField, TextField, fieldValue, fieldProps } from "~/components/forms";
import { getCheckin, listCheckins, saveCheckin } from "~/models/recovery-journal.server";
import { GuideOffer } from "~/components/guides/guide-offer";
import { cravingGuides } from "~/models/guides/offers.server";
import { signalAfterCheckin } from "~/models/circle/check-on.server";
import { ReachOutButton } from "~/components/circle/reach-out-button";
import { circleHasPeople } from "~/models/circle/people.server";
import { CHECKIN_NOTE_MAX } from "~/utils/recovery-limits";
import { now } from "~/utils/clock.server";
import { parseForm, rejectForm } from "~/utils/forms.server";
import { checkboxField, decimalField, integerField, privateTextField } from "~/utils/recovery-forms";
import { requireRecoveryOwner } from "~/utils/recovery.server";
import { addDays, localToday } from "~/utils/sobriety";
import { pageMeta } from "~/utils/site-title";

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, "Daily check-in · My recovery");

export const MOODS = { "1": "1 · Very low", "2": "2 · Low", "3": "3 · Okay", "4": "4 · Good", "5": "5 · Very good" };

export const checkinSchema = z.object({
  mood: integerField("Your mood", 1, 5),
  cravings: integerField("Cravings", 0, 10),
  sleepHours: decimalField("Hours slept", 0, 24, 1, { required: false }),
  wentToMeeting: checkboxField,
  note: privateTextField("Your note", CHECKIN_NOTE_MAX),
});

function average(values: number[]): string | null {
  return values.length ? (values.reduce((a, b) => a + b, 0) / values.length).toFixed(1) : null;
}

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { user, db, timeZone } = await requireRecoveryOwner(request, context);
  const range = new URL(request.url).searchParams.get("range") === "90" ? 90 : 30;
  const today = localToday(now(), timeZone);
  const checkins = await listCheckins(db, user.id, today, range);
  const byDay = new Map(checkins.map((c) => [c.day, c]));
  const days = Array.from({ length: range }, (_, i) => addDays(today, i - range + 1));
  const todays = byDay.get(today) ?? null;
  // Cravings at 7 or more today: two guides that may help, right under the form.
  const guides = await cravingGuides(db, { id: user.id, role: user.role }, todays?.cravings ?? null);
  return {
    guides,
    hasCircle: await circleHasPeople(db, user.id),
    today,
    todayText: showShortDate(today),
    range,
    current: todays
      ? {
          mood: String(todays.mood),
          cravings: String(todays.cravings),
          sleepHours: todays.sleepHours === null ? "" : String(todays.sleepHours),
          wentToMeeting: todays.wentToMeeting,
          note: todays.note,
        }
      : null,
    days,
    mood: days.map((d) => byDay.get(d)?.mood ?? null),
    cravings: days.map((d) => byDay.get(d)?.cravings ?? null),
    calendar: days.map((d) => ({ day: d, checkedIn: byDay.has(d), meeting: byDay.get(d)?.wentToMeeting ?? false })),
    stats: {
      count: checkins.length,
      mood: average(checkins.map((c) => c.mood)),
      cravings: average(checkins.map((c) => c.cravings)),
      sleep: average(checkins.flatMap((c) => (c.sleepHours === null ? [] : [c.sleepHours]))),
      meetings: checkins.filter((c) => c.wentToMeeting).length,
    },
    // Newest first, for the table of numbers and notes.
    entries: [...checkins].reverse().map((c) => ({ ...c, dayText: showShortDate(c.day) })),
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { user, db, timeZone } = await requireRecoveryOwner(request, context);
  const form = await parseForm(request, checkinSchema);
  if (!form.ok) return rejectForm(form);
  const { mood, cravings, sleepHours, wentToMeeting, note } = form.data;
  const existed = await getCheckin(db, user.id, localToday(now(), timeZone));
  const day = await saveCheckin(db, user.id, { mood: mood!, cravings: cravings!, sleepHours, wentToMeeting, note }, timeZone);
  // The member's own "check on me" rules (support circle): those they asked hear of it.
  await signalAfterCheckin(db, user.id, { day, mood: mood!, cravings: cravings! });
  return { ok: true as const, message: existed ? "Today's check-in is updated." : "Checked in for today. Thank you for taking a moment for yourself." };
}

export default function CheckIn() {
  const data = useLoaderData<typeof loader>();
  const state = useActionData<typeof action>();
  const errors: Record<string, string> = state && "errors" in state ? state.errors : {};
  const failed = state && "values" in state ? state : undefined;
  const current = data.current;
  const cravingOptions = Array.from({ length: 11 }, (_, i) => ({ value: String(i), label: i === 0 ? "0 · none" : i === 10 ? "10 · overwhelming" : String(i) }));
  return (
    <div className="stack">
      <h1>Daily check-in</h1>
      <p className="muted">
        One a day — today is {data.todayText} where you are. {current ? "You've checked in today; you can change it until midnight." : "How are you today?"}
      </p>
      <SavedMessage state={state && "message" in state ? state : undefined} />
      <FormErrors state={failed} />
      <Form method="post" className="form card" noValidate>
        <RadioGroupField name="mood" legend="Mood" options={MOODS} value={fieldValue(failed, "mood", current?.mood ?? "")} error={errors.mood} />
        <SelectField {...fieldProps(failed, "cravings", current?.cravings ?? "")} label="Cravings (0–10)" options={[{ value: "", label: "Choose…" }, ...cravingOptions]} />
        <TextField {...fieldProps(failed, "sleepHours", current?.sleepHours ?? "")} label="Hours slept (optional)" inputMode="decimal" hint="For example 6.5" />
        <CheckboxField name="wentToMeeting" label="I went to a meeting today" defaultChecked={failed ? failed.values.wentToMeeting === "on" : current?.wentToMeeting} />
        <TextareaField
          {...fieldProps(failed, "note", current?.note ?? "")}
          label="A note for yourself (optional)"
          hint="Private: only you see it."
          rows={4}
          maxLength={CHECKIN_NOTE_MAX}
        />
        <div className="button-row">
          <SubmitButton>{current ? "Update today's check-in" : "Check in"}</SubmitButton>
        </div>
      </Form>
      <ReachOutButton hasCircle={data.hasCircle} />

      <GuideOffer id="craving-guides-heading" heading="Cravings are strong today" intro="They pass. These may help you ride this one out:" guides={data.guides} />

      <section className="stack" aria-labelledby="trends-heading">
        <h2 id="trends-heading">The last {data.range} days</h2>
        <nav className="range-switch" aria-label="Period">
          <a href="/recovery/check-in" aria-current={data.range === 30 ? "page" : undefined}>
            30 days
          </a>
          <a href="/recovery/check-in?range=90" aria-current={data.range === 90 ? "page" : undefined}>
            90 days
          </a>
        </nav>
        <p>
          {data.stats.count === 0
            ? "No check-ins in this period yet. Your charts will grow as you check in."
            : `You checked in on ${data.stats.count} of ${data.range} days. Average mood ${data.stats.mood} of 5, average cravings ${data.stats.cravings} of 10${data.stats.sleep ? `, ${data.stats.sleep} hours of sleep` : ""}; ${data.stats.meetings} day${data.stats.meetings === 1 ? "" : "s"} with a meeting.`}
        </p>
        <h3 id="mood-heading">Mood</h3>
        <DailyLineChart
          id="mood-chart"
          title={`Mood over the last ${data.range} days, from 1 (very low) to 5 (very good)`}
          description={`Mood averaged ${data.stats.mood ?? "nothing yet"} of 5. The numbers are in the table below.`}
          days={data.days}
          min={1}
          max={5}
          ticks={[
            { value: 1, label: "1 very low" },
            { value: 2, label: "2" },
            { value: 3, label: "3 okay" },
            { value: 4, label: "4" },
            { value: 5, label: "5 very good" },
          ]}
          series={[{ label: "Mood, 1–5", tone: "primary", values: data.mood }]}
        />
        <h3 id="cravings-heading">Cravings</h3>
        <DailyLineChart
          id="cravings-chart"
          title={`Cravings over the last ${data.range} days, from 0 (none) to 10 (overwhelming)`}
          description={`Cravings averaged ${data.stats.cravings ?? "nothing yet"} of 10. The numbers are in the table below.`}
          days={data.days}
          min={0}
          max={10}
          ticks={[
            { value: 0, label: "0 none" },
            { value: 5, label: "5" },
            { value: 10, label: "10 worst" },
          ]}
          series={[{ label: "Cravings, 0–10", tone: "warm", values: data.cravings }]}
        />
        <h3>Days checked in</h3>
        <CheckinCalendar id="checkin-calendar" days={data.calendar} />
        <p className="muted small">Filled squares are days you checked in; a dot in a square marks a meeting.</p>
        {data.entries.length > 0 ? (
          <details>
            <summary>Show the numbers and your notes</summary>
            <div className="table-wrap">
              <table className="stack-table">
                <caption className="visually-hidden">Check-ins, newest first</caption>
                <thead>
                  <tr>
                    <th scope="col">Day</th>
                    <th scope="col">Mood</th>
                    <th scope="col">Cravings</th>
                    <th scope="col">Sleep</th>
                    <th scope="col">Meeting</th>
                    <th scope="col">Note</th>
                  </tr>
                </thead>
                <tbody>
                  {data.entries.map((e) => (
                    <tr key={e.day}>
                      <td data-label="Day">{e.dayText}</td>
                      <td data-label="Mood">{e.mood}</td>
                      <td data-label="Cravings">{e.cravings}</td>
                      <td data-label="Sleep">{e.sleepHours === null ? "—" : `${e.sleepHours} h`}</td>
                      <td data-label="Meeting">{e.wentToMeeting ? "Yes" : "No"}</td>
                      <td data-label="Note" className="preserve-lines">
                        {e.note || "—"}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </details>
        ) : null}
      </section>
    </div>
  );
}
