import { ChildProcess } from "node:child_process";
import { postPolicy, rotateApiKey } from "./helpers/authorization";
import { Fixtures } from "./helpers/fixtures";
import { spawnServe, startTestServer, TestServer } from "./helpers/server";

const ARGS = `$userId: ID!, $clientId: ID!, $connection: String, $connectionGroups: [String!], $organizationId: ID`;
const USE = `userId: $userId, clientId: $clientId, connection: $connection, connectionGroups: $connectionGroups, organizationId: $organizationId`;
const CONTEXT = `query(${ARGS}) { authorizationContext(${USE}) { groups roles permissions accessGranted denialReason organization { name } validUntil } }`;
const EXPLAIN = `query(${ARGS}) { explainAuthorization(${USE}) { groups { name paths } roles { name paths } permissions { name paths } } }`;
const ADD_MEMBERS = `mutation($g: ID!, $u: [ID!]!, $from: DateTimeISO, $until: DateTimeISO) { addGroupMembers(groupId: $g, userIds: $u, validFrom: $from, expiresAt: $until) { id } }`;
const ADD_ROLES = `mutation($u: ID!, $r: [ID!]!, $from: DateTimeISO, $until: DateTimeISO) { addUserRoles(userId: $u, roleIds: $r, validFrom: $from, expiresAt: $until) { id } }`;
const ADD_ORG_MEMBERS = `mutation($o: ID!, $u: [ID!]!, $from: DateTimeISO, $until: DateTimeISO) { addOrganizationMembers(organizationId: $o, userIds: $u, validFrom: $from, expiresAt: $until) { id } }`;
const ADD_ORG_ROLES = `mutation($o: ID!, $u: ID!, $r: [ID!]!, $from: DateTimeISO, $until: DateTimeISO) {
  addOrganizationMemberRoles(organizationId: $o, userId: $u, roleIds: $r, validFrom: $from, expiresAt: $until) { id } }`;

interface Login {
  userId: string;
  clientId: string;
  organizationId?: string | null;
}

/** How a server answers logins: cached with the user rows in memory, cached with them read per login, uncached. */
type Mode = "cached" | "cached, rows read per login" | "uncached";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Time-bound grants at login (docs/design.md §13): a grant's window is tested at the request's
 * time, so an answer changes at a boundary with no write in between — on the cached path (rows in
 * memory, and rows read per login), on the uncached path, and in a second and third server on the
 * same database (SQLite file, or PostgreSQL with TEST_POSTGRES_URL). `validUntil` names the next
 * boundary in GraphQL and REST; explanations list only live grants, with their windows.
 */
describe("time-bound grants at login", () => {
  let t: TestServer;
  let f: Fixtures;
  let apiKey: string;
  const servers = {} as Record<Mode, TestServer>;
  const ids: Record<string, string> = {};
  let app: { id: string };

  beforeAll(async () => {
    t = await startTestServer();
    f = new Fixtures(t);
    app = await f.application({ id: "window-app", name: "Window App" });
    const perm = async (name: string) => (await f.permission(app.id, name)).id;
    ids.aRole = (await f.role(app.id, "A Role", [await perm("use:a")])).id;
    ids.cRole = (await f.role(app.id, "C Role", [await perm("use:c")])).id;
    ids.pRole = (await f.role(app.id, "P Role", [await perm("use:p")])).id;
    ids.directRole = (await f.role(app.id, "Direct Role", [await perm("use:direct")])).id;
    ids.laterRole = (await f.role(app.id, "Later Role")).id;
    ids.orgRole = (await f.role(app.id, "Org Role", [await perm("use:org")])).id;
    ids.memberRole = (await f.role(app.id, "Member Role", [await perm("use:member")])).id;
    const [a, b, c, p] = [await f.group("Contractors"), await f.group("Staff"), await f.group("Company"), await f.group("Pending Group")];
    Object.assign(ids, { a: a.id, b: b.id, c: c.id, p: p.id });
    await f.nest(c.id, [a.id, b.id]);
    await f.groupRoles(a.id, [ids.aRole]);
    await f.groupRoles(c.id, [ids.cRole]);
    await f.groupRoles(p.id, [ids.pRole]);
    ids.acme = (await f.organization({ name: "acme" })).id;
    ids.globex = (await f.organization({ name: "globex" })).id;
    apiKey = (await rotateApiKey(t)).apiKey;

    servers.cached = t;
    // Two more servers on the same database, each with a cache of its own.
    const databaseUrl = t.server.app.config.databaseUrl;
    servers["cached, rows read per login"] = await startTestServer({ databaseUrl });
    servers["cached, rows read per login"].server.app.services.authorization.cache.setUserRowLimits({ memberships: 0, directRoles: 0 });
    servers.uncached = await startTestServer({ databaseUrl });
    // This server never uses its model cache: every login takes the uncached path (PolicyStore).
    Object.defineProperty(servers.uncached.server.app.services.authorization.cache, "enabled", { get: () => false, configurable: true });
  });

  afterAll(async () => {
    for (const mode of ["cached, rows read per login", "uncached"] as const) await servers[mode]?.stop();
    await t?.stop();
  });

  async function context(server: TestServer, args: Login) {
    const result = await server.gql<{ authorizationContext: any }>(CONTEXT, { ...args });
    if (result.errors) throw new Error(JSON.stringify(result.errors));
    return result.data!.authorizationContext;
  }
  async function explain(server: TestServer, args: Login) {
    return (await server.ok<{ explainAuthorization: any }>(EXPLAIN, { ...args })).explainAuthorization;
  }
  const pathsOf = (items: Array<{ name: string; paths: string[] }>, name: string) => items.find((item) => item.name === name)?.paths;

  /** Every answer the test compares, from one server at one time. */
  async function answers(server: TestServer) {
    const login = (userId: string, organizationId?: string) => context(server, { userId, clientId: app.id, organizationId });
    const [dag, pending, direct, acme, globex, plain, dagExplained, directExplained, acmeExplained, dagRest, pendingRest, plainRest] = await Promise.all([
      login("w|dag"),
      login("w|pending"),
      login("w|direct"),
      login("w|org", ids.acme),
      login("w|org", ids.globex),
      login("w|plain"),
      explain(server, { userId: "w|dag", clientId: app.id }),
      explain(server, { userId: "w|direct", clientId: app.id }),
      explain(server, { userId: "w|org", clientId: app.id, organizationId: ids.acme }),
      postPolicy(server, "w|dag", app.id, { connectionName: "db" }, { apiKey }),
      postPolicy(server, "w|pending", app.id, { connectionName: "db" }, { apiKey }),
      postPolicy(server, "w|plain", app.id, { connectionName: "db" }, { apiKey }),
    ]);
    return { dag, pending, direct, acme, globex, plain, dagExplained, directExplained, acmeExplained, dagRest, pendingRest, plainRest };
  }

  const MODES: readonly Mode[] = ["cached", "cached, rows read per login", "uncached"];
  /** `answers` of every server, asked at once. */
  async function everyServer(): Promise<Record<Mode, Awaited<ReturnType<typeof answers>>>> {
    const all = await Promise.all(MODES.map((mode) => answers(servers[mode])));
    return Object.fromEntries(MODES.map((mode, i) => [mode, all[i]])) as Record<Mode, Awaited<ReturnType<typeof answers>>>;
  }

  it("changes each kind of grant's answer at its boundary with no write in between, the same on every path and server; validUntil names the boundary", async () => {
    await f.addMembers(ids.b, ["w|dag", "w|plain"]);
    const past = new Date(Date.now() - 3_600_000).toISOString();
    const later = new Date(Date.now() + 3_600_000).toISOString();
    // The boundary: far enough ahead for every answer before it to be read first.
    const boundary = Date.now() + 3_000;
    const at = new Date(boundary).toISOString();
    await t.ok(ADD_MEMBERS, { g: ids.a, u: ["w|dag"], until: at });
    await t.ok(ADD_ROLES, { u: "w|dag", r: [ids.laterRole], until: later });
    await t.ok(ADD_MEMBERS, { g: ids.p, u: ["w|pending"], from: at });
    await t.ok(ADD_ROLES, { u: "w|direct", r: [ids.directRole], from: past, until: at });
    await t.ok(ADD_ORG_MEMBERS, { o: ids.acme, u: ["w|org"], until: at });
    await t.ok(ADD_ORG_ROLES, { o: ids.acme, u: "w|org", r: [ids.orgRole] });
    await t.ok(ADD_ORG_MEMBERS, { o: ids.globex, u: ["w|org"] });
    await t.ok(ADD_ORG_ROLES, { o: ids.globex, u: "w|org", r: [ids.memberRole], until: at });
    for (const mode of ["cached", "cached, rows read per login"] as const) expect(await servers[mode].server.app.services.authorization.cache.warm()).not.toBeNull();
    const revision = (await t.server.app.reader.read()).revision;

    const before = await everyServer();
    // Had the setup been slower than the boundary, the answers below would be the later ones.
    expect(Date.now()).toBeLessThan(boundary);

    // Wait for the boundary to pass; nothing is written meanwhile.
    while (Date.now() <= boundary + 20) await sleep(50);
    const misses = servers.cached.server.app.services.authorization.cache.misses;
    const after = await everyServer();
    expect((await t.server.app.reader.read()).revision).toBe(revision);
    // The cached servers answered after the boundary from the model they held before it.
    expect(servers.cached.server.app.services.authorization.cache.misses).toBe(misses);
    // Each server took its path: rows per login on the second (no memberships in memory), never the cache on the third.
    expect((await servers["cached, rows read per login"].server.app.services.authorization.cache.current())?.memberships).toBeNull();
    expect(servers.uncached.server.app.services.authorization.cache.hits).toBe(0);

    for (const mode of ["cached", "cached, rows read per login", "uncached"] as const) {
      const [was, is] = [before[mode], after[mode]];
      // The DAG: Contractors (expiring) and Staff (permanent), both in Company. Company stays.
      expect({ mode, dag: was.dag }).toEqual({
        mode,
        dag: {
          groups: ["Company", "Contractors", "Staff"],
          roles: ["A Role", "C Role", "Later Role"],
          permissions: ["use:a", "use:c"],
          accessGranted: true,
          denialReason: null,
          organization: null,
          validUntil: at,
        },
      });
      expect({ mode, dag: is.dag }).toEqual({
        mode,
        dag: {
          groups: ["Company", "Staff"],
          roles: ["C Role", "Later Role"],
          permissions: ["use:c"],
          accessGranted: true,
          denialReason: null,
          organization: null,
          validUntil: later,
        },
      });
      expect({ mode, paths: pathsOf(was.dagExplained.groups, "Company") }).toEqual({
        mode,
        paths: ["Company ← member of Contractors (until " + at + ")", "Company ← member of Staff"],
      });
      expect({ mode, paths: pathsOf(was.dagExplained.groups, "Contractors") }).toEqual({ mode, paths: [`Contractors ← direct membership (until ${at})`] });
      expect({ mode, paths: pathsOf(was.dagExplained.roles, "C Role") }).toEqual({
        mode,
        paths: [`C Role ← group Company ← member of Contractors (until ${at})`, "C Role ← group Company ← member of Staff"],
      });
      expect({ mode, paths: pathsOf(was.dagExplained.roles, "Later Role") }).toEqual({ mode, paths: [`Later Role ← direct assignment (until ${later})`] });
      expect({ mode, paths: pathsOf(is.dagExplained.groups, "Company") }).toEqual({ mode, paths: ["Company ← member of Staff"] });
      expect({ mode, paths: pathsOf(is.dagExplained.groups, "Contractors") }).toEqual({ mode, paths: undefined });
      expect({ mode, paths: pathsOf(is.dagExplained.roles, "C Role") }).toEqual({ mode, paths: ["C Role ← group Company ← member of Staff"] });

      // A pending membership enters at validFrom.
      expect({ mode, pending: was.pending }).toMatchObject({ mode, pending: { groups: [], roles: [], permissions: [], validUntil: at } });
      expect({ mode, pending: is.pending }).toMatchObject({ mode, pending: { groups: ["Pending Group"], roles: ["P Role"], permissions: ["use:p"], validUntil: null } });

      // A direct role with both bounds.
      expect({ mode, direct: was.direct }).toMatchObject({ mode, direct: { roles: ["Direct Role"], permissions: ["use:direct"], validUntil: at } });
      expect({ mode, paths: pathsOf(was.directExplained.permissions, "use:direct") }).toEqual({
        mode,
        paths: [`use:direct ← role Direct Role ← direct assignment (from ${past} until ${at})`],
      });
      expect({ mode, direct: is.direct }).toMatchObject({ mode, direct: { roles: [], permissions: [], validUntil: null } });
      expect({ mode, explained: is.directExplained }).toEqual({ mode, explained: { groups: [], roles: [], permissions: [] } });

      // Organizations: acme's membership expires (its permanent member role stops counting with
      // it); in globex the membership stays and the member role expires.
      expect({ mode, acme: was.acme }).toMatchObject({ mode, acme: { accessGranted: true, organization: { name: "acme" }, roles: ["Org Role"], validUntil: at } });
      expect({ mode, paths: pathsOf(was.acmeExplained.roles, "Org Role") }).toEqual({ mode, paths: [`Org Role ← member of organization acme (until ${at})`] });
      expect({ mode, acme: is.acme }).toMatchObject({ mode, acme: { accessGranted: false, organization: null, roles: [], permissions: [], validUntil: null } });
      expect({ mode, explained: is.acmeExplained.roles }).toEqual({ mode, explained: [] });
      expect({ mode, globex: was.globex }).toMatchObject({ mode, globex: { accessGranted: true, roles: ["Member Role"], permissions: ["use:member"], validUntil: at } });
      expect({ mode, globex: is.globex }).toMatchObject({ mode, globex: { accessGranted: true, organization: { name: "globex" }, roles: [], permissions: [], validUntil: null } });

      // A user without windows: no boundary.
      expect({ mode, plain: was.plain.validUntil, later: is.plain.validUntil }).toEqual({ mode, plain: null, later: null });

      // REST answers the same lists, and validUntil as an ISO string or null, always present.
      for (const [rest, graphql] of [
        [was.dagRest, was.dag],
        [is.dagRest, is.dag],
        [was.pendingRest, was.pending],
        [is.pendingRest, is.pending],
        [was.plainRest, was.plain],
      ] as const) {
        expect({ mode, rest }).toEqual({
          mode,
          rest: { status: 200, body: { groups: graphql.groups, roles: graphql.roles, permissions: graphql.permissions, validUntil: graphql.validUntil } },
        });
      }
    }
  }, 60_000);

  it("answers validUntil as the earliest of several boundaries ahead — an organization's only for a login for it — and keeps it after the grants are added again without windows", async () => {
    const soon = new Date(Date.now() + 600_000).toISOString();
    const sooner = new Date(Date.now() + 300_000).toISOString();
    const soonest = new Date(Date.now() + 120_000).toISOString();
    await t.ok(ADD_MEMBERS, { g: ids.b, u: ["w|many"], until: soon });
    await t.ok(ADD_ROLES, { u: "w|many", r: [ids.directRole], from: sooner });
    await t.ok(ADD_ORG_MEMBERS, { o: ids.acme, u: ["w|many"] });
    await t.ok(ADD_ORG_ROLES, { o: ids.acme, u: "w|many", r: [ids.orgRole], until: soonest });
    for (const mode of ["cached", "cached, rows read per login", "uncached"] as const) {
      await servers[mode].server.app.services.authorization.cache.warm();
      const plainLogin = await context(servers[mode], { userId: "w|many", clientId: app.id });
      // A login without an organization cannot change at the member role's boundary: its next change is the direct role's start.
      expect({ mode, plainLogin }).toMatchObject({ mode, plainLogin: { groups: ["Company", "Staff"], roles: ["C Role"], validUntil: sooner } });
      const orgLogin = await context(servers[mode], { userId: "w|many", clientId: app.id, organizationId: ids.acme });
      expect({ mode, orgLogin }).toMatchObject({ mode, orgLogin: { accessGranted: true, validUntil: soonest } });
      const rest = await postPolicy(servers[mode], "w|many", app.id, { connectionName: "db" }, { apiKey });
      expect({ mode, validUntil: rest.body.validUntil }).toEqual({ mode, validUntil: sooner });
      const orgRest = await postPolicy(servers[mode], "w|many", app.id, { connectionName: "db", organizationId: ids.acme }, { apiKey });
      expect({ mode, validUntil: orgRest.body.validUntil, granted: orgRest.body.accessGranted }).toEqual({ mode, validUntil: soonest, granted: true });
    }
    // Re-adding without a window clears it: the boundaries go with it.
    await t.ok(ADD_ORG_ROLES, { o: ids.acme, u: "w|many", r: [ids.orgRole] });
    await t.ok(ADD_MEMBERS, { g: ids.b, u: ["w|many"] });
    await t.ok(ADD_ROLES, { u: "w|many", r: [ids.directRole] });
    for (const mode of ["cached", "cached, rows read per login", "uncached"] as const) {
      await servers[mode].server.app.services.authorization.cache.warm();
      expect({ mode, login: await context(servers[mode], { userId: "w|many", clientId: app.id }) }).toMatchObject({
        mode,
        login: { roles: ["C Role", "Direct Role"], validUntil: null },
      });
    }
  });

  describe("with a separate gatehouse serve process on the same database", () => {
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

    /** authorizationContext and the REST policy answer of the other process. */
    async function childAnswers(userId: string) {
      const graphql = await fetch(childUrl, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${childToken}` },
        body: JSON.stringify({ query: CONTEXT, variables: { userId, clientId: app.id } }),
      });
      const body = (await graphql.json()) as { data?: { authorizationContext: any }; errors?: unknown };
      if (!body.data) throw new Error(JSON.stringify(body.errors));
      const rest = await fetch(`${childUrl.replace(/\/graphql$/, "")}/api/users/${encodeURIComponent(userId)}/policy/${app.id}`, {
        method: "POST",
        headers: { "content-type": "application/json", "x-api-key": apiKey },
        body: JSON.stringify({ connectionName: "db" }),
      });
      return { context: body.data.authorizationContext, rest: { status: rest.status, body: await rest.json() } };
    }

    it("answers the same as this process on both sides of a boundary, with no write in between", async () => {
      const boundary = Date.now() + 2_500;
      const at = new Date(boundary).toISOString();
      await t.ok(ADD_MEMBERS, { g: ids.a, u: ["w|child"], until: at });
      await t.ok(ADD_ROLES, { u: "w|child", r: [ids.directRole], from: at });
      // Let the other process's cache catch up with the writes (its first requests start the reload).
      await childAnswers("w|child");
      await servers.cached.server.app.services.authorization.cache.warm();
      const revision = (await t.server.app.reader.read()).revision;
      const before = { here: await context(t, { userId: "w|child", clientId: app.id }), there: await childAnswers("w|child") };
      expect(Date.now()).toBeLessThan(boundary);
      while (Date.now() <= boundary + 20) await sleep(50);
      const after = { here: await context(t, { userId: "w|child", clientId: app.id }), there: await childAnswers("w|child") };
      expect((await t.server.app.reader.read()).revision).toBe(revision);

      expect(before.here).toMatchObject({ groups: ["Company", "Contractors"], roles: ["A Role", "C Role"], validUntil: at });
      expect(after.here).toMatchObject({ groups: [], roles: ["Direct Role"], permissions: ["use:direct"], validUntil: null });
      for (const [here, there] of [
        [before.here, before.there],
        [after.here, after.there],
      ] as const) {
        expect(there.context).toEqual(here);
        expect(there.rest).toEqual({ status: 200, body: { groups: here.groups, roles: here.roles, permissions: here.permissions, validUntil: here.validUntil } });
      }
    }, 30_000);
  });
});
