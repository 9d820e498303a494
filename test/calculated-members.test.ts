import { CompiledModel } from "../src/authorization/compiled-model";
import { TABLES } from "../src/db/tables";
import { exportData, importOk } from "./helpers/transfer";
import { startTestServer, TestServer } from "./helpers/server";

/**
 * Group.calculatedMembers at scale (docs/design.md §10, "Calculated members"): (user, group)
 * pairs of the group's subtree, each once however many paths reach the group, paged by cursor
 * without duplicates or gaps, totalCount equal to the pairs listed; the per-group member counts
 * the count is summed from stay equal to the memberships through every kind of write.
 */

const { groupMembers: MEMBERS, groupNestings: NESTINGS } = TABLES;
const PAGE = `query($id: ID!, $first: Int, $after: String) { group(id: $id) {
  memberCount calculatedMembers(first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } nodes { user { id } group { id } } } } }`;

/** UTF-8 byte order, the list's order on both databases. */
const byteOrder = (a: string, b: string) => Buffer.compare(Buffer.from(a), Buffer.from(b));

describe("calculatedMembers over a DAG with diamonds", () => {
  let t: TestServer;
  const g: Record<string, string> = {};
  beforeAll(async () => {
    t = await startTestServer();
    for (const name of ["A", "B", "C", "D", "E", "F", "Lone"]) {
      g[name] = (await t.ok<any>(`mutation($n: String!) { createGroup(input: { name: $n }) { id } }`, { n: `Calc ${name}` })).createGroup.id;
    }
    const nest = (parent: string, children: string[]) =>
      t.ok(`mutation($g: ID!, $c: [ID!]!) { addNestedGroups(groupId: $g, groupIds: $c) { id } }`, { g: g[parent], c: children.map((c) => g[c]) });
    // A ⊃ B, C, E; B ⊃ D; C ⊃ D (a diamond); D ⊃ E (E is reached three ways from A); F ⊃ D (a second root).
    await nest("A", ["B", "C", "E"]);
    await nest("B", ["D"]);
    await nest("C", ["D"]);
    await nest("D", ["E"]);
    await nest("F", ["D"]);
    const add = (group: string, users: string[]) => t.ok(`mutation($g: ID!, $u: [ID!]!) { addGroupMembers(groupId: $g, userIds: $u) { id } }`, { g: g[group], u: users });
    await add("B", ["calc|u1"]);
    await add("D", ["calc|u1", "calc|u2"]);
    await add("A", ["calc|u3"]);
    await add("E", ["calc|u3", ...Array.from({ length: 30 }, (_, i) => `calc|e${String(i).padStart(2, "0")}`)]);
    await add("C", ["calc|u4", "calc|É-unicode", "calc|Z-upper", "calc|a-lower"]);
    await add("F", ["calc|u5"]);
    await add("Lone", ["calc|u6"]);
  });
  afterAll(() => t.stop());

  /** The pairs as the stored links say: every direct membership of the group and of each descendant (each group once), in byte order. */
  async function expectedPairs(groupId: string): Promise<string[]> {
    const manager = t.server.app.db.manager;
    const nestings: Array<{ p: string; c: string }> = await manager.query(`SELECT ${NESTINGS.c.parentId} AS "p", ${NESTINGS.c.childId} AS "c" FROM ${NESTINGS.table}`);
    const members: Array<{ g: string; u: string }> = await manager.query(`SELECT ${MEMBERS.c.groupId} AS "g", ${MEMBERS.c.userId} AS "u" FROM ${MEMBERS.table}`);
    const subtree = new Set([groupId]);
    for (let grew = true; grew;) {
      grew = false;
      for (const { p, c } of nestings) {
        if (subtree.has(p) && !subtree.has(c)) {
          subtree.add(c);
          grew = true;
        }
      }
    }
    return members
      .filter((m) => subtree.has(m.g))
      .sort((a, b) => byteOrder(a.u, b.u) || byteOrder(a.g, b.g))
      .map((m) => `${m.u} ${m.g}`);
  }

  /** Every page, `first` at a time: the pairs in order, checking totalCount on each page. */
  async function allPages(groupId: string, first: number): Promise<{ pairs: string[]; totals: Set<number> }> {
    const pairs: string[] = [];
    const totals = new Set<number>();
    let after: string | null = null;
    for (;;) {
      const { group }: { group: any } = await t.ok<any>(PAGE, { id: groupId, first, after });
      const page: any = group.calculatedMembers;
      totals.add(page.totalCount);
      pairs.push(...page.nodes.map((n: any) => `${n.user.id} ${n.group.id}`));
      if (!page.pageInfo.hasNextPage) return { pairs, totals };
      after = page.pageInfo.endCursor;
    }
  }

  /** The per-group counts the triggers keep equal the memberships, group by group. */
  async function expectCountsInStep(): Promise<void> {
    const manager = t.server.app.db.manager;
    const kept: Array<{ g: string; n: number | string }> = await manager.query(`SELECT "groupId" AS "g", "members" AS "n" FROM "group_member_counts" WHERE "members" <> 0`);
    const actual: Array<{ g: string; n: number | string }> = await manager.query(
      `SELECT ${MEMBERS.c.groupId} AS "g", COUNT(*) AS "n" FROM ${MEMBERS.table} GROUP BY ${MEMBERS.c.groupId}`,
    );
    const asMap = (rows: Array<{ g: string; n: number | string }>) => Object.fromEntries(rows.map((r) => [r.g, Number(r.n)]).sort());
    expect(asMap(kept)).toEqual(asMap(actual));
  }

  it("lists each (user, group) pair of the subtree once, across pages of every size, with totalCount equal to the pairs listed", async () => {
    for (const root of ["A", "C", "D", "F", "E", "Lone"]) {
      const expected = await expectedPairs(g[root]);
      for (const first of [1, 2, 7, 50]) {
        const { pairs, totals } = await allPages(g[root], first);
        expect({ root, first, pairs, totals: [...totals] }).toEqual({ root, first, pairs: expected, totals: [expected.length] });
      }
    }
    // Reached through B and through C, D's members are still one pair each; u1 is two pairs (B and D).
    const a = await expectedPairs(g.A);
    expect(a.filter((p) => p.startsWith("calc|u1 "))).toEqual([`calc|u1 ${g.B}`, `calc|u1 ${g.D}`].sort(byteOrder));
    expect(a.filter((p) => p.startsWith("calc|u2 "))).toEqual([`calc|u2 ${g.D}`]);
    await expectCountsInStep();
  });

  it("answers the same from the current hot model as from the nesting links, with one batch for many groups", async () => {
    const every = `query { ${Object.entries(g)
      .map(([name, id]) => `${name}: group(id: "${id}") { calculatedMembers(first: 100) { totalCount nodes { user { id } group { id } } } }`)
      .join(" ")} }`;
    const cache = t.server.app.services.authorization.cache;
    expect(cache.enabled).toBe(true);
    const subtree = jest.spyOn(CompiledModel.prototype, "subtree");
    const current = jest.spyOn(cache, "current");
    try {
      // As while the cache is behind a commit (it answers null): the nesting links, level by level.
      current.mockResolvedValueOnce(null);
      const fromLinks = await t.ok<any>(every);
      expect(subtree).not.toHaveBeenCalled();
      expect(current).toHaveBeenCalledTimes(1);
      current.mockClear();
      await cache.warm();
      current.mockClear();
      const fromModel = await t.ok<any>(every);
      // One revision check for the batch of seven groups, then each subtree from memory.
      expect(current).toHaveBeenCalledTimes(1);
      expect(subtree).toHaveBeenCalledTimes(Object.keys(g).length);
      expect(fromModel).toEqual(fromLinks);
      for (const [name, id] of Object.entries(g)) {
        expect(fromModel[name].calculatedMembers.nodes.map((n: any) => `${n.user.id} ${n.group.id}`)).toEqual(await expectedPairs(id));
      }
    } finally {
      current.mockRestore();
      subtree.mockRestore();
    }
  });

  it("keeps the per-group counts (memberCount and the sum) in step through removals, deletions and imports", async () => {
    await t.ok(`mutation($g: ID!, $u: [ID!]!) { removeGroupMembers(groupId: $g, userIds: $u) { id } }`, { g: g.E, u: ["calc|e00", "calc|e01", "calc|u6"] });
    await t.ok(`mutation($u: ID!, $g: [ID!]!) { removeUserFromGroups(userId: $u, groupIds: $g) { id } }`, { u: "calc|u1", g: [g.B] });
    await t.ok(`mutation { deleteUser(id: "calc|u2") }`);
    await t.ok(`mutation($u: ID!, $g: [ID!]!) { addUserToGroups(userId: $u, groupIds: $g) { id } }`, { u: "calc|u7", g: [g.B, g.D] });
    await t.ok(`mutation($g: ID!, $u: [ID!]!) { addGroupMembers(groupId: $g, userIds: $u) { id } }`, { g: g.D, u: ["calc|u7"] }); // already there: a no-op
    await t.ok(`mutation($id: ID!) { deleteGroup(id: $id, force: true) }`, { id: g.Lone });
    await expectCountsInStep();
    for (const root of ["A", "D", "E"]) {
      const expected = await expectedPairs(g[root]);
      const { pairs, totals } = await allPages(g[root], 3);
      expect({ root, pairs, totals: [...totals] }).toEqual({ root, pairs: expected, totals: [expected.length] });
      const { group } = await t.ok<any>(PAGE, { id: g[root], first: 1 });
      const direct = expected.filter((p) => p.endsWith(` ${g[root]}`)).length;
      expect({ root, memberCount: group.memberCount }).toEqual({ root, memberCount: direct });
    }

    const file = await exportData(t);
    const e = file.groups.find((group: any) => group._id === g.E);
    e.members = [...e.members.slice(5), "calc|from-import"];
    await importOk(t, file, { mode: "MERGE" });
    await expectCountsInStep();
    const replaced = await exportData(t);
    replaced.groups = replaced.groups.filter((group: any) => group._id !== g.C);
    for (const group of replaced.groups) group.nested = group.nested.filter((id: string) => id !== g.C);
    await importOk(t, replaced, { mode: "REPLACE" });
    await expectCountsInStep();
    const expected = await expectedPairs(g.A);
    expect((await allPages(g.A, 4)).pairs).toEqual(expected);
  });

  it("pages a wide subtree (more pairs than the walk threshold) by the (user, group) index, and a bulk import recounts", async () => {
    // 51,000 memberships in one import: the SQLite writer sets the count triggers aside and recounts (import.writer.ts).
    const file = await exportData(t);
    const users = Array.from({ length: 17_000 }, (_, i) => `wide|${String((i * 7919) % 17_000).padStart(5, "0")}`);
    const wide = ["0b0f6a44-8e6b-4b57-9f0c-2b1d6a1ee001", "0b0f6a44-8e6b-4b57-9f0c-2b1d6a1ee002", "0b0f6a44-8e6b-4b57-9f0c-2b1d6a1ee003"];
    file.groups.push(
      { _id: wide[0], name: "Wide root", description: "", members: users, nested: [wide[1], wide[2]], roles: [] },
      { _id: wide[1], name: "Wide left", description: "", members: users, nested: [wide[2]], roles: [] },
      { _id: wide[2], name: "Wide leaf", description: "", members: users, nested: [], roles: [] },
    );
    await importOk(t, file, { mode: "MERGE" });
    await expectCountsInStep();
    const expected = await expectedPairs(wide[0]);
    expect(expected.length).toBe(51_000);
    // The first 30 pages, then 10 more from the last cursor: in order, no duplicates, no gaps.
    let after: string | null = null;
    const pages = async (count: number) => {
      const pairs: string[] = [];
      for (let i = 0; i < count; i++) {
        const { group } = await t.ok<any>(PAGE, { id: wide[0], first: 100, after });
        expect(group.calculatedMembers.totalCount).toBe(51_000);
        pairs.push(...group.calculatedMembers.nodes.map((n: any) => `${n.user.id} ${n.group.id}`));
        after = group.calculatedMembers.pageInfo.endCursor;
      }
      return pairs;
    };
    expect(await pages(30)).toEqual(expected.slice(0, 3_000));
    expect(await pages(10)).toEqual(expected.slice(3_000, 4_000));
  });
});
