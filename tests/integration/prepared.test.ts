import { beforeEach, describe, expect, it } from "vitest";
import { sql } from "kysely";
import { prepared } from "../../db/prepared";
import { makeGroup, makeUser } from "../factories";
import { createTestDatabase, useTestDatabase } from "../helpers/db";
import { addMember } from "../../app/models/groups.server";

const t = useTestDatabase();

// A query in the shape the hot pages use: a join on a parameter, a where on two more.
const membersOf = prepared((db, p: { groupId: number; role: "member" | "moderator"; since: string }) =>
  db
    .selectFrom("group_members")
    .innerJoin("users", "users.id", "group_members.user_id")
    .select(["users.display_name", sql<number>`${p.groupId} * 0 + 1`.as("one")])
    .where("group_members.group_id", "=", p.groupId)
    .where("group_members.role", "=", p.role)
    .where("group_members.joined_at", ">=", p.since)
    .orderBy("users.display_name"),
);

let groupA: number;
let groupB: number;

beforeEach(async () => {
  groupA = (await makeGroup(t.db)).id;
  groupB = (await makeGroup(t.db)).id;
  const ann = await makeUser(t.db, { displayName: "Ann" });
  const bo = await makeUser(t.db, { displayName: "Bo" });
  const cy = await makeUser(t.db, { displayName: "Cy" });
  await addMember(t.db, groupA, ann.id);
  await addMember(t.db, groupA, bo.id, "moderator");
  await addMember(t.db, groupB, cy.id);
});

describe("prepared queries", () => {
  it("run with each call's own values in the places of the stand-ins", async () => {
    const since = "2000-01-01T00:00:00.000Z";
    expect(await membersOf(t.db, { groupId: groupA, role: "member", since })).toEqual([{ display_name: "Ann", one: 1 }]);
    expect(await membersOf(t.db, { groupId: groupA, role: "moderator", since })).toEqual([{ display_name: "Bo", one: 1 }]);
    expect(await membersOf(t.db, { groupId: groupB, role: "member", since })).toEqual([{ display_name: "Cy", one: 1 }]);
    expect(await membersOf(t.db, { groupId: groupA, role: "member", since: "2999-01-01T00:00:00.000Z" })).toEqual([]);
  });

  it("return what the same query built each time returns", async () => {
    const direct = await t.db
      .selectFrom("group_members")
      .innerJoin("users", "users.id", "group_members.user_id")
      .select(["users.display_name"])
      .where("group_members.group_id", "=", groupA)
      .orderBy("users.display_name")
      .execute();
    const both = [
      ...(await membersOf(t.db, { groupId: groupA, role: "member", since: "2000-01-01" })),
      ...(await membersOf(t.db, { groupId: groupA, role: "moderator", since: "2000-01-01" })),
    ];
    expect(both.map((r) => r.display_name).sort()).toEqual(direct.map((r) => r.display_name));
  });

  it("read the rows of the database they are given", async () => {
    const other = await createTestDatabase();
    try {
      const group = await makeGroup(other.db);
      const dee = await makeUser(other.db, { displayName: "Dee" });
      await addMember(other.db, group.id, dee.id);
      expect(await membersOf(other.db, { groupId: group.id, role: "member", since: "2000-01-01" })).toEqual([{ display_name: "Dee", one: 1 }]);
      // And the first database still answers from its own rows.
      expect(await membersOf(t.db, { groupId: groupB, role: "member", since: "2000-01-01" })).toEqual([{ display_name: "Cy", one: 1 }]);
    } finally {
      await other.cleanup();
    }
  });

  it("refuse a stand-in that would be written into the SQL instead of bound", async () => {
    const unsafe = prepared((db, p: { column: string }) => db.selectFrom("users").select(sql.raw<string>(String(p.column)).as("x")));
    await expect(unsafe(t.db, { column: "id" })).rejects.toThrow(/"column" must be a bound value/);
  });
});
