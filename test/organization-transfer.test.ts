import { databaseSnapshot } from "./helpers/operations";
import { configure } from "./helpers/authorization";
import { expectError, Fixtures } from "./helpers/fixtures";
import { startTestServer, TestServer } from "./helpers/server";
import { exportData, importData, importOk } from "./helpers/transfer";

const CONTEXT = `query($u: ID!, $c: ID!, $o: ID) { authorizationContext(userId: $u, clientId: $c, organizationId: $o) {
  groups roles permissions claims accessGranted denialReason organization { id name displayName metadata } } }`;

/** Organizations in import and export (docs/design.md §12): round trip, validation with paths, MERGE and REPLACE. */
describe("organizations in import and export", () => {
  let source: TestServer;
  let target: TestServer;
  let f: Fixtures;
  const logins: Array<{ u: string; c: string; o: string | null }> = [];

  beforeAll(async () => {
    [source, target] = await Promise.all([startTestServer(), startTestServer()]);
    f = new Fixtures(source);
    const app = await f.application({ id: "xfer-app", name: "Transfer App" });
    await source.ok(`mutation { updateApplication(id: "xfer-app", input: { organizationUsage: REQUIRE, tenantRolesInOrganizations: true }) { id } }`);
    const strict = await f.application({ id: "xfer-deny", name: "Deny App" });
    await source.ok(`mutation { updateApplication(id: "xfer-deny", input: { organizationUsage: DENY }) { id } }`);
    const permission = await f.permission(app.id, "do:thing");
    const admin = await f.role(app.id, "Admin", [permission.id]);
    const member = await f.role(app.id, "Member");
    const group = await f.group("Everyone");
    await f.groupRoles(group.id, [member.id]);
    await f.addMembers(group.id, ["x|ann", "x|bob"]);
    const a = await f.organization({ id: "org_transferA", name: "alpha", displayName: "Alpha Ltd", metadata: { plan: "pro" } }, ["x|ann", "x|bob"]);
    const b = await f.organization({ name: "beta" }, ["x|ann"]);
    await f.organizationMemberRoles(a.id, "x|ann", [admin.id]);
    await f.organizationMemberRoles(b.id, "x|ann", [member.id]);
    await configure(source, { claimNamespace: "https://x.test/", rolesInToken: true, organizationMetadataInToken: true });
    for (const u of ["x|ann", "x|bob", "x|nobody"]) for (const c of [app.id, strict.id]) for (const o of [a.id, b.id, null, "org_missing"]) logins.push({ u, c, o });
  });
  afterAll(() => Promise.all([source.stop(), target.stop()]));

  it("exports organizations with members and their roles, the applications' settings and the switches", async () => {
    const exported = await exportData(source);
    const alpha = exported.organizations.find((o: { name: string }) => o.name === "alpha");
    expect(alpha).toEqual({
      id: "org_transferA",
      name: "alpha",
      displayName: "Alpha Ltd",
      metadata: { plan: "pro" },
      members: [
        { userId: "x|ann", roles: [expect.any(String)] },
        { userId: "x|bob", roles: [] },
      ],
    });
    expect(exported.applications.find((a: { id: string }) => a.id === "xfer-app")).toMatchObject({ organizationUsage: "REQUIRE", tenantRolesInOrganizations: true });
    expect(exported.configuration[0]).toMatchObject({ organizationInToken: true, organizationMetadataInToken: true });
  });

  it("export → import (REPLACE) into a fresh database reproduces every organization login answer, and the same export", async () => {
    const exported = await exportData(source);
    const answer = await importOk(target, exported, { mode: "REPLACE" });
    expect(answer.created.organizations).toBe(2);
    for (const login of logins) {
      const [here, there] = await Promise.all([source.ok<any>(CONTEXT, login), target.ok<any>(CONTEXT, login)]);
      expect([login, there.authorizationContext]).toEqual([login, here.authorizationContext]);
    }
    expect(JSON.stringify(await exportData(target))).toBe(JSON.stringify(exported));
  });

  it("MERGE updates a listed organization's members and keeps unlisted organizations; REPLACE deletes them", async () => {
    const exported = await exportData(target);
    const alpha = exported.organizations.find((o: { name: string }) => o.name === "alpha");
    const merged = await importOk(target, { organizations: [{ ...alpha, displayName: "Alpha Two", members: [{ userId: "x|carl", roles: [] }] }] });
    expect(merged.updated.organizations).toBe(1);
    const after = await exportData(target);
    expect(after.organizations.map((o: { name: string }) => o.name)).toEqual(expect.arrayContaining(["alpha", "beta"]));
    expect(after.organizations.find((o: { name: string }) => o.name === "alpha")).toMatchObject({ displayName: "Alpha Two", members: [{ userId: "x|carl", roles: [] }] });
    const replaced = await importOk(target, { ...after, organizations: after.organizations.filter((o: { name: string }) => o.name === "alpha") }, { mode: "REPLACE" });
    expect(replaced.deleted.organizations).toBe(1);
    expect((await exportData(target)).organizations.map((o: { name: string }) => o.name)).toEqual(["alpha"]);
  });

  it("refuses a bad organizations section with every problem and its path, and writes nothing", async () => {
    const before = await databaseSnapshot(target);
    const result = await importData(target, {
      organizations: [
        { id: "bad id", name: "Upper", metadata: { n: 1 }, members: [{ userId: "x|ann", roles: ["no-such-role"] }, { userId: "" }], extra: true },
        { id: "org_ok1", name: "dup" },
        { id: "org_ok2", name: "dup", members: [{ userId: "x|z", roles: ["no-such-role"] }] },
        { id: "org_ok1", name: "other" },
      ],
      applications: [{ id: "xfer-app", name: "Transfer App", type: "SPA", organizationUsage: "SOMETIMES", tenantRolesInOrganizations: "yes" }],
    });
    const error = expectError(result, "BAD_USER_INPUT");
    const paths = error.extensions.problems.map((p: { path: string }) => p.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        "organizations[0].extra",
        "organizations[0].id",
        "organizations[0].name",
        "organizations[0].metadata",
        "organizations[0].members[1].userId",
        "organizations[2].name",
        "organizations[3].id",
        "applications[0].organizationUsage",
        "applications[0].tenantRolesInOrganizations",
      ]),
    );
    expect(await databaseSnapshot(target)).toEqual(before);
    // References are checked once the shape is valid: an unknown member role names its path.
    const unknownRole = expectError(
      await importData(target, { organizations: [{ id: "org_ref", name: "ref", members: [{ userId: "x|ann", roles: ["no-such-role"] }] }] }),
      "BAD_USER_INPUT",
    );
    expect(unknownRole.extensions.problems).toEqual([{ path: "organizations[0].members[0].roles[0]", message: 'unknown role id "no-such-role"' }]);
    expect(await databaseSnapshot(target)).toEqual(before);
  });
});
