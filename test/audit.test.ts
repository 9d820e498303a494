import { Fixtures } from "./helpers/fixtures";
import { errorCode, startTestServer, TestServer } from "./helpers/server";

interface Entry {
  id: string;
  actor: string;
  actorKind: string;
  operation: string;
  targetIds: string[];
  details: { input: Record<string, unknown>; result: unknown };
}

const AUDIT = `query($first: Int, $after: String, $targetId: ID, $actor: String) {
  auditLog(first: $first, after: $after, targetId: $targetId, actor: $actor) {
    totalCount pageInfo { hasNextPage endCursor }
    nodes { id actor actorKind operation targetIds details requestId at }
  }
}`;

describe("audit log", () => {
  let t: TestServer;
  let f: Fixtures;
  beforeAll(async () => {
    t = await startTestServer();
    f = new Fixtures(t);
  });
  afterAll(() => t.stop());

  async function log(vars: Record<string, unknown> = {}) {
    return (await t.ok<{ auditLog: { totalCount: number; nodes: Entry[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } } }>(AUDIT, vars)).auditLog;
  }

  it("records who did what to which ids, newest first", async () => {
    const group = await f.group("Audited");
    await t.ok(`mutation($g: ID!) { addGroupMembers(groupId: $g, userIds: ["auth0|audited-1", "auth0|audited-2"]) { id } }`, { g: group.id });
    const entries = (await log({ targetId: group.id })).nodes;
    expect(entries.map((e) => e.operation)).toEqual(["addGroupMembers", "createGroup"]);
    const [add] = entries;
    expect(add.actor).toBe("test-admin");
    expect(add.actorKind).toBe("token");
    expect(add.targetIds).toEqual(expect.arrayContaining([group.id, "auth0|audited-1", "auth0|audited-2"]));
    expect(add.details.input).toEqual({ groupId: group.id, userIds: ["auth0|audited-1", "auth0|audited-2"] });
    expect(add.details.result).toEqual({ id: group.id, name: "Audited" });
    expect((await log({ targetId: "auth0|audited-2" })).nodes.map((e) => e.operation)).toEqual(["addGroupMembers"]);
  });

  it("treats null filters as no filter (a client sends null for an empty field)", async () => {
    const all = await log();
    expect(all.totalCount).toBeGreaterThan(0);
    expect((await log({ targetId: null, actor: null })).totalCount).toBe(all.totalCount);
  });

  it("writes no entry for a failed mutation", async () => {
    const before = (await log()).totalCount;
    await f.group("Taken");
    const failed = await t.gql(`mutation { createGroup(input: { name: "TAKEN" }) { id } }`);
    expect(errorCode(failed)).toBe("CONFLICT");
    const missing = await t.gql(`mutation { addGroupMembers(groupId: "nope", userIds: ["x"]) { id } }`);
    expect(errorCode(missing)).toBe("NOT_FOUND");
    expect((await log()).totalCount).toBe(before + 1);
  });

  it("filters by actor and pages without repeats", async () => {
    const other = await t.token(["create:groups", "read:audit"], { subject: "someone-else" });
    for (const name of ["Paged A", "Paged B", "Paged C"]) {
      await t.ok(`mutation($n: String!) { createGroup(input: { name: $n }) { id } }`, { n: name }, { token: other });
    }
    const seen: string[] = [];
    let after: string | null = null;
    do {
      const page: Awaited<ReturnType<typeof log>> = await log({ actor: "someone-else", first: 2, after });
      expect(page.totalCount).toBe(3);
      seen.push(...page.nodes.map((e) => e.id));
      after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
    } while (after);
    expect(seen).toHaveLength(3);
    expect(new Set(seen).size).toBe(3);
    expect(seen.map(Number)).toEqual([...seen.map(Number)].sort((a, b) => b - a));
  });

  it("never stores the API key a rotation returns", async () => {
    const rotated = await t.ok<{ rotateApiKey: { apiKey: string } }>(`mutation { rotateApiKey(gracePeriodSeconds: 60) { apiKey } }`);
    const [entry] = (await log({ first: 1 })).nodes;
    expect(entry.operation).toBe("rotateApiKey");
    expect(JSON.stringify(entry)).not.toContain(rotated.rotateApiKey.apiKey);
  });

  it("needs read:audit", async () => {
    const token = await t.token(["read:groups"]);
    const result = await t.gql(AUDIT, {}, { token });
    expect(errorCode(result)).toBe("FORBIDDEN");
    expect(result.errors?.[0].message).toContain("read:audit");
  });
});
