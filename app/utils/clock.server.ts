/**
 * Harbor's clock. Domain code asks `now()` instead of `new Date()` so tests can pin time:
 * day counts, milestones, check-in days, meeting occurrences and reminders all depend on it.
 *
 * In Vitest, call `setClock(date)` / `resetClock()`. In browser tests, a server started with
 * HARBOR_TEST_CLOCK=1 accepts `POST /__test/clock` (JSON `{ "now": ISO }` or `{ "reset": true }`);
 * without that variable the endpoint does not exist. The offset lives on `globalThis` because the
 * Express server and the Remix build each load their own copy of this module.
 */
import { harborEnv } from "./env.server";
const KEY = "__harborClockOffsetMs";
type ClockGlobal = typeof globalThis & { [KEY]?: number };

function offset(): number {
  return (globalThis as ClockGlobal)[KEY] ?? 0;
}

/** The current instant (the real one unless a test moved the clock). */
export function now(): Date {
  return new Date(Date.now() + offset());
}

/** ISO-8601 UTC text of `now()`: how instants are stored. */
export function nowIso(): string {
  return now().toISOString();
}

/** Moves the clock so that `now()` reads `instant` at this moment; time keeps flowing from there. */
export function setClock(instant: Date | string): void {
  const target = typeof instant === "string" ? new Date(instant) : instant;
  if (Number.isNaN(target.getTime())) throw new Error("setClock: not a valid instant");
  (globalThis as ClockGlobal)[KEY] = target.getTime() - Date.now();
}

export function resetClock(): void {
  delete (globalThis as ClockGlobal)[KEY];
}

export function testClockEnabled(): boolean {
  return harborEnv().HARBOR_TEST_CLOCK;
}
