import { SCOPES } from "../src/auth/scopes";
import { expectError, Fixtures } from "./helpers/fixtures";
import { OPERATION_SAMPLES } from "./helpers/operations";
import { errorCode, startTestServer, TestServer } from "./helpers/server";

/** One GraphQL operation: the scope its @Authorized decorator requires and a call that succeeds with it. */
interface Operation {
  name: string;
  /** null: no scope is needed (viewer answers any credential, docs/design.md §11). */
  scope: string | null;
  /** Builds (with admin fixtures) a fresh call of the operation that succeeds with the right scope. */
  prepare(f: Fixtures, t: TestServer): Promise<{ query: string; variables?: Record<string, unknown> }>;
}

const operations: Operation[] = [
  { name: "viewer", scope: null, prepare: async () => ({ query: "{ viewer { subject scopes via expiresAt } }" }) },
  { name: "applications", scope: "read:applications", prepare: async () => ({ query: "{ applications { totalCount } }" }) },
  {
    name: "application",
    scope: "read:applications",
    prepare: async (f) => ({ query: `query($id: ID!) { application(id: $id) { id } }`, variables: { id: (await f.application()).id } }),
  },
  { name: "users", scope: "read:users", prepare: async () => ({ query: "{ users { totalCount } }" }) },
  {
    name: "user",
    scope: "read:users",
    prepare: async (f) => {
      await f.users([{ id: "scope|u" }]);
      return { query: `{ user(id: "scope|u") { id } }` };
    },
  },
  { name: "groups", scope: "read:groups", prepare: async () => ({ query: "{ groups { totalCount } }" }) },
  { name: "group", scope: "read:groups", prepare: async (f) => ({ query: `query($id: ID!) { group(id: $id) { id } }`, variables: { id: (await f.group()).id } }) },
  { name: "roles", scope: "read:roles", prepare: async () => ({ query: "{ roles { totalCount } }" }) },
  {
    name: "role",
    scope: "read:roles",
    prepare: async (f) => ({ query: `query($id: ID!) { role(id: $id) { id } }`, variables: { id: (await f.role((await f.application()).id)).id } }),
  },
  { name: "permissions", scope: "read:permissions", prepare: async () => ({ query: "{ permissions { totalCount } }" }) },
  {
    name: "permission",
    scope: "read:permissions",
    prepare: async (f) => ({ query: `query($id: ID!) { permission(id: $id) { id } }`, variables: { id: (await f.permission((await f.application()).id)).id } }),
  },
  { name: "auditLog", scope: "read:audit", prepare: async () => ({ query: "{ auditLog(first: 1) { totalCount } }" }) },
  { name: "configuration", scope: "read:configuration", prepare: async () => ({ query: "{ configuration { groupsInToken } }" }) },
  { name: "exportData", scope: "export:data", prepare: async () => ({ query: "{ exportData }" }) },
  {
    name: "importData",
    scope: "import:data",
    prepare: async (f) => ({
      query: `mutation($data: JSON!) { importData(data: $data, dryRun: true) { dryRun } }`,
      variables: { data: { groups: [{ _id: f.name("scope-group").replace(" ", "-"), name: f.name("Scoped Import") }] } },
    }),
  },
  {
    name: "authorizationContext",
    scope: "read:authorization",
    prepare: async () => ({ query: `{ authorizationContext(userId: "scope|ctx", clientId: "scope-client") { userId } }` }),
  },
  {
    name: "explainAuthorization",
    scope: "read:authorization",
    prepare: async () => ({ query: `{ explainAuthorization(userId: "scope|ctx", clientId: "scope-client") { groups { name } } }` }),
  },

  {
    name: "updateConfiguration",
    scope: "update:configuration",
    prepare: async () => ({ query: `mutation { updateConfiguration(input: { groupsInToken: false }) { groupsInToken } }` }),
  },
  { name: "rotateApiKey", scope: "update:configuration", prepare: async () => ({ query: `mutation { rotateApiKey { apiKey } }` }) },
  {
    name: "createApplication",
    scope: "update:applications",
    prepare: async (f) => ({
      query: `mutation($id: ID!) { createApplication(input: { id: $id, name: "Scoped", type: SPA }) { id } }`,
      variables: { id: f.name("scoped-app").replace(" ", "-") },
    }),
  },
  {
    name: "updateApplication",
    scope: "update:applications",
    prepare: async (f) => ({ query: `mutation($id: ID!) { updateApplication(id: $id, input: { name: "Renamed" }) { id } }`, variables: { id: (await f.application()).id } }),
  },
  {
    name: "deleteApplication",
    scope: "update:applications",
    prepare: async (f) => ({ query: `mutation($id: ID!) { deleteApplication(id: $id) }`, variables: { id: (await f.application()).id } }),
  },
  {
    name: "upsertUsers",
    scope: "update:users",
    prepare: async (f) => ({ query: `mutation($id: ID!) { upsertUsers(users: [{ id: $id }]) { id } }`, variables: { id: f.name("scope|upsert") } }),
  },
  {
    name: "deleteUser",
    scope: "delete:users",
    prepare: async (f) => {
      const id = f.name("scope|del");
      await f.users([{ id }]);
      return { query: `mutation($id: ID!) { deleteUser(id: $id) }`, variables: { id } };
    },
  },
  {
    name: "addUserToGroups",
    scope: "update:users",
    prepare: async (f) => ({ query: `mutation($g: ID!) { addUserToGroups(userId: "scope|ug", groupIds: [$g]) { id } }`, variables: { g: (await f.group()).id } }),
  },
  {
    name: "removeUserFromGroups",
    scope: "update:users",
    prepare: async (f) => {
      const g = await f.group();
      await f.addMembers(g.id, ["scope|ug2"]);
      return { query: `mutation($g: ID!) { removeUserFromGroups(userId: "scope|ug2", groupIds: [$g]) { id } }`, variables: { g: g.id } };
    },
  },
  {
    name: "addUserRoles",
    scope: "update:users",
    prepare: async (f) => ({
      query: `mutation($r: ID!) { addUserRoles(userId: "scope|ur", roleIds: [$r]) { id } }`,
      variables: { r: (await f.role((await f.application()).id)).id },
    }),
  },
  {
    name: "removeUserRoles",
    scope: "update:users",
    prepare: async (f) => {
      const r = await f.role((await f.application()).id);
      await f.userRoles("scope|ur2", [r.id]);
      return { query: `mutation($r: ID!) { removeUserRoles(userId: "scope|ur2", roleIds: [$r]) { id } }`, variables: { r: r.id } };
    },
  },
  {
    name: "createGroup",
    scope: "create:groups",
    prepare: async (f) => ({ query: `mutation($n: String!) { createGroup(input: { name: $n }) { id } }`, variables: { n: f.name("Scoped Group") } }),
  },
  {
    name: "updateGroup",
    scope: "update:groups",
    prepare: async (f) => ({ query: `mutation($id: ID!) { updateGroup(id: $id, input: { description: "d" }) { id } }`, variables: { id: (await f.group()).id } }),
  },
  { name: "deleteGroup", scope: "delete:groups", prepare: async (f) => ({ query: `mutation($id: ID!) { deleteGroup(id: $id) }`, variables: { id: (await f.group()).id } }) },
  {
    name: "addGroupMembers",
    scope: "update:groups",
    prepare: async (f) => ({ query: `mutation($g: ID!) { addGroupMembers(groupId: $g, userIds: ["scope|m"]) { id } }`, variables: { g: (await f.group()).id } }),
  },
  {
    name: "removeGroupMembers",
    scope: "update:groups",
    prepare: async (f) => {
      const g = await f.group();
      await f.addMembers(g.id, ["scope|m2"]);
      return { query: `mutation($g: ID!) { removeGroupMembers(groupId: $g, userIds: ["scope|m2"]) { id } }`, variables: { g: g.id } };
    },
  },
  {
    name: "addNestedGroups",
    scope: "update:groups",
    prepare: async (f) => ({
      query: `mutation($g: ID!, $c: ID!) { addNestedGroups(groupId: $g, groupIds: [$c]) { id } }`,
      variables: { g: (await f.group()).id, c: (await f.group()).id },
    }),
  },
  {
    name: "removeNestedGroups",
    scope: "update:groups",
    prepare: async (f) => {
      const [g, c] = [await f.group(), await f.group()];
      await f.nest(g.id, [c.id]);
      return { query: `mutation($g: ID!, $c: ID!) { removeNestedGroups(groupId: $g, groupIds: [$c]) { id } }`, variables: { g: g.id, c: c.id } };
    },
  },
  {
    name: "addGroupRoles",
    scope: "update:groups",
    prepare: async (f) => ({
      query: `mutation($g: ID!, $r: ID!) { addGroupRoles(groupId: $g, roleIds: [$r]) { id } }`,
      variables: { g: (await f.group()).id, r: (await f.role((await f.application()).id)).id },
    }),
  },
  {
    name: "removeGroupRoles",
    scope: "update:groups",
    prepare: async (f) => {
      const g = await f.group();
      const r = await f.role((await f.application()).id);
      await f.groupRoles(g.id, [r.id]);
      return { query: `mutation($g: ID!, $r: ID!) { removeGroupRoles(groupId: $g, roleIds: [$r]) { id } }`, variables: { g: g.id, r: r.id } };
    },
  },
  {
    name: "addGroupMappings",
    scope: "update:groups",
    prepare: async (f) => ({
      query: `mutation($g: ID!) { addGroupMappings(groupId: $g, mappings: [{ connectionName: "c", groupName: "g" }]) { id } }`,
      variables: { g: (await f.group()).id },
    }),
  },
  {
    name: "removeGroupMappings",
    scope: "update:groups",
    prepare: async (f, t) => {
      const g = await f.group();
      const added = await t.ok<any>(`mutation($g: ID!) { addGroupMappings(groupId: $g, mappings: [{ connectionName: "c", groupName: "g" }]) { mappings { id } } }`, { g: g.id });
      return {
        query: `mutation($g: ID!, $m: ID!) { removeGroupMappings(groupId: $g, mappingIds: [$m]) { id } }`,
        variables: { g: g.id, m: added.addGroupMappings.mappings[0].id },
      };
    },
  },
  {
    name: "createRole",
    scope: "create:roles",
    prepare: async (f) => ({
      query: `mutation($a: ID!, $n: String!) { createRole(input: { applicationId: $a, name: $n }) { id } }`,
      variables: { a: (await f.application()).id, n: f.name("Scoped Role") },
    }),
  },
  {
    name: "updateRole",
    scope: "update:roles",
    prepare: async (f) => ({
      query: `mutation($id: ID!) { updateRole(id: $id, input: { description: "d" }) { id } }`,
      variables: { id: (await f.role((await f.application()).id)).id },
    }),
  },
  {
    name: "deleteRole",
    scope: "delete:roles",
    prepare: async (f) => ({ query: `mutation($id: ID!) { deleteRole(id: $id) }`, variables: { id: (await f.role((await f.application()).id)).id } }),
  },
  {
    name: "createPermission",
    scope: "create:permissions",
    prepare: async (f) => ({
      query: `mutation($a: ID!, $n: String!) { createPermission(input: { applicationId: $a, name: $n }) { id } }`,
      variables: { a: (await f.application()).id, n: f.name("scoped:perm") },
    }),
  },
  {
    name: "updatePermission",
    scope: "update:permissions",
    prepare: async (f) => ({
      query: `mutation($id: ID!) { updatePermission(id: $id, input: { description: "d" }) { id } }`,
      variables: { id: (await f.permission((await f.application()).id)).id },
    }),
  },
  {
    name: "deletePermission",
    scope: "delete:permissions",
    prepare: async (f) => ({ query: `mutation($id: ID!) { deletePermission(id: $id) }`, variables: { id: (await f.permission((await f.application()).id)).id } }),
  },
  // The organization operations (docs/design.md §12): their samples are the shared ones.
  ...OPERATION_SAMPLES.filter((sample) => /^(organizations?|(create|update|delete)Organization|(add|remove)Organization(Members|MemberRoles))$/.test(sample.name)),
];

describe("scopes", () => {
  let t: TestServer;
  let f: Fixtures;
  const tokens = new Map<string, string>();
  beforeAll(async () => {
    t = await startTestServer();
    f = new Fixtures(t);
  });
  afterAll(() => t.stop());

  async function tokenFor(key: string, scopes: readonly string[]): Promise<string> {
    let token = tokens.get(key);
    if (!token) tokens.set(key, (token = await t.token(scopes)));
    return token;
  }
  /** Every scope but `scope`: proves that exactly this scope is what the operation needs. */
  const allBut = (scope: string) =>
    tokenFor(
      `-${scope}`,
      SCOPES.filter((s) => s !== scope),
    );
  const only = (scope: string) => tokenFor(`+${scope}`, [scope]);

  it("the table covers every query and mutation of the schema", async () => {
    const { __schema } = await t.ok<any>(`{ __schema { queryType { fields { name } } mutationType { fields { name } } } }`);
    const schemaOps = [...__schema.queryType.fields, ...__schema.mutationType.fields].map((field: { name: string }) => field.name).sort();
    // A new operation needs a row in `operations` (its scope and a call that succeeds with it).
    const missingRows = schemaOps.filter((name) => !operations.some((op) => op.name === name));
    expect(missingRows).toEqual([]);
    expect(operations.map((op) => op.name).sort()).toEqual(schemaOps);
  });

  it("every table scope is a scope of docs/design.md §5; only viewer needs none", () => {
    for (const op of operations) if (op.scope !== null) expect(SCOPES).toContain(op.scope);
    expect(operations.filter((op) => op.scope === null).map((op) => op.name)).toEqual(["viewer"]);
  });

  it("viewer needs no scope: a token holding none is answered", async () => {
    const result = await t.gql("{ viewer { subject scopes via } }", {}, { token: await tokenFor("none", []) });
    expect(result.errors).toBeUndefined();
    expect(result.data?.viewer).toEqual({ subject: "gatehouse-cli", scopes: [], via: "TOKEN" });
  });

  const scoped = operations.filter((op): op is Operation & { scope: string } => op.scope !== null);

  it("viewer is UNAUTHENTICATED (HTTP 401) without a token", async () => {
    const result = await t.gql("{ viewer { subject } }", {}, { token: null });
    expect(result.status).toBe(401);
    expectError(result, "UNAUTHENTICATED");
  });

  describe.each(scoped.map((op) => [op.name, op] as const))("%s", (_name, op) => {
    it(`is FORBIDDEN naming "${op.scope}" with a token lacking it`, async () => {
      const { query, variables } = await op.prepare(f, t);
      const result = await t.gql(query, variables, { token: await allBut(op.scope) });
      const error = expectError(result, "FORBIDDEN", op.scope);
      expect(error.path).toEqual([op.name]);
      expect(result.data?.[op.name] ?? null).toBeNull();
    });

    it("is UNAUTHENTICATED (HTTP 401) without a token", async () => {
      const { query, variables } = await op.prepare(f, t);
      const result = await t.gql(query, variables, { token: null });
      expect(result.status).toBe(401);
      expectError(result, "UNAUTHENTICATED");
      expect(result.data).toBeUndefined();
    });

    it(`succeeds with a token holding only "${op.scope}"`, async () => {
      const { query, variables } = await op.prepare(f, t);
      const result = await t.gql(query, variables, { token: await only(op.scope) });
      expect(result.errors).toBeUndefined();
      expect(result.data?.[op.name]).not.toBeUndefined();
      expect(result.data?.[op.name]).not.toBeNull();
    });
  });

  describe("a refused mutation writes nothing", () => {
    it("createGroup without create:groups creates no group", async () => {
      const name = f.name("Forbidden Group");
      expectError(await t.gql(`mutation($n: String!) { createGroup(input: { name: $n }) { id } }`, { n: name }, { token: await allBut("create:groups") }), "FORBIDDEN");
      expectError(await t.gql(`mutation($n: String!) { createGroup(input: { name: $n }) { id } }`, { n: name }, { token: null }), "UNAUTHENTICATED");
      expect((await t.ok<any>(`query($s: String) { groups(search: $s) { totalCount } }`, { s: name })).groups.totalCount).toBe(0);
    });

    it("addGroupMembers without update:groups adds no member and creates no stub user", async () => {
      const g = await f.group();
      expectError(
        await t.gql(`mutation($g: ID!) { addGroupMembers(groupId: $g, userIds: ["scope|never"]) { id } }`, { g: g.id }, { token: await allBut("update:groups") }),
        "FORBIDDEN",
        "update:groups",
      );
      const after = await t.ok<any>(`query($g: ID!) { group(id: $g) { memberCount } user(id: "scope|never") { id } }`, { g: g.id });
      expect(after).toEqual({ group: { memberCount: 0 }, user: null });
    });

    it("deleteGroup without delete:groups deletes nothing", async () => {
      const g = await f.group();
      expectError(await t.gql(`mutation($id: ID!) { deleteGroup(id: $id, force: true) }`, { id: g.id }, { token: await allBut("delete:groups") }), "FORBIDDEN", "delete:groups");
      expect((await t.ok<any>(`query($id: ID!) { group(id: $id) { id } }`, { id: g.id })).group).toEqual({ id: g.id });
    });
  });

  describe("tokens", () => {
    const q = "{ groups { totalCount } }";

    it("a token with no scopes is FORBIDDEN, not UNAUTHENTICATED", async () => {
      expectError(await t.gql(q, {}, { token: await t.token([]) }), "FORBIDDEN", "read:groups");
    });

    it("names the missing scope in extensions too", async () => {
      const error = expectError(await t.gql(q, {}, { token: await t.token(["read:users", "update:groups"]) }), "FORBIDDEN", "read:groups");
      expect(error.extensions.scopes).toEqual(["read:groups"]);
    });

    it.each([
      ["a malformed token", async () => "not.a.jwt"],
      ["an expired token", async () => t.token(SCOPES, { expiresInSeconds: -120 })],
      [
        "a token with a tampered signature",
        async () => {
          const [h, p, s] = (await t.token(SCOPES)).split(".");
          const flipped = s.slice(0, 10) + (s[10] === "A" ? "B" : "A") + s.slice(11);
          return `${h}.${p}.${flipped}`;
        },
      ],
      [
        "an unsigned (alg none) token",
        async () => {
          const [, p] = (await t.token(SCOPES)).split(".");
          return `${Buffer.from(JSON.stringify({ alg: "none", typ: "JWT" })).toString("base64url")}.${p}.`;
        },
      ],
      [
        "a token with escalated scopes in a re-encoded payload",
        async () => {
          const [h, p, s] = (await t.token(["read:users"])).split(".");
          const payload = JSON.parse(Buffer.from(p, "base64url").toString());
          payload.scope = SCOPES.join(" ");
          return `${h}.${Buffer.from(JSON.stringify(payload)).toString("base64url")}.${s}`;
        },
      ],
    ])("%s is UNAUTHENTICATED", async (_label, make) => {
      const result = await t.gql(q, {}, { token: await make() });
      expect(result.status).toBe(401);
      expect(errorCode(result)).toBe("UNAUTHENTICATED");
    });

    it("a non-Bearer Authorization header is UNAUTHENTICATED", async () => {
      const response = await fetch(t.url, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Basic ${Buffer.from("a:b").toString("base64")}` },
        body: JSON.stringify({ query: q }),
      });
      expect(response.status).toBe(401);
      const body = (await response.json()) as { errors: Array<{ extensions: { code: string } }> };
      expect(body.errors[0].extensions.code).toBe("UNAUTHENTICATED");
    });
  });
});
