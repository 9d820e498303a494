import { seedDemo } from "../src/cli/seed-demo";
import { Fixtures } from "./helpers/fixtures";
import { databaseSnapshot } from "./helpers/operations";
import { startTestServer, TestServer } from "./helpers/server";
import { counts, exportData, importData, importOk } from "./helpers/transfer";

/** Finds the record named `name` in an exported section. */
function byName(section: any[], name: string): any {
  const found = section.find((item) => item.name === name);
  if (!found) throw new Error(`no "${name}" in the export`);
  return found;
}

describe("export and import round trip", () => {
  let source: TestServer;
  let target: TestServer;
  let exported: any;
  beforeAll(async () => {
    [source, target] = await Promise.all([startTestServer(), startTestServer()]);
    await seedDemo(source.server.app);
    // Beyond the demo: settings, a direct role, an application with required roles and one without roles.
    const f = new Fixtures(source);
    await source.ok(
      `mutation { updateConfiguration(input: { groupsInToken: true, rolesInToken: true, persistRoles: true, claimNamespace: "https://example.com/claims/" }) { groupsInToken } }`,
    );
    await source.ok(`mutation { rotateApiKey { apiKey } }`);
    const roles = (await source.ok<any>(`{ roles { nodes { id name } } }`)).roles.nodes;
    await f.userRoles("auth0|carol", [roles.find((r: any) => r.name === "Expense Admin").id]);
    await f.application({ id: "m2m-client", name: "Nightly Job", type: "NON_INTERACTIVE" });
    await source.ok(`mutation { updateApplication(id: "expense-management-tool", input: { requiredRoles: ["Expense User", "Expense Admin"] }) { id } }`);
    exported = await exportData(source);
  });
  afterAll(() => Promise.all([source.stop(), target.stop()]));

  it("exports the extension's format plus applications and users, sorted, without the API key", () => {
    expect(Object.keys(exported)).toEqual(["configuration", "groups", "roles", "permissions", "applications", "users", "organizations"]);
    expect(exported.configuration).toEqual([
      {
        _id: "v1",
        groupsInToken: true,
        rolesInToken: true,
        permissionsInToken: false,
        groupsPassthrough: false,
        rolesPassthrough: false,
        permissionsPassthrough: false,
        persistGroups: false,
        persistRoles: true,
        persistPermissions: false,
        organizationInToken: true,
        organizationMetadataInToken: false,
        claimNamespace: "https://example.com/claims/",
        tokenIssuer: "urn:gatehouse",
        tokenAudience: "urn:gatehouse:api",
        tokenLifetimeSeconds: 86400,
      },
    ]);
    const text = JSON.stringify(exported);
    expect(text).not.toMatch(/apikey|apiKey|Hash|privateJwk/);
    for (const key of ["groups", "roles", "permissions"]) {
      const ids = exported[key].map((item: any) => item._id);
      expect(ids).toEqual([...ids].sort());
    }
    const company = byName(exported.groups, "Example Company");
    expect(Object.keys(company)).toEqual(["_id", "name", "description", "members", "roles", "nested", "mappings"]);
    expect(company.nested).toHaveLength(4);
    expect(company.nested).toEqual([...company.nested].sort());
    expect(byName(exported.groups, "Management").mappings).toEqual([{ _id: expect.any(String), groupName: "Administrative", connectionName: "corp-ad" }]);
    expect(byName(exported.groups, "External Accountants").members).toEqual(["auth0|alice"]);
    const admin = byName(exported.roles, "Expense Admin");
    expect(Object.keys(admin)).toEqual(["_id", "name", "description", "applicationType", "applicationId", "permissions", "users"]);
    expect(admin).toMatchObject({ applicationType: "client", applicationId: "expense-management-tool", users: ["auth0|carol"] });
    expect(admin.permissions).toHaveLength(4);
    expect(Object.keys(exported.permissions[0])).toEqual(["_id", "name", "description", "applicationType", "applicationId"]);
    expect(exported.applications).toEqual([
      {
        id: "expense-management-tool",
        name: "Expense Management Tool",
        type: "REGULAR_WEB",
        requiredRoles: ["Expense Admin", "Expense User"],
        organizationUsage: "ALLOW",
        tenantRolesInOrganizations: false,
      },
      { id: "m2m-client", name: "Nightly Job", type: "NON_INTERACTIVE", requiredRoles: [], organizationUsage: "ALLOW", tenantRolesInOrganizations: false },
    ]);
    expect(exported.users).toEqual([
      { id: "auth0|alice", email: "alice@example.com", name: "Alice (external accountant)", connection: "Username-Password-Authentication" },
      { id: "auth0|bob", email: "bob@example.com", name: "Bob (Finance IT support)", connection: "Username-Password-Authentication" },
      { id: "auth0|carol", email: null, name: null, connection: null },
    ]);
  });

  it("exports the same bytes twice", async () => {
    expect(JSON.stringify(await exportData(source))).toBe(JSON.stringify(exported));
  });

  it("REPLACE into another database gives a byte-identical export and keeps that database's API key", async () => {
    await target.ok(`mutation { rotateApiKey { apiKey } }`);
    // Something the file does not have: REPLACE removes it.
    await new Fixtures(target).group("Old Group");
    await new Fixtures(target).users([{ id: "auth0|old" }]);
    const result = await importOk(target, exported, { mode: "REPLACE" });
    expect(result).toMatchObject({ mode: "REPLACE", dryRun: false, warnings: [] });
    expect(result.created).toEqual(
      counts({ applications: 2, users: 3, groups: 7, roles: 2, permissions: 5, mappings: 1, memberships: 2, nestings: 6, groupRoles: 2, rolePermissions: 6, userRoles: 1 }),
    );
    expect(result.updated).toEqual(counts({ configuration: 1 }));
    expect(result.deleted).toEqual(counts({ groups: 1, users: 1 }));
    expect(JSON.stringify(await exportData(target))).toBe(JSON.stringify(exported));
    expect((await target.ok<any>(`{ configuration { apiKeyConfigured } }`)).configuration.apiKeyConfigured).toBe(true);
    // The same file again changes nothing.
    const again = await importOk(target, exported, { mode: "REPLACE" });
    expect([again.created, again.updated, again.deleted]).toEqual([counts(), counts(), counts()]);
  });

  it("MERGE of a second file keeps the ids, updates what changed and leaves other entities alone", async () => {
    await importOk(target, exported, { mode: "REPLACE" });
    const kept = await new Fixtures(target).group("Kept Group");
    const file = JSON.parse(JSON.stringify(exported));
    const hr = byName(file.groups, "Human Resources");
    hr.name = "People";
    hr.description = "People team";
    const user = byName(file.roles, "Expense User");
    user.permissions = [...user.permissions, byName(file.permissions, "approve:expenses")._id].sort();
    const accountants = byName(file.groups, "External Accountants");
    accountants.members = ["auth0|dave"];
    file.users.push({ id: "auth0|dave", email: "dave@example.com", name: "Dave", connection: "Username-Password-Authentication" });
    const fresh = { _id: "11111111-2222-4333-8444-555555555555", name: "Auditors", description: "", members: ["auth0|dave"], roles: [], nested: [], mappings: [] };
    file.groups.push(fresh);
    byName(file.groups, "Accounting").nested.push(fresh._id);

    const result = await importOk(target, file);
    expect(result.mode).toBe("MERGE");
    expect(result.created).toEqual(counts({ users: 1, groups: 1, memberships: 2, nestings: 1, rolePermissions: 1 }));
    expect(result.updated).toEqual(counts({ groups: 1 }));
    expect(result.deleted).toEqual(counts({ memberships: 1 }));

    const after = await exportData(target);
    expect(after.groups.map((g: any) => g._id).sort()).toEqual([...exported.groups.map((g: any) => g._id), fresh._id, kept.id].sort());
    expect(byName(after.groups, "People")).toMatchObject({ _id: hr._id, description: "People team" });
    expect(byName(after.groups, "Kept Group")._id).toBe(kept.id);
    expect(byName(after.groups, "External Accountants").members).toEqual(["auth0|dave"]);
    expect(byName(after.roles, "Expense User").permissions).toEqual(user.permissions);
    // alice lost her only membership but, being in `users`, is still a user.
    expect(after.users.map((u: any) => u.id)).toEqual(["auth0|alice", "auth0|bob", "auth0|carol", "auth0|dave"]);
    const context = await target.ok<any>(`{ authorizationContext(userId: "auth0|dave", clientId: "expense-management-tool") { groups roles permissions } }`);
    expect(context.authorizationContext).toEqual({
      groups: ["Accounting", "Auditors", "Example Company", "External Accountants"],
      roles: ["Expense User"],
      permissions: ["add:expense", "approve:expenses", "view:own-expenses"],
    });
  });

  it("MERGE only rewrites the lists a file entry has: an entry without members keeps the stored members", async () => {
    await importOk(target, exported, { mode: "REPLACE" });
    const accountants = byName(exported.groups, "External Accountants");
    const result = await importOk(target, { groups: [{ _id: accountants._id, name: "External Accountants (renamed)" }] });
    expect(result.updated).toEqual(counts({ groups: 1 }));
    expect(result.created).toEqual(counts());
    expect(result.deleted).toEqual(counts());
    const after = byName((await exportData(target)).groups, "External Accountants (renamed)");
    expect(after).toEqual({ ...accountants, name: "External Accountants (renamed)" });
  });

  it("names can move between groups in one import (swap)", async () => {
    await importOk(target, exported, { mode: "REPLACE" });
    const hr = byName(exported.groups, "Human Resources");
    const finance = byName(exported.groups, "Finance");
    const result = await importOk(target, {
      groups: [
        { _id: hr._id, name: "Finance" },
        { _id: finance._id, name: "human resources" },
      ],
    });
    expect(result.updated).toEqual(counts({ groups: 2 }));
    const after = await exportData(target);
    expect(byName(after.groups, "Finance")._id).toBe(hr._id);
    expect(byName(after.groups, "human resources")._id).toBe(finance._id);
  });

  it("a dry run returns the counts of the real import and writes nothing", async () => {
    await importOk(target, { groups: [] }, { mode: "REPLACE" });
    const before = await databaseSnapshot(target);
    const dry = await importOk(target, exported, { mode: "REPLACE", dryRun: true });
    expect(dry.dryRun).toBe(true);
    expect(await databaseSnapshot(target)).toEqual(before);
    const real = await importOk(target, exported, { mode: "REPLACE" });
    expect(real.dryRun).toBe(false);
    expect(dry.created).toEqual(real.created);
    expect(dry.updated).toEqual(real.updated);
    expect(dry.deleted).toEqual(real.deleted);
    expect(dry.created.groups).toBe(7);
  });

  it("REPLACE with an empty object empties the model but keeps the API key and the token settings", async () => {
    await importOk(target, exported, { mode: "REPLACE" });
    const result = await importOk(target, {}, { mode: "REPLACE" });
    expect(result.deleted).toEqual(
      counts({ applications: 2, users: 3, groups: 7, roles: 2, permissions: 5, mappings: 1, memberships: 2, nestings: 6, groupRoles: 2, rolePermissions: 6, userRoles: 1 }),
    );
    expect(result.updated).toEqual(counts({ configuration: 1 }));
    const after = await exportData(target);
    expect([after.groups, after.roles, after.permissions, after.applications, after.users]).toEqual([[], [], [], [], []]);
    expect(after.configuration[0]).toMatchObject({ groupsInToken: false, claimNamespace: null, tokenIssuer: "urn:gatehouse", tokenLifetimeSeconds: 86400 });
    const configuration = (await target.ok<any>(`{ configuration { apiKeyConfigured } }`)).configuration;
    expect(configuration.apiKeyConfigured).toBe(true);
    // The importer's token still works: the signing key and token settings were kept.
    expect((await target.gql(`{ groups { totalCount } }`)).status).toBe(200);
  });

  it("an import is one audited mutation; a dry run is not audited", async () => {
    const before = (await target.ok<any>(`{ auditLog(first: 100) { totalCount } }`)).auditLog.totalCount;
    await importOk(target, exported, { mode: "MERGE", dryRun: true });
    expect((await target.ok<any>(`{ auditLog(first: 100) { totalCount } }`)).auditLog.totalCount).toBe(before);
    await importOk(target, exported, { mode: "MERGE" });
    const log = (await target.ok<any>(`{ auditLog(first: 1) { totalCount nodes { operation } } }`)).auditLog;
    expect(log.totalCount).toBe(before + 1);
    expect(log.nodes[0].operation).toBe("importData");
    // Its targets are the ids the file names, so the entry is found by any of them.
    const groupId = exported.groups[0]._id;
    const byGroup = (await target.ok<any>(`query($id: ID!) { auditLog(targetId: $id, first: 5) { nodes { operation targetIds } } }`, { id: groupId })).auditLog;
    expect(byGroup.nodes.map((n: any) => n.operation)).toContain("importData");
  });

  it("accepts the GraphQL mutation up to the body limit and refuses a larger body with 413 pointing to the CLI", async () => {
    const small = await startTestServer({ bodyLimitBytes: 2048 });
    try {
      const big = { groups: Array.from({ length: 40 }, (_, i) => ({ _id: `g-${i}`, name: `Group number ${i}`, description: "x".repeat(20) })) };
      const result = await importData(small, big);
      expect(result.status).toBe(413);
      expect(result.errors?.[0].message).toContain("gatehouse import");
    } finally {
      await small.stop();
    }
  });

  it("imports nothing when data is unchanged: importing an export into its own database", async () => {
    const result = await importOk(source, exported, { mode: "REPLACE" });
    expect([result.created, result.updated, result.deleted]).toEqual([counts(), counts(), counts()]);
    expect(JSON.stringify(await exportData(source))).toBe(JSON.stringify(exported));
  });

  it.each([
    ["export:data", "{ exportData }"],
    ["import:data", `mutation { importData(data: {}) { dryRun } }`],
  ])("needs the scope %s (FORBIDDEN naming it otherwise)", async (scope, query) => {
    const token = await target.token(["read:groups", scope === "export:data" ? "import:data" : "export:data"]);
    const result = await target.gql(query, {}, { token });
    expect(result.errors?.[0].extensions?.code).toBe("FORBIDDEN");
    expect(result.errors?.[0].message).toContain(scope);
    const allowed = await target.gql(query, {}, { token: await target.token([scope]) });
    expect(allowed.errors).toBeUndefined();
  });
});
