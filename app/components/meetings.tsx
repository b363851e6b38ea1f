/** Small pieces the meeting pages share: attendance badges and type names. */
import { ATTENDANCE } from "~/utils/meeting-labels";

const ATTENDANCE_SHORT = { in_person: "In person", online: "Online", hybrid: "Hybrid", closed: "Location closed" } as const;

export function AttendanceBadge({ attendance }: { attendance: keyof typeof ATTENDANCE_SHORT }) {
  return <span className={`badge meeting-badge meeting-badge--${attendance}`}>{ATTENDANCE_SHORT[attendance]}</span>;
}

export function attendanceLabel(attendance: keyof typeof ATTENDANCE): string {
  return ATTENDANCE[attendance];
}

export function TypeList({ types, label = "Meeting types" }: { types: { code: string; name: string }[]; label?: string }) {
  if (types.length === 0) return null;
  return (
    <ul className="meeting-types" aria-label={label}>
      {types.map((t) => (
        <li key={t.code}>
          <abbr title={t.name}>{t.code}</abbr> <span>{t.name}</span>
        </li>
      ))}
    </ul>
  );
}
