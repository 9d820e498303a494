/**
 * `/api/roles`, `/api/permissions`, `/api/users`, `/api/applications` and `/api/configuration`
 * of the extension's REST API (docs/design.md §14, EXTENSION.md §2.4–§2.7): each route's success
 * answer by hand, the extension's validation, and Gatehouse's decisions (stub applications with a
 * Warning, PUT replaces a role, updating a permission in use is allowed, unknown ids are 404).
 */
import { postPolicy } from "./helpers/authorization";
import { extensionError, rest } from "./helpers/extension-api";
import { Fixtures } from "./helpers/fixtures";
import { startTestServer, TestServer } from "./helpers/server";

const APP = "client-ext-model";
const uuid = expect.stringMatching(/^[0-9a-f-]{36}$/);
const SWITCHES = [
  "groupsInToken",
  "rolesInToken",
  "permissionsInToken",
  "groupsPassthrough",
  "rolesPassthrough",
  "permissionsPassthrough",
  "persistGroups",
  "persistRoles",
  "persistPermissions",
];

describe("extension API: roles, permissions, users, applications, configuration", () => {
  let t: TestServer;
  let f: Fixtures;

  beforeAll(async () => {
    t = await startTestServer();
    f = new Fixtures(t);
    await f.application({ id: APP, name: "Model App", type: "SPA" });
  });
  afterAll(() => t.stop());

  const permission = async (name: string, applicationId = APP) =>
    (await rest(t, "POST", "/api/permissions", { name, description: `${name} it`, applicationType: "client", applicationId })).body as { _id: string };

  describe("permissions", () => {
    it("POST creates (200, the full record), GET lists with total, GET {id} answers {_id, name, description}", async () => {
      const created = await rest(t, "POST", "/api/permissions", { name: "read:reports", description: "Read reports", applicationType: "client", applicationId: APP });
      expect({ status: created.status, body: created.body, warning: created.headers.get("warning") }).toEqual({
        status: 200,
        body: { _id: uuid, name: "read:reports", description: "Read reports", applicationType: "client", applicationId: APP },
        warning: null,
      });
      const list = await rest(t, "GET", "/api/permissions?q=REPORTS");
      expect({ status: list.status, body: list.body }).toEqual({ status: 200, body: { permissions: [created.body], total: expect.any(Number) } });
      const one = await rest(t, "GET", `/api/permissions/${created.body._id}`);
      expect({ status: one.status, body: one.body }).toEqual({ status: 200, body: { _id: created.body._id, name: "read:reports", description: "Read reports" } });
    });

    it("POST for an application Gatehouse does not know creates a stub application and says so in a Warning header", async () => {
      const created = await rest(t, "POST", "/api/permissions", { name: "stub:perm", description: "x", applicationType: "client", applicationId: "client-unknown-perm" });
      expect(created.status).toBe(200);
      expect(created.headers.get("warning")).toBe('199 gatehouse "application "client-unknown-perm" was unknown: created as a stub (type REGULAR_WEB, name = id)"');
      const stored = await t.ok<{ application: { name: string; type: string } }>(`{ application(id: "client-unknown-perm") { name type } }`);
      expect(stored.application).toEqual({ name: "client-unknown-perm", type: "REGULAR_WEB" });
    });

    it("POST: the extension's validation (applicationType, required fields) and the per-application unique name are 400", async () => {
      const type = await rest(t, "POST", "/api/permissions", { name: "x", description: "x", applicationType: "api", applicationId: APP });
      expect({ status: type.status, body: type.body }).toEqual({
        status: 400,
        body: extensionError(400, "Bad Request", '"applicationType" must be one of [client, resource_server]'),
      });
      const missing = await rest(t, "POST", "/api/permissions", { name: "x", description: "x", applicationType: "client" });
      expect({ status: missing.status, body: missing.body }).toEqual({ status: 400, body: extensionError(400, "Bad Request", '"applicationId" is required') });
      await permission("dup:perm");
      const dup = await rest(t, "POST", "/api/permissions", { name: "DUP:perm", description: "x", applicationType: "client", applicationId: APP });
      expect({ status: dup.status, body: dup.body }).toEqual({
        status: 400,
        body: extensionError(400, "ValidationError", expect.stringContaining('Permission with name "dup:perm" already exists')),
      });
    });

    it("PUT updates also a permission in use (the extension refused); another application is 400; DELETE in use is 400 in the extension's words", async () => {
      const used = await permission("used:perm");
      const role = await f.role(APP, "Uses Perm", [used._id]);
      const put = await rest(t, "PUT", `/api/permissions/${used._id}`, { name: "used:renamed", description: "Renamed", applicationType: "client", applicationId: APP });
      expect({ status: put.status, body: put.body }).toEqual({
        status: 200,
        body: { _id: used._id, name: "used:renamed", description: "Renamed", applicationType: "client", applicationId: APP },
      });
      const moved = await rest(t, "PUT", `/api/permissions/${used._id}`, { name: "used:renamed", description: "x", applicationType: "client", applicationId: "elsewhere" });
      expect({ status: moved.status, body: moved.body }).toEqual({
        status: 400,
        body: extensionError(400, "ValidationError", "The 'applicationId' of a permission cannot be changed."),
      });
      const blocked = await rest(t, "DELETE", `/api/permissions/${used._id}`);
      expect({ status: blocked.status, body: blocked.body }).toEqual({
        status: 400,
        body: extensionError(400, "ValidationError", `Unable to touch permissions while used in roles: ${role.name}`),
      });
      const free = await permission("free:perm");
      expect((await rest(t, "DELETE", `/api/permissions/${free._id}`)).status).toBe(204);
      expect((await rest(t, "GET", `/api/permissions/${free._id}`)).body).toEqual(extensionError(404, "NotFoundError", `The record ${free._id} in permissions does not exist.`));
    });
  });

  describe("roles", () => {
    it("POST creates with permissions (200, the full record); GET lists with users; GET {id} answers {_id, name, description}", async () => {
      const p = await permission("role:perm");
      const created = await rest(t, "POST", "/api/roles", { name: "Reporter", description: "Reports", applicationType: "client", applicationId: APP, permissions: [p._id] });
      expect({ status: created.status, body: created.body }).toEqual({
        status: 200,
        body: { _id: uuid, name: "Reporter", description: "Reports", applicationType: "client", applicationId: APP, permissions: [p._id], users: [] },
      });
      await f.userRoles("auth0|reporter", [created.body._id]);
      const list = await rest(t, "GET", "/api/roles?q=reporter");
      expect(list.body).toEqual({ roles: [{ ...created.body, users: ["auth0|reporter"] }], total: expect.any(Number) });
      expect((await rest(t, "GET", `/api/roles/${created.body._id}`)).body).toEqual({ _id: created.body._id, name: "Reporter", description: "Reports" });
    });

    it("POST: an unknown application becomes a stub (Warning); a permission of another application is 400, not the extension's 500", async () => {
      const created = await rest(t, "POST", "/api/roles", { name: "Stubbed", description: "x", applicationType: "client", applicationId: "client-unknown-role" });
      expect({ status: created.status, warning: created.headers.get("warning") }).toEqual({
        status: 200,
        warning: '199 gatehouse "application "client-unknown-role" was unknown: created as a stub (type REGULAR_WEB, name = id)"',
      });
      const foreign = await permission("foreign:perm", "client-unknown-role");
      const refused = await rest(t, "POST", "/api/roles", { name: "Mixed", description: "x", applicationType: "client", applicationId: APP, permissions: [foreign._id] });
      expect({ status: refused.status, body: refused.body }).toEqual({
        status: 400,
        body: extensionError(400, "Bad Request", expect.stringContaining("belong to another application")),
      });
      expect((await rest(t, "GET", "/api/roles?q=Mixed")).body.roles).toEqual([]);
    });

    it("PUT replaces the role: permissions not sent are cleared; changing the application is 400", async () => {
      const p = await permission("put:perm");
      const role = (await rest(t, "POST", "/api/roles", { name: "Replace Me", description: "x", applicationType: "client", applicationId: APP, permissions: [p._id] })).body;
      const put = await rest(t, "PUT", `/api/roles/${role._id}`, { name: "Replaced", description: "New", applicationType: "client", applicationId: APP });
      expect({ status: put.status, body: put.body }).toEqual({
        status: 200,
        body: { _id: role._id, name: "Replaced", description: "New", applicationType: "client", applicationId: APP, permissions: [], users: [] },
      });
      const moved = await rest(t, "PUT", `/api/roles/${role._id}`, { name: "Replaced", description: "New", applicationType: "client", applicationId: "client-unknown-role" });
      expect({ status: moved.status, body: moved.body }).toEqual({ status: 400, body: extensionError(400, "ValidationError", "The 'applicationId' of a role cannot be changed.") });
    });

    it("DELETE is 204; a role held by a group is 400 in the extension's words; direct user assignments do not block", async () => {
      const role = await f.role(APP, "Held Role");
      const group = await f.group("Holder Group");
      await f.groupRoles(group.id, [role.id]);
      const blocked = await rest(t, "DELETE", `/api/roles/${role.id}`);
      expect({ status: blocked.status, body: blocked.body }).toEqual({
        status: 400,
        body: extensionError(400, "ValidationError", "Unable to touch roles while used in groups: Holder Group"),
      });
      const direct = await f.role(APP, "Direct Only");
      await f.userRoles("auth0|direct-only", [direct.id]);
      expect((await rest(t, "DELETE", `/api/roles/${direct.id}`)).status).toBe(204);
    });
  });

  describe("users", () => {
    beforeAll(async () => {
      await f.users([
        { id: "auth0|u-alice", email: "alice@example.com", name: "Alice", connection: "Username-Password-Authentication" },
        { id: "auth0|u-bob", email: "bob@example.com", name: "Bob" },
      ]);
    });

    it("GET /api/users answers the index in the Management API's envelope; q searches; per_page and page (1-based) page", async () => {
      const search = await rest(t, "GET", "/api/users?q=alice");
      expect({ status: search.status, body: search.body }).toEqual({
        status: 200,
        body: {
          start: 0,
          limit: 100,
          length: 1,
          total: 1,
          users: [{ user_id: "auth0|u-alice", email: "alice@example.com", name: "Alice", nickname: "Alice", identities: [{ connection: "Username-Password-Authentication" }] }],
        },
      });
      const second = await rest(t, "GET", "/api/users?q=auth0%7Cu-&per_page=1&page=2");
      expect(second.body).toEqual({
        start: 1,
        limit: 1,
        length: 1,
        total: 2,
        users: [{ user_id: "auth0|u-bob", email: "bob@example.com", name: "Bob", nickname: "Bob", identities: [] }],
      });
      const tooMany = await rest(t, "GET", "/api/users?per_page=101");
      expect({ status: tooMany.status, body: tooMany.body }).toEqual({ status: 400, body: extensionError(400, "Bad Request", '"per_page" must be less than or equal to 100') });
    });

    it("GET /api/users/{id} answers the user; one not in the index is 404", async () => {
      const alice = await rest(t, "GET", `/api/users/${encodeURIComponent("auth0|u-alice")}`);
      expect({ status: alice.status, body: alice.body }).toEqual({
        status: 200,
        body: { user_id: "auth0|u-alice", email: "alice@example.com", name: "Alice", nickname: "Alice", identities: [{ connection: "Username-Password-Authentication" }] },
      });
      expect((await rest(t, "GET", "/api/users/auth0%7Cnobody")).body).toEqual(extensionError(404, "NotFoundError", "The record auth0|nobody in users does not exist."));
    });

    it("groups: PATCH adds by id or by name (204; neither is 404), GET answers explicit groups, expand and calculate add the ancestors", async () => {
      const top = await f.group("U Top");
      const mid = await f.group("U Mid");
      const other = await f.group("U Other");
      await f.nest(top.id, [mid.id]);
      const topRole = await f.role(APP, "U Top Role");
      await f.groupRoles(top.id, [topRole.id]);
      const user = encodeURIComponent("auth0|u-bob");
      expect((await rest(t, "PATCH", `/api/users/${user}/groups`, [mid.id])).status).toBe(204);
      expect((await rest(t, "PATCH", `/api/users/${user}/groups`, ["u other"])).status).toBe(204);
      const unknown = await rest(t, "PATCH", `/api/users/${user}/groups`, ["No Such Group"]);
      expect({ status: unknown.status, body: unknown.body }).toEqual({
        status: 404,
        body: extensionError(404, "NotFoundError", "The record No Such Group in groups does not exist."),
      });

      const compact = (g: { id: string; name: string }) => ({ _id: g.id, name: g.name, description: "" });
      const explicit = await rest(t, "GET", `/api/users/${user}/groups`, undefined, { token: await t.token(["read:groups"]) });
      expect({ status: explicit.status, body: explicit.body }).toEqual({ status: 200, body: [compact(mid), compact(other)] });
      const calculated = await rest(t, "GET", `/api/users/${user}/groups/calculate`);
      expect(calculated.body).toEqual([compact(mid), compact(other), compact(top)]);
      const expanded = await rest(t, "GET", `/api/users/${user}/groups?expand=true`);
      expect(expanded.body).toEqual({
        groups: [compact(mid), compact(other), compact(top)],
        roles: [{ _id: topRole.id, name: "U Top Role", description: "", applicationId: APP, applicationType: "client", permissions: [] }],
      });
      expect((await rest(t, "GET", `/api/users/${user}/groups?expand=false`)).body).toEqual(explicit.body);
      // The same rules as addUserToGroups: a user id longer than the index holds is 400, nothing written.
      const long = await rest(t, "PATCH", `/api/users/${"u".repeat(256)}/groups`, [mid.id]);
      expect({ status: long.status, body: long.body }).toEqual({ status: 400, body: extensionError(400, "Bad Request", expect.stringContaining("userId")) });
    });

    it("roles: PATCH assigns by id or name (204), GET answers direct roles, calculate adds group roles of every application, DELETE removes", async () => {
      const direct = await f.role(APP, "U Direct");
      const byName = await f.role(APP, "U By Name");
      const viaGroup = await f.role(APP, "U Via Group");
      const group = await f.group("U Role Group");
      await f.groupRoles(group.id, [viaGroup.id]);
      await f.addMembers(group.id, ["auth0|u-alice"]);
      const user = encodeURIComponent("auth0|u-alice");
      expect((await rest(t, "PATCH", `/api/users/${user}/roles`, [direct.id])).status).toBe(204);
      expect((await rest(t, "PATCH", `/api/users/${user}/roles`, ["u by name"])).status).toBe(204);
      const role = (r: { id: string; name: string }) => ({ _id: r.id, name: r.name, applicationId: APP, description: "" });
      const roles = await rest(t, "GET", `/api/users/${user}/roles`);
      expect({ status: roles.status, body: roles.body }).toEqual({ status: 200, body: [role(byName), role(direct)] });
      expect((await rest(t, "GET", `/api/users/${user}/roles/calculate`)).body).toEqual([role(byName), role(direct), role(viaGroup)]);
      expect((await rest(t, "DELETE", `/api/users/${user}/roles`, [direct.id])).status).toBe(204);
      expect((await rest(t, "GET", `/api/users/${user}/roles`)).body).toEqual([role(byName)]);
      const unknown = await rest(t, "DELETE", `/api/users/${user}/roles`, [byName.id, "no-such-role"]);
      expect({ status: unknown.status, body: unknown.body }).toEqual({
        status: 404,
        body: extensionError(404, "NotFoundError", "The record no-such-role in roles does not exist."),
      });
      // Nothing was removed: the remove is one transaction.
      expect((await rest(t, "GET", `/api/users/${user}/roles`)).body).toEqual([role(byName)]);
    });
  });

  describe("applications", () => {
    it("GET /api/applications answers the applications that may hold roles as clients, sorted by name; GET {clientId} any one", async () => {
      await f.application({ id: "client-m2m", name: "AAA Machine", type: "NON_INTERACTIVE" });
      const list = await rest(t, "GET", "/api/applications");
      expect(list.status).toBe(200);
      expect(list.body).toContainEqual({ client_id: APP, name: "Model App", callbacks: [], app_type: "spa" });
      expect(list.body.map((c: { client_id: string }) => c.client_id)).not.toContain("client-m2m");
      const names = list.body.map((c: { name: string }) => c.name.toLowerCase());
      expect(names).toEqual([...names].sort());
      const one = await rest(t, "GET", "/api/applications/client-m2m");
      expect({ status: one.status, body: one.body }).toEqual({ status: 200, body: { client_id: "client-m2m", name: "AAA Machine", callbacks: [], app_type: "non_interactive" } });
    });
  });

  describe("configuration", () => {
    it("GET answers the record with the nine switches and no API key; PATCH sets switches (booleans or yes/no) and answers the record", async () => {
      const read = await rest(t, "GET", "/api/configuration");
      expect({ status: read.status, body: read.body }).toEqual({ status: 200, body: { _id: "v1", ...Object.fromEntries(SWITCHES.map((s) => [s, false])) } });
      const patched = await rest(t, "PATCH", "/api/configuration", { groupsInToken: true, rolesInToken: "yes", persistRoles: "no" });
      expect({ status: patched.status, body: patched.body }).toEqual({
        status: 200,
        body: { _id: "v1", ...Object.fromEntries(SWITCHES.map((s) => [s, s === "groupsInToken" || s === "rolesInToken"])) },
      });
      const unknown = await rest(t, "PATCH", "/api/configuration", { apikey: "mine" });
      expect({ status: unknown.status, body: unknown.body }).toEqual({ status: 400, body: extensionError(400, "Bad Request", '"apikey" is not allowed') });
      const notBool = await rest(t, "PATCH", "/api/configuration", { groupsInToken: "maybe" });
      expect({ status: notBool.status, body: notBool.body }).toEqual({ status: 400, body: extensionError(400, "Bad Request", '"groupsInToken" must be a boolean') });
      await rest(t, "PATCH", "/api/configuration", Object.fromEntries(SWITCHES.map((s) => [s, false])));
    });

    it("PATCH rotate-apikey answers {hash} holding the new key, which the policy route takes as x-api-key; it is never shown again", async () => {
      const rotated = await rest(t, "PATCH", "/api/configuration/rotate-apikey");
      expect({ status: rotated.status, body: rotated.body }).toEqual({ status: 200, body: { hash: expect.stringMatching(/^\S{32,}$/) } });
      const policy = await postPolicy(t, "auth0|u-alice", APP, { connectionName: "Username-Password-Authentication" }, { apiKey: rotated.body.hash });
      expect(policy.status).toBe(200);
      expect(JSON.stringify((await rest(t, "GET", "/api/configuration")).body)).not.toContain(rotated.body.hash);
      expect(JSON.stringify((await rest(t, "GET", "/api/configuration/export")).body)).not.toContain(rotated.body.hash);
    });

    it("GET export answers the extension's format; POST import replaces the model with it (204); an invalid file is 400 naming the problem, nothing written", async () => {
      const exported = await rest(t, "GET", "/api/configuration/export");
      expect(exported.status).toBe(200);
      expect(Object.keys(exported.body)).toEqual(["configuration", "groups", "roles", "permissions", "applications", "users", "organizations"]);
      expect(exported.body.configuration[0]).toEqual(expect.objectContaining({ _id: "v1", groupsInToken: false }));
      const group = exported.body.groups.find((g: { name: string }) => g.name === "U Top");
      expect(group).toEqual({ _id: expect.any(String), name: "U Top", description: "", members: [], roles: [expect.any(String)], nested: [expect.any(String)], mappings: [] });

      const invalid = await rest(t, "POST", "/api/configuration/import", { groups: [{ _id: "g1", name: "G", nested: ["missing"] }] });
      expect({ status: invalid.status, body: invalid.body }).toEqual({ status: 400, body: extensionError(400, "Bad Request", expect.stringContaining("groups[0].nested[0]")) });
      expect((await rest(t, "GET", "/api/configuration/export")).body).toEqual(exported.body);

      const imported = await rest(t, "POST", "/api/configuration/import", {
        groups: [{ _id: "g-only", name: "Only Group", description: "", members: ["auth0|imported"] }],
      });
      expect({ status: imported.status, body: imported.body }).toEqual({ status: 204, body: undefined });
      const after = await rest(t, "GET", "/api/groups");
      expect(after.body).toEqual({ groups: [{ _id: "g-only", name: "Only Group", description: "", members: ["auth0|imported"], roles: [], nested: [], mappings: [] }], total: 1 });

      expect((await rest(t, "POST", "/api/configuration/import", exported.body)).status).toBe(204);
      expect((await rest(t, "GET", "/api/configuration/export")).body).toEqual(exported.body);
    });
  });
});
