/** What a person sees of a member on the member's circle page: only the items the member shared. */
import { MilestoneChip } from "~/components/chip";
import type { ChipColor } from "~/utils/sobriety";
import { PLAN_SECTIONS, type RecoveryPlan } from "~/utils/recovery-plan-form";

const MOODS = ["", "very low", "low", "okay", "good", "very good"];

export interface SharedViewProps {
  memberName: string;
  tracker: { name: string; days: number; since: string; reached: { label: string; color: string; date: string }[]; next: { label: string; daysToGo: number } | null } | null;
  checkins: { day: string; mood: number; cravings: number }[] | null;
  meetings: { lastNinetyDays: number; weeks: { start: string; count: number }[] } | null;
  plan: RecoveryPlan | null;
}

export function SharedView({ memberName, tracker, checkins, meetings, plan }: SharedViewProps) {
  const nothing = !tracker && !checkins && !meetings && !plan;
  return (
    <div className="stack">
      {nothing ? <p className="muted">{memberName} hasn't shared anything with you yet. Your encouragement still reaches them.</p> : null}
      {tracker ? (
        <section className="card stack-tight" aria-labelledby="shared-days">
          <h2 id="shared-days">{tracker.name}</h2>
          <p className="big-number">
            <strong>{tracker.days}</strong> {tracker.days === 1 ? "day" : "days"}
          </p>
          <p className="muted">
            Since {tracker.since}.{tracker.next ? ` ${tracker.next.daysToGo} to go to ${tracker.next.label}.` : ""}
          </p>
          {tracker.reached.length ? (
            <ul className="chip-row" aria-label="Milestones reached">
              {tracker.reached.map((m) => (
                <li key={m.label}>
                  <MilestoneChip label={m.label} color={m.color as ChipColor} size={64} />
                </li>
              ))}
            </ul>
          ) : null}
        </section>
      ) : null}
      {checkins ? (
        <section className="card stack-tight" aria-labelledby="shared-checkins">
          <h2 id="shared-checkins">Check-ins, last two weeks</h2>
          {checkins.length === 0 ? (
            <p className="muted">No check-ins in the last two weeks.</p>
          ) : (
            <div className="table-wrap">
              <table className="stack-table">
                <caption className="visually-hidden">Mood and cravings by day, newest first</caption>
                <thead>
                  <tr>
                    <th scope="col">Day</th>
                    <th scope="col">Mood (1–5)</th>
                    <th scope="col">Cravings (0–10)</th>
                  </tr>
                </thead>
                <tbody>
                  {checkins.map((c) => (
                    <tr key={c.day}>
                      <td data-label="Day">{c.day}</td>
                      <td data-label="Mood (1–5)">
                        {c.mood} · {MOODS[c.mood] ?? ""}
                      </td>
                      <td data-label="Cravings (0–10)">{c.cravings}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </section>
      ) : null}
      {meetings ? (
        <section className="card stack-tight" aria-labelledby="shared-meetings">
          <h2 id="shared-meetings">Meetings</h2>
          <p>
            <strong>{meetings.lastNinetyDays}</strong> in the last 90 days.
          </p>
          <ul className="plain-list small">
            {meetings.weeks.map((w) => (
              <li key={w.start}>
                Week of {w.start}: {w.count}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {plan ? (
        <section className="card stack-tight" aria-labelledby="shared-plan">
          <h2 id="shared-plan">{memberName}'s relapse-prevention plan</h2>
          {PLAN_SECTIONS.map((s) => (
            <div key={s.key}>
              <h3>{s.title}</h3>
              <p className="pre-line">{plan[s.key] || <span className="muted">(not filled in)</span>}</p>
            </div>
          ))}
          {plan.contacts.length ? (
            <div>
              <h3>People they can call</h3>
              <ul>
                {plan.contacts.map((c, i) => (
                  <li key={i}>
                    {c.name}
                    {c.phone ? ` — ${c.phone}` : ""}
                  </li>
                ))}
              </ul>
            </div>
          ) : null}
        </section>
      ) : null}
    </div>
  );
}
