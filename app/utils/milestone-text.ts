/** The admin's text form of a milestone set: one milestone a line, "90 days, red". Browser-safe. */
import { CHIP_COLORS, isChipColor, type MilestoneSpec } from "./sobriety";

const LINE = /^(\d{1,4})\s*(hours?|days?|weeks?|months?|years?)\s*[,:-]?\s*([a-z]+)$/i;

export function milestonesToText(milestones: readonly MilestoneSpec[]): string {
  return milestones
    .map((m) => {
      const n = (count: number, word: string) => `${count} ${word}${count === 1 ? "" : "s"}, ${m.color}`;
      if (m.unit === "days") return m.amount === 1 ? `24 hours, ${m.color}` : m.amount % 7 === 0 && m.amount < 30 ? n(m.amount / 7, "week") : n(m.amount, "day");
      return m.amount % 12 === 0 ? n(m.amount / 12, "year") : n(m.amount, "month");
    })
    .join("\n");
}

/** Parses the lines; returns the milestones or the first problem, naming its line. */
export function parseMilestoneText(text: string): { ok: true; milestones: MilestoneSpec[] } | { ok: false; message: string } {
  const milestones: MilestoneSpec[] = [];
  const lines = text
    .split("\n")
    .map((l) => l.trim())
    .filter(Boolean);
  if (lines.length === 0) return { ok: false, message: "List at least one milestone." };
  if (lines.length > 40) return { ok: false, message: "Up to 40 milestones, please." };
  for (const [i, line] of lines.entries()) {
    const m = LINE.exec(line);
    const where = `Line ${i + 1} (“${line.slice(0, 40)}”)`;
    if (!m) return { ok: false, message: `${where}: write it like “90 days, red” or “6 months, blue”.` };
    const amount = Number(m[1]);
    const unit = m[2]!.toLowerCase().replace(/s$/, "");
    const color = m[3]!.toLowerCase();
    if (!isChipColor(color)) return { ok: false, message: `${where}: “${color}” is not one of the chip colours (${Object.keys(CHIP_COLORS).join(", ")}).` };
    if (amount < 1) return { ok: false, message: `${where}: the length must be at least 1.` };
    if (unit === "hour") {
      if (amount !== 24) return { ok: false, message: `${where}: hours can only be “24 hours” (one day).` };
      milestones.push({ amount: 1, unit: "days", color });
    } else if (unit === "day") milestones.push({ amount, unit: "days", color });
    else if (unit === "week") milestones.push({ amount: amount * 7, unit: "days", color });
    else if (unit === "month") milestones.push({ amount, unit: "months", color });
    else milestones.push({ amount: amount * 12, unit: "months", color });
  }
  return { ok: true, milestones };
}
