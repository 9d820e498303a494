import { DEMO_APPLICATION_ID, seedDemo } from "../src/cli/seed-demo";
import { names } from "./helpers/fixtures";
import { startTestServer, TestServer } from "./helpers/server";

/** docs/design.md §9, loaded by `gatehouse seed demo`, checked through the GraphQL API. */
describe("example company (seed demo)", () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
    const seeded = await seedDemo(t.server.app);
    expect(seeded).not.toBeNull();
  });
  afterAll(() => t.stop());

  it("a member of External Accountants is, through nesting, in Accounting and Example Company and holds Expense User", async () => {
    const { user } = await t.ok<any>(
      `query($app: ID!) { user(id: "auth0|alice") {
        groups { name }
        effectiveGroups { name }
        effectiveRoles(applicationId: $app) { name }
        effectivePermissions(applicationId: $app) { name }
      } }`,
      { app: DEMO_APPLICATION_ID },
    );
    expect(names(user.groups)).toEqual(["External Accountants"]);
    expect(names(user.effectiveGroups)).toEqual(["Accounting", "Example Company", "External Accountants"]);
    expect(names(user.effectiveRoles)).toEqual(["Expense User"]);
    expect(names(user.effectivePermissions)).toEqual(["add:expense", "view:own-expenses"]);
  });

  it("a member of Finance IT Support also holds Expense Admin through Finance", async () => {
    const { user } = await t.ok<any>(
      `query($app: ID!) { user(id: "auth0|bob") { effectiveGroups { name } effectiveRoles(applicationId: $app) { name } effectivePermissions(applicationId: $app) { name } } }`,
      { app: DEMO_APPLICATION_ID },
    );
    expect(names(user.effectiveGroups)).toEqual(["Example Company", "Finance", "Finance IT Support"]);
    expect(names(user.effectiveRoles)).toEqual(["Expense Admin", "Expense User"]);
    expect(names(user.effectivePermissions)).toEqual(["add:expense", "approve:expenses", "delete:expenses", "view:all-expenses", "view:own-expenses"]);
  });

  it("has the application, permissions and roles of docs/design.md §9", async () => {
    const { application } = await t.ok<any>(
      `query($id: ID!) { application(id: $id) { name type supported permissions { name } roles { name permissions { name } groups { name } } } }`,
      { id: DEMO_APPLICATION_ID },
    );
    expect(application).toMatchObject({ name: "Expense Management Tool", type: "REGULAR_WEB", supported: true });
    expect(names(application.permissions)).toEqual(["add:expense", "approve:expenses", "delete:expenses", "view:all-expenses", "view:own-expenses"]);
    expect(application.roles).toEqual([
      {
        name: "Expense Admin",
        permissions: [{ name: "add:expense" }, { name: "approve:expenses" }, { name: "delete:expenses" }, { name: "view:all-expenses" }],
        groups: [{ name: "Finance" }],
      },
      { name: "Expense User", permissions: [{ name: "add:expense" }, { name: "view:own-expenses" }], groups: [{ name: "Example Company" }] },
    ]);
  });

  it("has the group tree of docs/design.md §9 with the Management mapping", async () => {
    const { groups } = await t.ok<any>(`{ groups { totalCount nodes { name nestedGroups { name } parentGroups { name } mappings { connectionName groupName } } } }`);
    const byName = new Map<string, any>(groups.nodes.map((g: any) => [g.name, g]));
    expect(groups.totalCount).toBe(7);
    expect(names(byName.get("Example Company").nestedGroups)).toEqual(["Accounting", "Finance", "Human Resources", "Management"]);
    expect(byName.get("Example Company").parentGroups).toEqual([]);
    expect(names(byName.get("Accounting").nestedGroups)).toEqual(["External Accountants"]);
    expect(names(byName.get("Finance").nestedGroups)).toEqual(["Finance IT Support"]);
    expect(names(byName.get("External Accountants").parentGroups)).toEqual(["Accounting"]);
    expect(byName.get("Management").mappings).toEqual([{ connectionName: "corp-ad", groupName: "Administrative" }]);
  });

  it("Example Company's calculated members are everyone, each with the group they come through", async () => {
    const { groups } = await t.ok<any>(`{ groups(search: "example company") { nodes { memberCount calculatedMembers { totalCount nodes { user { id } group { name } } } } } }`);
    const company = groups.nodes[0];
    expect(company.memberCount).toBe(0);
    expect(company.calculatedMembers.totalCount).toBe(2);
    expect(company.calculatedMembers.nodes.map((n: any) => `${n.user.id}@${n.group.name}`)).toEqual(["auth0|alice@External Accountants", "auth0|bob@Finance IT Support"]);
  });

  it("External Accountants inherits Expense User from Example Company", async () => {
    const { groups } = await t.ok<any>(`{ groups(search: "external") { nodes { roles { name } effectiveRoles { role { name } group { name } } } } }`);
    expect(groups.nodes[0].roles).toEqual([]);
    expect(groups.nodes[0].effectiveRoles).toEqual([{ role: { name: "Expense User" }, group: { name: "Example Company" } }]);
  });

  it("refuses to seed twice (returns null) and changes nothing", async () => {
    expect(await seedDemo(t.server.app)).toBeNull();
    expect((await t.ok<any>(`{ groups { totalCount } }`)).groups.totalCount).toBe(7);
  });
});
