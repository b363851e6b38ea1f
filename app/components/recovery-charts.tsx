/**
 * Charts drawn on the server as plain SVG: readable without JavaScript, each with a text
 * alternative (a title, a description, and the numbers in a table nearby on the page).
 */
import { daysBetween, type LocalDate } from "~/utils/sobriety";

const W = 640;
const H = 220;
const PAD = { left: 36, right: 12, top: 14, bottom: 28 };

const shortDate = new Intl.DateTimeFormat("en-US", { month: "short", day: "numeric", timeZone: "UTC" });
export function showShortDate(date: LocalDate): string {
  return shortDate.format(new Date(`${date}T12:00:00Z`));
}

/** A series' colour, a role of theme.css (see .chart__series--* in recovery.css): primary, or warm for a second measure. */
export type SeriesTone = "primary" | "warm";

export interface Series {
  label: string;
  tone: SeriesTone;
  /** One value per day of `days` (null: no check-in that day). */
  values: (number | null)[];
  dashed?: boolean;
}

/** Sizes of the daily charts: a wide drawing for desktops, a narrow one that fits a phone's width. */
export const DAILY_WIDE = { width: 640, height: 200, labels: 7 };
export const DAILY_NARROW = { width: 340, height: 190, labels: 4 };
const DAILY_PAD = { left: 78, right: 14, top: 14, bottom: 28 };

function dailyPlot(days: LocalDate[], series: Series[], axis: { min: number; max: number; ticks: { value: number; label: string }[] }, size: typeof DAILY_WIDE) {
  const { width, height } = size;
  const x = (i: number) => DAILY_PAD.left + (days.length <= 1 ? 0 : (i / (days.length - 1)) * (width - DAILY_PAD.left - DAILY_PAD.right));
  const y = (v: number) => DAILY_PAD.top + (1 - (v - axis.min) / (axis.max - axis.min)) * (height - DAILY_PAD.top - DAILY_PAD.bottom);
  const labelEvery = Math.max(1, Math.ceil(days.length / size.labels));
  // Date labels from today backwards, so today is always labelled and labels never crowd it.
  const last = days.length - 1;
  return (
    <>
      {axis.ticks.map((t) => (
        <g key={t.value}>
          <line className="chart__grid" x1={DAILY_PAD.left} x2={width - DAILY_PAD.right} y1={y(t.value)} y2={y(t.value)} />
          <text x={DAILY_PAD.left - 6} y={y(t.value) + 4} textAnchor="end">
            {t.label}
          </text>
        </g>
      ))}
      <line className="chart__axis" x1={DAILY_PAD.left} x2={DAILY_PAD.left} y1={DAILY_PAD.top} y2={height - DAILY_PAD.bottom} />
      <line className="chart__axis" x1={DAILY_PAD.left} x2={width - DAILY_PAD.right} y1={height - DAILY_PAD.bottom} y2={height - DAILY_PAD.bottom} />
      {days.map((d, i) =>
        (last - i) % labelEvery === 0 && (i === last || i >= labelEvery / 2) ? (
          <text key={d} x={x(i)} y={height - 8} textAnchor={i === last ? "end" : "middle"}>
            {i === last ? "Today" : showShortDate(d)}
          </text>
        ) : null,
      )}
      {series.map((s) => {
        const segments: string[] = [];
        let current = "";
        s.values.forEach((v, i) => {
          if (v === null) {
            if (current) segments.push(current);
            current = "";
            return;
          }
          current += `${current ? " L" : "M"}${x(i).toFixed(1)} ${y(v).toFixed(1)}`;
        });
        if (current) segments.push(current);
        return (
          <g key={s.label} className={`chart__series--${s.tone}`}>
            {segments.map((d, i) => (
              <path key={i} className="chart__line" d={d} stroke="currentColor" strokeDasharray={s.dashed ? "6 4" : undefined} />
            ))}
            {s.values.map((v, i) => (v === null ? null : <circle key={i} cx={x(i)} cy={y(v)} r={size === DAILY_NARROW && days.length > 45 ? 2 : 3} fill="currentColor" />))}
          </g>
        );
      })}
    </>
  );
}

/**
 * Lines over days on one axis of their own (a chart per measure: mood 1–5 and cravings 0–10 never
 * share a scale), broken where a day has no value, a dot on every value. Drawn twice: wide for a
 * desktop and narrow for a phone, where it fits the width (no sideways scrolling, today in view);
 * CSS shows one of them.
 */
export function DailyLineChart({
  id,
  title,
  description,
  days,
  series,
  min,
  max,
  ticks,
}: {
  id: string;
  title: string;
  description: string;
  days: LocalDate[];
  series: Series[];
  min: number;
  max: number;
  /** The y axis's marks, each with its label ("5 very good"). */
  ticks: { value: number; label: string }[];
}) {
  const axis = { min, max, ticks };
  return (
    <figure className="chart-figure">
      {(
        [
          ["wide", DAILY_WIDE],
          ["narrow", DAILY_NARROW],
        ] as const
      ).map(([name, size]) => (
        <svg key={name} className={`chart chart--${name}`} viewBox={`0 0 ${size.width} ${size.height}`} role="img" aria-labelledby={`${id}-${name}-title ${id}-${name}-desc`}>
          <title id={`${id}-${name}-title`}>{title}</title>
          <desc id={`${id}-${name}-desc`}>{description}</desc>
          {dailyPlot(days, series, axis, size)}
        </svg>
      ))}
      {series.length > 1 ? (
        <figcaption>
          <ul className="chart-legend">
            {series.map((s) => (
              <li key={s.label}>
                <svg aria-hidden="true" width="28" height="8" viewBox="0 0 28 8" className={`chart__series--${s.tone}`}>
                  <line x1="1" y1="4" x2="27" y2="4" stroke="currentColor" strokeWidth="3" strokeDasharray={s.dashed ? "6 4" : undefined} />
                </svg>
                {s.label}
              </li>
            ))}
          </ul>
        </figcaption>
      ) : null}
    </figure>
  );
}

/** A calendar of the days checked in: one square a day, weeks as rows (Monday first). */
export function CheckinCalendar({ id, days }: { id: string; days: { day: LocalDate; checkedIn: boolean; meeting: boolean }[] }) {
  if (days.length === 0) return null;
  const first = days[0]!.day;
  const weekday = (new Date(`${first}T12:00:00Z`).getUTCDay() + 6) % 7;
  const cell = 22;
  const gap = 4;
  const rows = Math.ceil((weekday + days.length) / 7);
  const width = 7 * (cell + gap);
  const height = rows * (cell + gap) + 18;
  const count = days.filter((d) => d.checkedIn).length;
  return (
    <svg className="chart chart--calendar" viewBox={`0 0 ${width} ${height}`} role="img" aria-labelledby={`${id}-title`}>
      <title id={`${id}-title`}>{`Calendar: you checked in on ${count} of the last ${days.length} days.`}</title>
      {["M", "T", "W", "T", "F", "S", "S"].map((d, i) => (
        <text key={i} x={i * (cell + gap) + cell / 2} y={12} textAnchor="middle">
          {d}
        </text>
      ))}
      {days.map((d, i) => {
        const slot = weekday + i;
        const x = (slot % 7) * (cell + gap);
        const y = Math.floor(slot / 7) * (cell + gap) + 18;
        return (
          <g key={d.day}>
            <rect x={x} y={y} width={cell} height={cell} rx={4} className={d.checkedIn ? "chart__day chart__day--checked" : "chart__day"}>
              <title>{`${showShortDate(d.day)}: ${d.checkedIn ? `checked in${d.meeting ? ", went to a meeting" : ""}` : "no check-in"}`}</title>
            </rect>
            {d.meeting ? <circle className="chart__day-meeting" cx={x + cell / 2} cy={y + cell / 2} r={4} /> : null}
          </g>
        );
      })}
    </svg>
  );
}

/** Sizes of the taper chart: wide for a desktop, narrow to fit a phone's width (CSS shows one). */
const TAPER_SIZES = [
  ["wide", { width: W, height: H }],
  ["narrow", { width: 340, height: 200 }],
] as const;

/** Dose over time as steps: each dose holds from its date until the next step. Drawn wide and narrow, like the daily charts. */
export function TaperStepChart({ id, medication, steps, until }: { id: string; medication: string; steps: { fromDate: LocalDate; doseMg: number }[]; until: LocalDate }) {
  if (steps.length === 0) return null;
  const start = steps[0]!.fromDate;
  const last = steps[steps.length - 1]!.fromDate;
  const end = until > last ? until : last;
  const spanDays = Math.max(1, daysBetween(start, end));
  const maxDose = Math.max(...steps.map((s) => s.doseMg)) || 1;
  const top = maxDose * 1.15;
  const ticks = [0, maxDose / 2, maxDose].map((v) => Math.round(v * 1000) / 1000);
  const description = steps.map((s) => `${s.doseMg} mg from ${showShortDate(s.fromDate)}`).join("; ");
  return (
    <figure className="chart-figure">
      {TAPER_SIZES.map(([name, size]) => {
        const x = (date: LocalDate) => PAD.left + (daysBetween(start, date) / spanDays) * (size.width - PAD.left - PAD.right);
        const y = (dose: number) => PAD.top + (1 - dose / top) * (size.height - PAD.top - PAD.bottom);
        let d = "";
        steps.forEach((s, i) => {
          d += i === 0 ? `M${x(s.fromDate).toFixed(1)} ${y(s.doseMg).toFixed(1)}` : ` H${x(s.fromDate).toFixed(1)} V${y(s.doseMg).toFixed(1)}`;
        });
        d += ` H${x(end).toFixed(1)}`;
        return (
          <svg key={name} className={`chart chart--${name}`} viewBox={`0 0 ${size.width} ${size.height}`} role="img" aria-labelledby={`${id}-${name}-title ${id}-${name}-desc`}>
            <title id={`${id}-${name}-title`}>{`${medication}: dose over time, as recorded`}</title>
            <desc id={`${id}-${name}-desc`}>{description}</desc>
            {ticks.map((t) => (
              <g key={t}>
                <line className="chart__grid" x1={PAD.left} x2={size.width - PAD.right} y1={y(t)} y2={y(t)} />
                <text x={PAD.left - 6} y={y(t) + 4} textAnchor="end">
                  {t}
                </text>
              </g>
            ))}
            <text x={PAD.left} y={size.height - 8} textAnchor="start">
              {showShortDate(start)}
            </text>
            <text x={size.width - PAD.right} y={size.height - 8} textAnchor="end">
              {showShortDate(end)}
            </text>
            <g className="chart__series--primary">
              <path className="chart__line" d={d} stroke="currentColor" />
              {steps.map((s, i) => (
                <circle key={i} cx={x(s.fromDate)} cy={y(s.doseMg)} r={3.5} fill="currentColor" />
              ))}
            </g>
          </svg>
        );
      })}
    </figure>
  );
}
