import { Fixtures } from "./helpers/fixtures";
import { OperationSample, samplesInSchema } from "./helpers/operations";
import { startTestServer, TestServer } from "./helpers/server";

/**
 * Audit completeness: every mutation of the schema (by introspection), run once
 * successfully, leaves exactly one audit entry naming it, its actor and the request.
 * (A failed mutation leaving none is checked for every mutation by bad-input-corpus.)
 */

interface Entry {
  operation: string;
  actor: string;
  actorKind: string;
  targetIds: string[];
  requestId: string | null;
}

const LAST = `{ auditLog(first: 1) { totalCount nodes { operation actor actorKind targetIds requestId } } }`;

describe("an audit entry for every kind of mutation", () => {
  let t: TestServer;
  let f: Fixtures;
  let mutations: OperationSample[];
  let missing: string[];
  const problems: string[] = [];
  const seen: Record<string, Entry> = {};

  beforeAll(async () => {
    t = await startTestServer();
    f = new Fixtures(t);
    const inSchema = await samplesInSchema(t);
    mutations = inSchema.samples.filter((op) => op.kind === "mutation");
    missing = inSchema.missing;
    const token = await t.token(undefined, { subject: "auditor" });
    for (const op of mutations) {
      const call = await op.prepare(f, t);
      const before = (await t.ok<{ auditLog: { totalCount: number } }>(LAST)).auditLog.totalCount;
      const result = await t.gql(call.query, call.variables, { token });
      if (result.errors) {
        problems.push(`${op.name}: the sample failed: ${JSON.stringify(result.errors)}`);
        continue;
      }
      const after = (await t.ok<{ auditLog: { totalCount: number; nodes: Entry[] } }>(LAST)).auditLog;
      if (after.totalCount !== before + 1) problems.push(`${op.name}: ${after.totalCount - before} audit entries written, expected 1`);
      if (after.totalCount > before) seen[op.name] = after.nodes[0];
    }
  }, 60_000);
  afterAll(() => t.stop());

  it("has a sample for every operation of the schema, and every mutation sample succeeds", () => {
    expect(missing).toEqual([]);
    expect(mutations.length).toBeGreaterThanOrEqual(27);
    expect(problems.filter((p) => p.includes("the sample failed"))).toEqual([]);
  });

  it("each successful mutation writes exactly one audit entry", () => {
    expect(problems).toEqual([]);
  });

  it("the entry names the mutation, the token's subject and the request", () => {
    const wrong = mutations
      .filter((op) => seen[op.name])
      .filter((op) => {
        const entry = seen[op.name];
        return entry.operation !== op.name || entry.actor !== "auditor" || entry.actorKind !== "token" || !entry.requestId;
      })
      .map((op) => `${op.name}: ${JSON.stringify(seen[op.name])}`);
    expect(wrong).toEqual([]);
  });

  it("the entry of a mutation that names ids lists them as targets", () => {
    const exempt = new Set(["updateConfiguration", "rotateApiKey"]);
    const untargeted = mutations.filter((op) => seen[op.name] && !exempt.has(op.name) && seen[op.name].targetIds.length === 0).map((op) => op.name);
    expect(untargeted).toEqual([]);
  });
});
