/**
 * The group rules of the policy module, in JavaScript and in SQL, for every kind of group and
 * every kind of viewer: public, private and hidden × visitor, non-member, member, site admin. The
 * SQL forms must pick exactly the groups the JavaScript predicates allow, in every shape the
 * models use them (an EXISTS on group_members, a left-joined membership row, a raw `sql` query,
 * and a viewer known only by id).
 */
import { describe, expect, it } from "vitest";
import { sql } from "kysely";
import type { GroupVisibility } from "../../db/schema";
import { addMember } from "../../app/models/groups.server";
import { accessFor, groupReadableSql, groupVisibleSql, mayReadGroup, maySeeGroup, type GroupColumns, type SqlViewer, type Viewer } from "../../app/policy";
import { makeGroup, makeUser } from "../factories";
import { useTestDatabase } from "../helpers/db";

const t = useTestDatabase();

const VISIBILITIES: GroupVisibility[] = ["public", "private", "hidden"];
type Who = "visitor" | "non-member" | "member" | "admin";

/** What the rule says, written out: reading needs a public group; being listed, one that isn't hidden. */
const READS: Record<GroupVisibility, Who[]> = {
  public: ["visitor", "non-member", "member", "admin"],
  private: ["member", "admin"],
  hidden: ["member", "admin"],
};
const SEES: Record<GroupVisibility, Who[]> = {
  public: ["visitor", "non-member", "member", "admin"],
  private: ["visitor", "non-member", "member", "admin"],
  hidden: ["member", "admin"],
};

/** One group of each visibility; `member` belongs to all three, `outsider` and `admin` to none. */
async function world() {
  const member = await makeUser(t.db);
  const outsider = await makeUser(t.db);
  const admin = await makeUser(t.db, { role: "admin" });
  const groups = new Map<GroupVisibility, number>();
  for (const visibility of VISIBILITIES) {
    const group = await makeGroup(t.db, { visibility });
    await addMember(t.db, group.id, member.id);
    groups.set(visibility, group.id);
  }
  const viewers: Record<Who, Viewer> = {
    visitor: null,
    "non-member": { id: outsider.id, role: outsider.role },
    member: { id: member.id, role: member.role },
    admin: { id: admin.id, role: admin.role },
  };
  return { groups, viewers };
}

const expected = (rule: Record<GroupVisibility, Who[]>, who: Who) => VISIBILITIES.filter((v) => rule[v].includes(who));

/** The visibilities of the groups a query with this condition returns. */
async function pick(groups: Map<GroupVisibility, number>, condition: (cols: GroupColumns) => ReturnType<typeof groupReadableSql>, joined: Viewer | undefined) {
  let q = t.db.selectFrom("groups as g").select("g.id");
  let rows: { id: number }[];
  if (joined === undefined) {
    rows = await q.where(condition({ id: "g.id", visibility: "g.visibility" })).execute();
  } else {
    // The membership row left-joined by the query itself, as the directory and notifications do.
    q = q.leftJoin("group_members as gm", (join) => join.onRef("gm.group_id", "=", "g.id").on("gm.user_id", "=", joined?.id ?? ""));
    rows = await q.where(condition({ id: "g.id", visibility: "g.visibility", member: "gm.user_id" })).execute();
  }
  const ids = new Set(rows.map((r) => Number(r.id)));
  return VISIBILITIES.filter((v) => ids.has(groups.get(v)!));
}

describe("group policy", () => {
  it("JavaScript: who reads and who sees each kind of group", async () => {
    const { viewers } = await world();
    for (const who of Object.keys(viewers) as Who[]) {
      const viewer = viewers[who];
      const isMember = who === "member";
      expect(VISIBILITIES.filter((v) => mayReadGroup(viewer, v, isMember))).toEqual(expected(READS, who));
      expect(VISIBILITIES.filter((v) => maySeeGroup(viewer, v, isMember))).toEqual(expected(SEES, who));
      const access = (v: GroupVisibility) => accessFor({ id: 1, slug: "g", name: "G", visibility: v }, viewer, isMember ? "member" : null);
      expect(VISIBILITIES.filter((v) => access(v).canRead)).toEqual(expected(READS, who));
      expect(VISIBILITIES.filter((v) => access(v).canSee)).toEqual(expected(SEES, who));
    }
  });

  it("SQL: groupReadableSql and groupVisibleSql pick the same groups, with or without a joined membership", async () => {
    const { groups, viewers } = await world();
    for (const who of Object.keys(viewers) as Who[]) {
      const viewer = viewers[who];
      for (const joined of [undefined, viewer]) {
        expect(await pick(groups, (cols) => groupReadableSql(viewer, cols), joined), `${who} reads (joined: ${joined !== undefined})`).toEqual(expected(READS, who));
        expect(await pick(groups, (cols) => groupVisibleSql(viewer, cols), joined), `${who} sees (joined: ${joined !== undefined})`).toEqual(expected(SEES, who));
      }
    }
  });

  it("SQL: a viewer known only by id is an admin when their row says so", async () => {
    const { groups, viewers } = await world();
    for (const who of ["non-member", "member", "admin"] as const) {
      const byId: SqlViewer = { id: viewers[who]!.id };
      expect(await pick(groups, (cols) => groupReadableSql(byId, cols), undefined), who).toEqual(expected(READS, who));
      expect(await pick(groups, (cols) => groupVisibleSql(byId, cols), viewers[who]), who).toEqual(expected(SEES, who));
    }
  });

  it("SQL: the rule fits inside a raw sql query (as search uses it)", async () => {
    const { groups, viewers } = await world();
    for (const who of Object.keys(viewers) as Who[]) {
      const readable = groupReadableSql(viewers[who], { id: "g.id", visibility: "g.visibility" });
      const { rows } = await sql<{ id: number }>`SELECT g.id FROM groups g WHERE g.id > 0 AND ${readable}`.execute(t.db);
      const ids = new Set(rows.map((r) => Number(r.id)));
      expect(
        VISIBILITIES.filter((v) => ids.has(groups.get(v)!)),
        who,
      ).toEqual(expected(READS, who));
    }
  });
});
