/**
 * Every guide route walked as a visitor, a member, a blocked member (one the guides' editor
 * blocked: guides are the library, not a member's posts, so a block changes nothing there), a group
 * moderator, an editor and an admin (docs/guides.md): who reads a public, a members-only and a draft guide, who writes, who saves;
 * bad input answers at the field with nothing half-saved; and an editor is not a moderator: every
 * moderation route refuses them.
 */
import { describe, expect, it } from "vitest";
import * as index from "../../app/routes/guides._index/route";
import * as page from "../../app/routes/guides.$slug._index/route";
import * as edit from "../../app/routes/guides.$slug.edit/route";
import * as history from "../../app/routes/guides.$slug.history/route";
import * as newGuide from "../../app/routes/guides.new/route";
import * as myGuides from "../../app/routes/my-guides/route";
import * as search from "../../app/routes/search/route";
import * as checkIn from "../../app/routes/recovery.check-in/route";
import * as help from "../../app/routes/help/route";
import * as plan from "../../app/routes/recovery.plan._index/route";
import * as modIndex from "../../app/routes/moderation/route";
import * as modHome from "../../app/routes/moderation._index/route";
import * as modAudit from "../../app/routes/moderation.audit/route";
import * as modGroup from "../../app/routes/moderation.groups.$slug/route";
import * as modReview from "../../app/routes/moderation.review.$kind.$id/route";
import * as adminModeration from "../../app/routes/admin.moderation/route";
import * as adminUsers from "../../app/routes/admin.users/route";
import { addMember } from "../../app/models/groups.server";
import { blockMember } from "../../app/models/blocks.server";
import { createGuide, getGuideBySlug } from "../../app/models/guides/guides.server";
import { installStarterLibrary } from "../../app/models/guides/starter.server";
import { makeGroup, makeSignedInUser } from "../factories";
import { useTestDatabase } from "../helpers/db";
import { call, get, post } from "../helpers/requests";

const t = useTestDatabase();

type Who = "visitor" | "member" | "blocked" | "moderator" | "editor" | "admin";
const WHO: Who[] = ["visitor", "member", "blocked", "moderator", "editor", "admin"];

async function world() {
  const group = await makeGroup(t.db, { visibility: "public" });
  const people = {
    member: await makeSignedInUser(t.db),
    blocked: await makeSignedInUser(t.db),
    moderator: await makeSignedInUser(t.db),
    editor: await makeSignedInUser(t.db, { role: "editor" }),
    admin: await makeSignedInUser(t.db, { role: "admin" }),
  };
  await addMember(t.db, group.id, people.moderator.user.id, "moderator");
  await blockMember(t.db, people.editor.user.id, people.blocked.user.id);
  const base = { collectionId: null, summary: "A short guide for the walk.", reviewed: true };
  await createGuide(t.db, people.editor.user.id, { ...base, title: "Public zebra", slug: "public-zebra", body: "zebra for all", visibility: "public" }, "published");
  await createGuide(t.db, people.editor.user.id, { ...base, title: "Members zebra", slug: "members-zebra", body: "zebra for members", visibility: "members" }, "published");
  await createGuide(t.db, people.editor.user.id, { ...base, title: "Draft zebra", slug: "draft-zebra", body: "zebra not ready", visibility: "public" }, "draft");
  const cookie = (who: Who) => (who === "visitor" ? undefined : people[who].cookie);
  return { group, people, cookie };
}

const form = (over: Record<string, string> = {}) => ({
  intent: "publish",
  title: "Evening walks",
  slug: "",
  collectionId: "",
  summary: "A walk after dinner helps many of us.",
  body: "Walk after dinner, *slowly*.",
  visibility: "public",
  note: "",
  reviewed: "on",
  ...over,
});

describe("every guide route, as everyone", () => {
  for (const who of WHO) {
    it(`${who}: reads what they may, writes only as an editor or admin`, async () => {
      const w = await world();
      const cookie = w.cookie(who);
      const writer = who === "editor" || who === "admin";
      const expected = { "public-zebra": 200, "members-zebra": who === "visitor" ? 404 : 200, "draft-zebra": writer ? 200 : 404 };
      for (const [slug, status] of Object.entries(expected)) {
        expect((await call(page.loader, get(`/guides/${slug}`, cookie), { slug })).status, `${slug} page`).toBe(status);
        expect((await call(history.loader, get(`/guides/${slug}/history`, cookie), { slug })).status, `${slug} history`).toBe(status);
      }
      const list = await call<{ collections: unknown; others: { slug: string }[]; canWrite: boolean }>(index.loader, get("/guides", cookie));
      expect(list.body.others.map((g) => g.slug).sort()).toEqual(
        Object.keys(expected)
          .filter((s) => expected[s as keyof typeof expected] === 200)
          .sort(),
      );
      expect(list.body.canWrite).toBe(writer);
      const found = await call<{ guides: { slug: string }[] }>(search.loader, get("/search?q=zebra", cookie));
      expect(found.body.guides.map((g) => g.slug).sort()).toEqual(who === "visitor" ? ["public-zebra"] : ["members-zebra", "public-zebra"]);

      // Writing: new and edit pages, and their actions.
      const newPage = await call(newGuide.loader, get("/guides/new", cookie));
      const editPage = await call(edit.loader, get("/guides/draft-zebra/edit", cookie), { slug: "draft-zebra" });
      const created = await call(newGuide.action, post("/guides/new", form(), cookie));
      const edited = await call(edit.action, post("/guides/public-zebra/edit", form({ title: "Public zebra, edited", slug: "public-zebra", intent: "save" }), cookie), {
        slug: "public-zebra",
      });
      if (who === "visitor") {
        for (const r of [newPage, editPage, created, edited]) expect([r.status, r.headers.get("Location")?.startsWith("/login")]).toEqual([302, true]);
      } else if (!writer) {
        for (const r of [newPage, editPage, created, edited]) expect(r.status).toBe(403);
      } else {
        expect([newPage.status, editPage.status]).toEqual([200, 200]);
        expect([created.status, created.headers.get("Location")]).toEqual([302, "/guides/evening-walks"]);
        expect([edited.status, edited.headers.get("Location")]).toEqual([302, "/guides/public-zebra"]);
      }
      const count = (await t.db.selectFrom("guides").select("id").execute()).length;
      expect(count).toBe(writer ? 4 : 3);
      expect((await getGuideBySlug(t.db, "public-zebra"))!.title).toBe(writer ? "Public zebra, edited" : "Public zebra");

      // Saving to My guides: members and up, published guides they may read.
      const save = await call(page.action, post("/guides/members-zebra", { intent: "save" }, cookie), { slug: "members-zebra" });
      const saveDraft = await call(page.action, post("/guides/draft-zebra", { intent: "save" }, cookie), { slug: "draft-zebra" });
      if (who === "visitor") {
        expect(save.status).toBe(302);
        expect((await call(myGuides.loader, get("/my-guides"))).status).toBe(302);
      } else {
        expect(save.status).toBe(200);
        expect(saveDraft.status).toBe(404);
        const mine = await call<{ guides: { slug: string }[] }>(myGuides.loader, get("/my-guides", cookie));
        expect(mine.body.guides.map((g) => g.slug)).toEqual(["members-zebra"]);
      }
      expect((await t.db.selectFrom("saved_guides").select("guide_id").execute()).length).toBe(who === "visitor" ? 0 : 1);
    });
  }
});

describe("bad input", () => {
  it("a guide with a script in it, a taken address, a made-up collection: a message at the field, nothing written", async () => {
    const w = await world();
    const cookie = w.people.editor.cookie;
    const cases: [Record<string, string>, string, number][] = [
      [{ body: "Hello <script>alert(1)</script>" }, "body", 400],
      [{ body: "[click](javascript:alert(1))" }, "body", 400],
      [{ slug: "public-zebra" }, "slug", 409],
      [{ slug: "new" }, "slug", 400],
      [{ collectionId: "999" }, "collectionId", 400],
      [{ visibility: "everyone" }, "visibility", 400],
      [{ title: "" }, "title", 400],
    ];
    for (const [over, field, status] of cases) {
      const res = await call<{ errors: Record<string, string>; values: Record<string, string> }>(newGuide.action, post("/guides/new", form(over), cookie));
      expect(res.status, JSON.stringify(over)).toBe(status);
      expect(res.body.errors[field], JSON.stringify(over)).toBeTruthy();
      expect(res.body.values.summary, "what was typed is kept").toBe(form().summary);
    }
    expect((await t.db.selectFrom("guides").select("id").execute()).length).toBe(3);
    expect((await t.db.selectFrom("guide_revisions").select("id").execute()).length).toBe(3);
    const preview = await call<{ preview: string }>(newGuide.action, post("/guides/new", form({ intent: "preview", body: "**bold** <b>x</b>" }), cookie));
    expect(preview.status).toBe(200);
    expect(preview.body.preview).toContain("<strong>bold</strong>");
    expect(preview.body.preview).not.toContain("<b>");
  });
});

describe("an editor is not a moderator", () => {
  it("every moderation route refuses an editor, and the admin console too", async () => {
    const w = await world();
    const cookie = w.people.editor.cookie;
    const slug = w.group.slug;
    const refusals = [
      await call(modIndex.loader, get("/moderation", cookie)),
      await call(modHome.loader, get("/moderation", cookie)),
      await call(modAudit.loader, get("/moderation/audit", cookie)),
      await call(modGroup.loader, get(`/moderation/groups/${slug}`, cookie), { slug }),
      await call(modGroup.action, post(`/moderation/groups/${slug}`, { intent: "settings" }, cookie), { slug }),
      await call(modReview.loader, get(`/moderation/review/member/${w.people.member.user.id}`, cookie), { kind: "member", id: w.people.member.user.id }),
      await call(modReview.action, post(`/moderation/review/member/${w.people.member.user.id}`, { action: "warn", reason: "x" }, cookie), {
        kind: "member",
        id: w.people.member.user.id,
      }),
      await call(adminModeration.loader, get("/admin/moderation", cookie)),
      await call(adminUsers.loader, get("/admin/users", cookie)),
    ];
    for (const r of refusals) expect([403, 404]).toContain(r.status);
    expect(await t.db.selectFrom("sanctions").select("id").execute()).toEqual([]);
    expect(await t.db.selectFrom("audit_log").select("id").execute()).toEqual([]);
  });

  it("an admin makes a member an editor in the admin console", async () => {
    const w = await world();
    const res = await call<{ message: string }>(adminUsers.action, post("/admin/users", { userId: w.people.member.user.id, role: "editor" }, w.people.admin.cookie));
    expect(res.body.message).toContain("is now an editor");
    expect((await t.db.selectFrom("users").select("role").where("id", "=", w.people.member.user.id).executeTakeFirstOrThrow()).role).toBe("editor");
    expect((await call(newGuide.loader, get("/guides/new", w.people.member.cookie))).status).toBe(200);
  });
});

describe("where guides meet people", () => {
  it("the crisis page links the coping guides, a check-in with cravings 8 offers two, the plan its ideas", async () => {
    await installStarterLibrary(t.db);
    const sam = await makeSignedInUser(t.db);
    const crisis = await call<{ guides: { slug: string }[] }>(help.loader, get("/help"));
    expect(crisis.body.guides.map((g) => g.slug)).toEqual(expect.arrayContaining(["urge-surfing", "grounding-for-panic"]));
    const calm = await call(checkIn.action, post("/recovery/check-in", { mood: "3", cravings: "3", sleepHours: "", note: "" }, sam.cookie));
    expect(calm.status).toBe(200);
    expect((await call<{ guides: unknown[] }>(checkIn.loader, get("/recovery/check-in", sam.cookie))).body.guides).toEqual([]);
    await call(checkIn.action, post("/recovery/check-in", { mood: "2", cravings: "8", sleepHours: "", note: "" }, sam.cookie));
    const offered = await call<{ guides: { slug: string }[] }>(checkIn.loader, get("/recovery/check-in", sam.cookie));
    expect(offered.body.guides.map((g) => g.slug)).toEqual(["urge-surfing", "halt-hungry-angry-lonely-tired"]);
    const ideas = await call<{ guides: { slug: string }[] }>(plan.loader, get("/recovery/plan", sam.cookie));
    expect(ideas.body.guides.map((g) => g.slug)).toContain("planning-for-high-risk-situations");
  });
});
