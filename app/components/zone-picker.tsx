/**
 * The time-zone picker used everywhere (profile, meeting form, admin, the directory's zone page):
 * a <select> grouped by region (works without JavaScript), labelled with cities, the zone's
 * common name and its current offset, the browser's zone first. With JavaScript a search box
 * above it narrows the list ("kyiv", "central", "+05:30"), and the browser's zone is offered first
 * even when the server did not know it yet.
 */
import { useEffect, useRef, useState, type ReactNode } from "react";
import { describedBy, FieldShell } from "~/components/forms";

export interface ZoneRegion {
  region: string;
  zones: { value: string; label: string }[];
}

interface Props {
  name: string;
  label: string;
  hint?: ReactNode;
  regions: ZoneRegion[];
  defaultValue?: string;
  error?: string;
}

function matches(text: string, query: string): boolean {
  const q = query.trim().toLowerCase().replace(/_/g, " ");
  if (!q) return true;
  return text.toLowerCase().replace(/_/g, " ").includes(q);
}

export function ZonePicker({ name, label, hint, regions, defaultValue, error }: Props) {
  const id = `field-${name}`;
  const selectRef = useRef<HTMLSelectElement>(null);
  const [enhanced, setEnhanced] = useState(false);
  const [query, setQuery] = useState("");
  const [browserZone, setBrowserZone] = useState<string | null>(null);
  useEffect(() => {
    setEnhanced(true);
    try {
      setBrowserZone(Intl.DateTimeFormat().resolvedOptions().timeZone ?? null);
    } catch {
      /* no Intl zone: nothing to add */
    }
  }, []);
  const known = new Set(regions.flatMap((r) => r.zones.map((z) => z.value)));
  const serverKnewBrowser = regions[0]?.region === "Your browser";
  // The browser's zone, when the server didn't list it first: found by value or by an old name's city.
  const browserChoice =
    enhanced && browserZone && !serverKnewBrowser
      ? regions.flatMap((r) => r.zones).find((z) => z.value === browserZone || z.value.split("/").pop() === browserZone.split("/").pop())
      : undefined;
  const shown: ZoneRegion[] = [
    ...(browserChoice ? [{ region: "Your browser", zones: [browserChoice] }] : []),
    ...regions.map((r) => ({ region: r.region, zones: r.zones.filter((z) => matches(`${z.value} ${z.label} ${r.region}`, query)) })).filter((r) => r.zones.length > 0),
  ];
  const onSearch = (value: string) => {
    setQuery(value);
    const select = selectRef.current;
    if (!select || !value.trim()) return;
    const first = regions.flatMap((r) => r.zones.filter((z) => matches(`${z.value} ${z.label} ${r.region}`, value)))[0];
    if (first) select.value = first.value;
  };
  return (
    <FieldShell id={id} className="zone-picker" label={label} hint={hint} error={error}>
      {enhanced ? (
        <input
          type="search"
          className="zone-picker__search"
          aria-label="Find a zone by city, name or offset"
          placeholder="Search: a city, “Central”, “+05:30”…"
          value={query}
          onChange={(e) => onSearch(e.currentTarget.value)}
        />
      ) : null}
      <select
        ref={selectRef}
        id={id}
        name={name}
        defaultValue={defaultValue && known.has(defaultValue) ? defaultValue : undefined}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, hint, error)}
      >
        {shown.map((r) => (
          <optgroup key={r.region} label={r.region}>
            {r.zones.map((z) => (
              <option key={`${r.region}-${z.value}`} value={z.value}>
                {z.label}
              </option>
            ))}
          </optgroup>
        ))}
      </select>
    </FieldShell>
  );
}
