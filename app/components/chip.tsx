import { CHIP_COLORS, type ChipColor } from "~/utils/sobriety";

/** "90 days" → ["90", "DAYS"]. */
function chipText(label: string): [string, string] {
  const [amount = "", ...rest] = label.split(" ");
  return [amount, rest.join(" ").toUpperCase()];
}

/**
 * A milestone chip, drawn by Harbor itself (no image from anywhere else): a coin in the
 * milestone's colour with its number and unit. `earned={false}` draws the outline of one to come.
 */
export function MilestoneChip({ label, color, size = 88, earned = true }: { label: string; color: ChipColor; size?: number; earned?: boolean }) {
  const palette = CHIP_COLORS[color] ?? CHIP_COLORS.white;
  const [amount, unit] = chipText(label);
  const fill = earned ? palette.fill : "#ffffff";
  const ink = earned ? palette.ink : "#55605d";
  const ring = earned ? palette.ring : "#8a8577";
  return (
    <svg
      className={`chip${earned ? "" : " chip--upcoming"}`}
      width={size}
      height={size}
      viewBox="0 0 100 100"
      role="img"
      aria-label={`${label} chip${earned ? "" : " (still to come)"}`}
    >
      <circle cx="50" cy="50" r="47" fill={fill} stroke={ring} strokeWidth="4" strokeDasharray={earned ? undefined : "6 5"} />
      <circle cx="50" cy="50" r="38" fill="none" stroke={ring} strokeWidth="1.5" opacity="0.7" />
      <path d="M50 18 L80 70 L20 70 Z" fill="none" stroke={ring} strokeWidth="1.5" opacity="0.3" />
      <text x="50" y="54" textAnchor="middle" fontSize={amount.length > 2 ? 24 : 30} fontWeight="700" fill={ink} fontFamily="Georgia, serif">
        {amount}
      </text>
      <text x="50" y="70" textAnchor="middle" fontSize="10" fontWeight="600" letterSpacing="1" fill={ink} fontFamily="system-ui, sans-serif">
        {unit}
      </text>
    </svg>
  );
}
