/**
 * examples/extension-provisioning.js, a script in the style of the Auth0 extension's API clients,
 * run unchanged (`node`, two environment variables) against a real Gatehouse; the model it builds
 * must equal the same model built through GraphQL on another server: the same export (ids aside,
 * which each server generates) and the same authorizationContext answers.
 */
import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { context, ContextArgs } from "./helpers/authorization";
import { Fixtures } from "./helpers/fixtures";
import { startTestServer, TestServer } from "./helpers/server";

const SCRIPT = path.join(__dirname, "..", "examples", "extension-provisioning.js");
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { CLIENT_ID } = require(SCRIPT) as { CLIENT_ID: string };
const run = promisify(execFile);

/** The export with every generated id replaced by the name of its record (mapping ids dropped), lists sorted. */
function byNames(document: Record<string, any>): Record<string, unknown> {
  const names = new Map<string, string>();
  for (const key of ["groups", "roles", "permissions"]) for (const record of document[key]) names.set(record._id, `${key}:${record.name}`);
  const named = (ids: string[]) => ids.map((id) => names.get(id) ?? id).sort();
  const sortBy = <T>(items: T[], key: (item: T) => string) => [...items].sort((a, b) => key(a).localeCompare(key(b)));
  return {
    configuration: document.configuration,
    groups: sortBy(
      document.groups.map((g: any) => ({
        name: g.name,
        description: g.description,
        members: [...g.members].sort(),
        roles: named(g.roles),
        nested: named(g.nested),
        mappings: g.mappings.map((m: any) => ({ groupName: m.groupName, connectionName: m.connectionName })),
      })),
      (g: any) => g.name,
    ),
    roles: sortBy(
      document.roles.map((r: any) => ({ ...r, _id: undefined, permissions: named(r.permissions), users: [...r.users].sort() })),
      (r: any) => r.name,
    ),
    permissions: sortBy(
      document.permissions.map((p: any) => ({ ...p, _id: undefined })),
      (p: any) => p.name,
    ),
    applications: document.applications,
    users: document.users,
  };
}

/** The same model, built through GraphQL mutations. */
async function buildThroughGraphql(t: TestServer): Promise<void> {
  const f = new Fixtures(t);
  await f.application({ id: CLIENT_ID, name: CLIENT_ID, type: "REGULAR_WEB" });
  const permission = async (name: string, description: string) => (await f.permission(CLIENT_ID, name, description)).id;
  const add = await permission("add:expense", "Submit an expense");
  const view = await permission("view:own-expenses", "See one's own expenses");
  const approve = await permission("approve:expense", "Approve expenses of others");
  const role = async (name: string, description: string, permissionIds: string[]) =>
    (
      await t.ok<{ createRole: { id: string } }>(`mutation($input: CreateRoleInput!) { createRole(input: $input) { id } }`, {
        input: { applicationId: CLIENT_ID, name, description, permissionIds },
      })
    ).createRole.id;
  const user = await role("Expense User", "Submits expenses", [add, view]);
  const approver = await role("Expense Approver", "Approves expenses", [approve, view]);
  const company = (await f.group("Example Company", "Everyone")).id;
  const finance = (await f.group("Finance", "The finance department")).id;
  const accounting = (await f.group("Accounting", "Book keepers")).id;
  const auditors = (await f.group("External Auditors", "Auditors from outside")).id;
  await f.nest(company, [finance]);
  await f.nest(finance, [accounting, auditors]);
  await f.addMembers(accounting, ["auth0|alice", "auth0|bob"]);
  await f.addMembers(company, ["auth0|carol"]);
  await t.ok(`mutation($u: ID!, $g: [ID!]!) { addUserToGroups(userId: $u, groupIds: $g) { id } }`, { u: "auth0|dave", g: [auditors] });
  await f.groupRoles(company, [user]);
  await f.groupRoles(finance, [approver]);
  await f.userRoles("auth0|erin", [approver]);
  await t.ok(`mutation($g: ID!, $m: [GroupMappingInput!]!) { addGroupMappings(groupId: $g, mappings: $m) { id } }`, {
    g: accounting,
    m: [{ groupName: "Accountants", connectionName: "corp-ad" }],
  });
}

const LOGINS: ContextArgs[] = [
  ...["auth0|alice", "auth0|bob", "auth0|carol", "auth0|dave", "auth0|erin", "auth0|nobody"].map((userId) => ({
    userId,
    clientId: CLIENT_ID,
    connection: "Username-Password-Authentication",
  })),
  { userId: "ad|corp|frank", clientId: CLIENT_ID, connection: "corp-ad", connectionGroups: ["Accountants"] },
  { userId: "ad|corp|gina", clientId: CLIENT_ID, connection: "other-ad", connectionGroups: ["Accountants"] },
];

describe("examples/extension-provisioning.js against a real Gatehouse", () => {
  let rest: TestServer;
  let graphql: TestServer;

  beforeAll(async () => {
    [rest, graphql] = await Promise.all([startTestServer(), startTestServer()]);
  });
  afterAll(() => Promise.all([rest.stop(), graphql.stop()]));

  it("refuses to start without its two settings", async () => {
    await expect(run(process.execPath, [SCRIPT], { env: { PATH: process.env.PATH } })).rejects.toMatchObject({
      stderr: expect.stringContaining("Set AUTHZ_API_URL and AUTHZ_API_TOKEN"),
    });
  });

  it("builds the same model as GraphQL does, and running it again changes nothing", async () => {
    const token = await rest.token(["read:groups", "create:groups", "update:groups", "read:roles", "create:roles", "update:roles", "read:permissions", "create:permissions"]);
    const env = { PATH: process.env.PATH, AUTHZ_API_URL: `${rest.baseUrl}/api`, AUTHZ_API_TOKEN: token };
    const first = await run(process.execPath, [SCRIPT], { env });
    expect(first.stdout).toContain('application "client-expense-tool" was unknown: created as a stub');
    expect(first.stdout).toContain("Accounting's members hold Expense Approver (from Finance), Expense User (from Example Company)");
    await buildThroughGraphql(graphql);

    const exportOf = async (t: TestServer) => byNames((await t.ok<{ exportData: Record<string, any> }>(`{ exportData }`)).exportData);
    const built = await exportOf(graphql);
    expect(await exportOf(rest)).toEqual(built);

    await run(process.execPath, [SCRIPT], { env });
    expect(await exportOf(rest)).toEqual(built);

    for (const login of LOGINS) {
      const [viaRest, viaGraphql] = await Promise.all([context(rest, login), context(graphql, login)]);
      expect({ login, answer: viaRest }).toEqual({ login, answer: viaGraphql });
    }
    // The model is not empty: Alice holds both roles through the nesting, Frank through the mapping.
    expect((await context(rest, LOGINS[0])).roles).toEqual(["Expense Approver", "Expense User"]);
    expect((await context(rest, LOGINS[6])).groups).toEqual(["Accounting", "Example Company", "Finance"]);
  });
});
