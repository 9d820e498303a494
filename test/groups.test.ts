import { expectError, Fixtures, ids, names } from "./helpers/fixtures";
import { startTestServer, TestServer } from "./helpers/server";

const CREATE = `mutation($input: CreateGroupInput!) { createGroup(input: $input) { id name description memberCount } }`;
const UPDATE = `mutation($id: ID!, $input: UpdateGroupInput!) { updateGroup(id: $id, input: $input) { id name description } }`;
const DELETE = `mutation($id: ID!, $force: Boolean) { deleteGroup(id: $id, force: $force) }`;
const GET = `query($id: ID!) { group(id: $id) { id name description nestedGroups { id name } parentGroups { id name } } }`;

describe("groups", () => {
  let t: TestServer;
  let f: Fixtures;
  beforeAll(async () => {
    t = await startTestServer();
    f = new Fixtures(t);
  });
  afterAll(() => t.stop());

  async function getGroup(id: string) {
    return (await t.ok<{ group: any }>(GET, { id })).group;
  }
  async function countNamed(search: string): Promise<number> {
    return (await t.ok<any>(`query($s: String) { groups(search: $s) { totalCount } }`, { s: search })).groups.totalCount;
  }

  describe("createGroup", () => {
    it("creates a group, visible afterwards", async () => {
      const { createGroup } = await t.ok<any>(CREATE, { input: { name: "Human Resources", description: "People people" } });
      expect(createGroup).toEqual({ id: expect.any(String), name: "Human Resources", description: "People people", memberCount: 0 });
      expect(createGroup.id).toMatch(/^[0-9a-f-]{36}$/);
      expect(await getGroup(createGroup.id)).toEqual({ id: createGroup.id, name: "Human Resources", description: "People people", nestedGroups: [], parentGroups: [] });
    });

    it("defaults the description to empty and trims the name", async () => {
      const { createGroup } = await t.ok<any>(CREATE, { input: { name: "  Padded Name  " } });
      expect(createGroup).toMatchObject({ name: "Padded Name", description: "" });
    });

    it("accepts names of exactly 50 and descriptions of exactly 500 characters", async () => {
      const name = "N".repeat(50);
      const { createGroup } = await t.ok<any>(CREATE, { input: { name, description: "d".repeat(500) } });
      expect(createGroup.name).toBe(name);
      expect(createGroup.description).toHaveLength(500);
    });

    it.each([
      ["lower case", (n: string) => n.toLowerCase()],
      ["upper case", (n: string) => n.toUpperCase()],
      ["surrounding spaces", (n: string) => `  ${n} `],
    ])("refuses a taken name in %s with CONFLICT (unique ignoring case) and writes nothing", async (_label, variant) => {
      const existing = await f.group(f.name("Finance Dept"));
      const error = expectError(await t.gql(CREATE, { input: { name: variant(existing.name) } }), "CONFLICT", existing.name, "ignoring case");
      expect(error.extensions.existingId).toBe(existing.id);
      expect(await countNamed(existing.name)).toBe(1);
    });

    it("lets exactly one of several concurrent creations of the same name (any case) succeed; the others are CONFLICT", async () => {
      const base = f.name("Race Group");
      const variants = [base, base.toUpperCase(), base.toLowerCase(), ` ${base}`, `${base.toUpperCase()} `];
      const results = await Promise.all(variants.map((name) => t.gql(CREATE, { input: { name } })));
      const codes = results.map((r) => r.errors?.[0]?.extensions?.code ?? "OK").sort();
      expect(codes).toEqual(["CONFLICT", "CONFLICT", "CONFLICT", "CONFLICT", "OK"]);
      expect(await countNamed(base)).toBe(1);
    });

    it.each([
      ["an empty name", { name: "" }, "name"],
      ["a blank name", { name: "   " }, "name"],
      ["a name of 51 characters", { name: "x".repeat(51) }, "name"],
      ["a description of 501 characters", { name: "Valid Name For Desc", description: "d".repeat(501) }, "description"],
    ])("refuses %s with BAD_USER_INPUT naming the field, and writes nothing", async (_label, input, field) => {
      const before = await countNamed("");
      const error = expectError(await t.gql(CREATE, { input }), "BAD_USER_INPUT", field);
      expect(error.extensions.fields.map((p: { field: string }) => p.field)).toContain(field);
      expect(await countNamed("")).toBe(before);
    });
  });

  describe("updateGroup", () => {
    it("renames and re-describes a group, visible afterwards", async () => {
      const g = await f.group();
      const { updateGroup } = await t.ok<any>(UPDATE, { id: g.id, input: { name: "Renamed Group", description: "new" } });
      expect(updateGroup).toEqual({ id: g.id, name: "Renamed Group", description: "new" });
      expect(await getGroup(g.id)).toMatchObject({ name: "Renamed Group", description: "new" });
    });

    it("keeps omitted fields and allows changing only the case of its own name", async () => {
      const g = await f.group("Case Change Me", "kept");
      const { updateGroup } = await t.ok<any>(UPDATE, { id: g.id, input: { name: "CASE change ME" } });
      expect(updateGroup).toEqual({ id: g.id, name: "CASE change ME", description: "kept" });
    });

    it("refuses a name another group holds (ignoring case) with CONFLICT and changes nothing", async () => {
      const a = await f.group("Taken Name");
      const b = await f.group("Free Name", "b's");
      const error = expectError(await t.gql(UPDATE, { id: b.id, input: { name: "tAKEN nAME", description: "changed" } }), "CONFLICT", "Taken Name");
      expect(error.extensions.existingId).toBe(a.id);
      expect(await getGroup(b.id)).toMatchObject({ name: "Free Name", description: "b's" });
    });

    it("refuses name: null with BAD_USER_INPUT naming the field (a name cannot be cleared) and changes nothing", async () => {
      const g = await f.group(undefined, "kept");
      const error = expectError(await t.gql(UPDATE, { id: g.id, input: { name: null, description: "not this" } }), "BAD_USER_INPUT", "name");
      expect(error.extensions.fields.map((p: { field: string }) => p.field)).toContain("name");
      expect(await getGroup(g.id)).toMatchObject({ name: g.name, description: "kept" });
    });

    it("clears the description with description: null", async () => {
      const g = await f.group(undefined, "to be cleared");
      const { updateGroup } = await t.ok<any>(UPDATE, { id: g.id, input: { description: null } });
      expect(updateGroup).toEqual({ id: g.id, name: g.name, description: "" });
      expect(await getGroup(g.id)).toMatchObject({ name: g.name, description: "" });
    });

    it("is NOT_FOUND for an unknown id", async () => {
      const error = expectError(await t.gql(UPDATE, { id: "no-such-group", input: { name: "X" } }), "NOT_FOUND", "no-such-group");
      expect(error.extensions.ids).toEqual(["no-such-group"]);
    });

    it.each([
      ["an empty name", { name: "" }],
      ["a blank name", { name: " \t " }],
      ["a name of 51 characters", { name: "y".repeat(51) }],
      ["a description of 501 characters", { description: "d".repeat(501) }],
    ])("refuses %s with BAD_USER_INPUT and changes nothing", async (_label, input) => {
      const g = await f.group(undefined, "original");
      expectError(await t.gql(UPDATE, { id: g.id, input }), "BAD_USER_INPUT");
      expect(await getGroup(g.id)).toMatchObject({ name: g.name, description: "original" });
    });
  });

  describe("deleteGroup", () => {
    it("deletes a group with members, roles, mappings and children, detaching them", async () => {
      const app = await f.application();
      const role = await f.role(app.id);
      const g = await f.group();
      const child = await f.group();
      await f.nest(g.id, [child.id]);
      await f.addMembers(g.id, ["grpdel|u1"]);
      await f.groupRoles(g.id, [role.id]);
      await t.ok(`mutation($g: ID!) { addGroupMappings(groupId: $g, mappings: [{connectionName: "c", groupName: "n"}]) { id } }`, { g: g.id });

      expect((await t.ok<any>(DELETE, { id: g.id })).deleteGroup).toBe(true);
      expect(await getGroup(g.id)).toBeNull();
      const after = await t.ok<any>(`query($c: ID!, $r: ID!) { group(id: $c) { parentGroups { id } } role(id: $r) { groups { id } } user(id: "grpdel|u1") { groups { id } } }`, {
        c: child.id,
        r: role.id,
      });
      expect(after).toEqual({ group: { parentGroups: [] }, role: { groups: [] }, user: { groups: [] } });
    });

    it("refuses while nested in parents (CONFLICT naming them), then force detaches and deletes", async () => {
      const p1 = await f.group(f.name("Parent Zulu"));
      const p2 = await f.group(f.name("Parent Alpha"));
      const g = await f.group();
      await f.nest(p1.id, [g.id]);
      await f.nest(p2.id, [g.id]);

      const error = expectError(await t.gql(DELETE, { id: g.id }), "CONFLICT", g.name, p1.name, p2.name, "force");
      expect([...error.extensions.blockedBy].sort()).toEqual([p1.id, p2.id].sort());
      expect(ids((await getGroup(g.id)).parentGroups).sort()).toEqual([p1.id, p2.id].sort());
      expect(ids((await getGroup(p1.id)).nestedGroups)).toEqual([g.id]);

      expect((await t.ok<any>(DELETE, { id: g.id, force: true })).deleteGroup).toBe(true);
      expect(await getGroup(g.id)).toBeNull();
      expect((await getGroup(p1.id)).nestedGroups).toEqual([]);
      expect((await getGroup(p2.id)).nestedGroups).toEqual([]);
    });

    it("is NOT_FOUND for an unknown id", async () => {
      const error = expectError(await t.gql(DELETE, { id: "gone-group", force: true }), "NOT_FOUND", "gone-group");
      expect(error.extensions.ids).toEqual(["gone-group"]);
    });

    it("frees the name for a new group", async () => {
      const g = await f.group("Reusable Name");
      await t.ok(DELETE, { id: g.id });
      const again = await f.group("reusable name");
      expect(again.id).not.toBe(g.id);
    });
  });

  describe("groups list", () => {
    const prefix = "Listed";
    let created: string[];
    beforeAll(async () => {
      created = [];
      for (let i = 0; i < 12; i++) created.push((await f.group(`${prefix} ${String(i).padStart(2, "0")}`)).name);
      await f.group("Wild 100% Club");
      await f.group("Wild 1000 Club");
      await f.group("Wild snake_case");
      await f.group("Wild snakeXcase");
    });

    it("returns null for an unknown group", async () => {
      expect(await getGroup("not-a-group")).toBeNull();
    });

    it("searches names case-insensitively by substring", async () => {
      const result = await t.ok<any>(`{ groups(search: "ISTED 0") { totalCount nodes { name } } }`);
      expect(result.groups.totalCount).toBe(10);
      expect(names(result.groups.nodes)).toEqual(created.slice(0, 10));
    });

    it("treats LIKE wildcards % and _ literally", async () => {
      expect(names((await t.ok<any>(`{ groups(search: "0%") { nodes { name } } }`)).groups.nodes)).toEqual(["Wild 100% Club"]);
      expect(names((await t.ok<any>(`{ groups(search: "e_c") { nodes { name } } }`)).groups.nodes)).toEqual(["Wild snake_case"]);
      expect((await t.ok<any>(`{ groups(search: "%") { totalCount } }`)).groups.totalCount).toBe(1);
      expect((await t.ok<any>(`{ groups(search: "_") { totalCount } }`)).groups.totalCount).toBe(1);
    });

    it("walks a search through pages: sorted by name, no duplicates, hasNextPage false at the end", async () => {
      const seen: string[] = [];
      let after: string | null = null;
      const pageSizes: number[] = [];
      for (;;) {
        const page: any = (
          await t.ok<any>(`query($a: String) { groups(search: "listed", first: 5, after: $a) { totalCount nodes { name } pageInfo { hasNextPage endCursor } } }`, { a: after })
        ).groups;
        expect(page.totalCount).toBe(12);
        pageSizes.push(page.nodes.length);
        seen.push(...names(page.nodes));
        if (!page.pageInfo.hasNextPage) break;
        expect(page.pageInfo.endCursor).toEqual(expect.any(String));
        after = page.pageInfo.endCursor;
      }
      expect(pageSizes).toEqual([5, 5, 2]);
      expect(seen).toEqual(created);
    });

    it("sorts by name ignoring case", async () => {
      for (const name of ["beta Qzx", "GAMMA Qzx", "Alpha Qzx", "delta Qzx"]) await f.group(name);
      const sorted = names((await t.ok<any>(`{ groups(search: "qzx") { nodes { name } } }`)).groups.nodes);
      expect(sorted).toEqual(["Alpha Qzx", "beta Qzx", "delta Qzx", "GAMMA Qzx"]);
    });

    it.each([
      ["first above 100", { first: 101 }],
      ["first of 0", { first: 0 }],
      ["a malformed cursor", { after: "bm90IGpzb24" }],
      ["a cursor of another shape", { after: Buffer.from(JSON.stringify(["x"])).toString("base64url") }],
      ["an over-long search", { search: "s".repeat(201) }],
    ])("refuses %s with BAD_USER_INPUT", async (_label, args) => {
      expectError(
        await t.gql(`query($first: Int, $after: String, $search: String) { groups(first: $first, after: $after, search: $search) { totalCount } }`, args),
        "BAD_USER_INPUT",
      );
    });
  });
});
