/**
 * Trackers as data: create (back-dated), slips with private notes, undoing a mistaken reset,
 * corrected dates, the history kept, milestones announced once, and nobody else's tracker reachable.
 */
import { describe, expect, it } from "vitest";
import {
  RecoveryRuleError,
  announceMilestones,
  correctSlip,
  correctStart,
  createTracker,
  deleteTracker,
  getMilestoneSet,
  getTracker,
  listTrackers,
  recordSlip,
  saveMilestoneSet,
  undoLastSlip,
} from "../../app/models/recovery-trackers.server";
import { DEFAULT_MILESTONES, NA_KEY_TAGS } from "../../app/utils/sobriety";
import { makeUser } from "../factories";
import { useTestDatabase } from "../helpers/db";
import { storedNotifications } from "../helpers/notifications";

const t = useTestDatabase();
const ZONE = "America/New_York";
// 15:00 UTC = 10:00 in New York.
const at = (date: string) => new Date(`${date}T15:00:00Z`);

async function expectRule(promise: Promise<unknown>, field: string, pattern: RegExp, status = 400) {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(RecoveryRuleError);
  expect((error as RecoveryRuleError).field).toBe(field);
  expect((error as RecoveryRuleError).status).toBe(status);
  expect((error as Error).message).toMatch(pattern);
}

describe("trackers", () => {
  it("starts a back-dated tracker and counts it in the member's zone", async () => {
    const user = await makeUser(t.db);
    const id = await createTracker(t.db, user.id, { name: "Benzodiazepines", startDate: "2026-09-02", startTime: null }, DEFAULT_MILESTONES, ZONE, at("2026-11-30"));
    const [tracker] = await listTrackers(t.db, user.id, DEFAULT_MILESTONES, ZONE, at("2026-11-30"));
    expect(tracker).toMatchObject({ id, name: "Benzodiazepines", startDate: "2026-09-02" });
    expect(tracker!.summary.current.days).toBe(89);
    expect(tracker!.summary.next?.label).toBe("90 days");
  });

  it("refuses a start in the future, saving nothing", async () => {
    const user = await makeUser(t.db);
    await expectRule(
      createTracker(t.db, user.id, { name: "Alcohol", startDate: "2026-12-01", startTime: null }, DEFAULT_MILESTONES, ZONE, at("2026-11-30")),
      "startDate",
      /future/,
    );
    // Later today in New York is the future too.
    await expectRule(
      createTracker(t.db, user.id, { name: "Alcohol", startDate: "2026-11-30", startTime: "23:00" }, DEFAULT_MILESTONES, ZONE, at("2026-11-30")),
      "startDate",
      /future/,
    );
    expect(await listTrackers(t.db, user.id, DEFAULT_MILESTONES, ZONE, at("2026-11-30"))).toEqual([]);
  });

  it("records a slip with an encrypted note; the history and totals keep the earlier streak", async () => {
    const user = await makeUser(t.db);
    const id = await createTracker(t.db, user.id, { name: "Alcohol", startDate: "2026-06-01", startTime: null }, DEFAULT_MILESTONES, ZONE, at("2026-06-01"));
    await recordSlip(t.db, user.id, id, { date: "2026-07-31", note: "A wedding. Calling Ana helped." }, ZONE, at("2026-07-31"));
    const stored = await t.db.selectFrom("recovery_slips").selectAll().where("tracker_id", "=", id).executeTakeFirstOrThrow();
    expect(stored.note_enc).not.toContain("wedding");
    const tracker = await getTracker(t.db, user.id, id);
    expect(tracker!.slips).toMatchObject([{ date: "2026-07-31", note: "A wedding. Calling Ana helped." }]);
    const [listed] = await listTrackers(t.db, user.id, DEFAULT_MILESTONES, ZONE, at("2026-08-10"));
    expect(listed!.summary.streaks.map((s) => s.days)).toEqual([60, 10]);
    expect([listed!.summary.current.days, listed!.summary.longestDays, listed!.summary.totalDays]).toEqual([10, 60, 70]);
  });

  it("rejects slips before the start, in the future, or twice on one day", async () => {
    const user = await makeUser(t.db);
    const id = await createTracker(t.db, user.id, { name: "Alcohol", startDate: "2026-06-01", startTime: null }, DEFAULT_MILESTONES, ZONE, at("2026-06-01"));
    await expectRule(recordSlip(t.db, user.id, id, { date: "2026-05-31", note: "" }, ZONE, at("2026-07-01")), "date", /before this tracker started/);
    await expectRule(recordSlip(t.db, user.id, id, { date: "2026-07-02", note: "" }, ZONE, at("2026-07-01")), "date", /future/);
    await recordSlip(t.db, user.id, id, { date: "2026-06-20", note: "" }, ZONE, at("2026-07-01"));
    await expectRule(recordSlip(t.db, user.id, id, { date: "2026-06-20", note: "again" }, ZONE, at("2026-07-01")), "date", /already recorded/, 409);
    expect((await getTracker(t.db, user.id, id))!.slips).toHaveLength(1);
  });

  it("undoes a mistaken reset: the streak runs on, nothing else lost", async () => {
    const user = await makeUser(t.db);
    const id = await createTracker(t.db, user.id, { name: "Alcohol", startDate: "2026-01-01", startTime: null }, DEFAULT_MILESTONES, ZONE, at("2026-01-01"));
    await recordSlip(t.db, user.id, id, { date: "2026-02-01", note: "real one" }, ZONE, at("2026-02-01"));
    await recordSlip(t.db, user.id, id, { date: "2026-03-01", note: "pressed by mistake" }, ZONE, at("2026-03-01"));
    expect(await undoLastSlip(t.db, user.id, id, DEFAULT_MILESTONES, ZONE, at("2026-03-01"))).toBe("2026-03-01");
    const tracker = await getTracker(t.db, user.id, id);
    expect(tracker!.slips.map((s) => s.note)).toEqual(["real one"]);
    const [listed] = await listTrackers(t.db, user.id, DEFAULT_MILESTONES, ZONE, at("2026-03-01"));
    expect(listed!.summary.current).toEqual({ start: "2026-02-01", end: null, days: 28 });
    await undoLastSlip(t.db, user.id, id, DEFAULT_MILESTONES, ZONE, at("2026-03-01"));
    await expectRule(undoLastSlip(t.db, user.id, id, DEFAULT_MILESTONES, ZONE, at("2026-03-01")), "form", /no slip/, 409);
  });

  it("corrects the start and a slip's date within the history's order", async () => {
    const user = await makeUser(t.db);
    const id = await createTracker(t.db, user.id, { name: "Alcohol", startDate: "2026-01-10", startTime: null }, DEFAULT_MILESTONES, ZONE, at("2026-01-10"));
    const slipId = await recordSlip(t.db, user.id, id, { date: "2026-02-01", note: "" }, ZONE, at("2026-02-01"));
    await correctStart(t.db, user.id, id, { startDate: "2026-01-05", startTime: "08:00" }, ZONE, at("2026-03-01"));
    await expectRule(correctStart(t.db, user.id, id, { startDate: "2026-02-02", startTime: null }, ZONE, at("2026-03-01")), "startDate", /first recorded slip/);
    await correctSlip(t.db, user.id, id, slipId, { date: "2026-02-03", note: "it was the 3rd" }, ZONE, at("2026-03-01"));
    await expectRule(correctSlip(t.db, user.id, id, slipId, { date: "2026-01-01", note: "" }, ZONE, at("2026-03-01")), "date", /before this tracker/);
    const tracker = await getTracker(t.db, user.id, id);
    expect([tracker!.startDate, tracker!.startTime, tracker!.slips[0]!.date, tracker!.slips[0]!.note]).toEqual(["2026-01-05", "08:00", "2026-02-03", "it was the 3rd"]);
  });

  it("another member's tracker is not found, for reading or any change", async () => {
    const owner = await makeUser(t.db);
    const admin = await makeUser(t.db, { role: "admin" });
    const id = await createTracker(t.db, owner.id, { name: "Alcohol", startDate: "2026-01-01", startTime: null }, DEFAULT_MILESTONES, ZONE, at("2026-01-01"));
    const slipId = await recordSlip(t.db, owner.id, id, { date: "2026-01-05", note: "private" }, ZONE, at("2026-01-05"));
    expect(await getTracker(t.db, admin.id, id)).toBeNull();
    expect(await listTrackers(t.db, admin.id, DEFAULT_MILESTONES, ZONE)).toEqual([]);
    await expectRule(recordSlip(t.db, admin.id, id, { date: "2026-01-06", note: "" }, ZONE, at("2026-01-07")), "form", /Not found/, 404);
    await expectRule(correctSlip(t.db, admin.id, id, slipId, { date: "2026-01-06", note: "" }, ZONE, at("2026-01-07")), "form", /Not found/, 404);
    await expectRule(undoLastSlip(t.db, admin.id, id, DEFAULT_MILESTONES, ZONE), "form", /Not found/, 404);
    await expectRule(correctStart(t.db, admin.id, id, { startDate: "2025-01-01", startTime: null }, ZONE), "form", /Not found/, 404);
    await expectRule(deleteTracker(t.db, admin.id, id), "form", /Not found/, 404);
    expect(await getTracker(t.db, owner.id, "not-a-number")).toBeNull();
    expect((await getTracker(t.db, owner.id, id))!.slips).toHaveLength(1);
  });
});

describe("milestones", () => {
  it("announces a milestone privately, once, when the count reaches it — not the ones behind a back-dated start", async () => {
    const user = await makeUser(t.db);
    const id = await createTracker(t.db, user.id, { name: "Benzodiazepines", startDate: "2026-09-02", startTime: null }, DEFAULT_MILESTONES, ZONE, at("2026-11-30"));
    const day89 = await listTrackers(t.db, user.id, DEFAULT_MILESTONES, ZONE, at("2026-11-30"));
    expect(await announceMilestones(t.db, user.id, day89)).toEqual([]);
    const day90 = await listTrackers(t.db, user.id, DEFAULT_MILESTONES, ZONE, at("2026-12-01"));
    expect(await announceMilestones(t.db, user.id, day90)).toEqual(["90 days"]);
    expect(await storedNotifications(t.db)).toEqual([{ type: "milestone", userId: user.id, data: { label: "90 days", trackerId: id } }]);
    const again = await listTrackers(t.db, user.id, DEFAULT_MILESTONES, ZONE, at("2026-12-01"));
    expect(await announceMilestones(t.db, user.id, again)).toEqual([]);
    expect(await storedNotifications(t.db)).toHaveLength(1);
  });

  it("keeps the admin's choice of set: NA key tags, or a custom set", async () => {
    const admin = await makeUser(t.db, { role: "admin" });
    expect(await getMilestoneSet(t.db)).toEqual(DEFAULT_MILESTONES);
    await saveMilestoneSet(t.db, { ...NA_KEY_TAGS }, admin.id);
    expect(await getMilestoneSet(t.db)).toEqual(NA_KEY_TAGS);
    const custom = { preset: "custom" as const, milestones: [{ amount: 3, unit: "days" as const, color: "teal" as const }], yearlyColor: null };
    await saveMilestoneSet(t.db, custom, admin.id);
    expect(await getMilestoneSet(t.db)).toEqual(custom);
    await expect(saveMilestoneSet(t.db, { ...custom, milestones: [] }, admin.id)).rejects.toThrow(/not valid/);
  });
});
