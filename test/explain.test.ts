import { DEMO_APPLICATION_ID, DemoSeed, seedDemo } from "../src/cli/seed-demo";
import { context, ContextArgs, explain, EXPLAIN_QUERY } from "./helpers/authorization";
import { expectError, Fixtures } from "./helpers/fixtures";
import { startTestServer, TestServer } from "./helpers/server";

/** explainAuthorization end to end: every derivation path, as readable strings. */

const APP = DEMO_APPLICATION_ID;

describe("explainAuthorization", () => {
  let t: TestServer;
  let f: Fixtures;
  let demo: DemoSeed;

  beforeAll(async () => {
    t = await startTestServer();
    f = new Fixtures(t);
    demo = (await seedDemo(t.server.app))!;
  });
  afterAll(() => t.stop());

  it("explains a member of External Accountants with the documented path strings", async () => {
    expect(await explain(t, { userId: "auth0|alice", clientId: APP })).toEqual({
      groups: [
        { name: "Accounting", paths: ["Accounting ← member of External Accountants"], truncated: false },
        { name: "Example Company", paths: ["Example Company ← group Accounting ← member of External Accountants"], truncated: false },
        { name: "External Accountants", paths: ["External Accountants ← direct membership"], truncated: false },
      ],
      roles: [{ name: "Expense User", paths: ["Expense User ← group Example Company ← group Accounting ← member of External Accountants"], truncated: false }],
      permissions: [
        { name: "add:expense", paths: ["add:expense ← role Expense User ← group Example Company ← group Accounting ← member of External Accountants"], truncated: false },
        {
          name: "view:own-expenses",
          paths: ["view:own-expenses ← role Expense User ← group Example Company ← group Accounting ← member of External Accountants"],
          truncated: false,
        },
      ],
    });
  });

  it("a permission that comes through two roles lists both paths", async () => {
    const explanation = await explain(t, { userId: "auth0|bob", clientId: APP });
    expect(explanation.roles).toEqual([
      { name: "Expense Admin", paths: ["Expense Admin ← group Finance ← member of Finance IT Support"], truncated: false },
      { name: "Expense User", paths: ["Expense User ← group Example Company ← group Finance ← member of Finance IT Support"], truncated: false },
    ]);
    expect(explanation.permissions.find((p) => p.name === "add:expense")).toEqual({
      name: "add:expense",
      paths: [
        "add:expense ← role Expense Admin ← group Finance ← member of Finance IT Support",
        "add:expense ← role Expense User ← group Example Company ← group Finance ← member of Finance IT Support",
      ],
      truncated: false,
    });
    expect(explanation.permissions.map((p) => [p.name, p.paths.length])).toEqual([
      ["add:expense", 2],
      ["approve:expenses", 1],
      ["delete:expenses", 1],
      ["view:all-expenses", 1],
      ["view:own-expenses", 1],
    ]);
  });

  it("a group that comes through two parents lists both paths, and so do the roles it carries", async () => {
    const app = await f.application({ id: "diamond-app", name: "Diamond App" });
    const perm = await f.permission(app.id, "diamond:read");
    const role = await f.role(app.id, "Diamond Reader", [perm.id]);
    const top = await f.group("Diamond Top");
    const left = await f.group("Diamond Left");
    const right = await f.group("Diamond Right");
    const leaf = await f.group("Diamond Leaf");
    await f.nest(top.id, [left.id, right.id]);
    await f.nest(left.id, [leaf.id]);
    await f.nest(right.id, [leaf.id]);
    await f.groupRoles(top.id, [role.id]);
    await f.addMembers(leaf.id, ["diamond|user"]);

    expect(await explain(t, { userId: "diamond|user", clientId: app.id })).toEqual({
      groups: [
        { name: "Diamond Leaf", paths: ["Diamond Leaf ← direct membership"], truncated: false },
        { name: "Diamond Left", paths: ["Diamond Left ← member of Diamond Leaf"], truncated: false },
        { name: "Diamond Right", paths: ["Diamond Right ← member of Diamond Leaf"], truncated: false },
        {
          name: "Diamond Top",
          paths: ["Diamond Top ← group Diamond Left ← member of Diamond Leaf", "Diamond Top ← group Diamond Right ← member of Diamond Leaf"],
          truncated: false,
        },
      ],
      roles: [
        {
          name: "Diamond Reader",
          paths: [
            "Diamond Reader ← group Diamond Top ← group Diamond Left ← member of Diamond Leaf",
            "Diamond Reader ← group Diamond Top ← group Diamond Right ← member of Diamond Leaf",
          ],
          truncated: false,
        },
      ],
      permissions: [
        {
          name: "diamond:read",
          paths: [
            "diamond:read ← role Diamond Reader ← group Diamond Top ← group Diamond Left ← member of Diamond Leaf",
            "diamond:read ← role Diamond Reader ← group Diamond Top ← group Diamond Right ← member of Diamond Leaf",
          ],
          truncated: false,
        },
      ],
    });
  });

  it("names the mapping (connection, IdP group), and a direct role assignment", async () => {
    await f.users([{ id: "ad|corp|erin" }]);
    await f.userRoles("ad|corp|erin", [demo.roles["Expense User"]]);
    const explanation = await explain(t, { userId: "ad|corp|erin", clientId: APP, connection: "corp-ad", connectionGroups: ["Administrative"] });
    expect(explanation.groups).toEqual([
      { name: "Example Company", paths: ["Example Company ← mapping (corp-ad, Administrative) into Management"], truncated: false },
      { name: "Management", paths: ["Management ← mapping (corp-ad, Administrative)"], truncated: false },
    ]);
    expect(explanation.roles).toEqual([
      {
        name: "Expense User",
        paths: ["Expense User ← direct assignment", "Expense User ← group Example Company ← mapping (corp-ad, Administrative) into Management"],
        truncated: false,
      },
    ]);
    expect(explanation.permissions[0]).toEqual({
      name: "add:expense",
      paths: ["add:expense ← role Expense User ← direct assignment", "add:expense ← role Expense User ← group Example Company ← mapping (corp-ad, Administrative) into Management"],
      truncated: false,
    });
  });

  it("lists exactly the groups, roles and permissions authorizationContext returns", async () => {
    const cases: ContextArgs[] = [
      { userId: "auth0|alice", clientId: APP },
      { userId: "auth0|bob", clientId: APP, connection: "corp-ad", connectionGroups: ["Administrative"] },
      { userId: "auth0|unknown", clientId: APP },
      { userId: "auth0|alice", clientId: "unregistered" },
    ];
    for (const args of cases) {
      const answer = await context(t, args);
      const explanation = await explain(t, args);
      expect({
        args,
        groups: explanation.groups.map((i) => i.name),
        roles: explanation.roles.map((i) => i.name),
        permissions: explanation.permissions.map((i) => i.name),
      }).toEqual({ args, groups: answer.groups, roles: answer.roles, permissions: answer.permissions });
    }
  });

  it("on a wide DAG (12 levels × 3 parents: 3^12 paths to the top) lists at most 50 paths per item and says it cut", async () => {
    const app = await f.application({ id: "wide-app", name: "Wide App" });
    const perm = await f.permission(app.id, "wide:read");
    const role = await f.role(app.id, "Wide Reader", [perm.id]);
    const bottom = await f.group("Wide Bottom");
    let below = [bottom];
    for (let level = 1; level <= 12; level += 1) {
      const row = [await f.group(`Wide ${level}a`), await f.group(`Wide ${level}b`), await f.group(`Wide ${level}c`)];
      for (const parent of row)
        await f.nest(
          parent.id,
          below.map((child) => child.id),
        );
      below = row;
    }
    for (const top of below) await f.groupRoles(top.id, [role.id]);
    await f.addMembers(bottom.id, ["wide|user"]);

    const explanation = await explain(t, { userId: "wide|user", clientId: app.id });
    const items = [...explanation.groups, ...explanation.roles, ...explanation.permissions];
    expect(explanation.groups).toHaveLength(1 + 12 * 3);
    for (const item of items) expect(item.paths.length).toBeLessThanOrEqual(50);
    const byName = new Map(items.map((item) => [item.name, item]));
    // Level n has 3^(n-1) paths: 27 at level 4 (all listed), 81 at level 5.
    expect(byName.get("Wide 4a")).toMatchObject({ truncated: false });
    expect(byName.get("Wide 4a")?.paths).toHaveLength(27);
    expect(byName.get("Wide 5a")).toMatchObject({ truncated: true });
    expect(byName.get("Wide 5a")?.paths).toHaveLength(50);
    expect(byName.get("Wide 12c")).toMatchObject({ truncated: true });
    expect(byName.get("Wide Reader")).toMatchObject({ truncated: true });
    expect(byName.get("wide:read")).toMatchObject({ truncated: true });
    expect(byName.get("Wide Bottom")).toEqual({ name: "Wide Bottom", paths: ["Wide Bottom ← direct membership"], truncated: false });
  });

  it("a small model is not truncated and lists all its paths", async () => {
    const explanation = await explain(t, { userId: "auth0|bob", clientId: APP });
    for (const item of [...explanation.groups, ...explanation.roles, ...explanation.permissions]) expect(item.truncated).toBe(false);
    expect(explanation.permissions.find((p) => p.name === "add:expense")?.paths).toHaveLength(2);
  });

  it("needs read:authorization (FORBIDDEN naming it)", async () => {
    const token = await t.token(["read:groups", "read:users"]);
    expectError(await t.gql(EXPLAIN_QUERY, { userId: "auth0|alice", clientId: APP }, { token }), "FORBIDDEN", "read:authorization");
  });
});
