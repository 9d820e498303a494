import type { QueryRunner } from "typeorm";
import { BACKGROUND } from "../src/db/data-source";
import { addMappings, bulkGroups, bulkNestUnder, context, ContextAnswer, ContextArgs, postPolicy, rotateApiKey } from "./helpers/authorization";
import { Fixtures, Named } from "./helpers/fixtures";
import { startTestServer, TestServer } from "./helpers/server";

/**
 * SQL statements per authorizationContext (docs/design.md §3 batching, §10 "≤ nesting depth + 6").
 *
 * Cold: the first request after a write, when the model cache is not current (it is keyed by a
 * revision every write bumps), so the request reads through its own, new DataLoaders. The count
 * covers the whole HTTP request: the revision check and configuration read shared with the bearer
 * token's verification, the application, the start groups, one statement per nesting level, roles,
 * permissions. Warm: the cache is current, and a login costs the revision check and the user's rows.
 * The cache's background reloads are not counted (t.sqlCount() is what requests wait for).
 */

const DEPTH_CONSTANT = 6;

describe("SQL statements per authorizationContext", () => {
  let t: TestServer;
  let f: Fixtures;
  let app: Named;
  /** TypeORM statements of the last measured call (the cache's own reads are not listed), for failure messages. */
  let statements: string[] = [];

  beforeAll(async () => {
    t = await startTestServer();
    f = new Fixtures(t);
    app = await f.application({ id: "sql-app", name: "SQL App" });
    // Measure the large-model path, where memberships are read per login (small models keep them in the cache).
    t.server.app.services.authorization.cache.setUserRowLimits({ memberships: 0, directRoles: 0 });
    const logger = t.server.app.db.dataSource.logger as { logQuery(query: string, parameters?: unknown[], queryRunner?: QueryRunner): void };
    const original = logger.logQuery.bind(logger);
    logger.logQuery = (query: string, parameters?: unknown[], queryRunner?: QueryRunner) => {
      // Model-cache reloads run in the background (PostgreSQL: on a runner marked as such); they are not the request's.
      if (!(queryRunner?.data as Record<string, unknown> | undefined)?.[BACKGROUND]) statements.push(query);
      original(query, parameters, queryRunner);
    };
  });
  afterAll(() => t.stop());

  let bumps = 0;
  /** A write that changes nothing the engine reads, so that the model cache is no longer current. */
  async function invalidateCache(): Promise<void> {
    bumps += 1;
    await f.users([{ id: `sql|bump-${bumps}` }]);
  }

  /** Statements of one GraphQL request made with the model cache current, and its data. */
  async function warmRequest<T>(query: string, variables: Record<string, unknown>): Promise<{ count: number; data: T }> {
    expect(await t.server.app.services.authorization.cache.warm()).not.toBeNull();
    statements = [];
    const before = t.sqlCount();
    const data = await t.ok<T>(query, variables);
    return { count: t.sqlCount() - before, data };
  }

  async function count(call: () => Promise<ContextAnswer>): Promise<{ count: number; answer: ContextAnswer }> {
    statements = [];
    const before = t.sqlCount();
    const answer = await call();
    return { count: t.sqlCount() - before, answer };
  }

  /** Statements of one authorizationContext request with a cold cache and new loaders. */
  async function cold(args: ContextArgs) {
    // A reload the previous request started must be done first: one still reading when the write
    // below commits could load the new revision and make this request warm (1 statement).
    await t.server.app.services.authorization.cache.warm();
    await invalidateCache();
    return count(() => context(t, args));
  }

  /** Statements of one authorizationContext request with the model cache current. */
  async function warm(args: ContextArgs) {
    expect(await t.server.app.services.authorization.cache.warm()).not.toBeNull();
    return count(() => context(t, args));
  }

  function bound(measured: { count: number }, depth: number): void {
    if (measured.count > depth + DEPTH_CONSTANT) {
      throw new Error(`${measured.count} statements for depth ${depth} (bound ${depth + DEPTH_CONSTANT}):\n${statements.join("\n")}`);
    }
  }

  /** Creates `n` groups named `${prefix} 1…n`. */
  function groups(prefix: string, n: number): Promise<Named[]> {
    return bulkGroups(
      t,
      Array.from({ length: n }, (_, i) => `${prefix} ${i + 1}`),
    );
  }

  const permissionIds = new Map<string, string>();
  async function appRole(name: string, permissionNames: string[]): Promise<Named> {
    for (const p of permissionNames) if (!permissionIds.has(p)) permissionIds.set(p, (await f.permission(app.id, p)).id);
    return f.role(
      app.id,
      name,
      permissionNames.map((p) => permissionIds.get(p)!),
    );
  }

  const measured: Record<string, number> = {};
  afterAll(() => {
    // The numbers the issue asks to report.
    process.stdout.write(`SQL statements per authorizationContext request: ${JSON.stringify(measured, null, 1)}\n`);
  });

  it("through a 10-level chain of nested groups: cold ≤ depth + 6 (one statement per level), warm 1", async () => {
    const chain = await groups("Chain", 10); // Chain 1 ⊃ Chain 2 ⊃ … ⊃ Chain 10
    for (let i = 0; i < 9; i += 1) await f.nest(chain[i].id, [chain[i + 1].id]);
    const top = await appRole("Chain Top Role", ["chain:read", "chain:write"]);
    const middle = await appRole("Chain Middle Role", ["chain:read"]);
    await f.groupRoles(chain[0].id, [top.id]);
    await f.groupRoles(chain[4].id, [middle.id]);
    await f.addMembers(chain[9].id, ["sql|chain"]);
    await f.addMembers(chain[4].id, ["sql|chain5"]);
    const expected = {
      groups: chain.map((g) => g.name).sort(),
      roles: ["Chain Middle Role", "Chain Top Role"],
      permissions: ["chain:read", "chain:write"],
    };

    const deep = await cold({ userId: "sql|chain", clientId: app.id });
    expect(deep.answer).toMatchObject(expected);
    measured["cold: chain of 10"] = deep.count;
    bound(deep, 10);

    // A shorter chain costs fewer statements: the growth is one statement per level.
    const short = await cold({ userId: "sql|chain5", clientId: app.id });
    expect(short.answer.groups).toEqual(
      chain
        .slice(0, 5)
        .map((g) => g.name)
        .sort(),
    );
    measured["cold: chain of 5"] = short.count;
    expect(deep.count - short.count).toBe(5);

    const cached = await warm({ userId: "sql|chain", clientId: app.id });
    expect(cached.answer).toMatchObject(expected);
    measured["warm: chain of 10"] = cached.count;
    expect(cached.count).toBe(1);
  });

  it("through 1,000 sibling groups the user belongs to: cold ≤ depth + 6 and the same as through 3; warm 1", async () => {
    const siblings = await groups("Sibling", 1000);
    const parent = await f.group("Sibling Parent");
    await f.nest(
      parent.id,
      siblings.map((g) => g.id),
    );
    const parentRole = await appRole("Sibling Parent Role", ["sibling:parent"]);
    const oneRole = await appRole("Sibling One Role", ["sibling:one"]);
    await f.groupRoles(parent.id, [parentRole.id]);
    await f.groupRoles(siblings[499].id, [oneRole.id]);
    const join = `mutation($u: ID!, $g: [ID!]!) { addUserToGroups(userId: $u, groupIds: $g) { id } }`;
    await t.ok(join, { u: "sql|wide", g: siblings.map((g) => g.id) });
    await t.ok(join, { u: "sql|narrow", g: siblings.slice(0, 3).map((g) => g.id) });

    const wide = await cold({ userId: "sql|wide", clientId: app.id });
    expect(wide.answer.groups).toHaveLength(1001);
    expect(wide.answer.roles).toEqual(["Sibling One Role", "Sibling Parent Role"]);
    expect(wide.answer.permissions).toEqual(["sibling:one", "sibling:parent"]);
    measured["cold: member of 1,000 siblings"] = wide.count;
    bound(wide, 2); // the siblings, then their parent

    const narrow = await cold({ userId: "sql|narrow", clientId: app.id });
    expect(narrow.answer.groups).toEqual(["Sibling 1", "Sibling 2", "Sibling 3", "Sibling Parent"]);
    measured["cold: member of 3 siblings"] = narrow.count;
    expect(wide.count).toBe(narrow.count);

    const cached = await warm({ userId: "sql|wide", clientId: app.id });
    expect(cached.answer.groups).toEqual(wide.answer.groups);
    expect(cached.answer.roles).toEqual(wide.answer.roles);
    measured["warm: member of 1,000 siblings"] = cached.count;
    expect(cached.count).toBe(1);
  });

  it("through one group with 1,000 parents: cold ≤ depth + 6 and the same as with 2 parents; warm 1", async () => {
    const parents = await groups("Parent", 1000);
    const root = await f.group("Parents Root");
    const child = await f.group("Many-Parent Child");
    const twoParents = await f.group("Two-Parent Child");
    await f.nest(
      root.id,
      parents.map((g) => g.id),
    );
    await bulkNestUnder(
      t,
      parents.map((p) => p.id),
      child.id,
    );
    await f.nest(parents[0].id, [twoParents.id]);
    await f.nest(parents[1].id, [twoParents.id]);
    const rootRole = await appRole("Parents Root Role", ["root:read"]);
    await f.groupRoles(root.id, [rootRole.id]);
    await f.addMembers(child.id, ["sql|child"]);
    await f.addMembers(twoParents.id, ["sql|two"]);

    const many = await cold({ userId: "sql|child", clientId: app.id });
    expect(many.answer.groups).toHaveLength(1002);
    expect(many.answer.roles).toEqual(["Parents Root Role"]);
    expect(many.answer.permissions).toEqual(["root:read"]);
    measured["cold: child of 1,000 parents"] = many.count;
    bound(many, 3); // the child, its parents, their root

    const two = await cold({ userId: "sql|two", clientId: app.id });
    expect(two.answer.groups).toEqual(["Parent 1", "Parent 2", "Parents Root", "Two-Parent Child"]);
    measured["cold: child of 2 parents"] = two.count;
    expect(many.count).toBe(two.count);

    const cached = await warm({ userId: "sql|child", clientId: app.id });
    expect(cached.answer.groups).toEqual(many.answer.groups);
    measured["warm: child of 1,000 parents"] = cached.count;
    expect(cached.count).toBe(1);
  });

  it("reads the user's rows with the revision however the document names the user (variable or inline literal); another user in the same request costs one more statement and gets their own answer", async () => {
    const own = await f.group("Hint Own");
    const other = await f.group("Hint Other");
    await f.addMembers(own.id, ["sql|hint"]);
    await f.addMembers(other.id, ["sql|hint-other"]);
    const ask = async (query: string, variables: Record<string, unknown>) => {
      const { count, data } = await warmRequest<{ authorizationContext: { groups: string[] } }>(query, variables);
      return { count, groups: data.authorizationContext.groups };
    };
    const byVariable = await ask(`query($userId: ID!, $c: ID!) { authorizationContext(userId: $userId, clientId: $c) { groups } }`, { userId: "sql|hint", c: app.id });
    expect(byVariable).toEqual({ count: 1, groups: ["Hint Own"] });
    // The user in the document itself costs the same: the pre-read does not depend on the spelling.
    const inline = await ask(`query($c: ID!) { authorizationContext(userId: "sql|hint", clientId: $c) { groups } }`, { c: app.id });
    expect(inline).toEqual({ count: 1, groups: ["Hint Own"] });
    const allInline = await ask(`{ authorizationContext(userId: "sql|hint", clientId: "${app.id}") { groups } }`, {});
    expect(allInline).toEqual({ count: 1, groups: ["Hint Own"] });
    // Another user in the same request: the rows read with the revision are not theirs, so theirs are read.
    expect(await t.server.app.services.authorization.cache.warm()).not.toBeNull();
    const before = t.sqlCount();
    const both = await t.ok<{ own: { groups: string[] }; other: { groups: string[] } }>(
      `query($userId: ID!, $other: ID!, $c: ID!) { own: authorizationContext(userId: $userId, clientId: $c) { groups } other: authorizationContext(userId: $other, clientId: $c) { groups } }`,
      { userId: "sql|hint", other: "sql|hint-other", c: app.id },
    );
    expect({ count: t.sqlCount() - before, own: both.own.groups, other: both.other.groups }).toEqual({ count: 2, own: ["Hint Own"], other: ["Hint Other"] });
  });

  it("a login for an organization reads the user's organizations with the revision (one statement, GraphQL or REST); a login without one in the same document reads no organization rows, and each gets its own answer", async () => {
    const staff = await f.group("Org Staff");
    await f.addMembers(staff.id, ["sql|tenant"]);
    const memberRole = await appRole("Tenant Admin", []);
    const acme = await f.organization({}, ["sql|tenant"]);
    const other = await f.organization({}, ["sql|tenant"]);
    // The member role ends in an hour: only a login for the organization may name that in validUntil.
    const ends = new Date(Date.now() + 3_600_000).toISOString();
    await t.ok(
      `mutation($o: ID!, $u: ID!, $r: [ID!]!, $until: DateTimeISO) { addOrganizationMemberRoles(organizationId: $o, userId: $u, roleIds: $r, expiresAt: $until) { id } }`,
      {
        o: acme.id,
        u: "sql|tenant",
        r: [memberRole.id],
        until: ends,
      },
    );
    const FIELDS = `groups roles accessGranted organization { id } validUntil`;
    const LOGIN = `query($u: ID!, $c: ID!, $o: ID) { authorizationContext(userId: $u, clientId: $c, organizationId: $o) { ${FIELDS} } }`;
    type Login = { groups: string[]; roles: string[]; accessGranted: boolean; organization: { id: string } | null; validUntil: string | null };
    const ask = (query: string, variables: Record<string, unknown>) => warmRequest<Record<string, Login>>(query, variables);
    const forAcme = await ask(LOGIN, { u: "sql|tenant", c: app.id, o: acme.id });
    expect(forAcme).toEqual({
      count: 1,
      data: { authorizationContext: { groups: ["Org Staff"], roles: ["Tenant Admin"], accessGranted: true, organization: { id: acme.id }, validUntil: ends } },
    });
    // Another of the user's organizations: the statement reads all of them, so the answer names the other's boundary too.
    const inline = await ask(`query($c: ID!) { authorizationContext(userId: "sql|tenant", clientId: $c, organizationId: "${other.id}") { ${FIELDS} } }`, { c: app.id });
    expect(inline).toEqual({
      count: 1,
      data: { authorizationContext: { groups: ["Org Staff"], roles: [], accessGranted: true, organization: { id: other.id }, validUntil: ends } },
    });
    // A login without an organization and one for an organization, for the same user in one document: each reads its own rows,
    // in either order, so the plain login never sees the organization's rows (nor its boundary).
    const plain = { groups: ["Org Staff"], roles: [], accessGranted: true, organization: null, validUntil: null };
    const tenant = { groups: ["Org Staff"], roles: ["Tenant Admin"], accessGranted: true, organization: { id: acme.id }, validUntil: ends };
    const both = await ask(
      `query($u: ID!, $c: ID!, $o: ID) { plain: authorizationContext(userId: $u, clientId: $c) { ${FIELDS} } tenant: authorizationContext(userId: $u, clientId: $c, organizationId: $o) { ${FIELDS} } }`,
      { u: "sql|tenant", c: app.id, o: acme.id },
    );
    expect(both).toEqual({ count: 2, data: { plain, tenant } });
    const reversed = await ask(
      `query($u: ID!, $c: ID!, $o: ID) { tenant: authorizationContext(userId: $u, clientId: $c, organizationId: $o) { ${FIELDS} } plain: authorizationContext(userId: $u, clientId: $c) { ${FIELDS} } }`,
      { u: "sql|tenant", c: app.id, o: acme.id },
    );
    expect(reversed).toEqual({ count: 2, data: { tenant, plain } });

    const { apiKey } = await rotateApiKey(t);
    await t.server.app.services.authorization.cache.warm();
    // The first request with a new key checks it against a fresh read (a second statement); the one measured is not the first.
    await postPolicy(t, "sql|tenant", app.id, { connectionName: "db" }, { apiKey });
    const before = t.sqlCount();
    const rest = await postPolicy(t, "sql|tenant", app.id, { connectionName: "db", organizationId: acme.id }, { apiKey });
    expect({ count: t.sqlCount() - before, body: rest.body }).toMatchObject({
      count: 1,
      body: { groups: ["Org Staff"], roles: ["Tenant Admin"], accessGranted: true, organization: { id: acme.id } },
    });
  });

  it("mappings add no statement; the policy endpoint costs what authorizationContext costs", async () => {
    const mapped = await f.group("Mapped Target");
    const above = await f.group("Mapped Above");
    await f.nest(above.id, [mapped.id]);
    await addMappings(t, mapped.id, [{ connectionName: "sql-ad", groupName: "Staff" }]);
    await f.addMembers(mapped.id, ["sql|member"]);

    const explicit = await cold({ userId: "sql|member", clientId: app.id, connection: "other" });
    expect(explicit.answer.groups).toEqual(["Mapped Above", "Mapped Target"]);
    const viaMapping = await cold({ userId: "sql|idp", clientId: app.id, connection: "sql-ad", connectionGroups: ["Staff"] });
    expect(viaMapping.answer.groups).toEqual(["Mapped Above", "Mapped Target"]);
    expect(viaMapping.count).toBe(explicit.count);
    measured["cold: mapped group + 1 ancestor"] = viaMapping.count;

    const { apiKey } = await rotateApiKey(t);
    const body = { connectionName: "sql-ad", groups: ["Staff"] };
    await invalidateCache();
    let before = t.sqlCount();
    const coldPolicy = await postPolicy(t, "sql|idp", app.id, body, { apiKey });
    const coldCount = t.sqlCount() - before;
    expect(coldPolicy.body).toEqual({ groups: ["Mapped Above", "Mapped Target"], roles: [], permissions: [], validUntil: null });
    measured["cold: policy endpoint, mapped group + 1 ancestor"] = coldCount;
    expect(coldCount).toBe(viaMapping.count);

    await t.server.app.services.authorization.cache.warm();
    before = t.sqlCount();
    const warmPolicy = await postPolicy(t, "sql|idp", app.id, body, { apiKey });
    measured["warm: policy endpoint"] = t.sqlCount() - before;
    expect(warmPolicy.body).toEqual(coldPolicy.body);
    // The policy route knows the user from its path: revision and the user's rows in one statement.
    expect(t.sqlCount() - before).toBe(1);
  });
});
