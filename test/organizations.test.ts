import { expectError, Fixtures, ids, names } from "./helpers/fixtures";
import { startTestServer, TestServer } from "./helpers/server";

const ORG_FIELDS = `id name displayName metadata`;
const CREATE = `mutation($input: CreateOrganizationInput!) { createOrganization(input: $input) { ${ORG_FIELDS} } }`;
const UPDATE = `mutation($id: ID!, $input: UpdateOrganizationInput!) { updateOrganization(id: $id, input: $input) { ${ORG_FIELDS} } }`;
const DELETE = `mutation($id: ID!, $force: Boolean) { deleteOrganization(id: $id, force: $force) { id name } }`;
const GET = `query($id: ID!) { organization(id: $id) { ${ORG_FIELDS} members { totalCount nodes { user { id } roles { id name } } } } }`;
const ADD_MEMBERS = `mutation($o: ID!, $u: [ID!]!) { addOrganizationMembers(organizationId: $o, userIds: $u) { id } }`;
const REMOVE_MEMBERS = `mutation($o: ID!, $u: [ID!]!) { removeOrganizationMembers(organizationId: $o, userIds: $u) { id } }`;
const ADD_ROLES = `mutation($o: ID!, $u: ID!, $r: [ID!]!) { addOrganizationMemberRoles(organizationId: $o, userId: $u, roleIds: $r) { id } }`;
const REMOVE_ROLES = `mutation($o: ID!, $u: ID!, $r: [ID!]!) { removeOrganizationMemberRoles(organizationId: $o, userId: $u, roleIds: $r) { id } }`;

describe("organizations", () => {
  let t: TestServer;
  let f: Fixtures;
  let seq = 0;
  const orgName = (prefix = "org") => `${prefix}-${++seq}`;
  beforeAll(async () => {
    t = await startTestServer();
    f = new Fixtures(t);
  });
  afterAll(() => t.stop());

  async function create(input: Record<string, unknown> = {}) {
    return (await t.ok<any>(CREATE, { input: { name: orgName(), ...input } })).createOrganization;
  }
  async function get(id: string) {
    return (await t.ok<any>(GET, { id })).organization;
  }

  describe("createOrganization", () => {
    it("generates an org_ id, defaults displayName to the name and metadata to {}", async () => {
      const org = await create({ name: "acme" });
      expect(org).toEqual({ id: expect.stringMatching(/^org_[A-Za-z0-9]{16}$/), name: "acme", displayName: "acme", metadata: {} });
      expect(await get(org.id)).toMatchObject({ name: "acme", members: { totalCount: 0, nodes: [] } });
    });

    it("keeps a given id, display name and metadata", async () => {
      const org = await create({ id: "Org_given-1", displayName: "Given Inc.", metadata: { tier: "gold", region: "eu" } });
      expect(org).toMatchObject({ id: "Org_given-1", displayName: "Given Inc.", metadata: { tier: "gold", region: "eu" } });
    });

    it("accepts the limits exactly: 64-character id, 50-character name, 255-character display name, 25 keys of 100 with values of 255", async () => {
      const metadata = Object.fromEntries(Array.from({ length: 25 }, (_, i) => [`${i}`.padEnd(100, "k"), "v".repeat(255)]));
      const org = await create({ id: "i".repeat(64), name: "n".repeat(50), displayName: "d".repeat(255), metadata });
      expect(Object.keys(org.metadata)).toHaveLength(25);
    });

    it.each([
      ["a name with capitals", { name: "Acme" }, "name"],
      ["a name with a space", { name: "acme corp" }, "name"],
      ["an empty name", { name: "" }, "name"],
      ["a name of 51 characters", { name: "n".repeat(51) }, "name"],
      ["an id with a dot", { name: "dotted", id: "a.b" }, "id"],
      ["an id of 65 characters", { name: "longid", id: "i".repeat(65) }, "id"],
      ["a display name of 256 characters", { name: "longdisplay", displayName: "d".repeat(256) }, "displayName"],
      ["metadata with 26 keys", { name: "keys", metadata: Object.fromEntries(Array.from({ length: 26 }, (_, i) => [`k${i}`, "v"])) }, "metadata"],
      ["metadata with a number value", { name: "numbers", metadata: { seats: 5 } }, "metadata"],
      ["metadata with a value of 256 characters", { name: "longvalue", metadata: { k: "v".repeat(256) } }, "metadata"],
      ["metadata with a key of 101 characters", { name: "longkey", metadata: { ["k".repeat(101)]: "v" } }, "metadata"],
      ["metadata with an empty key", { name: "emptykey", metadata: { "": "v" } }, "metadata"],
    ])("refuses %s with BAD_USER_INPUT naming the field, and writes nothing", async (_label, input, field) => {
      const before = (await t.ok<any>(`{ organizations { totalCount } }`)).organizations.totalCount;
      const error = expectError(await t.gql(CREATE, { input }), "BAD_USER_INPUT", field);
      expect(JSON.stringify(error.extensions)).toContain(field);
      expect((await t.ok<any>(`{ organizations { totalCount } }`)).organizations.totalCount).toBe(before);
    });

    it("refuses a taken name with CONFLICT naming the field, and a taken id likewise", async () => {
      const org = await create();
      const byName = expectError(await t.gql(CREATE, { input: { name: org.name } }), "CONFLICT", org.name);
      expect(byName.extensions).toMatchObject({ field: "name", existingId: org.id });
      const byId = expectError(await t.gql(CREATE, { input: { name: orgName(), id: org.id } }), "CONFLICT", org.id);
      expect(byId.extensions.field).toBe("id");
    });
  });

  describe("updateOrganization", () => {
    it("renames (a display name that followed the name follows it), and replaces the whole metadata object", async () => {
      const org = await create({ metadata: { a: "1", b: "2" } });
      const renamed = (await t.ok<any>(UPDATE, { id: org.id, input: { name: `${org.name}-x`, metadata: { c: "3" } } })).updateOrganization;
      expect(renamed).toEqual({ id: org.id, name: `${org.name}-x`, displayName: `${org.name}-x`, metadata: { c: "3" } });
      const shown = (await t.ok<any>(UPDATE, { id: org.id, input: { displayName: "Shown" } })).updateOrganization;
      expect(shown.displayName).toBe("Shown");
      const cleared = (await t.ok<any>(UPDATE, { id: org.id, input: { displayName: null, metadata: null } })).updateOrganization;
      expect(cleared).toMatchObject({ displayName: `${org.name}-x`, metadata: {} });
    });

    it("is NOT_FOUND for an unknown id, CONFLICT for a taken name, BAD_USER_INPUT for a bad name or metadata", async () => {
      const [a, b] = [await create(), await create()];
      expectError(await t.gql(UPDATE, { id: "nope", input: { displayName: "x" } }), "NOT_FOUND", "nope");
      expect(expectError(await t.gql(UPDATE, { id: a.id, input: { name: b.name } }), "CONFLICT", b.name).extensions.field).toBe("name");
      expectError(await t.gql(UPDATE, { id: a.id, input: { name: "UPPER" } }), "BAD_USER_INPUT", "name");
      expectError(await t.gql(UPDATE, { id: a.id, input: { name: null } }), "BAD_USER_INPUT", "name");
      expectError(await t.gql(UPDATE, { id: a.id, input: { metadata: { n: 1 } } }), "BAD_USER_INPUT", "metadata");
      expect(await get(a.id)).toMatchObject({ name: a.name, metadata: {} });
    });
  });

  describe("deleteOrganization", () => {
    it("deletes an organization without members and returns it", async () => {
      const org = await create();
      expect((await t.ok<any>(DELETE, { id: org.id })).deleteOrganization).toEqual({ id: org.id, name: org.name });
      expect(await get(org.id)).toBeNull();
    });

    it("refuses with CONFLICT while it has members; force deletes it with its memberships and member roles", async () => {
      const app = await f.application();
      const role = await f.role(app.id);
      const org = await create();
      await t.ok(ADD_MEMBERS, { o: org.id, u: ["del-u1", "del-u2"] });
      await t.ok(ADD_ROLES, { o: org.id, u: "del-u1", r: [role.id] });
      expectError(await t.gql(DELETE, { id: org.id }), "CONFLICT", org.name, "2 members", "force");
      expect(await get(org.id)).not.toBeNull();
      await t.ok(DELETE, { id: org.id, force: true });
      expect(await get(org.id)).toBeNull();
      const user = (await t.ok<any>(`query { user(id: "del-u1") { organizations { organization { id } } } }`)).user;
      expect(user.organizations).toEqual([]);
    });

    it("is NOT_FOUND for an unknown id", async () => {
      expectError(await t.gql(DELETE, { id: "ghost" }), "NOT_FOUND", "ghost");
    });
  });

  describe("members and member roles", () => {
    it("adds members (unknown users become stubs), lists them with their roles, removes them and their roles", async () => {
      const app = await f.application();
      const [r1, r2] = [await f.role(app.id, "Admin"), await f.role(app.id, "Viewer")];
      const org = await create();
      await t.ok(ADD_MEMBERS, { o: org.id, u: ["m-b", "m-a", "m-a"] });
      await t.ok(ADD_MEMBERS, { o: org.id, u: ["m-a"] });
      await t.ok(ADD_ROLES, { o: org.id, u: "m-a", r: [r2.id, r1.id] });
      let shown = await get(org.id);
      expect(shown.members.totalCount).toBe(2);
      expect(shown.members.nodes).toEqual([
        {
          user: { id: "m-a" },
          roles: [
            { id: r1.id, name: "Admin" },
            { id: r2.id, name: "Viewer" },
          ],
        },
        { user: { id: "m-b" }, roles: [] },
      ]);
      await t.ok(REMOVE_ROLES, { o: org.id, u: "m-a", r: [r2.id] });
      expect(names((await get(org.id)).members.nodes[0].roles)).toEqual(["Admin"]);
      await t.ok(REMOVE_MEMBERS, { o: org.id, u: ["m-a", "not-a-member"] });
      shown = await get(org.id);
      expect(shown.members.nodes.map((n: any) => n.user.id)).toEqual(["m-b"]);
      // Membership again: the old roles do not come back.
      await t.ok(ADD_MEMBERS, { o: org.id, u: ["m-a"] });
      expect((await get(org.id)).members.nodes[0]).toEqual({ user: { id: "m-a" }, roles: [] });
    });

    it("pages and searches members", async () => {
      const org = await create();
      await t.ok(ADD_MEMBERS, { o: org.id, u: ["p-1", "p-2", "p-3", "q-1"] });
      const query = `query($id: ID!, $after: String, $s: String) { organization(id: $id) { members(first: 2, after: $after, search: $s) { totalCount pageInfo { hasNextPage endCursor } nodes { user { id } } } } }`;
      const first = (await t.ok<any>(query, { id: org.id })).organization.members;
      expect(first.nodes.map((n: any) => n.user.id)).toEqual(["p-1", "p-2"]);
      expect(first.pageInfo.hasNextPage).toBe(true);
      const second = (await t.ok<any>(query, { id: org.id, after: first.pageInfo.endCursor })).organization.members;
      expect(second.nodes.map((n: any) => n.user.id)).toEqual(["p-3", "q-1"]);
      const searched = (await t.ok<any>(query, { id: org.id, s: "Q-" })).organization.members;
      expect(searched).toMatchObject({ totalCount: 1, nodes: [{ user: { id: "q-1" } }] });
    });

    it("answers User.organizations with the roles of each membership (roles of any application)", async () => {
      const [app1, app2] = [await f.application(), await f.application()];
      const [r1, r2] = [await f.role(app1.id, "One"), await f.role(app2.id, "Two")];
      const [a, b] = [await create({ name: orgName("aaa") }), await create({ name: orgName("bbb") })];
      for (const org of [a, b]) await t.ok(ADD_MEMBERS, { o: org.id, u: ["uo-1"] });
      await t.ok(ADD_ROLES, { o: a.id, u: "uo-1", r: [r1.id, r2.id] });
      const user = (await t.ok<any>(`query { user(id: "uo-1") { organizations { organization { id name } roles { name applicationId } } } }`)).user;
      expect(user.organizations).toEqual([
        {
          organization: { id: a.id, name: a.name },
          roles: [
            { name: "One", applicationId: app1.id },
            { name: "Two", applicationId: app2.id },
          ],
        },
        { organization: { id: b.id, name: b.name }, roles: [] },
      ]);
    });

    it("refuses a role for a non-member with BAD_USER_INPUT naming the user", async () => {
      const app = await f.application();
      const role = await f.role(app.id);
      const org = await create();
      const error = expectError(await t.gql(ADD_ROLES, { o: org.id, u: "outsider", r: [role.id] }), "BAD_USER_INPUT", "outsider");
      expect(error.extensions).toMatchObject({ field: "userId", userId: "outsider" });
      expectError(await t.gql(REMOVE_ROLES, { o: org.id, u: "outsider", r: [role.id] }), "BAD_USER_INPUT", "outsider");
    });

    it("is NOT_FOUND for an unknown organization or role, and writes nothing", async () => {
      const org = await create();
      await t.ok(ADD_MEMBERS, { o: org.id, u: ["nf-1"] });
      for (const op of [ADD_MEMBERS, REMOVE_MEMBERS]) expectError(await t.gql(op, { o: "no-org", u: ["nf-1"] }), "NOT_FOUND", "no-org");
      for (const op of [ADD_ROLES, REMOVE_ROLES]) {
        expectError(await t.gql(op, { o: "no-org", u: "nf-1", r: [] }), "NOT_FOUND", "no-org");
        expectError(await t.gql(op, { o: org.id, u: "nf-1", r: ["no-role"] }), "NOT_FOUND", "no-role");
      }
      expect((await get(org.id)).members.nodes).toEqual([{ user: { id: "nf-1" }, roles: [] }]);
    });

    it("deleting a role or a user removes their member roles and memberships", async () => {
      const app = await f.application();
      const [keep, gone] = [await f.role(app.id), await f.role(app.id)];
      const org = await create();
      await t.ok(ADD_MEMBERS, { o: org.id, u: ["dr-1", "dr-2"] });
      await t.ok(ADD_ROLES, { o: org.id, u: "dr-1", r: [keep.id, gone.id] });
      await t.ok(`mutation($id: ID!) { deleteRole(id: $id) }`, { id: gone.id });
      await t.ok(`mutation { deleteUser(id: "dr-2") }`);
      expect((await get(org.id)).members.nodes).toEqual([{ user: { id: "dr-1" }, roles: [{ id: keep.id, name: keep.name }] }]);
    });
  });

  describe("listing and scopes", () => {
    it("lists organizations by name with search over name and display name, and pages", async () => {
      await create({ name: "zz-alpha", displayName: "Findable Display" });
      await create({ name: "zz-beta" });
      const query = `query($s: String, $after: String) { organizations(search: $s, first: 1, after: $after) { totalCount pageInfo { hasNextPage endCursor } nodes { name } } }`;
      const page = (await t.ok<any>(query, { s: "zz-" })).organizations;
      expect(page).toMatchObject({ totalCount: 2, nodes: [{ name: "zz-alpha" }], pageInfo: { hasNextPage: true } });
      expect((await t.ok<any>(query, { s: "zz-", after: page.pageInfo.endCursor })).organizations.nodes).toEqual([{ name: "zz-beta" }]);
      expect((await t.ok<any>(query, { s: "findable" })).organizations.nodes).toEqual([{ name: "zz-alpha" }]);
    });

    it("needs read:organizations to read, create/update/delete:organizations to write; the result of a mutation is readable with its own scope", async () => {
      const org = await create();
      const reader = await t.token(["read:users"]);
      expectError(await t.gql(`query($id: ID!) { organization(id: $id) { id } }`, { id: org.id }, { token: reader }), "FORBIDDEN", "read:organizations");
      const userReader = (await t.gql<any>(`query { user(id: "uo-1") { id organizations { organization { name } } } }`, {}, { token: reader })).errors?.[0];
      expect(userReader?.message).toContain("read:organizations");
      const creator = await t.token(["create:organizations"]);
      const created = await t.gql<any>(CREATE, { input: { name: orgName() } }, { token: creator });
      expect(created.errors).toBeUndefined();
      expectError(await t.gql(ADD_MEMBERS, { o: org.id, u: ["x"] }, { token: creator }), "FORBIDDEN", "update:organizations");
      expectError(await t.gql(DELETE, { id: org.id }, { token: await t.token(["update:organizations"]) }), "FORBIDDEN", "delete:organizations");
    });

    it("reads the members of many organizations and the organizations of many users with a bounded number of statements", async () => {
      const app = await f.application();
      const role = await f.role(app.id);
      const orgs = [];
      for (let i = 0; i < 6; i++) {
        const org = await create({ name: orgName("batch") });
        await t.ok(ADD_MEMBERS, { o: org.id, u: [`b-${i}-1`, `b-${i}-2`] });
        await t.ok(ADD_ROLES, { o: org.id, u: `b-${i}-1`, r: [role.id] });
        orgs.push(org);
      }
      const count = async (query: string) => {
        // A model-cache reload the writes above started would be counted too (PostgreSQL reads it through the pool).
        await t.server.app.services.authorization.cache.warm();
        const before = t.sqlCount();
        await t.ok(query);
        return t.sqlCount() - before;
      };
      const orgsQuery = (n: number) => `{ organizations(search: "batch", first: ${n}) { nodes { id members { nodes { user { id } roles { name } } } } } }`;
      expect(await count(orgsQuery(6))).toBe(await count(orgsQuery(2)));
      // User.organizations over 12 users: memberships, organizations, member roles, roles — one statement each.
      const plain = await count(`{ users(search: "b-", first: 12) { nodes { id } } }`);
      const withOrganizations = await count(`{ users(search: "b-", first: 12) { nodes { id organizations { organization { name } roles { name } } } } }`);
      expect(withOrganizations - plain).toBeLessThanOrEqual(4);
      expect(ids(orgs)).toHaveLength(6);
    });
  });
});
