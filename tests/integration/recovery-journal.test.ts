/**
 * Check-ins, journal, taper log and plan through their pages: what is stored (encrypted), bad input,
 * and that nobody but the owner reaches any of it.
 */
import { beforeEach, describe, expect, it } from "vitest";
import * as checkinRoute from "../../app/routes/recovery.check-in/route";
import * as journalRoute from "../../app/routes/recovery.journal._index/route";
import * as entryRoute from "../../app/routes/recovery.journal.$entryId/route";
import * as taperRoute from "../../app/routes/recovery.taper/route";
import * as planRoute from "../../app/routes/recovery.plan._index/route";
import * as planPrintRoute from "../../app/routes/recovery.plan.print/route";
import { addMember } from "../../app/models/groups.server";
import { setClock } from "../../app/utils/clock.server";
import { makeGroup, makeSignedInUser } from "../factories";
import { useTestDatabase } from "../helpers/db";
import { call, get, post } from "../helpers/requests";

const t = useTestDatabase();
type Failure = { ok: false; errors: Record<string, string>; values: Record<string, string> };
type CheckinPage = Awaited<ReturnType<typeof checkinRoute.loader>>;

const person = (role: "member" | "admin" = "member") => makeSignedInUser(t.db, { role, timeZone: "America/Chicago" });

let owner: Awaited<ReturnType<typeof person>>;
let moderator: Awaited<ReturnType<typeof person>>;
let admin: Awaited<ReturnType<typeof person>>;
let fellow: Awaited<ReturnType<typeof person>>;

beforeEach(async () => {
  owner = await person();
  moderator = await person();
  admin = await person("admin");
  fellow = await person();
  const group = await makeGroup(t.db);
  await addMember(t.db, group.id, owner.user.id);
  await addMember(t.db, group.id, fellow.user.id);
  await addMember(t.db, group.id, moderator.user.id, "moderator");
});

const checkin = (fields: Record<string, string>, cookie = owner.cookie) =>
  call<Failure | { ok: true; message: string }>(checkinRoute.action, post("/recovery/check-in", { mood: "3", cravings: "4", sleepHours: "7.5", note: "", ...fields }, cookie));

describe("daily check-in", () => {
  it("one a day in the member's zone: a second one that day updates the first; charts cover 30 or 90 days", async () => {
    setClock("2026-11-28T18:00:00Z"); // noon in Chicago
    expect((await checkin({ mood: "2", cravings: "8", note: "rough day" })).body).toMatchObject({ ok: true, message: expect.stringMatching(/Checked in/) });
    expect((await checkin({ mood: "3", cravings: "6", wentToMeeting: "on", note: "went to a meeting after all" })).body).toMatchObject({
      message: expect.stringMatching(/updated/),
    });
    setClock("2026-11-30T05:30:00Z"); // 23:30 on the 29th in Chicago
    await checkin({ mood: "4", cravings: "3" });
    setClock("2026-11-30T06:30:00Z"); // 00:30 on the 30th: a new day
    await checkin({ mood: "5", cravings: "1" });
    const rows = await t.db.selectFrom("recovery_checkins").selectAll().where("user_id", "=", owner.user.id).orderBy("day").execute();
    expect(rows.map((r) => [r.day, r.mood, r.cravings, r.went_to_meeting])).toEqual([
      ["2026-11-28", 3, 6, 1],
      ["2026-11-29", 4, 3, 0],
      ["2026-11-30", 5, 1, 0],
    ]);
    expect(rows[0]!.note_enc).not.toContain("meeting");
    const page = await call<CheckinPage>(checkinRoute.loader, get("/recovery/check-in", owner.cookie));
    expect(page.body.days).toHaveLength(30);
    expect(page.body.days[29]).toBe("2026-11-30");
    expect(page.body.mood.slice(-3)).toEqual([3, 4, 5]);
    expect(page.body.stats).toMatchObject({ count: 3, mood: "4.0", meetings: 1 });
    expect(page.body.entries[2]).toMatchObject({ day: "2026-11-28", note: "went to a meeting after all", sleepHours: 7.5 });
    expect(page.body.current).toMatchObject({ mood: "5", cravings: "1" });
    const ninety = await call<CheckinPage>(checkinRoute.loader, get("/recovery/check-in?range=90", owner.cookie));
    expect(ninety.body.days).toHaveLength(90);
  });

  it("refuses a mood of 7, cravings of 11, 30 hours of sleep, and keeps the day's check-in as it was", async () => {
    setClock("2026-11-30T18:00:00Z");
    expect((await checkin({ mood: "5", cravings: "1" })).status).toBe(200);
    const res = await checkin({ mood: "7", cravings: "11", sleepHours: "30" });
    expect(res.status).toBe(400);
    const errors = (res.body as Failure).errors;
    expect(errors.mood).toMatch(/between 1 and 5/);
    expect(errors.cravings).toMatch(/between 0 and 10/);
    expect(errors.sleepHours).toMatch(/between 0 and 24/);
    const missing = await checkin({ mood: "", cravings: "" });
    expect((missing.body as Failure).errors.mood).toMatch(/Please choose/);
    const row = await t.db.selectFrom("recovery_checkins").select("mood").where("user_id", "=", owner.user.id).where("day", "=", "2026-11-30").executeTakeFirstOrThrow();
    expect(row.mood).toBe(5);
  });
});

describe("journal", () => {
  it("keeps dated Markdown entries, sanitized and encrypted; edits and deletes them", async () => {
    setClock("2026-11-30T18:00:00Z");
    const saved = await call(
      journalRoute.action,
      post("/recovery/journal", { intent: "save", date: "2026-11-29", body: "Felt **strong** today <img src=x onerror=alert(1)>" }, owner.cookie),
    );
    expect(saved.status).toBe(302);
    const page = await call<Awaited<ReturnType<typeof journalRoute.loader>>>(journalRoute.loader, get("/recovery/journal", owner.cookie));
    expect(page.body.entries).toHaveLength(1);
    expect(page.body.entries[0]!.html).toContain("<strong>strong</strong>");
    expect(page.body.entries[0]!.html).not.toContain("<img");
    const stored = await t.db.selectFrom("recovery_journal_entries").selectAll().where("user_id", "=", owner.user.id).executeTakeFirstOrThrow();
    expect(stored.body_enc).not.toContain("strong");
    const id = String(stored.id);
    await call(entryRoute.action, post(`/recovery/journal/${id}`, { intent: "save", date: "2026-11-28", body: "Edited entry" }, owner.cookie), { entryId: id });
    const edited = await call<Awaited<ReturnType<typeof entryRoute.loader>>>(entryRoute.loader, get(`/recovery/journal/${id}`, owner.cookie), { entryId: id });
    expect(edited.body.entry).toMatchObject({ date: "2026-11-28", source: "Edited entry" });
    const del = await call(entryRoute.action, post(`/recovery/journal/${id}`, { intent: "delete" }, owner.cookie), { entryId: id });
    expect(del.status).toBe(302);
    expect(await t.db.selectFrom("recovery_journal_entries").select("id").where("user_id", "=", owner.user.id).execute()).toEqual([]);
  });

  it("refuses 10 MB of text and a date in the future, saving nothing", async () => {
    setClock("2026-11-30T18:00:00Z");
    const huge = await call<Failure>(journalRoute.action, post("/recovery/journal", { intent: "save", date: "2026-11-29", body: "a".repeat(10 * 1024 * 1024) }, owner.cookie));
    expect(huge.status).toBe(400);
    expect(huge.body.errors.body).toMatch(/at most 20,000|too long|at most/);
    const future = await call<Failure>(journalRoute.action, post("/recovery/journal", { intent: "save", date: "2026-12-05", body: "hello" }, owner.cookie));
    expect(future.status).toBe(400);
    expect(future.body.errors.date).toMatch(/future/);
    expect(await t.db.selectFrom("recovery_journal_entries").select("id").where("user_id", "=", owner.user.id).execute()).toEqual([]);
  });

  it("pages through many entries, newest first", async () => {
    for (let i = 1; i <= 12; i++) {
      await call(journalRoute.action, post("/recovery/journal", { intent: "save", date: `2026-11-${String(i).padStart(2, "0")}`, body: `Entry ${i}` }, owner.cookie));
    }
    const first = await call<Awaited<ReturnType<typeof journalRoute.loader>>>(journalRoute.loader, get("/recovery/journal", owner.cookie));
    expect(first.body.entries).toHaveLength(10);
    expect(first.body.entries[0]!.html).toContain("Entry 12");
    const second = await call<Awaited<ReturnType<typeof journalRoute.loader>>>(journalRoute.loader, get(`/recovery/journal?after=${first.body.next}`, owner.cookie));
    expect(second.body.entries.map((e) => e.html.replace(/<[^>]+>/g, "").trim())).toEqual(["Entry 2", "Entry 1"]);
    expect(second.body.next).toBeNull();
  });
});

describe("taper log", () => {
  it("records what the prescriber set, exactly, and draws it; refuses nonsense", async () => {
    const add = (fields: Record<string, string>) =>
      call<Failure | { ok: true }>(taperRoute.action, post("/recovery/taper", { intent: "add", medication: "Diazepam", note: "", ...fields }, owner.cookie));
    expect((await add({ doseMg: "10", fromDate: "2026-10-01" })).status).toBe(200);
    expect((await add({ doseMg: "7.25", fromDate: "2026-11-01" })).status).toBe(200);
    const bad = await add({ doseMg: "-5", fromDate: "2026-13-01", medication: "" });
    expect(bad.status).toBe(400);
    expect(Object.keys((bad.body as Failure).errors).sort()).toEqual(["doseMg", "fromDate", "medication"]);
    const page = await call<Awaited<ReturnType<typeof taperRoute.loader>>>(taperRoute.loader, get("/recovery/taper", owner.cookie));
    expect(page.body.charts).toEqual([
      {
        medication: "Diazepam",
        steps: [
          { fromDate: "2026-10-01", doseMg: 10 },
          { fromDate: "2026-11-01", doseMg: 7.25 },
        ],
      },
    ]);
    const stored = await t.db.selectFrom("recovery_taper_steps").selectAll().where("user_id", "=", owner.user.id).execute();
    expect(stored.map((s) => s.dose_micrograms)).toEqual([10000, 7250]);
    expect(stored[0]!.medication_enc).not.toContain("Diazepam");
  });
});

describe("relapse-prevention plan", () => {
  it("saves every section and the people to call, shows them in the print view", async () => {
    const res = await call(
      planRoute.action,
      post(
        "/recovery/plan",
        {
          triggers: "Sunday evenings",
          warningSigns: "Skipping meals",
          coping: "Walk",
          places: "Tuesday meeting",
          reasons: "My kids",
          contact0_name: "Ana",
          contact0_phone: "+1 312 555 0142",
          contact1_name: "",
          contact1_phone: "",
        },
        owner.cookie,
      ),
    );
    expect(res.status).toBe(200);
    const print = await call<Awaited<ReturnType<typeof planPrintRoute.loader>>>(planPrintRoute.loader, get("/recovery/plan/print", owner.cookie));
    expect(print.body.plan).toMatchObject({ triggers: "Sunday evenings", reasons: "My kids", contacts: [{ name: "Ana", phone: "+1 312 555 0142" }] });
    const stored = await t.db.selectFrom("recovery_plans").selectAll().where("user_id", "=", owner.user.id).executeTakeFirstOrThrow();
    expect(stored.plan_enc).not.toContain("Ana");
    const bad = await call<Failure>(planRoute.action, post("/recovery/plan", { triggers: "x".repeat(4001), contact2_phone: "call me maybe" }, owner.cookie));
    expect(bad.status).toBe(400);
    expect(bad.body.errors.triggers).toMatch(/at most 4,000/);
    expect(bad.body.errors.contact2_phone).toMatch(/digits/);
    expect((await call<Awaited<ReturnType<typeof planPrintRoute.loader>>>(planPrintRoute.loader, get("/recovery/plan/print", owner.cookie))).body.plan.triggers).toBe(
      "Sunday evenings",
    );
  });
});

describe("nobody else", () => {
  it("gets 404 on the owner's journal entries and taper steps, and sees none of it on their own pages", async () => {
    setClock("2026-11-30T18:00:00Z");
    // The owner's private records: a check-in with a note, a taper step, a plan, a journal entry.
    expect((await checkin({ mood: "3", cravings: "6", note: "went to a meeting after all" })).status).toBe(200);
    expect(
      (await call(taperRoute.action, post("/recovery/taper", { intent: "add", medication: "Diazepam", note: "", doseMg: "10", fromDate: "2026-10-01" }, owner.cookie))).status,
    ).toBe(200);
    expect(
      (await call(planRoute.action, post("/recovery/plan", { triggers: "Sunday evenings", contact0_name: "Ana", contact0_phone: "+1 312 555 0142" }, owner.cookie))).status,
    ).toBe(200);
    await call(journalRoute.action, post("/recovery/journal", { intent: "save", date: "2026-11-29", body: "owner-secret-entry" }, owner.cookie));
    const entry = await t.db.selectFrom("recovery_journal_entries").select("id").where("user_id", "=", owner.user.id).orderBy("id", "desc").executeTakeFirstOrThrow();
    const step = await t.db.selectFrom("recovery_taper_steps").select("id").where("user_id", "=", owner.user.id).executeTakeFirstOrThrow();
    const entryId = String(entry.id);
    for (const other of [fellow, moderator, admin]) {
      expect((await call(entryRoute.loader, get(`/recovery/journal/${entryId}`, other.cookie), { entryId })).status).toBe(404);
      expect((await call(entryRoute.action, post(`/recovery/journal/${entryId}`, { intent: "delete" }, other.cookie), { entryId })).status).toBe(404);
      expect((await call(entryRoute.action, post(`/recovery/journal/${entryId}`, { intent: "save", date: "2026-11-01", body: "x" }, other.cookie), { entryId })).status).toBe(404);
      expect((await call(taperRoute.action, post("/recovery/taper", { intent: "delete", stepId: String(step.id) }, other.cookie))).status).toBe(404);
      const pages = [
        await call(checkinRoute.loader, get("/recovery/check-in?range=90", other.cookie)),
        await call(journalRoute.loader, get("/recovery/journal", other.cookie)),
        await call(taperRoute.loader, get("/recovery/taper", other.cookie)),
        await call(planRoute.loader, get("/recovery/plan", other.cookie)),
        await call(planPrintRoute.loader, get("/recovery/plan/print", other.cookie)),
      ];
      const text = JSON.stringify(pages.map((p) => p.body));
      for (const secret of ["owner-secret-entry", "Diazepam", "Sunday evenings", "Ana", "went to a meeting after all"]) expect(text).not.toContain(secret);
    }
    expect(await t.db.selectFrom("recovery_journal_entries").select("id").where("id", "=", entry.id).executeTakeFirst()).toEqual({ id: entry.id });
    expect(await t.db.selectFrom("recovery_taper_steps").select("id").where("id", "=", step.id).executeTakeFirst()).toEqual({ id: step.id });
  });
});
