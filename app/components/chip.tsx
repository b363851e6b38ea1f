import { CHIP_COLORS, type ChipColor } from "~/utils/sobriety";

/** "90 days" → ["90", "DAYS"]. */
function chipText(label: string): [string, string] {
  const [amount = "", ...rest] = label.split(" ");
  return [amount, rest.join(" ").toUpperCase()];
}

/**
 * A milestone chip, drawn by Harbor itself (no image from anywhere else): a coin in the
 * milestone's colour with its number and unit — the real chip's colours, the same in both themes.
 * `earned={false}` draws the outline of one to come in the theme's colours (.chip--upcoming in
 * recovery.css: the page's surface, its field border and muted text).
 */
export function MilestoneChip({ label, color, size = 88, earned = true }: { label: string; color: ChipColor; size?: number; earned?: boolean }) {
  const palette = CHIP_COLORS[color] ?? CHIP_COLORS.white;
  const [amount, unit] = chipText(label);
  // An upcoming chip's colours come from its classes (the theme's roles), not from attributes.
  const fill = earned ? palette.fill : undefined;
  const ink = earned ? palette.ink : undefined;
  const ring = earned ? palette.ring : undefined;
  return (
    <svg
      className={`chip${earned ? "" : " chip--upcoming"}`}
      width={size}
      height={size}
      viewBox="0 0 100 100"
      role="img"
      aria-label={`${label} chip${earned ? "" : " (still to come)"}`}
    >
      <circle className="chip__face" cx="50" cy="50" r="47" fill={fill} stroke={ring} strokeWidth="4" strokeDasharray={earned ? undefined : "6 5"} />
      <circle className="chip__ring" cx="50" cy="50" r="38" fill="none" stroke={ring} strokeWidth="1.5" opacity="0.7" />
      <path className="chip__ring" d="M50 18 L80 70 L20 70 Z" fill="none" stroke={ring} strokeWidth="1.5" opacity="0.3" />
      <text x="50" y="54" textAnchor="middle" fontSize={amount.length > 2 ? 24 : 30} fontWeight="700" className="chip__ink" fill={ink} fontFamily="Georgia, serif">
        {amount}
      </text>
      <text x="50" y="70" textAnchor="middle" fontSize="10" fontWeight="600" letterSpacing="1" className="chip__ink" fill={ink} fontFamily="system-ui, sans-serif">
        {unit}
      </text>
    </svg>
  );
}
