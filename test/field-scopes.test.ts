import { Fixtures, Named } from "./helpers/fixtures";
import { startTestServer, TestServer } from "./helpers/server";

/**
 * Scopes bound every field, not only the root (docs/design.md §5). User e-mails used to be
 * readable with read:groups (`group.members`, `calculatedMembers`), read:roles (`role.users`)
 * and through the result of update:* mutations with no read scope at all.
 */
describe("field-level read scopes", () => {
  let t: TestServer;
  let f: Fixtures;
  let group: Named;
  let role: Named;

  beforeAll(async () => {
    t = await startTestServer();
    f = new Fixtures(t);
    const app = await f.application({ id: "scopes-app", name: "Scopes App" });
    const permission = await f.permission(app.id, "read:things");
    role = await f.role(app.id, "Scoped Role", [permission.id]);
    group = await f.group("Scoped Group");
    await f.users([{ id: "scoped|alice", email: "alice@example.com", name: "Alice" }]);
    await f.addMembers(group.id, ["scoped|alice"]);
    await f.groupRoles(group.id, [role.id]);
    await f.userRoles("scoped|alice", [role.id]);
  });
  afterAll(() => t.stop());

  const as = async (scopes: string[], query: string, variables: Record<string, unknown> = {}) => t.gql<any>(query, variables, { token: await t.token(scopes) });
  const forbidden = (result: { errors?: Array<{ message: string; path?: ReadonlyArray<string | number>; extensions?: Record<string, unknown> }> }) =>
    (result.errors ?? []).map((e) => ({ code: e.extensions?.code, scopes: e.extensions?.scopes, path: e.path?.join(".") }));

  it.each([
    ["group.members", ["read:groups"], `query($g: ID!) { group(id: $g) { name members { nodes { id email } } } }`, "group.members.nodes.0.email"],
    [
      "group.calculatedMembers",
      ["read:groups"],
      `query($g: ID!) { group(id: $g) { calculatedMembers { nodes { user { id email } } } } }`,
      "group.calculatedMembers.nodes.0.user.email",
    ],
    ["role.users", ["read:roles"], `query($r: ID!) { role(id: $r) { name users { id email } } }`, "role.users.0.email"],
  ])("%s: a user's e-mail needs read:users (FORBIDDEN naming it, the rest answered); the id is visible", async (_label, scopes, query, path) => {
    const result = await as(scopes, query, { g: group.id, r: role.id });
    expect(result.status).toBe(200);
    expect(forbidden(result)).toEqual([{ code: "FORBIDDEN", scopes: ["read:users"], path }]);
    expect(JSON.stringify(result.data)).toContain("scoped|alice");
    expect(JSON.stringify(result.data)).not.toContain("alice@example.com");
    const allowed = await as([...scopes, "read:users"], query, { g: group.id, r: role.id });
    expect(allowed.errors).toBeUndefined();
    expect(JSON.stringify(allowed.data)).toContain("alice@example.com");
  });

  it("roles reached from a group need read:roles, permissions from a role read:permissions, its application read:applications", async () => {
    const application = await as(["read:groups", "read:roles"], `query($g: ID!) { group(id: $g) { name roles { name application { name } } } }`, { g: group.id });
    expect(forbidden(application)).toEqual([{ code: "FORBIDDEN", scopes: ["read:applications"], path: "group.roles.0.application.name" }]);
    const permissions = await as(["read:groups", "read:roles"], `query($g: ID!) { group(id: $g) { name roles { name permissions { name } } } }`, { g: group.id });
    expect(forbidden(permissions)).toEqual([{ code: "FORBIDDEN", scopes: ["read:permissions"], path: "group.roles.0.permissions.0.name" }]);
    const all = await as(
      ["read:groups", "read:roles", "read:permissions", "read:applications"],
      `query($g: ID!) { group(id: $g) { roles { application { name } permissions { name } } } }`,
      { g: group.id },
    );
    expect(all.errors).toBeUndefined();
    const groupsOnly = await as(["read:groups"], `query($g: ID!) { group(id: $g) { name roles { name } } }`, { g: group.id });
    expect(forbidden(groupsOnly)).toEqual([{ code: "FORBIDDEN", scopes: ["read:roles"], path: "group.roles.0.name" }]);
  });

  it("a mutation's result is readable with the mutation's scope; objects of other kinds reached from it need their read scope", async () => {
    const own = await as(["update:groups"], `mutation($g: ID!) { addGroupMembers(groupId: $g, userIds: ["scoped|bob"]) { id name } }`, { g: group.id });
    expect(own.errors).toBeUndefined();
    expect(own.data.addGroupMembers.name).toBe("Scoped Group");
    const nested = await as(["update:groups"], `mutation($g: ID!) { addGroupMembers(groupId: $g, userIds: ["scoped|bob"]) { name members { nodes { id email } } } }`, {
      g: group.id,
    });
    expect(forbidden(nested)).toEqual(expect.arrayContaining([{ code: "FORBIDDEN", scopes: ["read:users"], path: "addGroupMembers.members.nodes.0.email" }]));
    expect(JSON.stringify(nested.data)).not.toContain("alice@example.com");
    const users = await as(["update:users"], `mutation { upsertUsers(users: [{ id: "scoped|carol", email: "carol@example.com" }]) { id email groups { name } } }`);
    expect(users.data.upsertUsers[0].email).toBe("carol@example.com");
    expect(forbidden(users)).toEqual([]);
    const own2 = await as(["update:users"], `mutation { addUserRoles(userId: "scoped|alice", roleIds: ["${role.id}"]) { id email } }`);
    expect(own2.data.addUserRoles).toEqual({ id: "scoped|alice", email: "alice@example.com" });
    // Role.name is non-null: the refusal nulls its parents up to the nullable root, as GraphQL does.
    const roles = await as(["update:users"], `mutation { addUserRoles(userId: "scoped|alice", roleIds: ["${role.id}"]) { email roles { name } } }`);
    expect(forbidden(roles)).toEqual([{ code: "FORBIDDEN", scopes: ["read:roles"], path: "addUserRoles.roles.0.name" }]);
    expect(JSON.stringify(roles.data ?? null)).not.toContain("Scoped Role");
  });

  it("read:users protects the user's own fields at the root too, and the login answer needs no object scope", async () => {
    const result = await as(["read:users"], `{ user(id: "scoped|alice") { email name effectiveGroups { name } } }`);
    expect(forbidden(result)).toEqual([{ code: "FORBIDDEN", scopes: ["read:groups"], path: "user.effectiveGroups.0.name" }]);
    const login = await as(["read:authorization"], `{ authorizationContext(userId: "scoped|alice", clientId: "scopes-app") { groups roles permissions } }`);
    expect(login.errors).toBeUndefined();
    expect(login.data.authorizationContext).toEqual({ groups: ["Scoped Group"], roles: ["Scoped Role"], permissions: ["read:things"] });
  });
});

describe("members search without read:users", () => {
  let t: TestServer;
  let group: Named;

  beforeAll(async () => {
    t = await startTestServer();
    const f = new Fixtures(t);
    group = await f.group("Search Oracle Group");
    await f.users([
      { id: "oracle|one", email: "alice@oracle.example", name: "Alice" },
      { id: "oracle|two", email: "bob@oracle.example", name: "Bob" },
    ]);
    await f.addMembers(group.id, ["oracle|one", "oracle|two"]);
  });
  afterAll(() => t.stop());

  const search = async (scopes: string[], term: string) => {
    const result = await t.gql<any>(
      `query($g: ID!, $s: String) { group(id: $g) { members(search: $s) { totalCount nodes { id } } } }`,
      { g: group.id, s: term },
      { token: await t.token(scopes) },
    );
    expect(result.errors).toBeUndefined();
    return result.data.group.members.nodes.map((node: { id: string }) => node.id);
  };

  // Matching e-mails and names the caller cannot read would reveal them one search at a time.
  it("matches ids only: an e-mail or a name finds nobody, an id part does", async () => {
    expect(await search(["read:groups"], "alice@oracle")).toEqual([]);
    expect(await search(["read:groups"], "Bob")).toEqual([]);
    expect(await search(["read:groups"], "oracle|tw")).toEqual(["oracle|two"]);
  });

  it("with read:users, e-mails and names match as well", async () => {
    expect(await search(["read:groups", "read:users"], "alice@oracle")).toEqual(["oracle|one"]);
    expect(await search(["read:groups", "read:users"], "Bob")).toEqual(["oracle|two"]);
  });
});
