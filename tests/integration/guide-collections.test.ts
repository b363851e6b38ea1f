/**
 * /guides/collections (docs/guides.md): editors and admins add, rename, order and remove the
 * library's collections; visitors, members and moderators are refused; bad input answers at the
 * field with nothing stored; a renamed collection keeps its address (and so what the check-in
 * offers from it); a collection that still holds guides is not removed.
 */
import { describe, expect, it } from "vitest";
import * as collections from "../../app/routes/guides.collections/route";
import { addMember } from "../../app/models/groups.server";
import { listEditableCollections } from "../../app/models/guides/collections.server";
import { createGuide } from "../../app/models/guides/guides.server";
import { cravingGuides } from "../../app/models/guides/offers.server";
import { installStarterLibrary } from "../../app/models/guides/starter.server";
import { makeGroup, makeSignedInUser } from "../factories";
import { useTestDatabase } from "../helpers/db";
import { call, get, post } from "../helpers/requests";

const t = useTestDatabase();

type Answer = { ok?: boolean; message?: string; errors?: Record<string, string>; values?: Record<string, string> };
const PATH = "/guides/collections";

async function names() {
  return (await listEditableCollections(t.db)).map((c) => c.name);
}

describe("who may manage collections", () => {
  it("visitors are sent to sign in; members and group moderators are refused; editors and admins may", async () => {
    const group = await makeGroup(t.db, { visibility: "public" });
    const member = await makeSignedInUser(t.db);
    const moderator = await makeSignedInUser(t.db);
    await addMember(t.db, group.id, moderator.user.id, "moderator");
    const editor = await makeSignedInUser(t.db, { role: "editor" });
    const admin = await makeSignedInUser(t.db, { role: "admin" });

    const visitor = await call(collections.loader, get(PATH));
    expect(visitor.status).toBe(302);
    expect(visitor.headers.get("Location")).toMatch(/^\/login/);
    for (const who of [member, moderator]) {
      expect((await call(collections.loader, get(PATH, who.cookie))).status).toBe(403);
      expect((await call(collections.action, post(PATH, { intent: "add", name: "Mine now", description: "" }, who.cookie))).status).toBe(403);
    }
    expect(await names()).toEqual([]);
    for (const [who, name] of [
      [editor, "For partners"],
      [admin, "For parents"],
    ] as const) {
      expect((await call(collections.loader, get(PATH, who.cookie))).status).toBe(200);
      const added = await call<Answer>(collections.action, post(PATH, { intent: "add", name, description: "Supporting someone you love." }, who.cookie));
      expect(added.status).toBe(200);
      expect(added.body.message).toContain(`Added “${name}”`);
    }
    expect(await names()).toEqual(["For partners", "For parents"]);
  });
});

describe("managing collections", () => {
  it("renaming keeps the address, so the check-in still offers its guides", async () => {
    await installStarterLibrary(t.db);
    const editor = await makeSignedInUser(t.db, { role: "editor" });
    const before = await cravingGuides(t.db, { id: editor.user.id, role: "editor" }, 8);
    const cravings = (await listEditableCollections(t.db)).find((c) => c.slug === "coping-with-cravings")!;
    const saved = await call<Answer>(
      collections.action,
      post(PATH, { intent: "save", collectionId: String(cravings.id), name: "When cravings come", description: "Riding out the urge." }, editor.cookie),
    );
    expect(saved.status).toBe(200);
    const after = (await listEditableCollections(t.db)).find((c) => c.id === cravings.id)!;
    expect(after).toMatchObject({ slug: "coping-with-cravings", name: "When cravings come", description: "Riding out the urge." });
    expect(await cravingGuides(t.db, { id: editor.user.id, role: "editor" }, 8)).toEqual(before);
  });

  it("moves a collection up and down, and not past either end", async () => {
    const editor = await makeSignedInUser(t.db, { role: "editor" });
    for (const name of ["Sleep", "Anxiety", "Families"]) await call(collections.action, post(PATH, { intent: "add", name, description: "" }, editor.cookie));
    const id = (name: string) => async () => String((await listEditableCollections(t.db)).find((c) => c.name === name)!.id);
    await call(collections.action, post(PATH, { intent: "up", collectionId: await id("Families")() }, editor.cookie));
    expect(await names()).toEqual(["Sleep", "Families", "Anxiety"]);
    await call(collections.action, post(PATH, { intent: "up", collectionId: await id("Sleep")() }, editor.cookie));
    expect(await names()).toEqual(["Sleep", "Families", "Anxiety"]);
    await call(collections.action, post(PATH, { intent: "down", collectionId: await id("Sleep")() }, editor.cookie));
    expect(await names()).toEqual(["Families", "Sleep", "Anxiety"]);
  });

  it("removes an empty collection, and refuses one that still holds a guide", async () => {
    const editor = await makeSignedInUser(t.db, { role: "editor" });
    await call(collections.action, post(PATH, { intent: "add", name: "Empty for now", description: "" }, editor.cookie));
    await call(collections.action, post(PATH, { intent: "add", name: "Sleep", description: "" }, editor.cookie));
    const [empty, sleep] = await listEditableCollections(t.db);
    await createGuide(
      t.db,
      editor.user.id,
      { title: "Wind down", slug: "wind-down", collectionId: sleep!.id, summary: "", body: "Dim the lights.", visibility: "public", reviewed: false },
      "draft",
    );
    const refused = await call<Answer>(collections.action, post(PATH, { intent: "remove", collectionId: String(sleep!.id) }, editor.cookie));
    expect(refused.status).toBe(409);
    expect(refused.body.errors?.form).toBe("This collection still holds a guide. Move it to another collection first.");
    expect(refused.body.values?.collectionId).toBe(String(sleep!.id));
    const removed = await call<Answer>(collections.action, post(PATH, { intent: "remove", collectionId: String(empty!.id) }, editor.cookie));
    expect(removed.status).toBe(200);
    expect(await listEditableCollections(t.db)).toMatchObject([{ name: "Sleep", guides: 1 }]);
  });

  it("bad input answers at the field, 4xx, and stores nothing", async () => {
    const admin = await makeSignedInUser(t.db, { role: "admin" });
    await call(collections.action, post(PATH, { intent: "add", name: "Sleep", description: "" }, admin.cookie));
    const cases: [Record<string, string>, number, string, string][] = [
      [{ intent: "add", name: "  ", description: "" }, 400, "name", "Please enter a name."],
      [{ intent: "add", name: "x".repeat(81), description: "" }, 400, "name", "A name can be at most 80 characters (it has more)."],
      [{ intent: "add", name: "sleep ", description: "" }, 409, "name", "There is already a collection called “sleep”."],
      [{ intent: "add", name: "Anxiety", description: "d".repeat(301) }, 400, "description", "A description can be at most 300 characters (it has more)."],
      [{ intent: "save", collectionId: "999999", name: "Gone", description: "" }, 404, "form", "That collection is no longer here."],
      [{ intent: "remove", collectionId: "abc" }, 400, "collectionId", "Choose a collection."],
      [{ intent: "explode", collectionId: "1" }, 400, "intent", "Choose what to do."],
    ];
    for (const [fields, status, field, message] of cases) {
      const res = await call<Answer>(collections.action, post(PATH, fields, admin.cookie));
      expect(res.status, JSON.stringify(fields)).toBe(status);
      expect(res.body.errors?.[field], JSON.stringify(fields)).toBe(message);
    }
    expect(await names()).toEqual(["Sleep"]);
  });

  it("a new collection's address is made from its name and never clashes with the library's own pages", async () => {
    const admin = await makeSignedInUser(t.db, { role: "admin" });
    for (const name of ["Search", "Search!", "Sleep & rest"]) await call(collections.action, post(PATH, { intent: "add", name, description: "" }, admin.cookie));
    expect((await listEditableCollections(t.db)).map((c) => c.slug)).toEqual(["search-2", "search-3", "sleep-and-rest"]);
  });
});
