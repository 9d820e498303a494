import { ChildProcess } from "node:child_process";
import { ContextArgs, context } from "./helpers/authorization";
import { Fixtures } from "./helpers/fixtures";
import { spawnServe, startTestServer, TestServer } from "./helpers/server";
import { UserRowLimits } from "../src/authorization/model-cache";

/** What the cache keeps of the per-user tables: all (small models), direct roles only (`large`), neither. */
const MODES: Array<[string, UserRowLimits]> = [
  ["memberships and direct roles in memory", { memberships: 250_000, directRoles: 250_000 }],
  ["memberships read per login, direct roles in memory", { memberships: 0, directRoles: 250_000 }],
  ["memberships and direct roles read per login", { memberships: 0, directRoles: 0 }],
];

/**
 * The model cache (src/authorization/model-cache.ts) must never answer from a state older than
 * the last committed write: each test warms the cache, writes, and asks at once — through the
 * same process and through a second process on the same SQLite file.
 */
describe.each(MODES)("model cache freshness — %s", (_mode, limits) => {
  let t: TestServer;
  let f: Fixtures;
  let appId: string;
  const login: ContextArgs = { userId: "cache|alice", clientId: "cache-app", connection: "corp-ad", connectionGroups: ["Staff"] };

  async function warm(): Promise<void> {
    await context(t, login);
    expect(await t.server.app.services.authorization.cache.warm()).not.toBeNull();
  }

  beforeAll(async () => {
    t = await startTestServer();
    t.server.app.services.authorization.cache.setUserRowLimits(limits);
    f = new Fixtures(t);
    appId = (await f.application({ id: "cache-app", name: "Cache App" })).id;
  });
  afterAll(() => t.stop());

  it("sees every kind of model write immediately (same process)", async () => {
    const parent = await f.group("Cache Parent");
    const child = await f.group("Cache Child");
    const read = await f.permission(appId, "cache:read");
    const write = await f.permission(appId, "cache:write");
    const role = await f.role(appId, "Cache Reader", [read.id]);

    await warm();
    await f.addMembers(child.id, [login.userId]);
    expect((await context(t, login)).groups).toEqual(["Cache Child"]);

    await warm();
    await f.nest(parent.id, [child.id]);
    expect((await context(t, login)).groups).toEqual(["Cache Child", "Cache Parent"]);

    const direct = await f.role(appId, "Cache Direct");
    await warm();
    await f.userRoles(login.userId, [direct.id]);
    expect((await context(t, login)).roles).toEqual(["Cache Direct"]);

    await warm();
    await t.ok(`mutation($u: ID!, $r: [ID!]!) { removeUserRoles(userId: $u, roleIds: $r) { id } }`, { u: login.userId, r: [direct.id] });
    expect((await context(t, login)).roles).toEqual([]);

    await warm();
    await f.groupRoles(parent.id, [role.id]);
    expect((await context(t, login)).roles).toEqual(["Cache Reader"]);

    await warm();
    await t.ok(`mutation($id: ID!, $p: [ID!]) { updateRole(id: $id, input: { permissionIds: $p }) { id } }`, { id: role.id, p: [read.id, write.id] });
    expect((await context(t, login)).permissions).toEqual(["cache:read", "cache:write"]);

    await warm();
    await t.ok(`mutation($id: ID!) { updatePermission(id: $id, input: { name: "cache:write-all" }) { id } }`, { id: write.id });
    expect((await context(t, login)).permissions).toEqual(["cache:read", "cache:write-all"]);

    const mapped = await f.group("Cache Mapped");
    await warm();
    await t.ok(`mutation($g: ID!) { addGroupMappings(groupId: $g, mappings: [{ connectionName: "corp-ad", groupName: "Staff" }]) { id } }`, { g: mapped.id });
    expect((await context(t, login)).groups).toEqual(["Cache Child", "Cache Mapped", "Cache Parent"]);

    await warm();
    await t.ok(`mutation { updateConfiguration(input: { rolesInToken: true, claimNamespace: "https://cache.test/" }) { rolesInToken } }`);
    expect((await context(t, login)).claims).toEqual({ "https://cache.test/roles": ["Cache Reader"] });

    await warm();
    await t.ok(`mutation { updateApplication(id: "cache-app", input: { requiredRoles: ["Cache Admin"] }) { id } }`);
    expect((await context(t, login)).accessGranted).toBe(false);

    await warm();
    await t.ok(`mutation($id: ID!) { deleteRole(id: $id, force: true) }`, { id: role.id });
    const after = await context(t, login);
    expect(after.roles).toEqual([]);
    expect(after.permissions).toEqual([]);
  });

  it("answers a warm login in one statement (the revision with the user's rows not in memory), and from the database when cold", async () => {
    const statements = async () => {
      const before = t.sqlCount();
      const answer = await context(t, login);
      return { count: t.sqlCount() - before, answer };
    };
    await f.userRoles(login.userId, [(await f.role(appId, "Cache Warm Direct")).id]);
    await warm();
    const warmLogin = await statements();
    // One statement: the revision, with the per-user rows the cache does not hold for the user of variables.userId.
    expect(warmLogin.count).toBe(1);
    expect(warmLogin.answer.roles).toContain("Cache Warm Direct");
    expect(warmLogin.answer.groups).toContain("Cache Child");
    await f.addMembers((await f.group("Cache Bump")).id, [login.userId]);
    const cold = await statements();
    expect(cold.count).toBeGreaterThan(2);
    expect(cold.answer.groups).toContain("Cache Bump");
    expect({ ...cold.answer, groups: cold.answer.groups.filter((g) => g !== "Cache Bump") }).toEqual(warmLogin.answer);
  });

  describe("with a second Gatehouse process on the same database", () => {
    let child: ChildProcess;
    let childUrl: string;
    let childToken: string;

    beforeAll(async () => {
      const databaseUrl = t.server.app.config.databaseUrl;
      childToken = await t.token();
      ({ child, url: childUrl } = await spawnServe({ DATABASE_URL: databaseUrl, LOG_LEVEL: "warn" }));
    }, 30_000);
    afterAll(() => {
      child?.kill("SIGTERM");
    });

    async function childContext(args: ContextArgs): Promise<{ groups: string[]; roles: string[] }> {
      const response = await fetch(childUrl, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${childToken}` },
        body: JSON.stringify({
          query: `query($u: ID!, $c: ID!, $conn: String, $g: [String!]) { authorizationContext(userId: $u, clientId: $c, connection: $conn, connectionGroups: $g) { groups roles } }`,
          variables: { u: args.userId, c: args.clientId, conn: args.connection, g: args.connectionGroups },
        }),
      });
      const body = (await response.json()) as { data?: { authorizationContext: { groups: string[]; roles: string[] } }; errors?: unknown };
      if (!body.data) throw new Error(JSON.stringify(body.errors));
      return body.data.authorizationContext;
    }

    it("a write through this process is visible through the other at once, and back", async () => {
      const user: ContextArgs = { userId: "cache|bob", clientId: appId };
      const group = await f.group("Cross Process");
      const role = await f.role(appId, "Cross Role");
      // Warm the other process's cache, then write here and ask there.
      await childContext(user);
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(await childContext(user)).toEqual({ groups: [], roles: [] });
      await f.addMembers(group.id, [user.userId]);
      expect(await childContext(user)).toEqual({ groups: ["Cross Process"], roles: [] });
      await f.groupRoles(group.id, [role.id]);
      expect(await childContext(user)).toEqual({ groups: ["Cross Process"], roles: ["Cross Role"] });

      // Write there, ask here (this process's cache is warm).
      await warm();
      const response = await fetch(childUrl, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${childToken}` },
        body: JSON.stringify({ query: `mutation($g: ID!, $r: [ID!]!) { removeGroupRoles(groupId: $g, roleIds: $r) { id } }`, variables: { g: group.id, r: [role.id] } }),
      });
      expect(response.status).toBe(200);
      expect((await context(t, user)).roles).toEqual([]);
    });
  });
});
