/**
 * `/api/groups…` of the extension's REST API (docs/design.md §14, EXTENSION.md §2.3): each
 * route's success answer written out by hand, and the decisions where Gatehouse answers more
 * honestly than the extension (404 for unknown ids, 400 naming a cycle, self-nesting refused).
 */
import { extensionError, rest } from "./helpers/extension-api";
import { Fixtures } from "./helpers/fixtures";
import { startTestServer, TestServer } from "./helpers/server";

const APP = "client-ext-groups";
const uuid = expect.stringMatching(/^[0-9a-f-]{36}$/);

describe("extension API: groups", () => {
  let t: TestServer;
  let f: Fixtures;

  beforeAll(async () => {
    t = await startTestServer();
    f = new Fixtures(t);
    await f.application({ id: APP, name: "Groups App" });
  });
  afterAll(() => t.stop());

  const create = async (name: string, description = `${name} people`) => (await rest(t, "POST", "/api/groups", { name, description })).body as { _id: string; name: string };

  it("POST /api/groups creates the group and answers its full record", async () => {
    const answer = await rest(t, "POST", "/api/groups", { name: "Finance", description: "Money people" });
    expect({ status: answer.status, body: answer.body }).toEqual({
      status: 200,
      body: { _id: uuid, name: "Finance", description: "Money people", members: [], roles: [], nested: [], mappings: [] },
    });
    const stored = await t.ok<{ group: { name: string; description: string } }>(`query($id: ID!) { group(id: $id) { name description } }`, { id: answer.body._id });
    expect(stored.group).toEqual({ name: "Finance", description: "Money people" });
  });

  it("POST /api/groups: a name taken ignoring case is 400 ValidationError; a missing description is 400 as in the extension", async () => {
    await create("Taken");
    const taken = await rest(t, "POST", "/api/groups", { name: "TAKEN", description: "x" });
    expect({ status: taken.status, body: taken.body }).toEqual({
      status: 400,
      body: extensionError(400, "ValidationError", expect.stringContaining('Group with name "Taken" already exists')),
    });
    const missing = await rest(t, "POST", "/api/groups", { name: "No description" });
    expect({ status: missing.status, body: missing.body }).toEqual({ status: 400, body: extensionError(400, "Bad Request", '"description" is required') });
    // GraphQL's input rules, the same words: a blank name.
    const blank = await rest(t, "POST", "/api/groups", { name: "   ", description: "" });
    expect({ status: blank.status, body: blank.body }).toEqual({ status: 400, body: extensionError(400, "Bad Request", "Invalid input: name: name must not be blank") });
    const long = await rest(t, "POST", "/api/groups", { name: "n".repeat(51), description: "" });
    expect({ status: long.status, body: long.body }).toEqual({
      status: 400,
      body: extensionError(400, "Bad Request", '"name" length must be less than or equal to 50 characters long'),
    });
  });

  it("GET /api/groups answers every full record and the total before filtering; q filters on field (name by default, where the extension crashed)", async () => {
    const a = await create("List Alpha");
    const b = await create("List Beta");
    await rest(t, "PATCH", `/api/groups/${a._id}/members`, ["auth0|list-1"]);
    await rest(t, "PATCH", `/api/groups/${a._id}/nested`, [b._id]);
    const all = await rest(t, "GET", "/api/groups");
    expect(all.status).toBe(200);
    expect(all.body.total).toBe(all.body.groups.length);
    expect(all.body.groups).toContainEqual({
      _id: a._id,
      name: "List Alpha",
      description: "List Alpha people",
      members: ["auth0|list-1"],
      roles: [],
      nested: [b._id],
      mappings: [],
    });
    const filtered = await rest(t, "GET", "/api/groups?q=list%20b&field=name");
    expect(filtered.body).toEqual({
      groups: [{ _id: b._id, name: "List Beta", description: "List Beta people", members: [], roles: [], nested: [], mappings: [] }],
      total: all.body.total,
    });
    const noField = await rest(t, "GET", "/api/groups?q=LIST%20BETA");
    expect(noField.body.groups.map((g: { name: string }) => g.name)).toEqual(["List Beta"]);
    const byDescription = await rest(t, "GET", "/api/groups?q=alpha%20PEOPLE&field=description");
    expect(byDescription.body.groups.map((g: { name: string }) => g.name)).toEqual(["List Alpha"]);
  });

  it("GET /api/groups/{id} answers {_id, name, description}; with expand the roles of the group and its ancestors with their permissions", async () => {
    const parent = await create("Expand Parent");
    const child = await create("Expand Child");
    await rest(t, "PATCH", `/api/groups/${parent._id}/nested`, [child._id]);
    const permission = await f.permission(APP, "expand:read", "Read it");
    const parentRole = await f.role(APP, "Expand Parent Role", [permission.id]);
    const childRole = await f.role(APP, "Expand Child Role");
    await rest(t, "PATCH", `/api/groups/${parent._id}/roles`, [parentRole.id]);
    await rest(t, "PATCH", `/api/groups/${child._id}/roles`, [childRole.id]);

    const plain = await rest(t, "GET", `/api/groups/${child._id}`);
    expect({ status: plain.status, body: plain.body }).toEqual({ status: 200, body: { _id: child._id, name: "Expand Child", description: "Expand Child people" } });
    const expanded = await rest(t, "GET", `/api/groups/${child._id}?expand=true`);
    expect(expanded.body).toEqual({
      _id: child._id,
      name: "Expand Child",
      description: "Expand Child people",
      roles: [
        { _id: childRole.id, name: "Expand Child Role", description: "", applicationId: APP, applicationType: "client", permissions: [] },
        {
          _id: parentRole.id,
          name: "Expand Parent Role",
          description: "",
          applicationId: APP,
          applicationType: "client",
          permissions: [{ _id: permission.id, name: "expand:read", description: "Read it" }],
        },
      ],
    });
    const notBoolean = await rest(t, "GET", `/api/groups/${child._id}?expand=maybe`);
    expect({ status: notBoolean.status, body: notBoolean.body }).toEqual({ status: 400, body: extensionError(400, "Bad Request", '"expand" must be a boolean') });
  });

  it("PUT /api/groups/{id} renames the group and answers the merged full record", async () => {
    const group = await create("Put Me");
    await rest(t, "PATCH", `/api/groups/${group._id}/members`, ["auth0|put-1"]);
    const answer = await rest(t, "PUT", `/api/groups/${group._id}`, { name: "Put Done", description: "Renamed" });
    expect({ status: answer.status, body: answer.body }).toEqual({
      status: 200,
      body: { _id: group._id, name: "Put Done", description: "Renamed", members: ["auth0|put-1"], roles: [], nested: [], mappings: [] },
    });
  });

  it("DELETE /api/groups/{id} is 204; a group nested in others is 400 in the extension's words; an unknown id is 404", async () => {
    const parent = await create("Delete Parent");
    const child = await create("Delete Child");
    await rest(t, "PATCH", `/api/groups/${parent._id}/nested`, [child._id]);
    const blocked = await rest(t, "DELETE", `/api/groups/${child._id}`);
    expect({ status: blocked.status, body: blocked.body }).toEqual({
      status: 400,
      body: extensionError(400, "ValidationError", "Unable to touch nested while used in groups: Delete Parent"),
    });
    const deleted = await rest(t, "DELETE", `/api/groups/${parent._id}`);
    expect({ status: deleted.status, body: deleted.body }).toEqual({ status: 204, body: undefined });
    expect((await rest(t, "DELETE", `/api/groups/${child._id}`)).status).toBe(204);
    const again = await rest(t, "DELETE", `/api/groups/${child._id}`);
    expect({ status: again.status, body: again.body }).toEqual({ status: 404, body: extensionError(404, "NotFoundError", `The record ${child._id} in groups does not exist.`) });
  });

  it("members: PATCH adds (204), GET pages them in user id order with names and e-mails under read:groups, DELETE removes", async () => {
    const group = await create("Members");
    await f.users([
      { id: "auth0|m-2", email: "two@example.com", name: "Two", connection: "Username-Password-Authentication" },
      { id: "auth0|m-1", email: "one@example.com", name: "One" },
    ]);
    const added = await rest(t, "PATCH", `/api/groups/${group._id}/members`, ["auth0|m-2", "auth0|m-1", "auth0|m-3"]);
    expect({ status: added.status, body: added.body }).toEqual({ status: 204, body: undefined });
    const token = await t.token(["read:groups"]);
    const page = await rest(t, "GET", `/api/groups/${group._id}/members?per_page=2`, undefined, { token });
    expect({ status: page.status, body: page.body }).toEqual({
      status: 200,
      body: {
        total: 3,
        users: [
          { user_id: "auth0|m-1", email: "one@example.com", name: "One", nickname: "One", identities: [] },
          { user_id: "auth0|m-2", email: "two@example.com", name: "Two", nickname: "Two", identities: [{ connection: "Username-Password-Authentication" }] },
        ],
      },
    });
    // Page 0 and page 1 are both the first page; page 2 the rest; past the end no users.
    expect((await rest(t, "GET", `/api/groups/${group._id}/members?per_page=2&page=1`)).body).toEqual(page.body);
    expect((await rest(t, "GET", `/api/groups/${group._id}/members?per_page=2&page=2`)).body).toEqual({
      total: 3,
      users: [{ user_id: "auth0|m-3", email: null, name: null, nickname: null, identities: [] }],
    });
    expect((await rest(t, "GET", `/api/groups/${group._id}/members?per_page=2&page=3`)).body).toEqual({ total: 3, users: [] });
    const tooBig = await rest(t, "GET", `/api/groups/${group._id}/members?per_page=26`);
    expect({ status: tooBig.status, body: tooBig.body }).toEqual({ status: 400, body: extensionError(400, "Bad Request", '"per_page" must be less than or equal to 25') });

    const removed = await rest(t, "DELETE", `/api/groups/${group._id}/members`, ["auth0|m-2"]);
    expect(removed.status).toBe(204);
    expect((await rest(t, "GET", `/api/groups/${group._id}/members`)).body.users.map((u: { user_id: string }) => u.user_id)).toEqual(["auth0|m-1", "auth0|m-3"]);
  });

  it("adding through the REST API takes no window: re-adding a windowed member or role there clears its window (docs/design.md §13); GET lists active grants only", async () => {
    const group = await create("Windowed Members");
    const role = await f.role(APP);
    const pending = "auth0|w-pending";
    const expiring = "auth0|w-expiring";
    const from = new Date(Date.now() + 3_600_000).toISOString();
    const until = new Date(Date.now() + 3_600_000).toISOString();
    const addMembers = `mutation($g: ID!, $u: [ID!]!, $from: DateTimeISO, $until: DateTimeISO) { addGroupMembers(groupId: $g, userIds: $u, validFrom: $from, expiresAt: $until) { id } }`;
    const addRoles = `mutation($u: ID!, $r: [ID!]!, $from: DateTimeISO) { addUserRoles(userId: $u, roleIds: $r, validFrom: $from) { id } }`;
    await t.ok(addMembers, { g: group._id, u: [pending], from });
    await t.ok(addMembers, { g: group._id, u: [expiring], until });
    await t.ok(addRoles, { u: pending, r: [role.id], from });
    const memberIds = async () => (await rest(t, "GET", `/api/groups/${group._id}/members`)).body.users.map((u: { user_id: string }) => u.user_id);
    const userGroups = async (id: string) => (await rest(t, "GET", `/api/users/${encodeURIComponent(id)}/groups`)).body.map((g: { _id: string }) => g._id);
    const userRoles = async (id: string) => (await rest(t, "GET", `/api/users/${encodeURIComponent(id)}/roles`)).body.map((r: { _id: string }) => r._id);
    const grants = async () =>
      (await t.ok<any>(`query($id: ID!) { group(id: $id) { memberGrants(includeInactive: true) { nodes { user { id } validFrom expiresAt active } } } }`, { id: group._id })).group
        .memberGrants.nodes;
    // The pending member is not listed yet; the expiring one is.
    expect(await memberIds()).toEqual([expiring]);
    expect(await userGroups(pending)).toEqual([]);
    expect(await userRoles(pending)).toEqual([]);
    // The full records (built from the export, which lists every grant) list active grants only, in the extension's shape.
    const listed = (await rest(t, "GET", `/api/groups`)).body.groups.find((g: { _id: string }) => g._id === group._id);
    expect(listed.members).toEqual([expiring]);
    expect(listed).not.toHaveProperty("memberGrants");
    const roleRecord = (await rest(t, "GET", `/api/roles`)).body.roles.find((r: { _id: string }) => r._id === role.id);
    expect(roleRecord.users).toEqual([]);
    expect(roleRecord).not.toHaveProperty("userGrants");

    expect((await rest(t, "PATCH", `/api/groups/${group._id}/members`, [expiring])).status).toBe(204);
    expect((await rest(t, "PATCH", `/api/users/${encodeURIComponent(pending)}/groups`, [group._id])).status).toBe(204);
    expect((await rest(t, "PATCH", `/api/users/${encodeURIComponent(pending)}/roles`, [role.id])).status).toBe(204);
    expect(await grants()).toEqual([
      { user: { id: expiring }, validFrom: null, expiresAt: null, active: true },
      { user: { id: pending }, validFrom: null, expiresAt: null, active: true },
    ]);
    expect(await memberIds()).toEqual([expiring, pending]);
    expect(await userGroups(pending)).toEqual([group._id]);
    expect(await userRoles(pending)).toEqual([role.id]);
    const roleGrants = await t.ok<any>(`query($id: ID!) { user(id: $id) { roleGrants(includeInactive: true) { role { id } validFrom expiresAt active } } }`, { id: pending });
    expect(roleGrants.user.roleGrants).toEqual([{ role: { id: role.id }, validFrom: null, expiresAt: null, active: true }]);
  });

  it("GET members/nested answers the members of the group and its descendants with the group each comes through", async () => {
    const top = await create("Nested Top");
    const sub = await create("Nested Sub");
    await rest(t, "PATCH", `/api/groups/${top._id}/nested`, [sub._id]);
    await f.users([{ id: "auth0|n-1", email: "n1@example.com", name: "N One" }]);
    await rest(t, "PATCH", `/api/groups/${top._id}/members`, ["auth0|n-2"]);
    await rest(t, "PATCH", `/api/groups/${sub._id}/members`, ["auth0|n-1"]);
    const answer = await rest(t, "GET", `/api/groups/${top._id}/members/nested`);
    expect({ status: answer.status, body: answer.body }).toEqual({
      status: 200,
      body: {
        total: 2,
        nested: [
          {
            user: { user_id: "auth0|n-1", name: "N One", nickname: "N One", email: "n1@example.com" },
            group: { _id: sub._id, name: "Nested Sub", description: "Nested Sub people" },
          },
          { user: { user_id: "auth0|n-2", name: null, nickname: null, email: null }, group: { _id: top._id, name: "Nested Top", description: "Nested Top people" } },
        ],
      },
    });
  });

  it("nested: PATCH nests (204), GET answers the children as full records sorted by name, DELETE un-nests", async () => {
    const parent = await create("Nest Parent");
    const zeta = await create("Nest Zeta");
    const alpha = await create("Nest Alpha");
    expect((await rest(t, "PATCH", `/api/groups/${parent._id}/nested`, [zeta._id, alpha._id])).status).toBe(204);
    const children = await rest(t, "GET", `/api/groups/${parent._id}/nested`);
    expect({ status: children.status, body: children.body }).toEqual({
      status: 200,
      body: [
        { _id: alpha._id, name: "Nest Alpha", description: "Nest Alpha people", members: [], roles: [], nested: [], mappings: [] },
        { _id: zeta._id, name: "Nest Zeta", description: "Nest Zeta people", members: [], roles: [], nested: [], mappings: [] },
      ],
    });
    expect((await rest(t, "DELETE", `/api/groups/${parent._id}/nested`, [zeta._id])).status).toBe(204);
    expect((await rest(t, "GET", `/api/groups/${parent._id}/nested`)).body.map((g: { name: string }) => g.name)).toEqual(["Nest Alpha"]);
  });

  it("nested: a cycle is 400 naming it, self-nesting is 400, an unknown child is 404 (the extension stored all three); nothing is written", async () => {
    const a = await create("Cycle A");
    const b = await create("Cycle B");
    await rest(t, "PATCH", `/api/groups/${a._id}/nested`, [b._id]);
    const cycle = await rest(t, "PATCH", `/api/groups/${b._id}/nested`, [a._id]);
    expect({ status: cycle.status, body: cycle.body }).toEqual({
      status: 400,
      body: extensionError(400, "ValidationError", 'Nesting "Cycle A" in "Cycle B" would create a cycle: Cycle B → Cycle A → Cycle B'),
    });
    const self = await rest(t, "PATCH", `/api/groups/${a._id}/nested`, [a._id]);
    expect({ status: self.status, body: self.body }).toEqual({
      status: 400,
      body: extensionError(400, "ValidationError", 'Nesting "Cycle A" in "Cycle A" would create a cycle: Cycle A → Cycle A'),
    });
    const unknown = await rest(t, "PATCH", `/api/groups/${a._id}/nested`, ["6d4f1c1e-0000-4000-8000-000000000000"]);
    expect({ status: unknown.status, body: unknown.body }).toEqual({
      status: 404,
      body: extensionError(404, "NotFoundError", "The record 6d4f1c1e-0000-4000-8000-000000000000 in groups does not exist."),
    });
    expect((await rest(t, "GET", `/api/groups/${b._id}/nested`)).body).toEqual([]);
  });

  it("roles: PATCH adds (204; twice is a union), GET answers the full role records with users, DELETE removes", async () => {
    const group = await create("Roles Group");
    const editor = await f.role(APP, "Roles Editor");
    const viewer = await f.role(APP, "Roles Viewer");
    await f.userRoles("auth0|roles-direct", [viewer.id]);
    expect((await rest(t, "PATCH", `/api/groups/${group._id}/roles`, [viewer.id])).status).toBe(204);
    expect((await rest(t, "PATCH", `/api/groups/${group._id}/roles`, [viewer.id, editor.id])).status).toBe(204);
    const roles = await rest(t, "GET", `/api/groups/${group._id}/roles`);
    expect({ status: roles.status, body: roles.body }).toEqual({
      status: 200,
      body: [
        { _id: editor.id, name: "Roles Editor", description: "", applicationType: "client", applicationId: APP, permissions: [], users: [] },
        { _id: viewer.id, name: "Roles Viewer", description: "", applicationType: "client", applicationId: APP, permissions: [], users: ["auth0|roles-direct"] },
      ],
    });
    expect((await rest(t, "DELETE", `/api/groups/${group._id}/roles`, [editor.id])).status).toBe(204);
    expect((await rest(t, "GET", `/api/groups/${group._id}/roles`)).body.map((r: { name: string }) => r.name)).toEqual(["Roles Viewer"]);
    const unknown = await rest(t, "PATCH", `/api/groups/${group._id}/roles`, ["no-such-role"]);
    expect({ status: unknown.status, body: unknown.body }).toEqual({ status: 404, body: extensionError(404, "NotFoundError", "The record no-such-role in roles does not exist.") });
  });

  it("GET roles/nested pairs each role of the group and its ancestors with the group that holds it, as full records", async () => {
    const parent = await create("RN Parent");
    const child = await create("RN Child");
    await rest(t, "PATCH", `/api/groups/${parent._id}/nested`, [child._id]);
    const inherited = await f.role(APP, "RN Inherited");
    const own = await f.role(APP, "RN Own");
    await rest(t, "PATCH", `/api/groups/${parent._id}/roles`, [inherited.id]);
    await rest(t, "PATCH", `/api/groups/${child._id}/roles`, [own.id]);
    const answer = await rest(t, "GET", `/api/groups/${child._id}/roles/nested`);
    const role = (id: string, name: string) => ({ _id: id, name, description: "", applicationType: "client", applicationId: APP, permissions: [], users: [] });
    expect({ status: answer.status, body: answer.body }).toEqual({
      status: 200,
      body: [
        {
          role: role(inherited.id, "RN Inherited"),
          group: { _id: parent._id, name: "RN Parent", description: "RN Parent people", members: [], roles: [inherited.id], nested: [child._id], mappings: [] },
        },
        { role: role(own.id, "RN Own"), group: { _id: child._id, name: "RN Child", description: "RN Child people", members: [], roles: [own.id], nested: [], mappings: [] } },
      ],
    });
  });

  it("mappings: PATCH adds (204), GET answers the stored connection name, DELETE removes by _id; an unknown mapping id is 404", async () => {
    const group = await create("Mapped");
    const added = await rest(t, "PATCH", `/api/groups/${group._id}/mappings`, [
      { groupName: "Domain Admins", connectionName: "corp-ad" },
      { groupName: "VPN", connectionName: "corp-ad" },
    ]);
    expect(added.status).toBe(204);
    const mappings = await rest(t, "GET", `/api/groups/${group._id}/mappings`);
    expect({ status: mappings.status, body: mappings.body }).toEqual({
      status: 200,
      body: [
        { _id: uuid, groupName: "Domain Admins", connectionName: "corp-ad" },
        { _id: uuid, groupName: "VPN", connectionName: "corp-ad" },
      ],
    });
    const missingField = await rest(t, "PATCH", `/api/groups/${group._id}/mappings`, [{ groupName: "x" }]);
    expect({ status: missingField.status, body: missingField.body }).toEqual({ status: 400, body: extensionError(400, "Bad Request", '"[0].connectionName" is required') });
    expect((await rest(t, "DELETE", `/api/groups/${group._id}/mappings`, [mappings.body[0]._id])).status).toBe(204);
    expect((await rest(t, "GET", `/api/groups/${group._id}/mappings`)).body.map((m: { groupName: string }) => m.groupName)).toEqual(["VPN"]);
    const unknown = await rest(t, "DELETE", `/api/groups/${group._id}/mappings`, ["no-such-mapping"]);
    expect({ status: unknown.status, body: unknown.body }).toEqual({
      status: 404,
      body: extensionError(404, "NotFoundError", "The record no-such-mapping in mappings does not exist."),
    });
  });

  it("20 creates in parallel all land (the extension's integration test): writes are serialised by the services", async () => {
    const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => rest(t, "POST", "/api/groups", { name: `Parallel ${i}`, description: "x" })));
    expect(answers.map((a) => a.status)).toEqual(Array(20).fill(200));
    const listed = await rest(t, "GET", "/api/groups?q=parallel");
    expect(listed.body.groups.map((g: { name: string }) => g.name).sort()).toEqual(Array.from({ length: 20 }, (_, i) => `Parallel ${i}`).sort());
  });

  it("writes are audited under the GraphQL mutation's name with the token's subject as the actor", async () => {
    const token = await t.token(["create:groups", "update:groups"], { subject: "provisioning-script@clients" });
    const group = (await rest(t, "POST", "/api/groups", { name: "Audited", description: "x" }, { token })).body;
    await rest(t, "PATCH", `/api/groups/${group._id}/members`, ["auth0|audited"], { token });
    const log = await t.ok<{ auditLog: { nodes: Array<{ actor: string; operation: string; targetIds: string[] }> } }>(
      `query($id: ID!) { auditLog(targetId: $id, first: 10) { nodes { actor operation targetIds } } }`,
      { id: group._id },
    );
    expect(log.auditLog.nodes.map(({ actor, operation }) => ({ actor, operation })).sort((a, b) => a.operation.localeCompare(b.operation))).toEqual([
      { actor: "provisioning-script@clients", operation: "addGroupMembers" },
      { actor: "provisioning-script@clients", operation: "createGroup" },
    ]);
  });
});
