import { Fixtures } from "./helpers/fixtures";
import { errorCode, GraphQLResponse, startTestServer, TestServer } from "./helpers/server";

/**
 * Concurrency: many simultaneous writers on one server lose nothing, and a uniqueness
 * race has exactly one winner, the others CONFLICT. Timings are reported, not asserted.
 */
describe("concurrency", () => {
  let t: TestServer;
  let f: Fixtures;
  beforeAll(async () => {
    t = await startTestServer();
    f = new Fixtures(t);
  });
  afterAll(() => t.stop());

  async function timed<T>(work: () => Promise<T>): Promise<{ value: T; ms: number }> {
    const started = performance.now();
    const value = await work();
    return { value, ms: Math.round(performance.now() - started) };
  }

  it("100 concurrent addGroupMembers calls (distinct users) on one group leave 100 members", async () => {
    const group = await f.group();
    const userIds = Array.from({ length: 100 }, (_, i) => `race|member-${i}`);
    const { value: results, ms } = await timed(() =>
      Promise.all(userIds.map((u) => t.gql(`mutation($g: ID!, $u: ID!) { addGroupMembers(groupId: $g, userIds: [$u]) { id } }`, { g: group.id, u }))),
    );
    expect(results.filter((r) => r.errors)).toEqual([]);
    const after = await t.ok<{ group: { memberCount: number; members: { totalCount: number; nodes: Array<{ id: string }> } } }>(
      `query($g: ID!) { group(id: $g) { memberCount members(first: 100) { totalCount nodes { id } } } }`,
      { g: group.id },
    );
    expect(after.group.memberCount).toBe(100);
    expect(after.group.members.totalCount).toBe(100);
    expect(after.group.members.nodes.map((u) => u.id).sort()).toEqual([...userIds].sort());
    const audit = await t.ok<{ auditLog: { totalCount: number } }>(`query($g: ID!) { auditLog(targetId: $g) { totalCount } }`, { g: group.id });
    expect(audit.auditLog.totalCount).toBe(101); // createGroup + 100 additions
    console.log(`[figures] 100 concurrent addGroupMembers: ${ms} ms in all (${(ms / 100).toFixed(1)} ms per call)`);
  });

  it("50 concurrent createGroup with the same name: exactly one succeeds, the other 49 are CONFLICT", async () => {
    const name = "Contended Group";
    const { value: results, ms } = await timed(() =>
      Promise.all(
        // Vary the case too: names are unique ignoring case.
        Array.from({ length: 50 }, (_, i) => t.gql(`mutation($n: String!) { createGroup(input: { name: $n }) { id } }`, { n: i % 2 ? name : name.toUpperCase() })),
      ),
    );
    const winners = results.filter((r) => !r.errors);
    const losers = results.filter((r): r is GraphQLResponse & { errors: NonNullable<GraphQLResponse["errors"]> } => Boolean(r.errors));
    expect(winners).toHaveLength(1);
    expect(losers.map(errorCode)).toEqual(Array(49).fill("CONFLICT"));
    const stored = await t.ok<{ groups: { totalCount: number; nodes: Array<{ id: string }> } }>(`{ groups(search: "contended group") { totalCount nodes { id } } }`);
    expect(stored.groups.totalCount).toBe(1);
    expect(stored.groups.nodes[0].id).toBe(winners[0].data?.createGroup.id);
    const audit = await t.ok<{ auditLog: { nodes: Array<{ operation: string; targetIds: string[] }> } }>(`{ auditLog(first: 100) { nodes { operation targetIds } } }`);
    expect(audit.auditLog.nodes.filter((e) => e.operation === "createGroup" && e.targetIds.includes(stored.groups.nodes[0].id))).toHaveLength(1);
    console.log(`[figures] 50 concurrent same-name createGroup: ${ms} ms in all`);
  });

  it("reads keep being answered while 100 writes are queued", async () => {
    const group = await f.group();
    const writes = Array.from({ length: 100 }, (_, i) =>
      t.gql(`mutation($g: ID!, $u: ID!) { addGroupMembers(groupId: $g, userIds: [$u]) { id } }`, { g: group.id, u: `race|reader-${i}` }),
    );
    const reads = Array.from({ length: 20 }, () => t.gql(`query($g: ID!) { group(id: $g) { id memberCount } }`, { g: group.id }));
    const [writeResults, readResults] = await Promise.all([Promise.all(writes), Promise.all(reads)]);
    expect(writeResults.filter((r) => r.errors)).toEqual([]);
    expect(readResults.filter((r) => r.errors)).toEqual([]);
    for (const r of readResults) expect(r.data?.group.memberCount).toBeGreaterThanOrEqual(0);
    expect((await t.ok<{ group: { memberCount: number } }>(`query($g: ID!) { group(id: $g) { memberCount } }`, { g: group.id })).group.memberCount).toBe(100);
  });
});
