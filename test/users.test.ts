import { expectError, Fixtures, ids, names, unknownIds } from "./helpers/fixtures";
import { startTestServer, TestServer } from "./helpers/server";

const UPSERT = `mutation($users: [UpsertUserInput!]!) { upsertUsers(users: $users) { id email name connection } }`;
const DELETE = `mutation($id: ID!) { deleteUser(id: $id) }`;
const USER_LINKS = "id groups { id name } roles { id name }";
const ADD_GROUPS = `mutation($u: ID!, $g: [ID!]!) { addUserToGroups(userId: $u, groupIds: $g) { ${USER_LINKS} } }`;
const REMOVE_GROUPS = `mutation($u: ID!, $g: [ID!]!) { removeUserFromGroups(userId: $u, groupIds: $g) { ${USER_LINKS} } }`;
const ADD_ROLES = `mutation($u: ID!, $r: [ID!]!) { addUserRoles(userId: $u, roleIds: $r) { ${USER_LINKS} } }`;
const REMOVE_ROLES = `mutation($u: ID!, $r: [ID!]!) { removeUserRoles(userId: $u, roleIds: $r) { ${USER_LINKS} } }`;
const GET = `query($id: ID!) { user(id: $id) { id email name connection ${USER_LINKS} } }`;

describe("users", () => {
  let t: TestServer;
  let f: Fixtures;
  beforeAll(async () => {
    t = await startTestServer();
    f = new Fixtures(t);
  });
  afterAll(() => t.stop());

  async function getUser(id: string) {
    return (await t.ok<{ user: any }>(GET, { id })).user;
  }
  async function userCount(search: string): Promise<number> {
    return (await t.ok<any>(`query($s: String) { users(search: $s) { totalCount } }`, { s: search })).users.totalCount;
  }

  describe("upsertUsers", () => {
    it("creates users with any IdP id and returns them", async () => {
      const { upsertUsers } = await t.ok<{ upsertUsers: any[] }>(UPSERT, {
        users: [
          { id: "auth0|5f00aa", email: "ann@example.com", name: "Ann", connection: "Username-Password-Authentication" },
          { id: "ad|corp|jdoe", name: "John Doe" },
        ],
      });
      expect(upsertUsers).toEqual([
        { id: "auth0|5f00aa", email: "ann@example.com", name: "Ann", connection: "Username-Password-Authentication" },
        { id: "ad|corp|jdoe", email: null, name: "John Doe", connection: null },
      ]);
      expect(await getUser("ad|corp|jdoe")).toMatchObject({ id: "ad|corp|jdoe", name: "John Doe", email: null });
      expect(await getUser("auth0|5f00aa")).toMatchObject({ email: "ann@example.com", connection: "Username-Password-Authentication" });
    });

    it("updates existing users: omitted fields are kept, null clears", async () => {
      await t.ok(UPSERT, { users: [{ id: "upd|1", email: "old@example.com", name: "Old Name", connection: "conn" }] });
      const { upsertUsers } = await t.ok<{ upsertUsers: any[] }>(UPSERT, { users: [{ id: "upd|1", name: "New Name", email: null }] });
      expect(upsertUsers).toEqual([{ id: "upd|1", email: null, name: "New Name", connection: "conn" }]);
      expect(await getUser("upd|1")).toMatchObject({ email: null, name: "New Name", connection: "conn" });
      expect(await userCount("upd|1")).toBe(1);
    });

    it("refuses the same id twice in one call with BAD_USER_INPUT and writes nothing", async () => {
      const result = await t.gql(UPSERT, { users: [{ id: "dup|a" }, { id: "dup|b" }, { id: "dup|a", name: "again" }] });
      expectError(result, "BAD_USER_INPUT", "dup|a", "users[2]");
      expect(await userCount("dup|")).toBe(0);
    });

    it.each([
      ["an empty id", [{ id: "" }]],
      ["a blank id", [{ id: "   " }]],
      ["an over-long id", [{ id: "u".repeat(256) }]],
      ["an invalid email", [{ id: "bad|email", email: "not-an-email" }]],
      ["an over-long name", [{ id: "bad|name", name: "n".repeat(256) }]],
      ["an over-long connection", [{ id: "bad|conn", connection: "c".repeat(256) }]],
      ["more than 1000 users", Array.from({ length: 1001 }, (_, i) => ({ id: `bulk|${i}` }))],
    ])("refuses %s with BAD_USER_INPUT and writes nothing", async (_label, users) => {
      const before = await userCount("");
      const result = await t.gql(UPSERT, { users: [{ id: "valid|alongside" }, ...users] });
      expectError(result, "BAD_USER_INPUT");
      expect(await userCount("")).toBe(before);
      expect(await getUser("valid|alongside")).toBeNull();
    });

    it("accepts exactly 1000 users in one call", async () => {
      const users = Array.from({ length: 1000 }, (_, i) => ({ id: `thousand|${String(i).padStart(4, "0")}` }));
      const { upsertUsers } = await t.ok<{ upsertUsers: any[] }>(UPSERT, { users });
      expect(upsertUsers).toHaveLength(1000);
      expect(await userCount("thousand|")).toBe(1000);
    });
  });

  describe("deleteUser", () => {
    it("deletes the user with its memberships and direct role assignments", async () => {
      const app = await f.application();
      const role = await f.role(app.id);
      const g1 = await f.group();
      const g2 = await f.group();
      await f.addMembers(g1.id, ["del|me", "del|other"]);
      await f.addMembers(g2.id, ["del|me"]);
      await f.userRoles("del|me", [role.id]);
      await f.userRoles("del|other", [role.id]);

      expect((await t.ok<{ deleteUser: boolean }>(DELETE, { id: "del|me" })).deleteUser).toBe(true);
      expect(await getUser("del|me")).toBeNull();
      const after = await t.ok<any>(
        `query($g1: ID!, $g2: ID!, $r: ID!) {
          g1: group(id: $g1) { memberCount members { nodes { id } } }
          g2: group(id: $g2) { memberCount members { totalCount } }
          role(id: $r) { users { id } }
        }`,
        { g1: g1.id, g2: g2.id, r: role.id },
      );
      expect(after).toEqual({
        g1: { memberCount: 1, members: { nodes: [{ id: "del|other" }] } },
        g2: { memberCount: 0, members: { totalCount: 0 } },
        role: { users: [{ id: "del|other" }] },
      });
      // Re-creating the id does not resurrect old links.
      await f.users([{ id: "del|me" }]);
      expect(await getUser("del|me")).toMatchObject({ groups: [], roles: [] });
    });

    it("is NOT_FOUND for an unknown id", async () => {
      const error = expectError(await t.gql(DELETE, { id: "never|there" }), "NOT_FOUND", "never|there");
      expect(error.extensions.ids).toEqual(["never|there"]);
    });
  });

  describe("addUserToGroups / removeUserFromGroups", () => {
    it("adds a user to groups, visible from both sides", async () => {
      const a = await f.group();
      const b = await f.group();
      await f.users([{ id: "ug|1" }]);
      const { addUserToGroups } = await t.ok<any>(ADD_GROUPS, { u: "ug|1", g: [a.id, b.id] });
      expect(ids(addUserToGroups.groups).sort()).toEqual([a.id, b.id].sort());
      const group = await t.ok<any>(`query($id: ID!) { group(id: $id) { members { nodes { id } } } }`, { id: a.id });
      expect(group.group.members.nodes).toEqual([{ id: "ug|1" }]);
    });

    it("creates a stub user for an unknown user id", async () => {
      const a = await f.group();
      expect(await getUser("stub|via-groups")).toBeNull();
      const { addUserToGroups } = await t.ok<any>(ADD_GROUPS, { u: "stub|via-groups", g: [a.id] });
      expect(addUserToGroups).toMatchObject({ id: "stub|via-groups", groups: [{ id: a.id }] });
      expect(await getUser("stub|via-groups")).toMatchObject({ email: null, name: null, connection: null, groups: [{ id: a.id }] });
    });

    it("adding a membership that exists is a no-op", async () => {
      const a = await f.group();
      await t.ok(ADD_GROUPS, { u: "ug|twice", g: [a.id] });
      const { addUserToGroups } = await t.ok<any>(ADD_GROUPS, { u: "ug|twice", g: [a.id, a.id] });
      expect(ids(addUserToGroups.groups)).toEqual([a.id]);
      const group = await t.ok<any>(`query($id: ID!) { group(id: $id) { memberCount } }`, { id: a.id });
      expect(group.group.memberCount).toBe(1);
    });

    it("is NOT_FOUND listing every unknown group, and neither adds memberships nor creates the stub user", async () => {
      const a = await f.group();
      const missing = unknownIds(3, "group");
      const error = expectError(await t.gql(ADD_GROUPS, { u: "stub|never", g: [missing[0], a.id, missing[1], missing[2]] }), "NOT_FOUND", ...missing);
      expect(error.extensions.ids).toEqual(missing);
      expect(await getUser("stub|never")).toBeNull();
      const group = await t.ok<any>(`query($id: ID!) { group(id: $id) { memberCount } }`, { id: a.id });
      expect(group.group.memberCount).toBe(0);
    });

    it("removes memberships; removing one that does not exist is a no-op", async () => {
      const a = await f.group();
      const b = await f.group();
      await t.ok(ADD_GROUPS, { u: "ug|rm", g: [a.id] });
      const { removeUserFromGroups } = await t.ok<any>(REMOVE_GROUPS, { u: "ug|rm", g: [a.id, b.id] });
      expect(removeUserFromGroups.groups).toEqual([]);
      expect((await getUser("ug|rm")).groups).toEqual([]);
      const again = await t.ok<any>(REMOVE_GROUPS, { u: "ug|rm", g: [a.id] });
      expect(again.removeUserFromGroups.groups).toEqual([]);
    });

    it("removal is NOT_FOUND for an unknown user or unknown groups, and removes nothing", async () => {
      const a = await f.group();
      await t.ok(ADD_GROUPS, { u: "ug|keep", g: [a.id] });
      expectError(await t.gql(REMOVE_GROUPS, { u: "nobody|x", g: [a.id] }), "NOT_FOUND", "nobody|x");
      const missing = unknownIds(2, "gone");
      const error = expectError(await t.gql(REMOVE_GROUPS, { u: "ug|keep", g: [a.id, ...missing] }), "NOT_FOUND", ...missing);
      expect(error.extensions.ids).toEqual(missing);
      expect(ids((await getUser("ug|keep")).groups)).toEqual([a.id]);
    });

    it.each([
      ["more than 1000 group ids", () => Array.from({ length: 1001 }, (_, i) => `g-${i}`)],
      ["an empty id", () => [""]],
    ])("refuses %s with BAD_USER_INPUT", async (_label, make) => {
      for (const mutation of [ADD_GROUPS, REMOVE_GROUPS]) {
        expectError(await t.gql(mutation, { u: "ug|validation", g: make() }), "BAD_USER_INPUT");
      }
      expect(await getUser("ug|validation")).toBeNull();
    });
  });

  it.each([
    ["addUserToGroups", "groupIds"],
    ["addUserRoles", "roleIds"],
  ])("%s refuses a blank user id with BAD_USER_INPUT and creates no user", async (mutation, listArg) => {
    const app = await f.application();
    const target = listArg === "groupIds" ? await f.group() : await f.role(app.id);
    const before = await userCount("");
    for (const userId of ["   ", "\t"]) {
      const result = await t.gql(`mutation($u: ID!, $l: [ID!]!) { ${mutation}(userId: $u, ${listArg}: $l) { id } }`, { u: userId, l: [target.id] });
      expectError(result, "BAD_USER_INPUT", "userId");
    }
    expect(await userCount("")).toBe(before);
  });

  describe("addUserRoles / removeUserRoles", () => {
    it("assigns roles directly, visible from both sides; adding again is a no-op", async () => {
      const app = await f.application();
      const r1 = await f.role(app.id, "Direct B");
      const r2 = await f.role(app.id, "Direct A");
      await f.users([{ id: "ur|1" }]);
      const { addUserRoles } = await t.ok<any>(ADD_ROLES, { u: "ur|1", r: [r1.id, r2.id] });
      expect(names(addUserRoles.roles)).toEqual(["Direct A", "Direct B"]);
      const again = await t.ok<any>(ADD_ROLES, { u: "ur|1", r: [r1.id] });
      expect(names(again.addUserRoles.roles)).toEqual(["Direct A", "Direct B"]);
      const role = await t.ok<any>(`query($id: ID!) { role(id: $id) { users { id } } }`, { id: r1.id });
      expect(role.role.users).toEqual([{ id: "ur|1" }]);
    });

    it("creates a stub user for an unknown user id", async () => {
      const app = await f.application();
      const r = await f.role(app.id);
      const { addUserRoles } = await t.ok<any>(ADD_ROLES, { u: "stub|via-roles", r: [r.id] });
      expect(addUserRoles).toMatchObject({ id: "stub|via-roles", roles: [{ id: r.id }] });
      expect(await getUser("stub|via-roles")).toMatchObject({ name: null, roles: [{ id: r.id }] });
    });

    it("is NOT_FOUND listing every unknown role, and writes nothing", async () => {
      const app = await f.application();
      const r = await f.role(app.id);
      const missing = unknownIds(2, "role");
      const error = expectError(await t.gql(ADD_ROLES, { u: "stub|no-roles", r: [r.id, ...missing] }), "NOT_FOUND", ...missing);
      expect(error.extensions.ids).toEqual(missing);
      expect(await getUser("stub|no-roles")).toBeNull();
      const role = await t.ok<any>(`query($id: ID!) { role(id: $id) { users { id } } }`, { id: r.id });
      expect(role.role.users).toEqual([]);
    });

    it("removes direct roles; removing one not held is a no-op; unknown ids are NOT_FOUND", async () => {
      const app = await f.application();
      const r1 = await f.role(app.id);
      const r2 = await f.role(app.id);
      await f.userRoles("ur|rm", [r1.id, r2.id]);
      const { removeUserRoles } = await t.ok<any>(REMOVE_ROLES, { u: "ur|rm", r: [r1.id] });
      expect(ids(removeUserRoles.roles)).toEqual([r2.id]);
      const noop = await t.ok<any>(REMOVE_ROLES, { u: "ur|rm", r: [r1.id] });
      expect(ids(noop.removeUserRoles.roles)).toEqual([r2.id]);
      expectError(await t.gql(REMOVE_ROLES, { u: "nobody|y", r: [r2.id] }), "NOT_FOUND", "nobody|y");
      const missing = unknownIds(2, "norole");
      const error = expectError(await t.gql(REMOVE_ROLES, { u: "ur|rm", r: [r2.id, ...missing] }), "NOT_FOUND", ...missing);
      expect(error.extensions.ids).toEqual(missing);
      expect(ids((await getUser("ur|rm")).roles)).toEqual([r2.id]);
    });

    it("refuses more than 1000 role ids with BAD_USER_INPUT", async () => {
      const many = Array.from({ length: 1001 }, (_, i) => `r-${i}`);
      expectError(await t.gql(ADD_ROLES, { u: "ur|many", r: many }), "BAD_USER_INPUT");
      expectError(await t.gql(REMOVE_ROLES, { u: "ur|many", r: many }), "BAD_USER_INPUT");
    });
  });

  describe("effective groups, roles and permissions", () => {
    it("follows nesting up to every ancestor and filters roles and permissions by application", async () => {
      const app = await f.application();
      const other = await f.application();
      const view = await f.permission(app.id, "view:things");
      const edit = await f.permission(app.id, "edit:things");
      const otherPerm = await f.permission(other.id, "other:things");
      const viewer = await f.role(app.id, "Viewer", [view.id]);
      const editor = await f.role(app.id, "Editor", [view.id, edit.id]);
      const otherRole = await f.role(other.id, "Other App Role", [otherPerm.id]);
      const direct = await f.role(other.id, "Direct Other");

      const top = await f.group(f.name("Eff Top"));
      const mid = await f.group(f.name("Eff Mid"));
      const leaf = await f.group(f.name("Eff Leaf"));
      const side = await f.group(f.name("Eff Side"));
      await f.nest(top.id, [mid.id]);
      await f.nest(mid.id, [leaf.id]);
      await f.groupRoles(top.id, [viewer.id]);
      await f.groupRoles(mid.id, [otherRole.id]);
      await f.groupRoles(side.id, [editor.id]); // the user is not in `side`
      await f.addMembers(leaf.id, ["eff|user"]);
      await f.userRoles("eff|user", [direct.id]);

      const { user } = await t.ok<any>(
        `query($id: ID!, $app: ID!, $other: ID!) { user(id: $id) {
          groups { name } effectiveGroups { name } roles { name }
          all: effectiveRoles { name }
          forApp: effectiveRoles(applicationId: $app) { name }
          forOther: effectiveRoles(applicationId: $other) { name }
          permsApp: effectivePermissions(applicationId: $app) { name }
          permsOther: effectivePermissions(applicationId: $other) { name }
          permsNone: effectivePermissions(applicationId: "no-such-app") { name }
        } }`,
        { id: "eff|user", app: app.id, other: other.id },
      );
      expect(names(user.groups)).toEqual([leaf.name]);
      expect(names(user.effectiveGroups)).toEqual([leaf.name, mid.name, top.name]);
      expect(names(user.roles)).toEqual(["Direct Other"]);
      expect(names(user.all)).toEqual(["Direct Other", "Other App Role", "Viewer"]);
      expect(names(user.forApp)).toEqual(["Viewer"]);
      expect(names(user.forOther)).toEqual(["Direct Other", "Other App Role"]);
      expect(names(user.permsApp)).toEqual(["view:things"]);
      expect(names(user.permsOther)).toEqual(["other:things"]);
      expect(user.permsNone).toEqual([]);

      // Joining `side` adds Editor and its permissions, de-duplicated.
      await f.addMembers(side.id, ["eff|user"]);
      const again = await t.ok<any>(
        `query($id: ID!, $app: ID!) { user(id: $id) { effectiveRoles(applicationId: $app) { name } effectivePermissions(applicationId: $app) { name } } }`,
        { id: "eff|user", app: app.id },
      );
      expect(names(again.user.effectiveRoles)).toEqual(["Editor", "Viewer"]);
      expect(names(again.user.effectivePermissions)).toEqual(["edit:things", "view:things"]);
    });

    it("counts a group reached through several parents once", async () => {
      const root = await f.group(f.name("Diamond Root"));
      const left = await f.group(f.name("Diamond Left"));
      const right = await f.group(f.name("Diamond Right"));
      const bottom = await f.group(f.name("Diamond Bottom"));
      await f.nest(root.id, [left.id, right.id]);
      await f.nest(left.id, [bottom.id]);
      await f.nest(right.id, [bottom.id]);
      await f.addMembers(bottom.id, ["diamond|user"]);
      const { user } = await t.ok<any>(`{ user(id: "diamond|user") { effectiveGroups { id } } }`);
      expect(ids(user.effectiveGroups).sort()).toEqual([root.id, left.id, right.id, bottom.id].sort());
    });
  });

  describe("users list", () => {
    beforeAll(async () => {
      await f.users([
        { id: "list|Zed", email: "zed@Search.example", name: "Zed" },
        { id: "list|amy", email: "amy@elsewhere.example", name: "Amy Searcher" },
        { id: "list|bob", email: "bob@elsewhere.example", name: "Bob" },
        { id: "SEARCH|id-match", email: null, name: null },
        { id: "list|pct", name: "100% sure" },
        { id: "list|under", name: "snake_case" },
        { id: "list|plain", name: "snakeXcase 1000 sure" },
      ]);
    });

    it("searches id, email and name case-insensitively", async () => {
      const result = await t.ok<any>(`{ users(search: "sEaRcH") { totalCount nodes { id } } }`);
      expect(result.users.totalCount).toBe(3);
      expect(ids(result.users.nodes).sort()).toEqual(["SEARCH|id-match", "list|Zed", "list|amy"].sort());
      const byEmail = await t.ok<any>(`{ users(search: "BOB@ELSEWHERE") { nodes { id } } }`);
      expect(byEmail.users.nodes).toEqual([{ id: "list|bob" }]);
    });

    it("finds a backslash literally (DOMAIN\\user ids)", async () => {
      await f.users([{ id: "ad\\CORP\\jdoe" }, { id: "ad|corp|jdoe2" }]);
      const result = await t.ok<any>(`query($s: String) { users(search: $s) { nodes { id } } }`, { s: "ad\\corp\\" });
      expect(result.users.nodes).toEqual([{ id: "ad\\CORP\\jdoe" }]);
    });

    // SQLite's own LOWER() folds ASCII only; Gatehouse registers a Unicode-aware one.
    it("searches non-ASCII names ignoring case", async () => {
      await f.users([{ id: "intl|1", name: "Émile Zoë Ångström" }]);
      const result = await t.ok<any>(`{ users(search: "émile zoë") { nodes { id } } }`);
      expect(result.users.nodes).toEqual([{ id: "intl|1" }]);
    });

    it("treats LIKE wildcards % and _ literally", async () => {
      const pct = await t.ok<any>(`{ users(search: "0%") { nodes { id } } }`);
      expect(pct.users.nodes).toEqual([{ id: "list|pct" }]);
      const under = await t.ok<any>(`{ users(search: "snake_") { nodes { id } } }`);
      expect(under.users.nodes).toEqual([{ id: "list|under" }]);
    });

    it("walks every user through pages without duplicates or gaps", async () => {
      const total = (await t.ok<any>(`{ users { totalCount } }`)).users.totalCount;
      expect(total).toBeGreaterThan(1000);
      const seen: string[] = [];
      let after: string | null = null;
      for (;;) {
        const page: any = (await t.ok<any>(`query($a: String) { users(first: 100, after: $a) { totalCount nodes { id } pageInfo { hasNextPage endCursor } } }`, { a: after }))
          .users;
        expect(page.totalCount).toBe(total);
        expect(page.nodes.length).toBeLessThanOrEqual(100);
        seen.push(...ids(page.nodes));
        if (!page.pageInfo.hasNextPage) {
          expect(page.pageInfo.endCursor === null || typeof page.pageInfo.endCursor === "string").toBe(true);
          break;
        }
        after = page.pageInfo.endCursor;
      }
      expect(seen).toHaveLength(total);
      expect(new Set(seen).size).toBe(total);
      // Sorted by id: the zero-padded bulk ids come in order whatever the database collation.
      const bulk = seen.filter((id) => id.startsWith("thousand|"));
      expect(bulk).toHaveLength(1000);
      expect(bulk).toEqual([...bulk].sort());
    });

    it("defaults to pages of 50", async () => {
      const page = await t.ok<any>(`{ users { nodes { id } pageInfo { hasNextPage } } }`);
      expect(page.users.nodes).toHaveLength(50);
      expect(page.users.pageInfo.hasNextPage).toBe(true);
    });

    it.each([
      ["first above 100", { first: 101 }],
      ["a negative first", { first: -1 }],
      ["a malformed cursor", { after: "%%%" }],
      ["a cursor of the wrong shape", { after: Buffer.from(JSON.stringify(["only-one-part"])).toString("base64url") }],
    ])("refuses %s with BAD_USER_INPUT", async (_label, args) => {
      expectError(await t.gql(`query($first: Int, $after: String) { users(first: $first, after: $after) { totalCount } }`, args), "BAD_USER_INPUT");
    });

    it("returns null for an unknown user", async () => {
      expect(await getUser("who|knows")).toBeNull();
    });
  });
});
