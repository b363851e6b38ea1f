/**
 * Harbor's clock. Domain code asks `now()` instead of `new Date()` so tests can pin time:
 * day counts, milestones, check-in days, meeting occurrences and reminders all depend on it.
 *
 * In Vitest, call `setClock(date)` / `resetClock()`. In browser tests, a server started with
 * HARBOR_TEST_CLOCK=1 accepts `POST /__test/clock` (JSON `{ "now": ISO }` or `{ "reset": true }`),
 * which moves the clock for everyone (the scheduled jobs too), and reads a `harbor_test_clock`
 * cookie (an offset in milliseconds) that moves it for that browser's requests only, so browser
 * tests running side by side each keep their own time (`requestClock`). Without that variable
 * neither exists. The offsets live on `globalThis` because the Express server and the Remix build
 * each load their own copy of this module.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import { harborEnv } from "./env.server";
const KEY = "__harborClockOffsetMs";
const REQUEST_KEY = "__harborRequestClock";
type ClockGlobal = typeof globalThis & { [KEY]?: number; [REQUEST_KEY]?: AsyncLocalStorage<number> };

function offset(): number {
  const clock = globalThis as ClockGlobal;
  return clock[REQUEST_KEY]?.getStore() ?? clock[KEY] ?? 0;
}

/** The cookie a browser test sets to run its own requests on a moved clock (HARBOR_TEST_CLOCK only). */
export const TEST_CLOCK_COOKIE = "harbor_test_clock";

/**
 * Test servers only: runs one request's work on a clock `offsetMs` from the real one. The storage is
 * made on first use, so a server without HARBOR_TEST_CLOCK never pays for AsyncLocalStorage.
 */
export function requestClock<T>(offsetMs: number, fn: () => T): T {
  const clock = globalThis as ClockGlobal;
  clock[REQUEST_KEY] ??= new AsyncLocalStorage<number>();
  return clock[REQUEST_KEY].run(offsetMs, fn);
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
