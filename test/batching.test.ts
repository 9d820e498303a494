import { Fixtures, Named, names } from "./helpers/fixtures";
import { startTestServer, TestServer } from "./helpers/server";

/**
 * Relation fields go through per-request DataLoaders, so listing N
 * groups with their members, roles and nested groups costs a number of SQL statements that does
 * not depend on N. Measured with the server's statement counter (TypeORM logger).
 */
describe("batching", () => {
  let t: TestServer;
  let f: Fixtures;
  let roles: Named[];
  beforeAll(async () => {
    t = await startTestServer();
    f = new Fixtures(t);
    const app = await f.application();
    const other = await f.application();
    const perms = [await f.permission(app.id), await f.permission(app.id), await f.permission(other.id)];
    roles = [await f.role(app.id, "Batch Role A", [perms[0].id]), await f.role(app.id, "Batch Role B", [perms[1].id]), await f.role(other.id, "Batch Role C", [perms[2].id])];
    await buildSet("Small", 10);
    await buildSet("Large", 50);
  }, 60_000);
  afterAll(() => t.stop());

  /**
   * `count` groups named `<prefix>-NN`, each with 3 members (user ids `<prefix>-NN|u1..3`), two
   * roles, a mapping and two nested child groups (named `Kid A of <prefix> NN`, so a search for
   * `<prefix>-` does not list them), each child with one member of its own. Built with aliased mutations so the
   * set-up costs a handful of requests (at most 50 aliases each: the server's limit).
   */
  async function buildSet(prefix: string, count: number): Promise<void> {
    const key = (i: number) => `${prefix}-${String(i).padStart(2, "0")}`;
    const kidKey = (i: number) => `${prefix} ${String(i).padStart(2, "0")}`;
    const creates: string[] = [];
    for (let i = 0; i < count; i++) {
      creates.push(`g${i}: createGroup(input: { name: "${key(i)}" }) { id }`);
      creates.push(`a${i}: createGroup(input: { name: "Kid A of ${kidKey(i)}" }) { id }`);
      creates.push(`b${i}: createGroup(input: { name: "Kid B of ${kidKey(i)}" }) { id }`);
    }
    const created: Record<string, { id: string }> = {};
    for (const chunk of chunks(creates)) Object.assign(created, await t.ok<Record<string, { id: string }>>(`mutation { ${chunk.join("\n")} }`));
    const links: string[] = [];
    for (let i = 0; i < count; i++) {
      const g = created[`g${i}`].id;
      const a = created[`a${i}`].id;
      const b = created[`b${i}`].id;
      const users = [1, 2, 3].map((n) => `"${key(i)}|u${n}"`).join(", ");
      const roleIds = [roles[i % 3], roles[(i + 1) % 3]].map((r) => `"${r.id}"`).join(", ");
      links.push(`m${i}: addGroupMembers(groupId: "${g}", userIds: [${users}]) { id }`);
      links.push(`r${i}: addGroupRoles(groupId: "${g}", roleIds: [${roleIds}]) { id }`);
      links.push(`n${i}: addNestedGroups(groupId: "${g}", groupIds: ["${a}", "${b}"]) { id }`);
      links.push(`p${i}: addGroupMappings(groupId: "${g}", mappings: [{ connectionName: "corp", groupName: "${key(i)}" }]) { id }`);
      links.push(`ka${i}: addGroupMembers(groupId: "${a}", userIds: ["${key(i)}|kid"]) { id }`);
    }
    for (const chunk of chunks(links)) await t.ok(`mutation { ${chunk.join("\n")} }`);
  }

  /** Splits aliased operations into requests within the server's alias limit (50). */
  function chunks<T>(items: T[], size = 50): T[][] {
    const out: T[][] = [];
    for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
    return out;
  }

  /**
   * Runs `query` and returns its data with the number of SQL statements it executed. A first,
   * unmeasured run absorbs per-process warm-ups (e.g. re-reading cached configuration after a
   * write) that have nothing to do with batching; relation fields use per-request loaders, so the
   * measured run still reads every relation from the database.
   */
  async function measure<T = any>(query: string, variables: Record<string, unknown>): Promise<{ data: T; statements: number }> {
    await t.ok<T>(query, variables);
    // Measure with the model cache current: right after a write a reload may still be running
    // (PostgreSQL reloads asynchronously), and the revision check would add a configuration read.
    expect(await t.server.app.services.authorization.cache.warm()).not.toBeNull();
    const before = t.sqlCount();
    const data = await t.ok<T>(query, variables);
    return { data, statements: t.sqlCount() - before };
  }

  const ACCEPTANCE_QUERY = `query($s: String!) { groups(search: $s, first: 100) {
    totalCount nodes { id name members { nodes { id } } roles { name } nestedGroups { name } }
  } }`;

  it("lists 50 groups with members, roles and nested groups in as many SQL statements as 10 groups", async () => {
    const small = await measure(ACCEPTANCE_QUERY, { s: "Small-" });
    const large = await measure(ACCEPTANCE_QUERY, { s: "Large-" });

    // The answers are complete and right, so the counts measure real work.
    expect(small.data.groups.totalCount).toBe(10);
    expect(large.data.groups.totalCount).toBe(50);
    expect(large.data.groups.nodes).toHaveLength(50);
    large.data.groups.nodes.forEach((node: any, i: number) => {
      const key = `Large-${String(i).padStart(2, "0")}`;
      expect(node.name).toBe(key);
      expect(node.members.nodes).toEqual([1, 2, 3].map((n) => ({ id: `${key}|u${n}` })));
      expect(names(node.roles).sort()).toEqual([roles[i % 3].name, roles[(i + 1) % 3].name].sort());
      expect(names(node.nestedGroups)).toEqual([`Kid A of Large ${key.slice(6)}`, `Kid B of Large ${key.slice(6)}`]);
    });

    expect(large.statements).toBe(small.statements);
    // Token check, connection count + page, then one or two batches per relation: a small constant.
    expect(large.statements).toBeLessThanOrEqual(12);
    expect(large.statements).toBeGreaterThan(2);
  });

  it("stays bounded with every group relation field selected", async () => {
    // One query per field, so that each stays within the server's node limit (100 groups, each
    // with its roles, their application and permissions, count 44,101 nodes).
    const selections = [
      "memberCount",
      "members(first: $two) { totalCount nodes { id email } pageInfo { hasNextPage } }",
      "calculatedMembers { totalCount nodes { user { id } group { name } } }",
      // The grant listings (docs/design.md §13): one batch per page options, as members.
      "memberGrants(first: $two) { totalCount nodes { user { id } validFrom expiresAt active } }",
      "memberGrants(first: $two, includeInactive: true) { totalCount nodes { user { id } active } }",
      "nestedGroups { name memberCount }",
      "parentGroups { name }",
      "mappings { connectionName groupName }",
      "roles { name application { id } permissions { name } }",
      "effectiveRoles { role { name } group { name } }",
    ];
    const results = [];
    for (const selection of selections) {
      const two = selection.includes("$two") ? ", $two: Int" : "";
      const query = `query($s: String!, $first: Int${two}) { groups(search: $s, first: $first) { nodes { ${selection} } } }`;
      const small = await measure(query, { s: "Small-", first: 100, ...(two && { two: 2 }) });
      const large = await measure(query, { s: "Large-", first: 100, ...(two && { two: 2 }) });
      expect({ selection, statements: large.statements }).toEqual({ selection, statements: small.statements });
      expect(large.statements).toBeLessThanOrEqual(10);
      results.push(large.data.groups.nodes[0]);
    }
    const first = Object.assign({}, ...results);
    expect(first.memberCount).toBe(3);
    expect(first.memberGrants).toEqual({
      totalCount: 3,
      nodes: [
        { user: { id: "Large-00|u1" }, active: true },
        { user: { id: "Large-00|u2" }, active: true },
      ],
    });
    expect(first.members).toEqual({
      totalCount: 3,
      nodes: [
        { id: "Large-00|u1", email: null },
        { id: "Large-00|u2", email: null },
      ],
      pageInfo: { hasNextPage: true },
    });
    expect(first.calculatedMembers.totalCount).toBe(4);
    expect(first.calculatedMembers.nodes.map((n: any) => `${n.user.id}@${n.group.name}`)).toContain("Large-00|kid@Kid A of Large 00");
    expect(first.nestedGroups).toEqual([
      { name: "Kid A of Large 00", memberCount: 1 },
      { name: "Kid B of Large 00", memberCount: 0 },
    ]);
    expect(first.mappings).toEqual([{ connectionName: "corp", groupName: "Large-00" }]);
    expect(first.roles).toHaveLength(2);
    expect(first.effectiveRoles).toHaveLength(2);
  });

  it("lists users with their groups, effective groups, roles and permissions in a bounded number of statements", async () => {
    const query = `query($s: String!, $app: ID!) { users(search: $s, first: 100) { totalCount nodes {
      id groups { name } effectiveGroups { name } roles { name }
      effectiveRoles(applicationId: $app) { name } effectivePermissions(applicationId: $app) { name }
      groupGrants(includeInactive: true) { group { name } active } roleGrants(includeInactive: true) { role { name } active }
      organizations { organization { name } active roles { name } }
    } } }`;
    const app = (await t.ok<any>(`query($id: ID!) { role(id: $id) { applicationId } }`, { id: roles[0].id })).role.applicationId;
    // Per group of a set: three direct members and one `|kid` member of a child group.
    const small = await measure(query, { s: "Small-", app });
    const large = await measure(query, { s: "Large-", app });
    expect(small.data.users.totalCount).toBe(40);
    expect(large.data.users.totalCount).toBe(200);
    expect(large.data.users.nodes).toHaveLength(100);
    const kid = large.data.users.nodes.find((u: any) => u.id === "Large-00|kid");
    expect(names(kid.groups)).toEqual(["Kid A of Large 00"]);
    expect(names(kid.effectiveGroups)).toEqual(["Kid A of Large 00", "Large-00"]);
    expect(kid.groupGrants).toEqual([{ group: { name: "Kid A of Large 00" }, active: true }]);
    const u1 = large.data.users.nodes.find((u: any) => u.id === "Large-00|u1");
    expect(names(u1.effectiveGroups)).toEqual(["Large-00"]);
    expect(large.statements).toBe(small.statements);
    expect(large.statements).toBeLessThanOrEqual(15);
  });

  it("lists roles with application, permissions, groups and users in a bounded number of statements", async () => {
    const query = `{ roles(first: 100) { nodes { name application { id } permissions { name } groups { name } users { id } } } }`;
    const before = await measure(query, {});
    // More groups holding the roles do not add statements.
    const extra = await f.group();
    await f.groupRoles(
      extra.id,
      roles.map((r) => r.id),
    );
    const after = await measure(query, {});
    expect(after.data.roles.nodes.map((r: any) => r.groups.length)).toEqual(before.data.roles.nodes.map((r: any) => r.groups.length + 1));
    expect(after.statements).toBe(before.statements);
    expect(after.statements).toBeLessThanOrEqual(12);
  });
});
