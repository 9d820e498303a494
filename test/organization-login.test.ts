import { ChildProcess } from "node:child_process";
import { configure, gqlWithApiKey, postPolicy, rotateApiKey } from "./helpers/authorization";
import { expectError, Fixtures } from "./helpers/fixtures";
import { spawnServe, startTestServer, TestServer } from "./helpers/server";

const ARGS = `$userId: ID!, $clientId: ID!, $connection: String, $connectionGroups: [String!], $organizationId: ID`;
const USE = `userId: $userId, clientId: $clientId, connection: $connection, connectionGroups: $connectionGroups, organizationId: $organizationId`;
const CONTEXT = `query(${ARGS}) { authorizationContext(${USE}) { groups roles permissions claims accessGranted denialReason organization { id name displayName metadata } } }`;
const EXPLAIN = `query(${ARGS}) { explainAuthorization(${USE}) { groups { name paths } roles { name paths } permissions { name paths } } }`;

interface Login {
  userId: string;
  clientId: string;
  organizationId?: string | null;
  connection?: string;
  connectionGroups?: string[];
}

const NS = "https://gatehouse.test/";

/**
 * Organization logins (docs/design.md §12) end to end: the rules, the claims and switches, the
 * explanations, REST = GraphQL, freshness after membership changes (here and from a second
 * process) and the audit entries of the organization mutations.
 */
describe("organization logins", () => {
  let t: TestServer;
  let f: Fixtures;
  let app: { id: string; name: string };
  let acme: { id: string; name: string; displayName: string };
  let globex: { id: string; name: string; displayName: string };
  const roles: Record<string, string> = {};

  async function login(args: Login, token?: string | null, headers?: Record<string, string>) {
    const result = await t.gql<{ authorizationContext: any }>(CONTEXT, { ...args }, { token, headers });
    if (result.errors) throw new Error(JSON.stringify(result.errors));
    return result.data!.authorizationContext;
  }
  async function setApplication(input: Record<string, unknown>, id = app.id) {
    await t.ok(`mutation($id: ID!, $input: UpdateApplicationInput!) { updateApplication(id: $id, input: $input) { id } }`, { id, input });
  }

  beforeAll(async () => {
    t = await startTestServer();
    f = new Fixtures(t);
    app = await f.application({ id: "org-app", name: "Org App" });
    const [manage, read, tenantPerm] = [await f.permission(app.id, "manage:billing"), await f.permission(app.id, "read:reports"), await f.permission(app.id, "use:tenant")];
    roles.admin = (await f.role(app.id, "Org Admin", [manage.id, read.id])).id;
    roles.viewer = (await f.role(app.id, "Org Viewer", [read.id])).id;
    roles.tenant = (await f.role(app.id, "Tenant Role", [tenantPerm.id])).id;
    roles.direct = (await f.role(app.id, "Direct Role")).id;
    const other = await f.application({ id: "other-app", name: "Other App" });
    roles.foreign = (await f.role(other.id, "Foreign Role")).id;
    const group = await f.group("Staff");
    await f.groupRoles(group.id, [roles.tenant]);
    await f.addMembers(group.id, ["u|both"]);
    await f.userRoles("u|both", [roles.direct]);
    acme = await f.organization({ name: "acme", displayName: "Acme Inc.", metadata: { tier: "gold", region: "eu" } }, ["u|both", "u|acme-only"]);
    globex = await f.organization({ name: "globex", displayName: "Globex" }, ["u|both"]);
    await f.organizationMemberRoles(acme.id, "u|both", [roles.admin, roles.foreign]);
    await f.organizationMemberRoles(globex.id, "u|both", [roles.viewer]);
    await configure(t, { claimNamespace: NS, groupsInToken: true, rolesInToken: true, permissionsInToken: true });
  });
  afterAll(() => t.stop());

  describe("the rules", () => {
    it("without an organization: the tenant roles as always, no organization, no org claims", async () => {
      const answer = await login({ userId: "u|both", clientId: app.id });
      expect(answer).toMatchObject({ groups: ["Staff"], roles: ["Direct Role", "Tenant Role"], permissions: ["use:tenant"], accessGranted: true, organization: null });
      expect(Object.keys(answer.claims).sort()).toEqual([`${NS}groups`, `${NS}permissions`, `${NS}roles`]);
    });

    it("for A: the member roles there for the client only, their permissions, groups as always, the organization and org_id/org_name claims", async () => {
      const answer = await login({ userId: "u|both", clientId: app.id, organizationId: acme.id });
      expect(answer).toEqual({
        groups: ["Staff"],
        roles: ["Org Admin"],
        permissions: ["manage:billing", "read:reports"],
        accessGranted: true,
        denialReason: null,
        organization: { id: acme.id, name: "acme", displayName: "Acme Inc.", metadata: { tier: "gold", region: "eu" } },
        claims: {
          [`${NS}groups`]: ["Staff"],
          [`${NS}roles`]: ["Org Admin"],
          [`${NS}permissions`]: ["manage:billing", "read:reports"],
          [`${NS}org_id`]: acme.id,
          [`${NS}org_name`]: "acme",
        },
      });
    });

    it("isolation: a user in A and B logging in for B gets B's roles, never A's", async () => {
      const answer = await login({ userId: "u|both", clientId: app.id, organizationId: globex.id });
      expect(answer).toMatchObject({ roles: ["Org Viewer"], permissions: ["read:reports"], organization: { id: globex.id } });
      // A member without roles there holds none (not the tenant roles, not another organization's).
      expect(await login({ userId: "u|acme-only", clientId: app.id, organizationId: acme.id })).toMatchObject({ roles: [], permissions: [], accessGranted: true });
    });

    it("tenantRolesInOrganizations adds the tenant roles (groups and direct) to the member roles", async () => {
      await setApplication({ tenantRolesInOrganizations: true });
      try {
        const answer = await login({ userId: "u|both", clientId: app.id, organizationId: acme.id });
        expect(answer).toMatchObject({ roles: ["Direct Role", "Org Admin", "Tenant Role"], permissions: ["manage:billing", "read:reports", "use:tenant"] });
        expect((await login({ userId: "u|both", clientId: app.id, organizationId: globex.id })).roles).toEqual(["Direct Role", "Org Viewer", "Tenant Role"]);
      } finally {
        await setApplication({ tenantRolesInOrganizations: false });
      }
    });

    it("a non-member is denied with the reason naming the organization: groups as always, no roles, no permissions, no role or permission claims", async () => {
      const answer = await login({ userId: "u|stranger", clientId: app.id, organizationId: acme.id });
      expect(answer).toEqual({
        groups: [],
        roles: [],
        permissions: [],
        accessGranted: false,
        denialReason: "User u|stranger is not a member of organization Acme Inc.",
        organization: null,
        claims: { [`${NS}groups`]: [] },
      });
      const grouped = await login({ userId: "u|grouped", clientId: app.id, organizationId: globex.id, connection: "corp", connectionGroups: [] });
      expect(grouped.accessGranted).toBe(false);
    });

    it("an unknown organization is denied: unknown organization <id>", async () => {
      const answer = await login({ userId: "u|both", clientId: app.id, organizationId: "org_doesnotexist" });
      expect(answer).toMatchObject({
        accessGranted: false,
        denialReason: "unknown organization org_doesnotexist",
        roles: [],
        permissions: [],
        groups: ["Staff"],
        organization: null,
      });
    });

    it("DENY refuses a login for an organization and keeps logins without one", async () => {
      await setApplication({ organizationUsage: "DENY" });
      try {
        const denied = await login({ userId: "u|both", clientId: app.id, organizationId: acme.id });
        expect(denied).toMatchObject({ accessGranted: false, roles: [], permissions: [], groups: ["Staff"], organization: null });
        expect(denied.denialReason).toContain("Org App does not accept logins for an organization");
        expect(await login({ userId: "u|both", clientId: app.id })).toMatchObject({ accessGranted: true, roles: ["Direct Role", "Tenant Role"] });
      } finally {
        await setApplication({ organizationUsage: "ALLOW" });
      }
    });

    it("REQUIRE refuses a login without an organization and grants one for an organization", async () => {
      await setApplication({ organizationUsage: "REQUIRE" });
      try {
        const without = await login({ userId: "u|both", clientId: app.id });
        expect(without).toMatchObject({ accessGranted: false, roles: [], permissions: [], groups: ["Staff"] });
        expect(without.denialReason).toContain("Org App requires a login for an organization");
        expect(await login({ userId: "u|both", clientId: app.id, organizationId: acme.id })).toMatchObject({ accessGranted: true, roles: ["Org Admin"] });
      } finally {
        await setApplication({ organizationUsage: "ALLOW" });
      }
    });

    it("the application's settings are readable and default to ALLOW and false", async () => {
      const fresh = await f.application();
      const read = `query($id: ID!) { application(id: $id) { organizationUsage tenantRolesInOrganizations } }`;
      expect((await t.ok<any>(read, { id: fresh.id })).application).toEqual({ organizationUsage: "ALLOW", tenantRolesInOrganizations: false });
      const created = await t.ok<any>(
        `mutation { createApplication(input: { id: "req-app", name: "Req App", type: SPA, organizationUsage: REQUIRE, tenantRolesInOrganizations: true }) { organizationUsage tenantRolesInOrganizations } }`,
      );
      expect(created.createApplication).toEqual({ organizationUsage: "REQUIRE", tenantRolesInOrganizations: true });
      expectError(await t.gql(`mutation { updateApplication(id: "req-app", input: { organizationUsage: null }) { id } }`), "BAD_USER_INPUT", "organizationUsage");
    });

    it("the switches: organizationInToken off drops org_id/org_name, organizationMetadataInToken on adds org_metadata", async () => {
      expect((await t.ok<any>(`{ configuration { organizationInToken organizationMetadataInToken } }`)).configuration).toEqual({
        organizationInToken: true,
        organizationMetadataInToken: false,
      });
      await configure(t, { organizationInToken: false, organizationMetadataInToken: true });
      try {
        const { claims } = await login({ userId: "u|both", clientId: app.id, organizationId: acme.id });
        expect(claims[`${NS}org_id`]).toBeUndefined();
        expect(claims[`${NS}org_name`]).toBeUndefined();
        expect(claims[`${NS}org_metadata`]).toEqual({ tier: "gold", region: "eu" });
      } finally {
        await configure(t, { organizationInToken: true, organizationMetadataInToken: false });
      }
    });

    it("refuses an empty or over-long organizationId with BAD_USER_INPUT naming it", async () => {
      for (const organizationId of ["", "x".repeat(256)]) {
        const error = expectError(await t.gql(CONTEXT, { userId: "u|both", clientId: app.id, organizationId }), "BAD_USER_INPUT", "organizationId");
        expect(error.extensions.field).toBe("organizationId");
      }
    });

    it("the login-hook API key reads the answer's organization (a plain record, not under read:organizations)", async () => {
      const { apiKey } = await rotateApiKey(t);
      const result = await gqlWithApiKey<any>(t, apiKey, CONTEXT, { userId: "u|both", clientId: app.id, organizationId: acme.id });
      expect(result.errors).toBeUndefined();
      expect(result.data.authorizationContext.organization).toMatchObject({ id: acme.id, name: "acme" });
      const token = await t.token(["read:authorization"]);
      expect((await login({ userId: "u|both", clientId: app.id, organizationId: acme.id }, token)).organization.name).toBe("acme");
    });
  });

  describe("explainAuthorization", () => {
    it("paths of member roles and their permissions end in `member of organization <name>`; tenant roles are not explained unless they count", async () => {
      const explained = (await t.ok<any>(EXPLAIN, { userId: "u|both", clientId: app.id, organizationId: acme.id })).explainAuthorization;
      expect(explained.roles).toEqual([{ name: "Org Admin", paths: ["Org Admin ← member of organization acme"] }]);
      expect(explained.permissions).toEqual([
        { name: "manage:billing", paths: ["manage:billing ← role Org Admin ← member of organization acme"] },
        { name: "read:reports", paths: ["read:reports ← role Org Admin ← member of organization acme"] },
      ]);
      expect(explained.groups.map((g: { name: string }) => g.name)).toEqual(["Staff"]);
      const denied = (await t.ok<any>(EXPLAIN, { userId: "u|stranger", clientId: app.id, organizationId: acme.id })).explainAuthorization;
      expect(denied).toMatchObject({ roles: [], permissions: [] });
    });
  });

  describe("the REST policy endpoint", () => {
    let apiKey: string;
    beforeAll(async () => {
      ({ apiKey } = await rotateApiKey(t));
    });

    it("answers an organization login exactly as GraphQL, with organization, accessGranted and denialReason", async () => {
      const cases: Login[] = [
        { userId: "u|both", clientId: app.id, organizationId: acme.id },
        { userId: "u|both", clientId: app.id, organizationId: globex.id },
        { userId: "u|stranger", clientId: app.id, organizationId: acme.id },
        { userId: "u|both", clientId: app.id, organizationId: "org_unknown" },
        { userId: "u|acme-only", clientId: app.id, organizationId: acme.id },
      ];
      for (const args of cases) {
        const graphql = await login({ ...args, connection: "corp", connectionGroups: [] });
        const rest = await postPolicy(t, args.userId, args.clientId, { connectionName: "corp", groups: [], organizationId: args.organizationId }, { apiKey });
        expect(rest.status).toBe(200);
        expect(rest.body).toEqual({
          groups: graphql.groups,
          roles: graphql.roles,
          permissions: graphql.permissions,
          organization: graphql.organization,
          accessGranted: graphql.accessGranted,
          denialReason: graphql.denialReason,
          validUntil: null,
        });
      }
    });

    it("keeps the extension's three keys (and validUntil) when the body names no organization, and refuses a malformed organizationId with 400", async () => {
      const rest = await postPolicy(t, "u|both", app.id, { connectionName: "corp", groups: [] }, { apiKey });
      expect(rest.body).toEqual({ groups: ["Staff"], roles: ["Direct Role", "Tenant Role"], permissions: ["use:tenant"], validUntil: null });
      for (const organizationId of [5, "", ["a"]]) {
        const bad = await postPolicy(t, "u|both", app.id, { connectionName: "corp", organizationId }, { apiKey });
        expect(bad.status).toBe(400);
        expect(bad.body.message).toContain("organizationId");
      }
    });
  });

  describe("freshness", () => {
    it("a membership or member-role change is seen by the next login (warm cache, same process)", async () => {
      const org = await f.organization({ name: "fresh-same" }, []);
      const args = { userId: "u|fresh", clientId: app.id, organizationId: org.id };
      expect((await login(args)).accessGranted).toBe(false);
      expect(await t.server.app.services.authorization.cache.warm()).not.toBeNull();
      await f.organizationMembers(org.id, ["u|fresh"]);
      expect(await login(args)).toMatchObject({ accessGranted: true, roles: [] });
      await t.server.app.services.authorization.cache.warm();
      await f.organizationMemberRoles(org.id, "u|fresh", [roles.viewer]);
      expect((await login(args)).roles).toEqual(["Org Viewer"]);
      await t.server.app.services.authorization.cache.warm();
      await t.ok(`mutation($o: ID!) { updateOrganization(id: $o, input: { displayName: "Renamed" }) { id } }`, { o: org.id });
      expect((await login(args)).organization.displayName).toBe("Renamed");
      await t.server.app.services.authorization.cache.warm();
      await t.ok(`mutation($o: ID!) { removeOrganizationMembers(organizationId: $o, userIds: ["u|fresh"]) { id } }`, { o: org.id });
      expect(await login(args)).toMatchObject({ accessGranted: false, roles: [], denialReason: "User u|fresh is not a member of organization Renamed" });
      await t.server.app.services.authorization.cache.warm();
      await t.ok(`mutation($o: ID!) { deleteOrganization(id: $o, force: true) { id } }`, { o: org.id });
      expect((await login(args)).denialReason).toBe(`unknown organization ${org.id}`);
    });

    it("the uncached path (right after a write) and the cached model answer alike", async () => {
      const cases: Login[] = [
        { userId: "u|both", clientId: app.id, organizationId: acme.id },
        { userId: "u|both", clientId: app.id, organizationId: globex.id },
        { userId: "u|stranger", clientId: app.id, organizationId: acme.id },
        { userId: "u|both", clientId: app.id, organizationId: "org_unknown" },
        { userId: "u|both", clientId: app.id },
      ];
      const cache = t.server.app.services.authorization.cache;
      for (const args of cases) {
        await configure(t, { groupsInToken: true });
        const misses = cache.misses;
        const cold = await login(args);
        expect(cache.misses).toBe(misses + 1);
        expect(await cache.warm()).not.toBeNull();
        const hits = cache.hits;
        expect(await login(args)).toEqual(cold);
        expect(cache.hits).toBe(hits + 1);
      }
    });

    describe("with a second Gatehouse process on the same database", () => {
      let child: ChildProcess;
      let childUrl: string;
      let childToken: string;

      beforeAll(async () => {
        childToken = await t.token();
        ({ child, url: childUrl } = await spawnServe({ DATABASE_URL: t.server.app.config.databaseUrl, LOG_LEVEL: "warn" }));
      }, 30_000);
      afterAll(() => {
        child?.kill("SIGTERM");
      });

      async function childCall(query: string, variables: Record<string, unknown>): Promise<any> {
        const response = await fetch(childUrl, {
          method: "POST",
          headers: { "content-type": "application/json", authorization: `Bearer ${childToken}` },
          body: JSON.stringify({ query, variables }),
        });
        const body = (await response.json()) as { data?: any; errors?: unknown };
        if (!body.data) throw new Error(JSON.stringify(body.errors));
        return body.data;
      }
      const childLogin = async (args: Login) => (await childCall(CONTEXT, { ...args })).authorizationContext;

      it("a membership change through one process is seen by the other's next login, both ways", async () => {
        const org = await f.organization({ name: "fresh-cross" }, []);
        const args = { userId: "u|cross", clientId: app.id, organizationId: org.id };
        // Ask there until its cache is warm is not needed: every answer must be fresh either way.
        expect((await childLogin(args)).accessGranted).toBe(false);
        expect((await childLogin(args)).accessGranted).toBe(false);
        await f.organizationMembers(org.id, ["u|cross"]);
        expect(await childLogin(args)).toMatchObject({ accessGranted: true, roles: [] });
        await f.organizationMemberRoles(org.id, "u|cross", [roles.admin]);
        expect((await childLogin(args)).roles).toEqual(["Org Admin"]);

        // Write there, ask here (this process's cache warm).
        await login(args);
        await t.server.app.services.authorization.cache.warm();
        await childCall(`mutation($o: ID!, $u: ID!, $r: [ID!]!) { removeOrganizationMemberRoles(organizationId: $o, userId: $u, roleIds: $r) { id } }`, {
          o: org.id,
          u: "u|cross",
          r: [roles.admin],
        });
        expect((await login(args)).roles).toEqual([]);
        await t.server.app.services.authorization.cache.warm();
        await childCall(`mutation($o: ID!, $u: [ID!]!) { removeOrganizationMembers(organizationId: $o, userIds: $u) { id } }`, { o: org.id, u: ["u|cross"] });
        expect((await login(args)).accessGranted).toBe(false);
      });
    });
  });

  describe("audit", () => {
    it("every organization mutation writes an entry naming the organization", async () => {
      const org = await f.organization({ name: "audited" }, ["u|audited"]);
      await f.organizationMemberRoles(org.id, "u|audited", [roles.viewer]);
      await t.ok(`mutation($o: ID!) { removeOrganizationMemberRoles(organizationId: $o, userId: "u|audited", roleIds: ["${roles.viewer}"]) { id } }`, { o: org.id });
      await t.ok(`mutation($o: ID!) { removeOrganizationMembers(organizationId: $o, userIds: ["u|audited"]) { id } }`, { o: org.id });
      await t.ok(`mutation($o: ID!) { updateOrganization(id: $o, input: { displayName: "Audited" }) { id } }`, { o: org.id });
      await t.ok(`mutation($o: ID!) { deleteOrganization(id: $o) { id } }`, { o: org.id });
      const log = await t.ok<any>(`query($id: ID!) { auditLog(targetId: $id, first: 20) { nodes { operation actor targetIds } } }`, { id: org.id });
      expect(log.auditLog.nodes.map((n: { operation: string }) => n.operation).reverse()).toEqual([
        "createOrganization",
        "addOrganizationMembers",
        "addOrganizationMemberRoles",
        "removeOrganizationMemberRoles",
        "removeOrganizationMembers",
        "updateOrganization",
        "deleteOrganization",
      ]);
      expect(log.auditLog.nodes.every((n: { actor: string; targetIds: string[] }) => n.actor === "test-admin" && n.targetIds.includes(org.id))).toBe(true);
    });
  });
});
