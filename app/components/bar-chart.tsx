/** A small server-rendered SVG bar chart; its numbers are also in the accessible label. */
export function BarChart({ title, bars, accent }: { title: string; bars: { label: string; value: number; short?: string }[]; accent?: (label: string) => boolean }) {
  const width = 380;
  const height = 190;
  const pad = { top: 18, right: 6, bottom: 30, left: 26 };
  const max = Math.max(1, ...bars.map((b) => b.value));
  const innerW = width - pad.left - pad.right;
  const innerH = height - pad.top - pad.bottom;
  const step = bars.length ? innerW / bars.length : innerW;
  const barW = Math.max(4, Math.min(48, step * 0.7));
  const summary = `${title}: ${bars.map((b) => `${b.label} ${b.value}`).join(", ")}`;
  return (
    <svg viewBox={`0 0 ${width} ${height}`} className="chart" role="img" aria-label={summary}>
      <title>{summary}</title>
      <line x1={pad.left} x2={width - pad.right} y1={pad.top + innerH} y2={pad.top + innerH} stroke="#ddd5c8" />
      <text x={pad.left - 6} y={pad.top + 4} textAnchor="end">
        {max}
      </text>
      <text x={pad.left - 6} y={pad.top + innerH} textAnchor="end">
        0
      </text>
      {bars.map((b, i) => {
        const h = (b.value / max) * innerH;
        const x = pad.left + i * step + (step - barW) / 2;
        return (
          <g key={b.label}>
            <rect
              x={x}
              y={pad.top + innerH - h}
              width={barW}
              height={Math.max(h, b.value ? 1 : 0)}
              rx={3}
              className={accent?.(b.label) ? "chart__bar chart__bar--crisis" : "chart__bar"}
            />
            {b.value ? (
              <text x={x + barW / 2} y={pad.top + innerH - h - 4} textAnchor="middle">
                {b.value}
              </text>
            ) : null}
            <text x={x + barW / 2} y={height - pad.bottom + 16} textAnchor="middle">
              {b.short ?? b.label}
            </text>
          </g>
        );
      })}
    </svg>
  );
}
