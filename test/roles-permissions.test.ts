import { expectError, Fixtures, ids, Named, names, unknownIds } from "./helpers/fixtures";
import { startTestServer, TestServer } from "./helpers/server";

const ROLE_VIEW = "id name description applicationId application { id name } permissions { id name } groups { id } users { id }";
const CREATE_ROLE = `mutation($input: CreateRoleInput!) { createRole(input: $input) { ${ROLE_VIEW} } }`;
const UPDATE_ROLE = `mutation($id: ID!, $input: UpdateRoleInput!) { updateRole(id: $id, input: $input) { ${ROLE_VIEW} } }`;
const DELETE_ROLE = `mutation($id: ID!, $force: Boolean) { deleteRole(id: $id, force: $force) }`;
const GET_ROLE = `query($id: ID!) { role(id: $id) { ${ROLE_VIEW} } }`;

const PERM_VIEW = "id name description applicationId application { id } roles { id name }";
const CREATE_PERM = `mutation($input: CreatePermissionInput!) { createPermission(input: $input) { ${PERM_VIEW} } }`;
const UPDATE_PERM = `mutation($id: ID!, $input: UpdatePermissionInput!) { updatePermission(id: $id, input: $input) { ${PERM_VIEW} } }`;
const DELETE_PERM = `mutation($id: ID!, $force: Boolean) { deletePermission(id: $id, force: $force) }`;
const GET_PERM = `query($id: ID!) { permission(id: $id) { ${PERM_VIEW} } }`;

describe("roles and permissions", () => {
  let t: TestServer;
  let f: Fixtures;
  let app: Named;
  let otherApp: Named;
  let machineApp: Named;
  beforeAll(async () => {
    t = await startTestServer();
    f = new Fixtures(t);
    app = await f.application({ id: "rp-main", name: "Main App" });
    otherApp = await f.application({ id: "rp-other", name: "Other App", type: "SPA" });
    machineApp = await f.application({ id: "rp-m2m", name: "Machine App", type: "NON_INTERACTIVE" });
  });
  afterAll(() => t.stop());

  async function getRole(id: string) {
    return (await t.ok<{ role: any }>(GET_ROLE, { id })).role;
  }
  async function getPerm(id: string) {
    return (await t.ok<{ permission: any }>(GET_PERM, { id })).permission;
  }
  async function roleCount(applicationId: string): Promise<number> {
    return (await t.ok<any>(`query($a: ID) { roles(applicationId: $a) { totalCount } }`, { a: applicationId })).roles.totalCount;
  }
  async function permCount(applicationId: string): Promise<number> {
    return (await t.ok<any>(`query($a: ID) { permissions(applicationId: $a) { totalCount } }`, { a: applicationId })).permissions.totalCount;
  }

  describe("createRole", () => {
    it("creates a role with permissions of its application, visible afterwards", async () => {
      const p1 = await f.permission(app.id, "read:reports");
      const p2 = await f.permission(app.id, "write:reports");
      const { createRole } = await t.ok<any>(CREATE_ROLE, {
        input: { applicationId: app.id, name: " Report Writer ", description: "Writes reports", permissionIds: [p2.id, p1.id, p1.id] },
      });
      expect(createRole).toEqual({
        id: expect.any(String),
        name: "Report Writer",
        description: "Writes reports",
        applicationId: app.id,
        application: { id: app.id, name: "Main App" },
        permissions: [p1, p2],
        groups: [],
        users: [],
      });
      expect(await getRole(createRole.id)).toEqual(createRole);
      expect(names((await getPerm(p1.id)).roles)).toEqual(["Report Writer"]);
    });

    it("allows the same name in another application", async () => {
      const name = f.name("Shared Name");
      const a = await f.role(app.id, name);
      const b = await f.role(otherApp.id, name.toUpperCase());
      expect(a.id).not.toBe(b.id);
    });

    it.each([
      ["the same case", (n: string) => n],
      ["another case", (n: string) => n.toLowerCase()],
      ["surrounding spaces", (n: string) => ` ${n.toUpperCase()} `],
    ])("refuses a name taken in the application (%s) with CONFLICT and writes nothing", async (_label, variant) => {
      const existing = await f.role(app.id, f.name("Taken Role"));
      const before = await roleCount(app.id);
      const error = expectError(await t.gql(CREATE_ROLE, { input: { applicationId: app.id, name: variant(existing.name) } }), "CONFLICT", existing.name, app.id);
      expect(error.extensions.existingId).toBe(existing.id);
      expect(await roleCount(app.id)).toBe(before);
    });

    it("is NOT_FOUND for an unknown application", async () => {
      const error = expectError(await t.gql(CREATE_ROLE, { input: { applicationId: "no-such-app", name: "Orphan Role" } }), "NOT_FOUND", "no-such-app");
      expect(error.extensions.ids).toEqual(["no-such-app"]);
      expect(await roleCount("no-such-app")).toBe(0);
    });

    it("refuses a NON_INTERACTIVE application as not supported (BAD_USER_INPUT) and writes nothing", async () => {
      expectError(await t.gql(CREATE_ROLE, { input: { applicationId: machineApp.id, name: "Robot" } }), "BAD_USER_INPUT", "not supported", "NON_INTERACTIVE");
      expect(await roleCount(machineApp.id)).toBe(0);
    });

    it("refuses permissions of another application, naming them, and writes nothing", async () => {
      const own = await f.permission(app.id);
      const foreign = await f.permission(otherApp.id, f.name("foreign:perm"));
      const before = await roleCount(app.id);
      const error = expectError(
        await t.gql(CREATE_ROLE, { input: { applicationId: app.id, name: "Mixed Role", permissionIds: [own.id, foreign.id] } }),
        "BAD_USER_INPUT",
        foreign.name,
        "another application",
      );
      expect(error.extensions.ids).toEqual([foreign.id]);
      expect(await roleCount(app.id)).toBe(before);
      expect((await getPerm(own.id)).roles).toEqual([]);
    });

    it("is NOT_FOUND listing every unknown permission id, and writes nothing", async () => {
      const own = await f.permission(app.id);
      const missing = unknownIds(2, "perm");
      const before = await roleCount(app.id);
      const error = expectError(
        await t.gql(CREATE_ROLE, { input: { applicationId: app.id, name: "Ghost Perms Role", permissionIds: [missing[0], own.id, missing[1]] } }),
        "NOT_FOUND",
        ...missing,
      );
      expect(error.extensions.ids).toEqual(missing);
      expect(await roleCount(app.id)).toBe(before);
      expect((await getPerm(own.id)).roles).toEqual([]);
    });

    it.each([
      ["an empty name", { name: "" }],
      ["a blank name", { name: "   " }],
      ["a name of 51 characters", { name: "r".repeat(51) }],
      ["a description of 501 characters", { name: "Long Desc Role", description: "d".repeat(501) }],
      ["more than 1000 permission ids", { name: "Many Perms Role", permissionIds: Array.from({ length: 1001 }, (_, i) => `p-${i}`) }],
      ["an empty application id", { name: "No App Role", applicationId: "" }],
    ])("refuses %s with BAD_USER_INPUT and writes nothing", async (_label, input) => {
      const before = await roleCount(app.id);
      expectError(await t.gql(CREATE_ROLE, { input: { applicationId: app.id, ...input } }), "BAD_USER_INPUT");
      expect(await roleCount(app.id)).toBe(before);
    });

    it("accepts a name of exactly 50 characters", async () => {
      const name = "R".repeat(50);
      expect((await f.role(app.id, name)).name).toBe(name);
    });
  });

  describe("updateRole", () => {
    it("renames, re-describes and replaces permissions, visible afterwards", async () => {
      const p1 = await f.permission(app.id);
      const p2 = await f.permission(app.id);
      const role = await f.role(app.id, undefined, [p1.id]);
      const { updateRole } = await t.ok<any>(UPDATE_ROLE, { id: role.id, input: { name: "Renamed Role", description: "new", permissionIds: [p2.id] } });
      expect(updateRole).toMatchObject({ id: role.id, name: "Renamed Role", description: "new", applicationId: app.id, permissions: [p2] });
      expect(await getRole(role.id)).toMatchObject({ name: "Renamed Role", description: "new", permissions: [p2] });
      expect((await getPerm(p1.id)).roles).toEqual([]);
    });

    it("keeps permissions when permissionIds is omitted and clears them with an empty list", async () => {
      const p = await f.permission(app.id);
      const role = await f.role(app.id, undefined, [p.id]);
      await t.ok(UPDATE_ROLE, { id: role.id, input: { description: "only this" } });
      expect(await getRole(role.id)).toMatchObject({ name: role.name, description: "only this", permissions: [p] });
      await t.ok(UPDATE_ROLE, { id: role.id, input: { permissionIds: [] } });
      expect((await getRole(role.id)).permissions).toEqual([]);
    });

    it("allows changing only the case of its own name, and a name used in another application", async () => {
      const role = await f.role(app.id, "case role");
      const name = f.name("Elsewhere");
      await f.role(otherApp.id, name);
      expect((await t.ok<any>(UPDATE_ROLE, { id: role.id, input: { name: "CASE ROLE" } })).updateRole.name).toBe("CASE ROLE");
      expect((await t.ok<any>(UPDATE_ROLE, { id: role.id, input: { name } })).updateRole.name).toBe(name);
    });

    it("refuses a name another role of the application holds (ignoring case) with CONFLICT and changes nothing", async () => {
      const taken = await f.role(app.id, f.name("Occupied"));
      const role = await f.role(app.id, undefined);
      expectError(await t.gql(UPDATE_ROLE, { id: role.id, input: { name: taken.name.toLowerCase(), description: "x" } }), "CONFLICT", taken.name);
      expect(await getRole(role.id)).toMatchObject({ name: role.name, description: "" });
    });

    it("refuses permissions of another application and keeps the old permissions and name", async () => {
      const own = await f.permission(app.id);
      const foreign = await f.permission(otherApp.id);
      const role = await f.role(app.id, undefined, [own.id]);
      const error = expectError(await t.gql(UPDATE_ROLE, { id: role.id, input: { name: "Should Not Stick", permissionIds: [foreign.id] } }), "BAD_USER_INPUT", foreign.name);
      expect(error.extensions.ids).toEqual([foreign.id]);
      expect(await getRole(role.id)).toMatchObject({ name: role.name, permissions: [own] });
      expect((await getPerm(foreign.id)).roles).toEqual([]);
    });

    it("is NOT_FOUND listing unknown permission ids, keeping the old permissions", async () => {
      const own = await f.permission(app.id);
      const role = await f.role(app.id, undefined, [own.id]);
      const missing = unknownIds(2, "noperm");
      const error = expectError(await t.gql(UPDATE_ROLE, { id: role.id, input: { permissionIds: missing } }), "NOT_FOUND", ...missing);
      expect(error.extensions.ids).toEqual(missing);
      expect((await getRole(role.id)).permissions).toEqual([own]);
    });

    it("refuses name: null with BAD_USER_INPUT and clears the description with description: null", async () => {
      const p = await f.permission(app.id);
      const role = (await t.ok<any>(CREATE_ROLE, { input: { applicationId: app.id, name: f.name("Nullable"), description: "old", permissionIds: [p.id] } })).createRole;
      expectError(await t.gql(UPDATE_ROLE, { id: role.id, input: { name: null, description: "not this" } }), "BAD_USER_INPUT", "name");
      expect(await getRole(role.id)).toMatchObject({ name: role.name, description: "old", permissions: [p] });
      const { updateRole } = await t.ok<any>(UPDATE_ROLE, { id: role.id, input: { description: null } });
      expect(updateRole).toMatchObject({ name: role.name, description: "", permissions: [p] });
      expect((await getRole(role.id)).description).toBe("");
    });

    it("is NOT_FOUND for an unknown role", async () => {
      const error = expectError(await t.gql(UPDATE_ROLE, { id: "no-such-role", input: { name: "X" } }), "NOT_FOUND", "no-such-role");
      expect(error.extensions.ids).toEqual(["no-such-role"]);
    });

    it("cannot move a role to another application (applicationId is not an update field)", async () => {
      const role = await f.role(app.id);
      expectError(await t.gql(UPDATE_ROLE, { id: role.id, input: { applicationId: otherApp.id } }), "BAD_USER_INPUT", "applicationId");
      expect((await getRole(role.id)).applicationId).toBe(app.id);
    });

    it.each([
      ["an empty name", { name: "" }],
      ["a blank name", { name: "  " }],
      ["a name of 51 characters", { name: "r".repeat(51) }],
      ["a description of 501 characters", { description: "d".repeat(501) }],
      ["more than 1000 permission ids", { permissionIds: Array.from({ length: 1001 }, (_, i) => `p-${i}`) }],
    ])("refuses %s with BAD_USER_INPUT and changes nothing", async (_label, input) => {
      const p = await f.permission(app.id);
      const role = await f.role(app.id, undefined, [p.id]);
      expectError(await t.gql(UPDATE_ROLE, { id: role.id, input }), "BAD_USER_INPUT");
      expect(await getRole(role.id)).toMatchObject({ name: role.name, description: "", permissions: [p] });
    });
  });

  describe("deleteRole", () => {
    it("deletes a role held only by users directly (they never block), removing the assignment", async () => {
      const p = await f.permission(app.id);
      const role = await f.role(app.id, undefined, [p.id]);
      await f.userRoles("rp|direct", [role.id]);
      expect((await t.ok<any>(DELETE_ROLE, { id: role.id })).deleteRole).toBe(true);
      expect(await getRole(role.id)).toBeNull();
      expect((await t.ok<any>(`{ user(id: "rp|direct") { roles { id } } }`)).user.roles).toEqual([]);
      expect((await getPerm(p.id)).roles).toEqual([]);
    });

    it("refuses while groups use the role (CONFLICT naming them), then force detaches and deletes", async () => {
      const role = await f.role(app.id);
      const g1 = await f.group(f.name("Role Holder B"));
      const g2 = await f.group(f.name("Role Holder A"));
      await f.groupRoles(g1.id, [role.id]);
      await f.groupRoles(g2.id, [role.id]);
      await f.userRoles("rp|forced", [role.id]);

      const error = expectError(await t.gql(DELETE_ROLE, { id: role.id }), "CONFLICT", role.name, g1.name, g2.name, "force");
      expect([...error.extensions.blockedBy].sort()).toEqual([g1.id, g2.id].sort());
      expect(ids((await getRole(role.id)).groups).sort()).toEqual([g1.id, g2.id].sort());
      expectError(await t.gql(DELETE_ROLE, { id: role.id, force: false }), "CONFLICT");

      expect((await t.ok<any>(DELETE_ROLE, { id: role.id, force: true })).deleteRole).toBe(true);
      expect(await getRole(role.id)).toBeNull();
      const after = await t.ok<any>(`query($a: ID!, $b: ID!) { a: group(id: $a) { roles { id } } b: group(id: $b) { roles { id } } user(id: "rp|forced") { roles { id } } }`, {
        a: g1.id,
        b: g2.id,
      });
      expect(after).toEqual({ a: { roles: [] }, b: { roles: [] }, user: { roles: [] } });
    });

    it("is NOT_FOUND for an unknown role", async () => {
      const error = expectError(await t.gql(DELETE_ROLE, { id: "no-such-role" }), "NOT_FOUND", "no-such-role");
      expect(error.extensions.ids).toEqual(["no-such-role"]);
    });
  });

  describe("createPermission", () => {
    it("creates a permission, visible afterwards", async () => {
      const { createPermission } = await t.ok<any>(CREATE_PERM, { input: { applicationId: app.id, name: " approve:expenses ", description: "Approve" } });
      expect(createPermission).toEqual({
        id: expect.any(String),
        name: "approve:expenses",
        description: "Approve",
        applicationId: app.id,
        application: { id: app.id },
        roles: [],
      });
      expect(await getPerm(createPermission.id)).toEqual(createPermission);
    });

    it("allows the same name in another application and names of exactly 100 characters", async () => {
      const name = f.name("same:name");
      await f.permission(app.id, name);
      expect((await f.permission(otherApp.id, name)).name).toBe(name);
      expect((await f.permission(app.id, "p".repeat(100))).name).toHaveLength(100);
    });

    it.each([
      ["the same case", (n: string) => n],
      ["another case", (n: string) => n.toUpperCase()],
    ])("refuses a name taken in the application (%s) with CONFLICT and writes nothing", async (_label, variant) => {
      const existing = await f.permission(app.id, f.name("taken:perm"));
      const before = await permCount(app.id);
      const error = expectError(await t.gql(CREATE_PERM, { input: { applicationId: app.id, name: variant(existing.name) } }), "CONFLICT", existing.name);
      expect(error.extensions.existingId).toBe(existing.id);
      expect(await permCount(app.id)).toBe(before);
    });

    it("is NOT_FOUND for an unknown application", async () => {
      expectError(await t.gql(CREATE_PERM, { input: { applicationId: "no-such-app", name: "x:y" } }), "NOT_FOUND", "no-such-app");
      expect(await permCount("no-such-app")).toBe(0);
    });

    it("refuses a NON_INTERACTIVE application as not supported (BAD_USER_INPUT) and writes nothing", async () => {
      expectError(await t.gql(CREATE_PERM, { input: { applicationId: machineApp.id, name: "robot:act" } }), "BAD_USER_INPUT", "not supported", "NON_INTERACTIVE");
      expect(await permCount(machineApp.id)).toBe(0);
    });

    it.each([
      ["an empty name", { name: "" }],
      ["a blank name", { name: " \n " }],
      ["a name of 101 characters", { name: "p".repeat(101) }],
      ["a description of 501 characters", { name: "long:desc", description: "d".repeat(501) }],
    ])("refuses %s with BAD_USER_INPUT and writes nothing", async (_label, input) => {
      const before = await permCount(app.id);
      expectError(await t.gql(CREATE_PERM, { input: { applicationId: app.id, ...input } }), "BAD_USER_INPUT");
      expect(await permCount(app.id)).toBe(before);
    });
  });

  describe("updatePermission", () => {
    it("renames a permission that roles use (allowed), visible through the roles", async () => {
      const p = await f.permission(app.id);
      const role = await f.role(app.id, undefined, [p.id]);
      const { updatePermission } = await t.ok<any>(UPDATE_PERM, { id: p.id, input: { name: "renamed:perm", description: "d" } });
      expect(updatePermission).toMatchObject({ id: p.id, name: "renamed:perm", description: "d", roles: [{ id: role.id }] });
      expect((await getRole(role.id)).permissions).toEqual([{ id: p.id, name: "renamed:perm" }]);
    });

    it("keeps omitted fields", async () => {
      const p = await f.permission(app.id, f.name("keep:me"), "kept description");
      await t.ok(UPDATE_PERM, { id: p.id, input: { name: p.name.toUpperCase() } });
      expect(await getPerm(p.id)).toMatchObject({ name: p.name.toUpperCase(), description: "kept description" });
    });

    it("refuses a name another permission of the application holds (ignoring case) with CONFLICT and changes nothing", async () => {
      const taken = await f.permission(app.id, f.name("occupied:perm"));
      const p = await f.permission(app.id);
      expectError(await t.gql(UPDATE_PERM, { id: p.id, input: { name: taken.name.toUpperCase() } }), "CONFLICT", taken.name);
      expect((await getPerm(p.id)).name).toBe(p.name);
    });

    it("refuses name: null with BAD_USER_INPUT and clears the description with description: null", async () => {
      const p = await f.permission(app.id, f.name("nullable:perm"), "old");
      expectError(await t.gql(UPDATE_PERM, { id: p.id, input: { name: null } }), "BAD_USER_INPUT", "name");
      expect(await getPerm(p.id)).toMatchObject({ name: p.name, description: "old" });
      const { updatePermission } = await t.ok<any>(UPDATE_PERM, { id: p.id, input: { description: null } });
      expect(updatePermission).toMatchObject({ name: p.name, description: "" });
      expect((await getPerm(p.id)).description).toBe("");
    });

    it("is NOT_FOUND for an unknown permission", async () => {
      const error = expectError(await t.gql(UPDATE_PERM, { id: "no-such-perm", input: { name: "x" } }), "NOT_FOUND", "no-such-perm");
      expect(error.extensions.ids).toEqual(["no-such-perm"]);
    });

    it.each([
      ["an empty name", { name: "" }],
      ["a blank name", { name: "   " }],
      ["a name of 101 characters", { name: "p".repeat(101) }],
      ["a description of 501 characters", { description: "d".repeat(501) }],
    ])("refuses %s with BAD_USER_INPUT and changes nothing", async (_label, input) => {
      const p = await f.permission(app.id);
      expectError(await t.gql(UPDATE_PERM, { id: p.id, input }), "BAD_USER_INPUT");
      expect(await getPerm(p.id)).toMatchObject({ name: p.name, description: "" });
    });
  });

  describe("deletePermission", () => {
    it("deletes an unused permission", async () => {
      const p = await f.permission(app.id);
      expect((await t.ok<any>(DELETE_PERM, { id: p.id })).deletePermission).toBe(true);
      expect(await getPerm(p.id)).toBeNull();
    });

    it("refuses while roles use it (CONFLICT naming them), then force detaches and deletes", async () => {
      const p = await f.permission(app.id);
      const keep = await f.permission(app.id);
      const r1 = await f.role(app.id, f.name("Perm User Z"), [p.id, keep.id]);
      const r2 = await f.role(app.id, f.name("Perm User A"), [p.id]);
      const error = expectError(await t.gql(DELETE_PERM, { id: p.id }), "CONFLICT", p.name, r1.name, r2.name, "force");
      expect([...error.extensions.blockedBy].sort()).toEqual([r1.id, r2.id].sort());
      expect(names((await getPerm(p.id)).roles)).toEqual([r2.name, r1.name]);

      expect((await t.ok<any>(DELETE_PERM, { id: p.id, force: true })).deletePermission).toBe(true);
      expect(await getPerm(p.id)).toBeNull();
      expect((await getRole(r1.id)).permissions).toEqual([keep]);
      expect((await getRole(r2.id)).permissions).toEqual([]);
    });

    it("is NOT_FOUND for an unknown permission", async () => {
      const error = expectError(await t.gql(DELETE_PERM, { id: "no-such-perm", force: true }), "NOT_FOUND", "no-such-perm");
      expect(error.extensions.ids).toEqual(["no-such-perm"]);
    });
  });

  describe("lists", () => {
    let listApp: Named;
    beforeAll(async () => {
      listApp = await f.application({ id: "rp-list", name: "List App" });
      for (let i = 0; i < 8; i++) {
        await f.permission(listApp.id, `list:perm-${i}`);
        await f.role(listApp.id, `List Role ${i}`);
      }
      await f.permission(listApp.id, "100%:sure");
      await f.permission(listApp.id, "snake_case");
      await f.permission(listApp.id, "snakeXcase 1000");
      await f.role(otherApp.id, "List Role In Other App");
    });

    it("filters roles by application and search (case-insensitive) and pages through them", async () => {
      const q = `query($a: ID, $s: String, $first: Int, $after: String) { roles(applicationId: $a, search: $s, first: $first, after: $after) { totalCount nodes { name applicationId } pageInfo { hasNextPage endCursor } } }`;
      const all = (await t.ok<any>(q, { s: "LIST ROLE" })).roles;
      expect(all.totalCount).toBe(9);
      const seen: string[] = [];
      let after: string | null = null;
      for (;;) {
        const page: any = (await t.ok<any>(q, { a: listApp.id, s: "list role", first: 3, after })).roles;
        expect(page.totalCount).toBe(8);
        for (const node of page.nodes) expect(node.applicationId).toBe(listApp.id);
        seen.push(...names(page.nodes));
        if (!page.pageInfo.hasNextPage) break;
        after = page.pageInfo.endCursor;
      }
      expect(seen).toEqual(Array.from({ length: 8 }, (_, i) => `List Role ${i}`));
    });

    it("filters permissions by application and search and pages through them", async () => {
      const q = `query($a: ID, $s: String, $first: Int, $after: String) { permissions(applicationId: $a, search: $s, first: $first, after: $after) { totalCount nodes { name } pageInfo { hasNextPage endCursor } } }`;
      const seen: string[] = [];
      let after: string | null = null;
      for (;;) {
        const page: any = (await t.ok<any>(q, { a: listApp.id, s: "LIST:", first: 5, after })).permissions;
        expect(page.totalCount).toBe(8);
        seen.push(...names(page.nodes));
        if (!page.pageInfo.hasNextPage) break;
        after = page.pageInfo.endCursor;
      }
      expect(seen).toEqual(Array.from({ length: 8 }, (_, i) => `list:perm-${i}`));
      expect((await t.ok<any>(q, { a: otherApp.id, s: "list:" })).permissions.totalCount).toBe(0);
    });

    it("pages through roles whose names tie across applications without losing either", async () => {
      const name = f.name("Tied Role");
      const a = await f.role(listApp.id, name);
      const b = await f.role(otherApp.id, name.toLowerCase());
      const q = `query($after: String, $s: String) { roles(search: $s, first: 1, after: $after) { totalCount nodes { id } pageInfo { hasNextPage endCursor } } }`;
      const page1 = (await t.ok<any>(q, { s: name })).roles;
      expect(page1).toMatchObject({ totalCount: 2, pageInfo: { hasNextPage: true } });
      const page2 = (await t.ok<any>(q, { s: name, after: page1.pageInfo.endCursor })).roles;
      expect(page2.pageInfo.hasNextPage).toBe(false);
      expect([...ids(page1.nodes), ...ids(page2.nodes)].sort()).toEqual([a.id, b.id].sort());
    });

    it("treats LIKE wildcards % and _ literally", async () => {
      const q = `query($s: String) { permissions(applicationId: "rp-list", search: $s) { nodes { name } } }`;
      expect(names((await t.ok<any>(q, { s: "0%" })).permissions.nodes)).toEqual(["100%:sure"]);
      expect(names((await t.ok<any>(q, { s: "e_c" })).permissions.nodes)).toEqual(["snake_case"]);
      const r = await t.ok<any>(`{ roles(applicationId: "rp-list", search: "%") { totalCount } }`);
      expect(r.roles.totalCount).toBe(0);
    });

    it.each(["roles", "permissions"])("%s refuses bad page arguments with BAD_USER_INPUT", async (list) => {
      for (const args of [{ first: 101 }, { first: 0 }, { after: "junk" }]) {
        expectError(await t.gql(`query($first: Int, $after: String) { ${list}(first: $first, after: $after) { totalCount } }`, args), "BAD_USER_INPUT");
      }
    });

    it("returns null for unknown ids", async () => {
      expect(await getRole("missing-role")).toBeNull();
      expect(await getPerm("missing-perm")).toBeNull();
    });
  });
});
