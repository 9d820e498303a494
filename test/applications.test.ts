import { GroupRole } from "../src/groups/group-links.entity";
import { RolePermission, UserRole } from "../src/roles/role-links.entity";
import { expectError, Fixtures, names } from "./helpers/fixtures";
import { startTestServer, TestServer } from "./helpers/server";

const APP_FIELDS = "id name type requiredRoles supported roles { id name } permissions { id name }";
const CREATE = `mutation($input: CreateApplicationInput!) { createApplication(input: $input) { ${APP_FIELDS} } }`;
const UPDATE = `mutation($id: ID!, $input: UpdateApplicationInput!) { updateApplication(id: $id, input: $input) { ${APP_FIELDS} } }`;
const DELETE = `mutation($id: ID!, $force: Boolean) { deleteApplication(id: $id, force: $force) }`;
const GET = `query($id: ID!) { application(id: $id) { ${APP_FIELDS} } }`;

describe("applications", () => {
  let t: TestServer;
  let f: Fixtures;
  beforeAll(async () => {
    t = await startTestServer();
    f = new Fixtures(t);
  });
  afterAll(() => t.stop());

  async function getApp(id: string) {
    return (await t.ok<{ application: any }>(GET, { id })).application;
  }

  describe("createApplication", () => {
    it("creates an application with its type and required roles, visible afterwards", async () => {
      const { createApplication } = await t.ok<{ createApplication: any }>(CREATE, {
        input: { id: "abc123XYZ", name: "Expense Tool", type: "SPA", requiredRoles: ["Expense User", "Expense User", "Admin"] },
      });
      expect(createApplication).toEqual({
        id: "abc123XYZ",
        name: "Expense Tool",
        type: "SPA",
        requiredRoles: ["Expense User", "Admin"],
        supported: true,
        roles: [],
        permissions: [],
      });
      expect(await getApp("abc123XYZ")).toEqual(createApplication);
    });

    it("reports NON_INTERACTIVE applications as not supported", async () => {
      const app = await f.application({ type: "NON_INTERACTIVE" });
      expect((await getApp(app.id)).supported).toBe(false);
      for (const type of ["NATIVE", "REGULAR_WEB"]) expect((await getApp((await f.application({ type })).id)).supported).toBe(true);
    });

    it("refuses a client id that already exists with CONFLICT and keeps the original", async () => {
      const app = await f.application({ name: "Original" });
      const result = await t.gql(CREATE, { input: { id: app.id, name: "Impostor", type: "SPA" } });
      expectError(result, "CONFLICT", app.id);
      expect(await getApp(app.id)).toMatchObject({ name: "Original", type: "REGULAR_WEB" });
    });

    it.each([
      ["an empty id", { id: "", name: "X", type: "SPA" }, "id"],
      ["a blank id", { id: "   ", name: "X", type: "SPA" }, "id"],
      ["an over-long id", { id: "i".repeat(256), name: "X", type: "SPA" }, "id"],
      ["an empty name", { id: "new-app-1", name: "", type: "SPA" }, "name"],
      ["a blank name", { id: "new-app-2", name: "  \t ", type: "SPA" }, "name"],
      ["an over-long name", { id: "new-app-3", name: "n".repeat(256), type: "SPA" }, "name"],
      ["an over-long required role", { id: "new-app-4", name: "X", type: "SPA", requiredRoles: ["r".repeat(51)] }, "requiredRoles"],
      ["an unknown type", { id: "new-app-5", name: "X", type: "MAINFRAME" }, "MAINFRAME"],
    ])("refuses %s with BAD_USER_INPUT and writes nothing", async (_label, input, mentioned) => {
      const before = (await t.ok<{ applications: { totalCount: number } }>("{ applications { totalCount } }")).applications.totalCount;
      const result = await t.gql(CREATE, { input });
      expectError(result, "BAD_USER_INPUT", mentioned);
      const after = (await t.ok<{ applications: { totalCount: number } }>("{ applications { totalCount } }")).applications.totalCount;
      expect(after).toBe(before);
    });

    it("names the field and rule of a validation failure in extensions", async () => {
      const error = expectError(await t.gql(CREATE, { input: { id: "x-app", name: "", type: "SPA" } }), "BAD_USER_INPUT");
      expect(error.extensions.fields).toEqual(expect.arrayContaining([expect.objectContaining({ field: "name", message: expect.stringContaining("name") })]));
    });
  });

  describe("updateApplication", () => {
    it("updates name, type and required roles, visible afterwards", async () => {
      const app = await f.application({ type: "SPA" });
      const { updateApplication } = await t.ok<{ updateApplication: any }>(UPDATE, {
        id: app.id,
        input: { name: "Renamed Tool", type: "NATIVE", requiredRoles: ["Reader"] },
      });
      expect(updateApplication).toMatchObject({ id: app.id, name: "Renamed Tool", type: "NATIVE", requiredRoles: ["Reader"], supported: true });
      expect(await getApp(app.id)).toMatchObject({ name: "Renamed Tool", type: "NATIVE", requiredRoles: ["Reader"] });
    });

    it("keeps omitted fields", async () => {
      const app = await f.application({ type: "SPA", requiredRoles: ["Keep"] });
      await t.ok(UPDATE, { id: app.id, input: { name: "Only The Name" } });
      expect(await getApp(app.id)).toMatchObject({ name: "Only The Name", type: "SPA", requiredRoles: ["Keep"] });
    });

    it("lets an application without roles or permissions become NON_INTERACTIVE (not supported)", async () => {
      const app = await f.application();
      const { updateApplication } = await t.ok<{ updateApplication: any }>(UPDATE, { id: app.id, input: { type: "NON_INTERACTIVE" } });
      expect(updateApplication).toMatchObject({ type: "NON_INTERACTIVE", supported: false });
    });

    it("refuses to make an application with roles NON_INTERACTIVE (CONFLICT naming them) and changes nothing", async () => {
      const app = await f.application({ type: "SPA" });
      await f.role(app.id, "Blocking Role");
      await f.permission(app.id, "blocking:perm");
      const result = await t.gql(UPDATE, { id: app.id, input: { type: "NON_INTERACTIVE", name: "Should Not Stick" } });
      expectError(result, "CONFLICT", "Blocking Role", "blocking:perm");
      expect(await getApp(app.id)).toMatchObject({ type: "SPA", name: app.name, supported: true });
    });

    it.each([
      ["name: null", { name: null }, "name"],
      ["type: null", { type: null }, "type"],
    ])("refuses %s with BAD_USER_INPUT naming the field and changes nothing", async (_label, input, field) => {
      const app = await f.application({ type: "SPA", requiredRoles: ["Kept"] });
      const error = expectError(await t.gql(UPDATE, { id: app.id, input: { ...input, requiredRoles: ["Changed"] } }), "BAD_USER_INPUT", field);
      expect(error.extensions.fields.map((p: { field: string }) => p.field)).toContain(field);
      expect(await getApp(app.id)).toMatchObject({ name: app.name, type: "SPA", requiredRoles: ["Kept"] });
    });

    it("is NOT_FOUND for an unknown id", async () => {
      const error = expectError(await t.gql(UPDATE, { id: "no-such-client", input: { name: "X" } }), "NOT_FOUND", "no-such-client");
      expect(error.extensions.ids).toEqual(["no-such-client"]);
      expect(await getApp("no-such-client")).toBeNull();
    });

    it.each([
      ["a blank name", { name: "   " }],
      ["an empty name", { name: "" }],
      ["an over-long name", { name: "n".repeat(256) }],
      ["an over-long required role", { requiredRoles: ["r".repeat(51)] }],
    ])("refuses %s with BAD_USER_INPUT and changes nothing", async (_label, input) => {
      const app = await f.application({ requiredRoles: ["Kept"] });
      expectError(await t.gql(UPDATE, { id: app.id, input }), "BAD_USER_INPUT");
      expect(await getApp(app.id)).toMatchObject({ name: app.name, requiredRoles: ["Kept"] });
    });
  });

  describe("deleteApplication", () => {
    it("deletes an application without roles or permissions", async () => {
      const app = await f.application();
      expect((await t.ok<{ deleteApplication: boolean }>(DELETE, { id: app.id })).deleteApplication).toBe(true);
      expect(await getApp(app.id)).toBeNull();
    });

    it("is NOT_FOUND for an unknown id", async () => {
      const error = expectError(await t.gql(DELETE, { id: "ghost-client" }), "NOT_FOUND", "ghost-client");
      expect(error.extensions.ids).toEqual(["ghost-client"]);
    });

    it("refuses while roles or permissions exist (CONFLICT naming them), then force deletes them and detaches them", async () => {
      const app = await f.application();
      const perm = await f.permission(app.id, "read:things");
      const role = await f.role(app.id, "Thing Reader", [perm.id]);
      const group = await f.group();
      await f.groupRoles(group.id, [role.id]);
      await f.userRoles("auth0|app-delete-user", [role.id]);

      const refused = await t.gql(DELETE, { id: app.id });
      expectError(refused, "CONFLICT", "Thing Reader", "read:things", "force");
      const still = await getApp(app.id);
      expect(names(still.roles)).toEqual(["Thing Reader"]);
      expect(names(still.permissions)).toEqual(["read:things"]);
      // A role-only or permission-only application is blocked too.
      const permOnly = await f.application();
      await f.permission(permOnly.id, "lonely:perm");
      expectError(await t.gql(DELETE, { id: permOnly.id }), "CONFLICT", "lonely:perm");

      expect((await t.ok<{ deleteApplication: boolean }>(DELETE, { id: app.id, force: true })).deleteApplication).toBe(true);
      expect(await getApp(app.id)).toBeNull();
      const after = await t.ok<any>(
        `query($r: ID!, $p: ID!, $g: ID!, $u: ID!) {
          role(id: $r) { id } permission(id: $p) { id }
          group(id: $g) { roles { id } effectiveRoles { role { id } } }
          user(id: $u) { roles { id } effectiveRoles { id } }
        }`,
        { r: role.id, p: perm.id, g: group.id, u: "auth0|app-delete-user" },
      );
      expect(after).toEqual({
        role: null,
        permission: null,
        group: { roles: [], effectiveRoles: [] },
        user: { roles: [], effectiveRoles: [] },
      });
      // No dangling link rows survive the force delete.
      const manager = t.server.app.db.manager;
      const orphans = [
        await manager.countBy(GroupRole, { roleId: role.id }),
        await manager.countBy(UserRole, { roleId: role.id }),
        await manager.countBy(RolePermission, { roleId: role.id }),
      ];
      expect(orphans).toEqual([0, 0, 0]);
    });
  });

  describe("fields and lists", () => {
    it("lists roles and permissions of the application only, sorted by name", async () => {
      const app = await f.application();
      const other = await f.application();
      const pB = await f.permission(app.id, "b:perm");
      const pA = await f.permission(app.id, "A:perm");
      await f.permission(other.id, "other:perm");
      await f.role(app.id, "zeta", [pA.id]);
      await f.role(app.id, "Alpha", [pB.id]);
      await f.role(other.id, "Other Role");
      const got = await getApp(app.id);
      expect(names(got.roles)).toEqual(["Alpha", "zeta"]);
      expect(names(got.permissions)).toEqual(["A:perm", "b:perm"]);
    });

    it("returns null for an unknown application", async () => {
      expect(await getApp("nobody-knows")).toBeNull();
    });

    it("searches name and id case-insensitively and pages through everything without duplicates", async () => {
      const created = [];
      for (let i = 0; i < 7; i++) created.push(await f.application({ id: `pager-${i}-ID`, name: `Paged Application ${i}` }));
      const byId = await t.ok<any>(`{ applications(search: "PAGER-3-id") { totalCount nodes { id } } }`);
      expect(byId.applications).toEqual({ totalCount: 1, nodes: [{ id: "pager-3-ID" }] });
      const seen: string[] = [];
      let after: string | null = null;
      let pages = 0;
      for (;;) {
        const page: any = (
          await t.ok<any>(
            `query($after: String) { applications(search: "paged APPLICATION", first: 3, after: $after) { totalCount nodes { name } pageInfo { hasNextPage endCursor } } }`,
            { after },
          )
        ).applications;
        pages += 1;
        expect(page.totalCount).toBe(7);
        seen.push(...names(page.nodes));
        if (!page.pageInfo.hasNextPage) break;
        after = page.pageInfo.endCursor;
      }
      expect(pages).toBe(3);
      expect(seen).toEqual(created.map((a) => a.name));
    });

    it.each([
      ["first above 100", { first: 101 }],
      ["first of 0", { first: 0 }],
      ["a cursor that is not one", { after: "not-a-cursor" }],
      ["an over-long search", { search: "s".repeat(201) }],
    ])("refuses %s with BAD_USER_INPUT", async (_label, args) => {
      const result = await t.gql(`query($first: Int, $after: String, $search: String) { applications(first: $first, after: $after, search: $search) { totalCount } }`, args);
      expectError(result, "BAD_USER_INPUT");
    });
  });
});
