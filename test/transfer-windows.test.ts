import { Fixtures } from "./helpers/fixtures";
import { databaseSnapshot } from "./helpers/operations";
import { startTestServer, TestServer } from "./helpers/server";
import { exportData, expectProblems, importData, importOk } from "./helpers/transfer";

/**
 * Export and import of time-bound grants (docs/design.md §13.3): `memberGrants` beside a group's
 * members, `userGrants` beside a role's users, `validFrom`/`expiresAt` on an organization member
 * and `roleGrants` beside its roles — windowed grants only, also in the plain lists; windows
 * already past are imported (history); a bad window is refused with its path.
 */
describe("export and import keep the windows of time-bound grants", () => {
  let source: TestServer;
  let target: TestServer;
  let exported: any;
  const ids: Record<string, string> = {};
  const later = new Date(Date.now() + 30 * 86_400_000).toISOString();
  const pending = new Date(Date.now() + 7 * 86_400_000).toISOString();
  const past = ["2025-01-01T00:00:00.000Z", "2025-02-01T00:00:00.000Z"];

  beforeAll(async () => {
    [source, target] = await Promise.all([startTestServer(), startTestServer()]);
    const f = new Fixtures(source);
    const app = await f.application({ id: "windows-app" });
    ids.role = (await f.role(app.id, "Temporary Admin")).id;
    ids.memberRole = (await f.role(app.id, "Tenant Admin")).id;
    ids.plainRole = (await f.role(app.id, "Tenant User")).id;
    ids.group = (await f.group("Contractors")).id;
    ids.plainGroup = (await f.group("Staff")).id;
    ids.org = (await f.organization({ name: "acme" })).id;
    await f.users([{ id: "w|expiring" }, { id: "w|pending" }, { id: "w|plain" }]);
    await f.addMembers(ids.group, ["w|plain"]);
    await f.addMembers(ids.plainGroup, ["w|plain"]);
    await source.ok(`mutation($g: ID!, $e: DateTimeISO) { addGroupMembers(groupId: $g, userIds: ["w|expiring"], expiresAt: $e) { id } }`, { g: ids.group, e: later });
    await source.ok(`mutation($g: ID!, $f: DateTimeISO, $e: DateTimeISO) { addGroupMembers(groupId: $g, userIds: ["w|pending"], validFrom: $f, expiresAt: $e) { id } }`, {
      g: ids.group,
      f: pending,
      e: later,
    });
    await source.ok(`mutation($r: [ID!]!, $f: DateTimeISO) { addUserRoles(userId: "w|pending", roleIds: $r, validFrom: $f) { id } }`, { r: [ids.role], f: pending });
    await f.userRoles("w|plain", [ids.role]);
    await source.ok(`mutation($o: ID!, $e: DateTimeISO) { addOrganizationMembers(organizationId: $o, userIds: ["w|expiring"], expiresAt: $e) { id } }`, { o: ids.org, e: later });
    await f.organizationMembers(ids.org, ["w|plain"]);
    await f.organizationMemberRoles(ids.org, "w|expiring", [ids.plainRole]);
    await source.ok(`mutation($o: ID!, $r: [ID!]!, $f: DateTimeISO) { addOrganizationMemberRoles(organizationId: $o, userId: "w|expiring", roleIds: $r, validFrom: $f) { id } }`, {
      o: ids.org,
      r: [ids.memberRole],
      f: pending,
    });
    exported = await exportData(source);
  });
  afterAll(() => Promise.all([source.stop(), target.stop()]));

  it("exports windowed grants in memberGrants, userGrants and on organization members, and keeps them in the plain lists", () => {
    const group = exported.groups.find((g: any) => g._id === ids.group);
    expect(group.members).toEqual(["w|expiring", "w|pending", "w|plain"]);
    expect(group.memberGrants).toEqual([
      { userId: "w|expiring", validFrom: null, expiresAt: later },
      { userId: "w|pending", validFrom: pending, expiresAt: later },
    ]);
    expect(Object.keys(group)).toEqual(["_id", "name", "description", "members", "memberGrants", "roles", "nested", "mappings"]);
    // Nothing windowed: the record is the extension's, key for key.
    expect(Object.keys(exported.groups.find((g: any) => g._id === ids.plainGroup))).toEqual(["_id", "name", "description", "members", "roles", "nested", "mappings"]);
    const role = exported.roles.find((r: any) => r._id === ids.role);
    expect(role.users).toEqual(["w|pending", "w|plain"]);
    expect(role.userGrants).toEqual([{ userId: "w|pending", validFrom: pending, expiresAt: null }]);
    expect(exported.roles.find((r: any) => r._id === ids.plainRole).userGrants).toBeUndefined();
    const org = exported.organizations.find((o: any) => o.id === ids.org);
    expect(org.members).toEqual([
      {
        userId: "w|expiring",
        roles: [ids.memberRole, ids.plainRole].sort(),
        validFrom: null,
        expiresAt: later,
        roleGrants: [{ roleId: ids.memberRole, validFrom: pending, expiresAt: null }],
      },
      { userId: "w|plain", roles: [] },
    ]);
  });

  it("REPLACE into another database keeps every window: the same export, byte for byte", async () => {
    await importOk(target, exported, { mode: "REPLACE" });
    expect(JSON.stringify(await exportData(target))).toBe(JSON.stringify(exported));
  });

  it("MERGE keeps every window too, and a MERGE without windows clears them (the file's lists are the grants)", async () => {
    await importOk(target, { organizations: [], groups: [], roles: [] }, { mode: "REPLACE" });
    await importOk(target, exported, { mode: "MERGE" });
    expect(JSON.stringify(await exportData(target))).toBe(JSON.stringify(exported));
    const withoutWindows = structuredClone(exported);
    for (const group of withoutWindows.groups) delete group.memberGrants;
    await importOk(target, { groups: withoutWindows.groups }, { mode: "MERGE" });
    const after = await exportData(target);
    expect(after.groups.find((g: any) => g._id === ids.group).memberGrants).toBeUndefined();
    // Roles and organizations, not in that file, kept theirs.
    expect(after.roles.find((r: any) => r._id === ids.role).userGrants).toEqual([{ userId: "w|pending", validFrom: pending, expiresAt: null }]);
    expect(after.organizations).toEqual(exported.organizations);
  });

  it("imports windows already past (history), with offsets normalised to UTC", async () => {
    const file = structuredClone(exported);
    const group = file.groups.find((g: any) => g._id === ids.group);
    group.memberGrants = [{ userId: "w|plain", validFrom: "2025-01-01T01:00:00+01:00", expiresAt: past[1] }];
    file.organizations[0].members[1] = {
      userId: "w|plain",
      roles: [ids.plainRole],
      validFrom: past[0],
      expiresAt: past[1],
      roleGrants: [{ roleId: ids.plainRole, validFrom: null, expiresAt: past[1] }],
    };
    await importOk(target, file, { mode: "REPLACE" });
    const after = await exportData(target);
    expect(after.groups.find((g: any) => g._id === ids.group).memberGrants).toEqual([{ userId: "w|plain", validFrom: past[0], expiresAt: past[1] }]);
    expect(after.organizations[0].members[1]).toEqual({
      userId: "w|plain",
      roles: [ids.plainRole],
      validFrom: past[0],
      expiresAt: past[1],
      roleGrants: [{ roleId: ids.plainRole, validFrom: null, expiresAt: past[1] }],
    });
  });

  it("refuses bad windows, each with its path, and writes nothing", async () => {
    const file = structuredClone(exported);
    const group = file.groups.find((g: any) => g._id === ids.group);
    const g = file.groups.indexOf(group);
    group.memberGrants = [
      { userId: "w|expiring", validFrom: null, expiresAt: "next tuesday" },
      { userId: "w|pending", validFrom: later, expiresAt: pending },
      { userId: "w|nobody", validFrom: null, expiresAt: later },
      { userId: "w|plain", expiresAt: 1735689600000 },
      { userId: "w|plain", validFrom: null, expiresAt: later, note: "x" },
    ];
    const role = file.roles.find((r: any) => r._id === ids.role);
    const r = file.roles.indexOf(role);
    role.userGrants = { userId: "w|pending" };
    file.organizations[0].members[0].validFrom = "2026-13-01T00:00:00Z";
    file.organizations[0].members[0].roleGrants = [{ roleId: "not-a-role-of-the-member", validFrom: null, expiresAt: null }];
    const before = JSON.stringify(await exportData(target));
    const snapshot = await databaseSnapshot(target);
    expectProblems(await importData(target, file, { mode: "MERGE" }), [
      [`groups[${g}].memberGrants[0].expiresAt`, 'must be an ISO 8601 date-time such as 2026-12-01T21:00:00.000Z (or null), not "next tuesday"'],
      [`groups[${g}].memberGrants[1].expiresAt`, `must be later than validFrom (${later}), not ${pending}`],
      [`groups[${g}].memberGrants[2].userId`, '"w|nobody" is not in members'],
      [`groups[${g}].memberGrants[3].expiresAt`, "must be an ISO 8601 date-time"],
      [`groups[${g}].memberGrants[4].note`, "unknown key (expected userId, validFrom, expiresAt)"],
      [`groups[${g}].memberGrants[4].userId`, 'duplicate "w|plain"'],
      [`roles[${r}].userGrants`, "must be an array of {userId, validFrom, expiresAt}"],
      ["organizations[0].members[0].validFrom", 'not "2026-13-01T00:00:00Z"'],
      ["organizations[0].members[0].roleGrants[0].roleId", '"not-a-role-of-the-member" is not in roles'],
    ]);
    expect(JSON.stringify(await exportData(target))).toBe(before);
    expect(await databaseSnapshot(target)).toEqual(snapshot);
  });
});
