/**
 * The resource library's model and policy (docs/guides.md): the starter library installs once,
 * edits keep every version, drafts and members-only guides reach only those who may read them
 * (lists, search, saved guides), and a guide with a script in it is refused whole.
 */
import { describe, expect, it } from "vitest";
import {
  createGuide,
  getGuideBySlug,
  guidesInCollections,
  listGuideRevisions,
  listGuides,
  listSavedGuides,
  setGuideSaved,
  updateGuide,
  GuideError,
  type GuideInput,
} from "../../app/models/guides/guides.server";
import { searchGuides } from "../../app/models/guides/search.server";
import { installStarterLibrary } from "../../app/models/guides/starter.server";
import { STARTER_GUIDES, CRAVING_COLLECTIONS } from "../../app/models/guides/starter/index";
import { revisionChanges } from "../../app/models/guides/diff.server";
import { exportMemberData } from "../../app/models/member-data.server";
import { deleteUser } from "../../app/models/users.server";
import { maySeeGuide, mayWriteGuides } from "../../app/policy";
import { guideSchema, GUIDE_SCRIPT_MESSAGE } from "../../app/utils/guide-form";
import { parseFormData } from "../../app/utils/forms.server";
import { makeUser } from "../factories";
import { useTestDatabase } from "../helpers/db";

const t = useTestDatabase();

const input = (over: Partial<GuideInput> = {}): GuideInput => ({
  title: "Quiet evenings",
  slug: "quiet-evenings",
  collectionId: null,
  summary: "Ideas for the hours after dinner.",
  body: "Walk after dinner. **No screens** after nine.",
  visibility: "public",
  reviewed: true,
  ...over,
});

describe("the starter library", () => {
  it("installs its collections and guides once, published and public, and leaves an edited guide alone", async () => {
    expect(await installStarterLibrary(t.db)).toBe(STARTER_GUIDES.length);
    expect(STARTER_GUIDES.length).toBeGreaterThanOrEqual(8);
    expect(STARTER_GUIDES.length).toBeLessThanOrEqual(12);
    const guides = await listGuides(t.db, null);
    expect(guides).toHaveLength(STARTER_GUIDES.length);
    for (const g of STARTER_GUIDES) {
      expect(g.body, g.key).toContain("not medical advice");
      expect(g.body, g.key).toContain("prescriber");
    }
    const taper = (await getGuideBySlug(t.db, "tapering-safely"))!;
    expect(taper.body_html).toContain("Never stop a benzodiazepine abruptly");
    expect(taper.body_html).toContain('<a href="/help"');
    const admin = await makeUser(t.db, { role: "admin" });
    await updateGuide(
      t.db,
      taper.id,
      admin.id,
      { ...input({ slug: taper.slug, title: taper.title, body: `${taper.body_source}\n\nEdited here.` }), visibility: "members" },
      "draft",
    );
    expect(await installStarterLibrary(t.db)).toBe(0);
    const again = (await getGuideBySlug(t.db, "tapering-safely"))!;
    expect(again.status).toBe("draft");
    expect(await t.db.selectFrom("guides").select("id").execute()).toHaveLength(STARTER_GUIDES.length);
  });

  it("offers two craving guides to a member", async () => {
    await installStarterLibrary(t.db);
    const offered = await guidesInCollections(t.db, { id: "x", role: "member" }, CRAVING_COLLECTIONS, 2);
    expect(offered.map((g) => g.slug)).toEqual(["urge-surfing", "halt-hungry-angry-lonely-tired"]);
  });
});

describe("writing guides", () => {
  it("keeps every version, with the diff between them", async () => {
    const editor = await makeUser(t.db, { role: "editor" });
    const { id } = await createGuide(t.db, editor.id, input(), "draft");
    await updateGuide(t.db, id, editor.id, input({ body: "Walk after dinner. **No screens** after ten.", note: "Later bedtime" }), "published");
    const revisions = await listGuideRevisions(t.db, id);
    expect(revisions.map((r) => [r.number, r.status, r.note])).toEqual([
      [2, "published", "Later bedtime"],
      [1, "draft", ""],
    ]);
    expect(revisions[0]!.editor_name).toBe(editor.display_name);
    const changes = revisionChanges(revisions[1]!, revisions[0]!);
    expect(changes.events).toEqual(["Published"]);
    expect(changes.body.filter((p) => p.kind === "removed").map((p) => p.text)).toEqual(["nine"]);
    expect(changes.body.filter((p) => p.kind === "added").map((p) => p.text)).toEqual(["ten"]);
    const guide = (await getGuideBySlug(t.db, "quiet-evenings"))!;
    expect(guide.reviewer_name).toBe(editor.display_name);
    expect(guide.published_at).not.toBeNull();
  });

  it("refuses a taken or reserved address and writes nothing", async () => {
    const editor = await makeUser(t.db, { role: "editor" });
    await createGuide(t.db, editor.id, input(), "published");
    await expect(createGuide(t.db, editor.id, input(), "published")).rejects.toMatchObject({ field: "slug", status: 409 });
    await expect(createGuide(t.db, editor.id, input({ slug: "new" }), "published")).rejects.toBeInstanceOf(GuideError);
    expect(await t.db.selectFrom("guides").select("id").execute()).toHaveLength(1);
    expect(await t.db.selectFrom("guide_revisions").select("id").execute()).toHaveLength(1);
  });

  it("refuses a guide with a script in it at the field", () => {
    const form = new FormData();
    for (const [k, v] of Object.entries({
      title: "Sneaky",
      slug: "",
      summary: "A guide with a script in it.",
      body: "Hello <script>alert(1)</script>",
      visibility: "public",
      note: "",
    }))
      form.set(k, v);
    const parsed = parseFormData(form, guideSchema);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.errors.body).toBe(GUIDE_SCRIPT_MESSAGE);
  });
});

describe("who reads what", () => {
  async function library() {
    const editor = await makeUser(t.db, { role: "editor" });
    await createGuide(t.db, editor.id, input({ slug: "open-zebra", title: "Open zebra guide", body: "zebra words for everyone" }), "published");
    await createGuide(t.db, editor.id, input({ slug: "members-zebra", title: "Members zebra guide", body: "zebra words for members", visibility: "members" }), "published");
    await createGuide(t.db, editor.id, input({ slug: "draft-zebra", title: "Draft zebra guide", body: "zebra words not ready" }), "draft");
    return editor;
  }

  it("lists and finds published public guides for visitors, published ones for members, drafts for writers only (and never in search)", async () => {
    const editor = await library();
    const member = { id: (await makeUser(t.db)).id, role: "member" };
    const slugs = async (viewer: Parameters<typeof listGuides>[1]) => (await listGuides(t.db, viewer)).map((g) => g.slug).sort();
    expect(await slugs(null)).toEqual(["open-zebra"]);
    expect(await slugs(member)).toEqual(["members-zebra", "open-zebra"]);
    expect(await slugs(editor)).toEqual(["draft-zebra", "members-zebra", "open-zebra"]);
    const found = async (viewer: Parameters<typeof listGuides>[1]) => (await searchGuides(t.db, viewer, "zebra")).map((g) => g.slug).sort();
    expect(await found(null)).toEqual(["open-zebra"]);
    expect(await found(member)).toEqual(["members-zebra", "open-zebra"]);
    expect(await found(editor)).toEqual(["members-zebra", "open-zebra"]);
    expect((await searchGuides(t.db, null, "zebra"))[0]!.snippetHtml).toContain("<mark>zebra</mark>");
  });

  it("answers the policy questions", () => {
    const published = { status: "published" as const, visibility: "members" as const };
    expect(maySeeGuide(null, published)).toBe(false);
    expect(maySeeGuide({ id: "m", role: "member" }, published)).toBe(true);
    expect(maySeeGuide({ id: "m", role: "member" }, { ...published, status: "draft" })).toBe(false);
    expect(maySeeGuide({ id: "e", role: "editor" }, { ...published, status: "draft" })).toBe(true);
    expect(mayWriteGuides({ id: "m", role: "member" })).toBe(false);
    expect(mayWriteGuides({ id: "a", role: "admin" })).toBe(true);
  });

  it("keeps My guides private, in the member's data download, and gone with the account", async () => {
    const editor = await library();
    const member = await makeUser(t.db);
    const viewer = { id: member.id, role: "member" };
    const open = (await getGuideBySlug(t.db, "open-zebra"))!;
    const members = (await getGuideBySlug(t.db, "members-zebra"))!;
    await setGuideSaved(t.db, member.id, open.id, true);
    await setGuideSaved(t.db, member.id, open.id, true);
    await setGuideSaved(t.db, member.id, members.id, true);
    await updateGuide(t.db, members.id, editor.id, input({ slug: "members-zebra", title: "Members zebra guide", visibility: "members" }), "draft");
    const saved = await listSavedGuides(t.db, viewer);
    expect(saved).toHaveLength(2);
    expect(saved.find((s) => s.slug === "members-zebra")).toMatchObject({ available: false });
    expect(JSON.stringify(saved)).not.toContain("Members zebra guide");
    const other = await makeUser(t.db);
    expect(await listSavedGuides(t.db, { id: other.id, role: "member" })).toEqual([]);
    const data = (await exportMemberData(t.db, member.id)) as { savedGuides: { guide: string }[] };
    expect(data.savedGuides.map((g) => g.guide).sort()).toEqual(["/guides/members-zebra", "/guides/open-zebra"]);
    await deleteUser(t.db, member.id);
    expect(await t.db.selectFrom("saved_guides").select("guide_id").where("user_id", "=", member.id).execute()).toEqual([]);
  });
});
