import { expectError, Fixtures, ids, Named, names, unknownIds } from "./helpers/fixtures";
import { startTestServer, TestServer } from "./helpers/server";

const GROUP_VIEW = `id name memberCount members(first: 100) { totalCount nodes { id } }
  nestedGroups { id name } parentGroups { id name } roles { id name }
  mappings { id connectionName groupName }`;
const ADD_MEMBERS = `mutation($g: ID!, $u: [ID!]!) { addGroupMembers(groupId: $g, userIds: $u) { ${GROUP_VIEW} } }`;
const REMOVE_MEMBERS = `mutation($g: ID!, $u: [ID!]!) { removeGroupMembers(groupId: $g, userIds: $u) { ${GROUP_VIEW} } }`;
const ADD_NESTED = `mutation($g: ID!, $c: [ID!]!) { addNestedGroups(groupId: $g, groupIds: $c) { ${GROUP_VIEW} } }`;
const REMOVE_NESTED = `mutation($g: ID!, $c: [ID!]!) { removeNestedGroups(groupId: $g, groupIds: $c) { ${GROUP_VIEW} } }`;
const ADD_ROLES = `mutation($g: ID!, $r: [ID!]!) { addGroupRoles(groupId: $g, roleIds: $r) { ${GROUP_VIEW} } }`;
const REMOVE_ROLES = `mutation($g: ID!, $r: [ID!]!) { removeGroupRoles(groupId: $g, roleIds: $r) { ${GROUP_VIEW} } }`;
const ADD_MAPPINGS = `mutation($g: ID!, $m: [GroupMappingInput!]!) { addGroupMappings(groupId: $g, mappings: $m) { ${GROUP_VIEW} } }`;
const REMOVE_MAPPINGS = `mutation($g: ID!, $m: [ID!]!) { removeGroupMappings(groupId: $g, mappingIds: $m) { ${GROUP_VIEW} } }`;
const GET = `query($id: ID!) { group(id: $id) { ${GROUP_VIEW} } }`;

describe("group links", () => {
  let t: TestServer;
  let f: Fixtures;
  beforeAll(async () => {
    t = await startTestServer();
    f = new Fixtures(t);
  });
  afterAll(() => t.stop());

  async function view(id: string) {
    return (await t.ok<{ group: any }>(GET, { id })).group;
  }
  async function userExists(id: string): Promise<boolean> {
    return (await t.ok<any>(`query($id: ID!) { user(id: $id) { id } }`, { id })).user !== null;
  }

  describe("addGroupMembers / removeGroupMembers", () => {
    it("adds members (known users and stubs for unknown ids), visible afterwards", async () => {
      const g = await f.group();
      await f.users([{ id: "m|known", email: "known@example.com", name: "Known" }]);
      const { addGroupMembers } = await t.ok<any>(ADD_MEMBERS, { g: g.id, u: ["m|known", "m|stub"] });
      expect(addGroupMembers.memberCount).toBe(2);
      expect(addGroupMembers.members).toEqual({ totalCount: 2, nodes: [{ id: "m|known" }, { id: "m|stub" }] });
      expect((await view(g.id)).members.nodes).toEqual([{ id: "m|known" }, { id: "m|stub" }]);
      const stub = await t.ok<any>(`{ user(id: "m|stub") { id email name connection groups { id } } }`);
      expect(stub.user).toEqual({ id: "m|stub", email: null, name: null, connection: null, groups: [{ id: g.id }] });
      // The known user's profile is untouched by being added.
      const known = await t.ok<any>(`{ user(id: "m|known") { email name } }`);
      expect(known.user).toEqual({ email: "known@example.com", name: "Known" });
    });

    it("each mutation of a multi-mutation document sees the previous one's writes", async () => {
      const g = await f.group();
      const data = await t.ok<any>(
        `mutation($g: ID!) {
          a: addGroupMembers(groupId: $g, userIds: ["m|seq1"]) { memberCount members { totalCount } }
          b: addGroupMembers(groupId: $g, userIds: ["m|seq2"]) { memberCount members { totalCount } }
          c: removeGroupMembers(groupId: $g, userIds: ["m|seq1"]) { memberCount members { nodes { id } } }
        }`,
        { g: g.id },
      );
      expect(data).toEqual({
        a: { memberCount: 1, members: { totalCount: 1 } },
        b: { memberCount: 2, members: { totalCount: 2 } },
        c: { memberCount: 1, members: { nodes: [{ id: "m|seq2" }] } },
      });
    });

    it("adding a member who is already there (or twice in one call) is a no-op", async () => {
      const g = await f.group();
      await f.addMembers(g.id, ["m|again"]);
      const { addGroupMembers } = await t.ok<any>(ADD_MEMBERS, { g: g.id, u: ["m|again", "m|again"] });
      expect(addGroupMembers.memberCount).toBe(1);
      expect(addGroupMembers.members.nodes).toEqual([{ id: "m|again" }]);
    });

    it("is NOT_FOUND for an unknown group, and creates no stub users", async () => {
      const error = expectError(await t.gql(ADD_MEMBERS, { g: "nope-group", u: ["m|orphan"] }), "NOT_FOUND", "nope-group");
      expect(error.extensions.ids).toEqual(["nope-group"]);
      expect(await userExists("m|orphan")).toBe(false);
    });

    it("removes members; removing an existing user who is not a member is a no-op", async () => {
      const g = await f.group();
      await f.addMembers(g.id, ["m|r1", "m|r2", "m|r3"]);
      await f.users([{ id: "m|outsider" }]);
      const { removeGroupMembers } = await t.ok<any>(REMOVE_MEMBERS, { g: g.id, u: ["m|r1", "m|r3", "m|outsider"] });
      expect(removeGroupMembers.memberCount).toBe(1);
      expect(removeGroupMembers.members.nodes).toEqual([{ id: "m|r2" }]);
      expect((await view(g.id)).members.nodes).toEqual([{ id: "m|r2" }]);
      // Users stay: removing a membership does not delete the user.
      expect(await userExists("m|r1")).toBe(true);
    });

    it("removal is NOT_FOUND listing every unknown user id, and removes nothing", async () => {
      const g = await f.group();
      await f.addMembers(g.id, ["m|stay"]);
      const missing = unknownIds(3, "m|ghost");
      const error = expectError(await t.gql(REMOVE_MEMBERS, { g: g.id, u: ["m|stay", ...missing] }), "NOT_FOUND", ...missing);
      expect(error.extensions.ids).toEqual(missing);
      expect((await view(g.id)).members.nodes).toEqual([{ id: "m|stay" }]);
      expectError(await t.gql(REMOVE_MEMBERS, { g: "nope-group", u: ["m|stay"] }), "NOT_FOUND", "nope-group");
    });

    it.each([
      ["more than 1000 user ids", () => Array.from({ length: 1001 }, (_, i) => `m|bulk-${i}`)],
      ["an empty user id", () => ["m|fine", ""]],
      ["a blank user id (upsertUsers refuses it too)", () => ["m|fine", "   "]],
      ["an over-long user id", () => ["u".repeat(256)]],
    ])("refuses %s with BAD_USER_INPUT and writes nothing", async (_label, make) => {
      const g = await f.group();
      for (const mutation of [ADD_MEMBERS, REMOVE_MEMBERS]) expectError(await t.gql(mutation, { g: g.id, u: make() }), "BAD_USER_INPUT");
      expect((await view(g.id)).memberCount).toBe(0);
      expect(await userExists("m|bulk-0")).toBe(false);
      expect(await userExists("m|fine")).toBe(false);
    });

    it("accepts exactly 1000 user ids", async () => {
      const g = await f.group();
      const userIds = Array.from({ length: 1000 }, (_, i) => `m|k-${String(i).padStart(4, "0")}`);
      const { addGroupMembers } = await t.ok<any>(`mutation($g: ID!, $u: [ID!]!) { addGroupMembers(groupId: $g, userIds: $u) { memberCount } }`, { g: g.id, u: userIds });
      expect(addGroupMembers.memberCount).toBe(1000);
    });
  });

  describe("addNestedGroups / removeNestedGroups", () => {
    it("nests groups as children, visible from both sides; adding again is a no-op", async () => {
      const parent = await f.group(f.name("Nest Parent"));
      const c1 = await f.group(f.name("Nest Child B"));
      const c2 = await f.group(f.name("Nest Child A"));
      const { addNestedGroups } = await t.ok<any>(ADD_NESTED, { g: parent.id, c: [c1.id, c2.id] });
      expect(names(addNestedGroups.nestedGroups)).toEqual([c2.name, c1.name]);
      const again = await t.ok<any>(ADD_NESTED, { g: parent.id, c: [c1.id, c1.id] });
      expect(ids(again.addNestedGroups.nestedGroups)).toEqual([c2.id, c1.id]);
      expect((await view(c1.id)).parentGroups).toEqual([{ id: parent.id, name: parent.name }]);
      expect((await view(parent.id)).parentGroups).toEqual([]);
    });

    it("allows a group to have several parents (a DAG)", async () => {
      const p1 = await f.group();
      const p2 = await f.group();
      const child = await f.group();
      await f.nest(p1.id, [child.id]);
      await f.nest(p2.id, [child.id]);
      expect(ids((await view(child.id)).parentGroups).sort()).toEqual([p1.id, p2.id].sort());
    });

    it("refuses nesting a group in itself with CONFLICT naming the cycle", async () => {
      const g = await f.group(f.name("Selfish"));
      const error = expectError(await t.gql(ADD_NESTED, { g: g.id, c: [g.id] }), "CONFLICT", `${g.name} → ${g.name}`);
      expect(error.extensions.cycle).toEqual([g.name, g.name]);
      expect((await view(g.id)).nestedGroups).toEqual([]);
    });

    it("refuses a two-group cycle with CONFLICT naming it (A → B → A)", async () => {
      const a = await f.group(f.name("Cycle A"));
      const b = await f.group(f.name("Cycle B"));
      await f.nest(a.id, [b.id]);
      const error = expectError(await t.gql(ADD_NESTED, { g: b.id, c: [a.id] }), "CONFLICT", `${b.name} → ${a.name} → ${b.name}`);
      expect(error.extensions.cycle).toEqual([b.name, a.name, b.name]);
      expect((await view(b.id)).nestedGroups).toEqual([]);
      expect((await view(a.id)).parentGroups).toEqual([]);
    });

    it("refuses a longer cycle naming every group on it, and writes none of the batch", async () => {
      const a = await f.group(f.name("Ring A"));
      const b = await f.group(f.name("Ring B"));
      const c = await f.group(f.name("Ring C"));
      const harmless = await f.group(f.name("Ring Harmless"));
      await f.nest(a.id, [b.id]);
      await f.nest(b.id, [c.id]);
      // `harmless` comes first in the batch: it must not stay nested when the cycle is refused.
      const error = expectError(await t.gql(ADD_NESTED, { g: c.id, c: [harmless.id, a.id] }), "CONFLICT", `${c.name} → ${a.name} → ${b.name} → ${c.name}`);
      expect(error.extensions.cycle).toEqual([c.name, a.name, b.name, c.name]);
      expect((await view(c.id)).nestedGroups).toEqual([]);
      expect((await view(harmless.id)).parentGroups).toEqual([]);
    });

    it("of two concurrent nestings that together would close a cycle, exactly one succeeds", async () => {
      const a = await f.group(f.name("Race A"));
      const b = await f.group(f.name("Race B"));
      const [ab, ba] = await Promise.all([t.gql(ADD_NESTED, { g: a.id, c: [b.id] }), t.gql(ADD_NESTED, { g: b.id, c: [a.id] })]);
      const codes = [ab, ba].map((r) => r.errors?.[0]?.extensions?.code ?? "OK").sort();
      expect(codes).toEqual(["CONFLICT", "OK"]);
      const [va, vb] = [await view(a.id), await view(b.id)];
      expect(va.nestedGroups.length + vb.nestedGroups.length).toBe(1);
    });

    it("is NOT_FOUND listing every unknown child id (and for an unknown parent), writing nothing", async () => {
      const parent = await f.group();
      const real = await f.group();
      const missing = unknownIds(2, "child");
      const error = expectError(await t.gql(ADD_NESTED, { g: parent.id, c: [missing[0], real.id, missing[1]] }), "NOT_FOUND", ...missing);
      expect(error.extensions.ids).toEqual(missing);
      expect((await view(parent.id)).nestedGroups).toEqual([]);
      expectError(await t.gql(ADD_NESTED, { g: "unknown-parent", c: [real.id] }), "NOT_FOUND", "unknown-parent");
      expect((await view(real.id)).parentGroups).toEqual([]);
    });

    it("removes children; removing a group that is not a child is a no-op; unknown ids are NOT_FOUND", async () => {
      const parent = await f.group();
      const c1 = await f.group();
      const c2 = await f.group();
      const stranger = await f.group();
      await f.nest(parent.id, [c1.id, c2.id]);
      const { removeNestedGroups } = await t.ok<any>(REMOVE_NESTED, { g: parent.id, c: [c1.id, stranger.id] });
      expect(ids(removeNestedGroups.nestedGroups)).toEqual([c2.id]);
      expect((await view(c1.id)).parentGroups).toEqual([]);
      const missing = unknownIds(2, "nochild");
      const error = expectError(await t.gql(REMOVE_NESTED, { g: parent.id, c: [c2.id, ...missing] }), "NOT_FOUND", ...missing);
      expect(error.extensions.ids).toEqual(missing);
      expect(ids((await view(parent.id)).nestedGroups)).toEqual([c2.id]);
      expectError(await t.gql(REMOVE_NESTED, { g: "unknown-parent", c: [c2.id] }), "NOT_FOUND", "unknown-parent");
    });

    it("refuses more than 1000 group ids with BAD_USER_INPUT", async () => {
      const g = await f.group();
      const many = Array.from({ length: 1001 }, (_, i) => `g-${i}`);
      expectError(await t.gql(ADD_NESTED, { g: g.id, c: many }), "BAD_USER_INPUT");
      expectError(await t.gql(REMOVE_NESTED, { g: g.id, c: many }), "BAD_USER_INPUT");
    });
  });

  describe("addGroupRoles / removeGroupRoles", () => {
    let appA: Named;
    let appB: Named;
    beforeAll(async () => {
      appA = await f.application();
      appB = await f.application();
    });

    it("assigns roles of any application, visible from both sides; adding again is a no-op", async () => {
      const g = await f.group();
      const r1 = await f.role(appA.id, "Zed Role");
      const r2 = await f.role(appB.id, "Abe Role");
      const { addGroupRoles } = await t.ok<any>(ADD_ROLES, { g: g.id, r: [r1.id, r2.id] });
      expect(names(addGroupRoles.roles)).toEqual(["Abe Role", "Zed Role"]);
      const again = await t.ok<any>(ADD_ROLES, { g: g.id, r: [r1.id] });
      expect(ids(again.addGroupRoles.roles)).toEqual([r2.id, r1.id]);
      const role = await t.ok<any>(`query($id: ID!) { role(id: $id) { groups { id } } }`, { id: r1.id });
      expect(role.role.groups).toEqual([{ id: g.id }]);
    });

    it("is NOT_FOUND listing every unknown role, writing nothing", async () => {
      const g = await f.group();
      const r = await f.role(appA.id);
      const missing = unknownIds(3, "norole");
      const error = expectError(await t.gql(ADD_ROLES, { g: g.id, r: [r.id, ...missing] }), "NOT_FOUND", ...missing);
      expect(error.extensions.ids).toEqual(missing);
      expect((await view(g.id)).roles).toEqual([]);
      expectError(await t.gql(ADD_ROLES, { g: "unknown-group", r: [r.id] }), "NOT_FOUND", "unknown-group");
    });

    it("removes roles; removing one the group lacks is a no-op; unknown ids are NOT_FOUND", async () => {
      const g = await f.group();
      const r1 = await f.role(appA.id);
      const r2 = await f.role(appA.id);
      const r3 = await f.role(appA.id);
      await f.groupRoles(g.id, [r1.id, r2.id]);
      const { removeGroupRoles } = await t.ok<any>(REMOVE_ROLES, { g: g.id, r: [r1.id, r3.id] });
      expect(ids(removeGroupRoles.roles)).toEqual([r2.id]);
      const missing = unknownIds(2, "gone-role");
      const error = expectError(await t.gql(REMOVE_ROLES, { g: g.id, r: [r2.id, ...missing] }), "NOT_FOUND", ...missing);
      expect(error.extensions.ids).toEqual(missing);
      expect(ids((await view(g.id)).roles)).toEqual([r2.id]);
      expectError(await t.gql(REMOVE_ROLES, { g: "unknown-group", r: [r2.id] }), "NOT_FOUND", "unknown-group");
    });

    it("refuses more than 1000 role ids with BAD_USER_INPUT", async () => {
      const g = await f.group();
      const many = Array.from({ length: 1001 }, (_, i) => `r-${i}`);
      expectError(await t.gql(ADD_ROLES, { g: g.id, r: many }), "BAD_USER_INPUT");
      expectError(await t.gql(REMOVE_ROLES, { g: g.id, r: many }), "BAD_USER_INPUT");
    });
  });

  describe("addGroupMappings / removeGroupMappings", () => {
    it("adds mappings sorted by connection then group name; duplicates on the group are ignored", async () => {
      const g = await f.group();
      const long = "CN=" + "x".repeat(253);
      const { addGroupMappings } = await t.ok<any>(ADD_MAPPINGS, {
        g: g.id,
        m: [
          { connectionName: "corp-ad", groupName: "Administrative" },
          { connectionName: "azure", groupName: long },
          { connectionName: "corp-ad", groupName: "Administrative" },
        ],
      });
      expect(addGroupMappings.mappings.map((m: any) => [m.connectionName, m.groupName])).toEqual([
        ["azure", long],
        ["corp-ad", "Administrative"],
      ]);
      const firstIds = ids(addGroupMappings.mappings);
      // Same mapping again (exact match) is ignored; different case is a different IdP group.
      const again = await t.ok<any>(ADD_MAPPINGS, {
        g: g.id,
        m: [
          { connectionName: "corp-ad", groupName: "Administrative" },
          { connectionName: "corp-ad", groupName: "administrative" },
        ],
      });
      expect(again.addGroupMappings.mappings.map((m: any) => `${m.connectionName}/${m.groupName}`)).toEqual([`azure/${long}`, "corp-ad/Administrative", "corp-ad/administrative"]);
      expect(ids(again.addGroupMappings.mappings).slice(0, 2)).toEqual(firstIds);
      // The same mapping on another group is a separate mapping.
      const other = await f.group();
      const onOther = await t.ok<any>(ADD_MAPPINGS, { g: other.id, m: [{ connectionName: "corp-ad", groupName: "Administrative" }] });
      expect(onOther.addGroupMappings.mappings).toHaveLength(1);
      expect((await view(g.id)).mappings).toHaveLength(3);
    });

    it("is NOT_FOUND for an unknown group", async () => {
      const error = expectError(await t.gql(ADD_MAPPINGS, { g: "unknown-group", m: [{ connectionName: "c", groupName: "g" }] }), "NOT_FOUND", "unknown-group");
      expect(error.extensions.ids).toEqual(["unknown-group"]);
    });

    it.each([
      ["an empty connection name", { connectionName: "", groupName: "g" }],
      ["a blank connection name", { connectionName: "   ", groupName: "g" }],
      ["an empty IdP group name", { connectionName: "c", groupName: "" }],
      ["a blank IdP group name", { connectionName: "c", groupName: "  " }],
      ["an IdP group name over 256 characters", { connectionName: "c", groupName: "g".repeat(257) }],
      ["a connection name over 256 characters", { connectionName: "c".repeat(257), groupName: "g" }],
    ])("refuses %s with BAD_USER_INPUT and writes nothing", async (_label, mapping) => {
      const g = await f.group();
      expectError(await t.gql(ADD_MAPPINGS, { g: g.id, m: [{ connectionName: "ok", groupName: "ok" }, mapping] }), "BAD_USER_INPUT");
      expect((await view(g.id)).mappings).toEqual([]);
    });

    it("refuses more than 1000 mappings in one call with BAD_USER_INPUT", async () => {
      const g = await f.group();
      const many = Array.from({ length: 1001 }, (_, i) => ({ connectionName: "c", groupName: `g${i}` }));
      expectError(await t.gql(ADD_MAPPINGS, { g: g.id, m: many }), "BAD_USER_INPUT");
      expect((await view(g.id)).mappings).toEqual([]);
    });

    it("removes mappings by id; ids that are not this group's mappings are NOT_FOUND (all listed) and nothing is removed", async () => {
      const g = await f.group();
      const other = await f.group();
      const added = (
        await t.ok<any>(ADD_MAPPINGS, {
          g: g.id,
          m: [
            { connectionName: "c1", groupName: "one" },
            { connectionName: "c2", groupName: "two" },
          ],
        })
      ).addGroupMappings.mappings;
      const foreign = (await t.ok<any>(ADD_MAPPINGS, { g: other.id, m: [{ connectionName: "c1", groupName: "one" }] })).addGroupMappings.mappings[0];

      const error = expectError(await t.gql(REMOVE_MAPPINGS, { g: g.id, m: [added[0].id, foreign.id, "no-such-mapping"] }), "NOT_FOUND", foreign.id, "no-such-mapping");
      expect(error.extensions.ids).toEqual([foreign.id, "no-such-mapping"]);
      expect(ids((await view(g.id)).mappings)).toEqual(ids(added));
      expect(ids((await view(other.id)).mappings)).toEqual([foreign.id]);

      const { removeGroupMappings } = await t.ok<any>(REMOVE_MAPPINGS, { g: g.id, m: [added[0].id] });
      expect(removeGroupMappings.mappings).toEqual([added[1]]);
      expect((await view(g.id)).mappings).toEqual([added[1]]);
      expectError(await t.gql(REMOVE_MAPPINGS, { g: "unknown-group", m: [added[1].id] }), "NOT_FOUND", "unknown-group");
    });
  });

  describe("group relation fields", () => {
    // Root ⊃ {Mid ⊃ {Leaf}, Side}; Mid and Side both ⊃ Shared (a diamond below Root).
    let root: Named, mid: Named, leaf: Named, side: Named, shared: Named;
    beforeAll(async () => {
      root = await f.group(f.name("Tree Root"));
      mid = await f.group(f.name("Tree Mid"));
      leaf = await f.group(f.name("Tree Leaf"));
      side = await f.group(f.name("Tree Side"));
      shared = await f.group(f.name("Tree Shared"));
      await f.nest(root.id, [mid.id, side.id]);
      await f.nest(mid.id, [leaf.id, shared.id]);
      await f.nest(side.id, [shared.id]);
      await f.users([
        { id: "tree|a", email: "ALPHA@tree.example", name: "Alpha" },
        { id: "tree|b", email: "beta@tree.example", name: "Beta" },
        { id: "tree|c", email: "gamma@other.example", name: "Gamma" },
        { id: "tree|d", email: "delta@other.example", name: "Delta 50%" },
      ]);
      await f.addMembers(root.id, ["tree|a"]);
      await f.addMembers(mid.id, ["tree|a", "tree|b"]);
      await f.addMembers(leaf.id, ["tree|c"]);
      await f.addMembers(shared.id, ["tree|d"]);
    });

    it("calculatedMembers lists members of the group and every descendant with the group each comes through", async () => {
      const { group } = await t.ok<any>(`query($id: ID!) { group(id: $id) { calculatedMembers { totalCount nodes { user { id } group { name } } pageInfo { hasNextPage } } } }`, {
        id: root.id,
      });
      const pairs = group.calculatedMembers.nodes.map((n: any) => `${n.user.id}@${n.group.name}`);
      expect([...pairs].sort()).toEqual([`tree|a@${mid.name}`, `tree|a@${root.name}`, `tree|b@${mid.name}`, `tree|c@${leaf.name}`, `tree|d@${shared.name}`].sort());
      expect(group.calculatedMembers.totalCount).toBe(5);
      expect(group.calculatedMembers.pageInfo.hasNextPage).toBe(false);
      const userOrder = group.calculatedMembers.nodes.map((n: any) => n.user.id);
      expect(userOrder).toEqual([...userOrder].sort());

      const leafOnly = await t.ok<any>(`query($id: ID!) { group(id: $id) { calculatedMembers { totalCount nodes { user { id } group { id } } } } }`, { id: leaf.id });
      expect(leafOnly.group.calculatedMembers).toEqual({ totalCount: 1, nodes: [{ user: { id: "tree|c" }, group: { id: leaf.id } }] });
    });

    it("calculatedMembers pages through every (user, group) pair without duplicates", async () => {
      const seen: string[] = [];
      let after: string | null = null;
      let pages = 0;
      for (;;) {
        const page: any = (
          await t.ok<any>(
            `query($id: ID!, $a: String) { group(id: $id) { calculatedMembers(first: 2, after: $a) { totalCount nodes { user { id } group { id } } pageInfo { hasNextPage endCursor } } } }`,
            { id: root.id, a: after },
          )
        ).group.calculatedMembers;
        pages += 1;
        expect(page.totalCount).toBe(5);
        seen.push(...page.nodes.map((n: any) => `${n.user.id}@${n.group.id}`));
        if (!page.pageInfo.hasNextPage) break;
        after = page.pageInfo.endCursor;
      }
      expect(pages).toBe(3);
      expect(seen).toHaveLength(5);
      expect(new Set(seen).size).toBe(5);
    });

    it("members pages direct members only, searchable by id, email or name (wildcards literal)", async () => {
      const q = `query($id: ID!, $s: String, $first: Int, $a: String) { group(id: $id) { memberCount members(search: $s, first: $first, after: $a) { totalCount nodes { id } pageInfo { hasNextPage endCursor } } } }`;
      const all = (await t.ok<any>(q, { id: mid.id })).group;
      expect(all.memberCount).toBe(2);
      expect(all.members).toMatchObject({ totalCount: 2, nodes: [{ id: "tree|a" }, { id: "tree|b" }], pageInfo: { hasNextPage: false } });

      expect((await t.ok<any>(q, { id: mid.id, s: "alpha@TREE" })).group.members.nodes).toEqual([{ id: "tree|a" }]);
      expect((await t.ok<any>(q, { id: mid.id, s: "BETA" })).group.members.nodes).toEqual([{ id: "tree|b" }]);
      expect((await t.ok<any>(q, { id: mid.id, s: "TREE|B" })).group.members.nodes).toEqual([{ id: "tree|b" }]);
      expect((await t.ok<any>(q, { id: mid.id, s: "gamma" })).group.members).toMatchObject({ totalCount: 0, nodes: [] });
      expect((await t.ok<any>(q, { id: shared.id, s: "50%" })).group.members.nodes).toEqual([{ id: "tree|d" }]);
      expect((await t.ok<any>(q, { id: mid.id, s: "%" })).group.members.totalCount).toBe(0);
      expect((await t.ok<any>(q, { id: mid.id, s: "_" })).group.members.totalCount).toBe(0);

      const page1 = (await t.ok<any>(q, { id: mid.id, first: 1 })).group.members;
      expect(page1).toMatchObject({ totalCount: 2, nodes: [{ id: "tree|a" }], pageInfo: { hasNextPage: true } });
      const page2 = (await t.ok<any>(q, { id: mid.id, first: 1, a: page1.pageInfo.endCursor })).group.members;
      expect(page2).toMatchObject({ totalCount: 2, nodes: [{ id: "tree|b" }], pageInfo: { hasNextPage: false } });
    });

    it.each([
      ["members", "members(first: 101) { totalCount }"],
      ["members", `members(after: "garbage") { totalCount }`],
      ["members", `members(search: "${"s".repeat(201)}") { totalCount }`],
      ["calculatedMembers", "calculatedMembers(first: 101) { totalCount }"],
      ["calculatedMembers", "calculatedMembers(first: 0) { totalCount }"],
      ["calculatedMembers", `calculatedMembers(after: "${Buffer.from(JSON.stringify(["only-one"])).toString("base64url")}") { totalCount }`],
    ])("refuses bad page arguments on %s with BAD_USER_INPUT", async (_field, selection) => {
      expectError(await t.gql(`query($id: ID!) { group(id: $id) { ${selection} } }`, { id: root.id }), "BAD_USER_INPUT");
    });

    it("effectiveRoles lists own and inherited roles with the group each comes from", async () => {
      const app = await f.application();
      const company = await f.role(app.id, "Company Role");
      const middle = await f.role(app.id, "Middle Role");
      await f.groupRoles(root.id, [company.id]);
      await f.groupRoles(mid.id, [middle.id]);
      await f.groupRoles(shared.id, [company.id]);
      await f.groupRoles(side.id, [middle.id]);
      const { group } = await t.ok<any>(`query($id: ID!) { group(id: $id) { roles { name } effectiveRoles { role { name } group { name } } } }`, { id: shared.id });
      expect(names(group.roles)).toEqual(["Company Role"]);
      const pairs = group.effectiveRoles.map((e: any) => `${e.role.name}@${e.group.name}`);
      expect([...pairs].sort()).toEqual([`Company Role@${root.name}`, `Company Role@${shared.name}`, `Middle Role@${mid.name}`, `Middle Role@${side.name}`].sort());
      const leafRoles = await t.ok<any>(`query($id: ID!) { group(id: $id) { roles { name } effectiveRoles { role { name } group { id } } } }`, { id: leaf.id });
      expect(leafRoles.group.roles).toEqual([]);
      expect(leafRoles.group.effectiveRoles).toEqual([
        { role: { name: "Company Role" }, group: { id: root.id } },
        { role: { name: "Middle Role" }, group: { id: mid.id } },
      ]);
      // Inheritance flows down only: the root does not inherit its children's roles.
      const rootRoles = await t.ok<any>(`query($id: ID!) { group(id: $id) { effectiveRoles { role { name } group { id } } } }`, { id: root.id });
      expect(rootRoles.group.effectiveRoles).toEqual([{ role: { name: "Company Role" }, group: { id: root.id } }]);
    });

    it("nestedGroups and parentGroups are the direct links only, sorted by name", async () => {
      const { r, s } = await t.ok<any>(
        `query($r: ID!, $s: ID!) { r: group(id: $r) { nestedGroups { id } parentGroups { id } } s: group(id: $s) { nestedGroups { id } parentGroups { name } } }`,
        { r: root.id, s: shared.id },
      );
      expect(ids(r.nestedGroups)).toEqual([mid.id, side.id]);
      expect(r.parentGroups).toEqual([]);
      expect(s.nestedGroups).toEqual([]);
      expect(names(s.parentGroups)).toEqual([mid.name, side.name]);
    });
  });
});
