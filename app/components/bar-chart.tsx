/**
 * Server-rendered SVG bar charts for the admin's daily view, readable at a glance: real axes with
 * labelled marks and titles, each bar's value written on it, labels beside the bars (no numbered
 * legend). Drawn twice — wide for a desktop, narrow for a phone — and CSS shows one (see
 * .chart--wide / .chart--narrow in recovery.css), so the text stays a readable size on both.
 */

export interface Bar {
  label: string;
  value: number;
  /** Shorter text under the bar ("Nov 26"); the label otherwise. */
  short?: string;
  accent?: boolean;
}

const SIZES = [
  ["wide", { width: 640, height: 250, labels: 7 }],
  ["narrow", { width: 340, height: 230, labels: 4 }],
] as const;

/** 0, a round middle and a round top at or above the largest value. */
export function niceTicks(max: number): number[] {
  if (max <= 4) return Array.from({ length: Math.max(1, max) + 1 }, (_, i) => i);
  const rough = max / 4;
  const magnitude = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 5, 10].map((m) => m * magnitude).find((s) => s >= rough)!;
  return Array.from({ length: Math.ceil(max / step) + 1 }, (_, i) => i * step);
}

/** Vertical bars over time or categories, with a y axis of counts and an x axis of labels. */
export function BarChart({ id, title, bars, yTitle, xTitle }: { id: string; title: string; bars: Bar[]; yTitle: string; xTitle: string }) {
  const ticks = niceTicks(Math.max(0, ...bars.map((b) => b.value)));
  const top = ticks[ticks.length - 1]! || 1;
  const summary = `${title}: ${bars.map((b) => `${b.label} ${b.value}`).join(", ")}`;
  return (
    <>
      {SIZES.map(([name, size]) => {
        const pad = { top: 16, right: 10, bottom: 50, left: 52 };
        const innerW = size.width - pad.left - pad.right;
        const innerH = size.height - pad.top - pad.bottom;
        const step = bars.length ? innerW / bars.length : innerW;
        const barW = Math.max(6, Math.min(44, step * 0.7));
        const y = (v: number) => pad.top + innerH - (v / top) * innerH;
        const labelEvery = Math.max(1, Math.ceil(bars.length / size.labels));
        return (
          <svg key={name} viewBox={`0 0 ${size.width} ${size.height}`} className={`chart chart--bars chart--${name}`} role="img" aria-labelledby={`${id}-${name}-title`}>
            <title id={`${id}-${name}-title`}>{summary}</title>
            {ticks.map((t) => (
              <g key={t}>
                <line className="chart__grid" x1={pad.left} x2={size.width - pad.right} y1={y(t)} y2={y(t)} />
                <text x={pad.left - 6} y={y(t) + 4} textAnchor="end">
                  {t}
                </text>
              </g>
            ))}
            <line className="chart__axis" x1={pad.left} x2={pad.left} y1={pad.top} y2={pad.top + innerH} />
            <line className="chart__axis" x1={pad.left} x2={size.width - pad.right} y1={pad.top + innerH} y2={pad.top + innerH} />
            <text className="chart__axis-title" transform={`translate(14 ${pad.top + innerH / 2}) rotate(-90)`} textAnchor="middle">
              {yTitle}
            </text>
            <text className="chart__axis-title" x={pad.left + innerW / 2} y={size.height - 6} textAnchor="middle">
              {xTitle}
            </text>
            {bars.map((b, i) => {
              const h = (b.value / top) * innerH;
              const x = pad.left + i * step + (step - barW) / 2;
              const labelled = (bars.length - 1 - i) % labelEvery === 0;
              return (
                <g key={b.label}>
                  <rect
                    x={x}
                    y={pad.top + innerH - h}
                    width={barW}
                    height={Math.max(h, b.value ? 1 : 0)}
                    rx={3}
                    className={b.accent ? "chart__bar chart__bar--crisis" : "chart__bar"}
                  />
                  {b.value ? (
                    <text x={x + barW / 2} y={pad.top + innerH - h - 4} textAnchor="middle">
                      {b.value}
                    </text>
                  ) : null}
                  {labelled ? (
                    <text x={x + barW / 2} y={pad.top + innerH + 16} textAnchor="middle">
                      {b.short ?? b.label}
                    </text>
                  ) : null}
                </g>
              );
            })}
          </svg>
        );
      })}
    </>
  );
}

/**
 * Categories as horizontal bars, each labelled in words and its count at its end: on a desktop the
 * label sits at the bar's left; on a phone, above the bar across the whole width, so no label is cut.
 */
export function HorizontalBarChart({ id, title, bars }: { id: string; title: string; bars: Bar[] }) {
  const max = Math.max(1, ...bars.map((b) => b.value));
  const summary = `${title}: ${bars.map((b) => `${b.label} ${b.value}`).join(", ")}`;
  return (
    <>
      {SIZES.map(([name, size]) => {
        const wide = name === "wide";
        // Wide: label | bar on one line. Narrow: the label's own line, then the bar under it.
        const row = wide ? 30 : 46;
        const barH = 20;
        const labelW = wide ? 230 : 0;
        const pad = { top: 8, right: 36, left: wide ? labelW + 8 : 8 };
        const height = pad.top * 2 + bars.length * row;
        const innerW = size.width - pad.left - pad.right;
        return (
          <svg key={name} viewBox={`0 0 ${size.width} ${height}`} className={`chart chart--bars chart--${name}`} role="img" aria-labelledby={`${id}-${name}-title`}>
            <title id={`${id}-${name}-title`}>{summary}</title>
            <line className="chart__axis" x1={pad.left} x2={pad.left} y1={wide ? pad.top : pad.top + 18} y2={height - pad.top} />
            {bars.map((b, i) => {
              const w = Math.max(2, (b.value / max) * innerW);
              const rowTop = pad.top + i * row;
              const barTop = wide ? rowTop + 5 : rowTop + 20;
              const label = wide && b.label.length > 34 ? `${b.label.slice(0, 33)}…` : !wide && b.label.length > 46 ? `${b.label.slice(0, 45)}…` : b.label;
              return (
                <g key={b.label}>
                  {wide ? (
                    <text x={pad.left - 8} y={barTop + 14} textAnchor="end">
                      {label}
                    </text>
                  ) : (
                    <text className="chart__bar-label" x={pad.left} y={rowTop + 14}>
                      {label}
                    </text>
                  )}
                  <rect x={pad.left} y={barTop} width={w} height={barH} rx={3} className={b.accent ? "chart__bar chart__bar--crisis" : "chart__bar"} />
                  <text x={pad.left + w + 6} y={barTop + 14}>
                    {b.value}
                  </text>
                </g>
              );
            })}
          </svg>
        );
      })}
    </>
  );
}
