import { ChildProcess } from "node:child_process";
import { GRANT_SWEEP_ID, GrantSweep } from "../src/audit/grant-sweep.entity";
import { GrantSweepService } from "../src/audit/grant-sweep.service";
import { MODEL_REVISION_ID, ModelRevision } from "../src/db/model-revision.entity";
import { GroupMember } from "../src/groups/group-links.entity";
import { OrganizationMemberRole, OrganizationMembership } from "../src/organizations/organization-links.entity";
import { UserRole } from "../src/roles/role-links.entity";
import { Fixtures } from "./helpers/fixtures";
import { spawnServe, startTestServer, TestServer } from "./helpers/server";

/**
 * The grant sweep (docs/design.md §13.3), on two server instances sharing one database (a SQLite
 * file, or PostgreSQL with TEST_POSTGRES_URL), each sweeping every second: this test's server and
 * a `gatehouse serve` process (from dist/: `npm run build` first). A second server in this
 * process cannot share a SQLite file: better-sqlite3 waits for the other's write lock
 * synchronously, blocking the event loop that would release it. Every boundary of a time-bound
 * grant a few seconds away is audited exactly once, with actor `system`; grants past retention
 * are deleted, audited. The test waits for the boundaries to pass; it asserts no durations.
 */

interface Entry {
  operation: string;
  actor: string;
  actorKind: string;
  targetIds: string[];
  details: Record<string, unknown>;
}

const SYSTEM_LOG = `query($after: String) { auditLog(actor: "system", first: 100, after: $after) { totalCount nodes { operation actor actorKind targetIds details } pageInfo { hasNextPage endCursor } } }`;

async function systemEntries(t: TestServer): Promise<Entry[]> {
  const data = await t.ok<{ auditLog: { nodes: Entry[] } }>(SYSTEM_LOG);
  return data.auditLog.nodes.slice().reverse();
}

/** Waits (polling) until `condition` holds; fails after `limitMs`. */
async function until(condition: () => Promise<boolean> | boolean, what: string, limitMs = 30_000): Promise<void> {
  const deadline = Date.now() + limitMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function mark(t: TestServer): Promise<number | null> {
  const row = await t.server.app.db.manager.findOne(GrantSweep, { where: { id: GRANT_SWEEP_ID } });
  return row?.sweptUntil ?? null;
}

async function revision(t: TestServer): Promise<string> {
  const row = await t.server.app.db.manager.findOne(ModelRevision, { where: { id: MODEL_REVISION_ID } });
  return String(row?.revision);
}

/** Counts the completed runs of `sweeper`'s own timer. */
function runsOf(sweeper: GrantSweepService): () => number {
  let count = 0;
  const original = sweeper.sweep.bind(sweeper);
  jest.spyOn(sweeper, "sweep").mockImplementation(() =>
    original().finally(() => {
      count += 1;
    }),
  );
  return () => count;
}

/** A `gatehouse serve` process on `databaseUrl`, sweeping every second; counts its runs from its debug log. */
async function serveSecond(databaseUrl: string): Promise<{ child: ChildProcess; url: string; runs: () => number }> {
  const serve = await spawnServe({ DATABASE_URL: databaseUrl, LOG_LEVEL: "debug", GRANT_SWEEP_INTERVAL_SECONDS: "1" });
  return { child: serve.child, url: serve.url, runs: () => serve.output().split('"msg":"grant sweep').length - 1 };
}

const iso = (ms: number) => new Date(ms).toISOString();

describe("grant sweep: two instances on one database", () => {
  let a: TestServer;
  let b: { child: ChildProcess; url: string; runs: () => number };
  let f: Fixtures;
  let runsA: () => number;

  /** A mutation through the second instance, with a token of the first (they share the signing key). */
  async function onB(query: string, variables: Record<string, unknown>): Promise<void> {
    const response = await fetch(b.url, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${await a.token()}` },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await response.json()) as { errors?: unknown };
    if (body.errors) throw new Error(JSON.stringify(body.errors));
  }

  beforeAll(async () => {
    a = await startTestServer({ grantSweep: { intervalSeconds: 1, retentionDays: 90 } });
    runsA = runsOf(a.server.app.grantSweep);
    b = await serveSecond(a.server.app.config.databaseUrl);
    f = new Fixtures(a);
    // The first run sets the mark; boundaries after it are audited.
    await until(async () => (await mark(a)) !== null, "the first sweep");
  }, 60_000);
  afterAll(async () => {
    if (b) {
      const exited = new Promise((resolve) => b.child.once("exit", resolve));
      b.child.kill("SIGTERM");
      await exited;
    }
    await a?.stop();
  });

  it("records grantActivated and grantExpired once per boundary, actor system, and never for a grant created already active", async () => {
    const app = await f.application();
    const role = await f.role(app.id);
    const memberRole = await f.role(app.id);
    const group = await f.group("Contractors");
    const org = await f.organization({ name: "acme" });
    await f.users([{ id: "sweep|pending" }, { id: "sweep|expiring" }, { id: "sweep|active" }, { id: "sweep|org" }]);
    const now = Date.now();
    const from = now + 2500;
    const until1 = now + 4000;
    await a.ok(`mutation($g: ID!, $u: [ID!]!, $f: DateTimeISO, $e: DateTimeISO) { addGroupMembers(groupId: $g, userIds: $u, validFrom: $f, expiresAt: $e) { id } }`, {
      g: group.id,
      u: ["sweep|pending"],
      f: iso(from),
      e: iso(until1),
    });
    // Created already active (validFrom in the past): no grantActivated, only its expiry.
    await a.ok(`mutation($g: ID!, $u: [ID!]!, $f: DateTimeISO, $e: DateTimeISO) { addGroupMembers(groupId: $g, userIds: $u, validFrom: $f, expiresAt: $e) { id } }`, {
      g: group.id,
      u: ["sweep|active"],
      f: iso(now - 3_600_000),
      e: iso(until1),
    });
    // Through the second instance: the other instance audits it just the same.
    await onB(`mutation($u: ID!, $r: [ID!]!, $e: DateTimeISO) { addUserRoles(userId: $u, roleIds: $r, expiresAt: $e) { id } }`, {
      u: "sweep|expiring",
      r: [role.id],
      e: iso(until1),
    });
    await a.ok(`mutation($o: ID!, $u: [ID!]!, $f: DateTimeISO) { addOrganizationMembers(organizationId: $o, userIds: $u, validFrom: $f) { id } }`, {
      o: org.id,
      u: ["sweep|org"],
      f: iso(from),
    });
    await a.ok(`mutation($o: ID!, $u: ID!, $r: [ID!]!, $e: DateTimeISO) { addOrganizationMemberRoles(organizationId: $o, userId: $u, roleIds: $r, expiresAt: $e) { id } }`, {
      o: org.id,
      u: "sweep|org",
      r: [memberRole.id],
      e: iso(until1),
    });
    const revisionBefore = await revision(a);

    await until(async () => (await systemEntries(a)).length >= 6, "six sweep entries");
    // Both instances go on sweeping past the boundaries (each at least twice more, on its timer),
    // and a burst of concurrent runs on both adds nothing either.
    const seenA = runsA();
    const seenB = b.runs();
    await Promise.all([a.server.app.grantSweep.sweep(), a.server.app.grantSweep.sweep()]);
    await until(() => runsA() >= seenA + 3 && b.runs() >= seenB + 2, "more runs on each instance");

    const entries = await systemEntries(a);
    const summary = entries.map((e) => `${e.operation} ${e.details.kind} ${e.targetIds.join(",")}`);
    expect(summary.sort()).toEqual(
      [
        `grantActivated groupMembership sweep|pending,${group.id}`,
        `grantExpired groupMembership sweep|pending,${group.id}`,
        `grantExpired groupMembership sweep|active,${group.id}`,
        `grantExpired userRole sweep|expiring,${role.id}`,
        `grantActivated organizationMembership sweep|org,${org.id}`,
        `grantExpired organizationMemberRole sweep|org,${org.id},${memberRole.id}`,
      ].sort(),
    );
    for (const entry of entries) {
      expect(entry).toMatchObject({ actor: "system", actorKind: "system" });
    }
    expect(entries.find((e) => e.operation === "grantActivated" && e.details.kind === "groupMembership")?.details).toEqual({
      kind: "groupMembership",
      userId: "sweep|pending",
      groupId: group.id,
      validFrom: iso(from),
      expiresAt: iso(until1),
    });
    expect(entries.find((e) => e.details.kind === "organizationMemberRole")?.details).toEqual({
      kind: "organizationMemberRole",
      userId: "sweep|org",
      organizationId: org.id,
      roleId: memberRole.id,
      validFrom: null,
      expiresAt: iso(until1),
    });
    // Findable by the ids they name.
    const byGroup = await a.ok<{ auditLog: { nodes: Entry[] } }>(`query($g: ID!) { auditLog(targetId: $g) { nodes { operation } } }`, { g: group.id });
    expect(byGroup.auditLog.nodes.filter((e) => e.operation.startsWith("grant")).length).toBe(3);
    // Auditing changed no model data: the revision is where the mutations left it.
    expect(await revision(a)).toBe(revisionBefore);
    // Nothing is deleted before its retention.
    expect(await a.server.app.db.manager.count(GroupMember, { where: { groupId: group.id } })).toBe(2);
  });
});

describe("grant sweep: retention", () => {
  let t: TestServer;
  let f: Fixtures;
  // Three seconds of retention (GRANT_RETENTION_DAYS takes fractions).
  const retentionDays = 3 / 86_400;

  beforeAll(async () => {
    t = await startTestServer({ grantSweep: { intervalSeconds: 1, retentionDays } });
    f = new Fixtures(t);
    await until(async () => (await mark(t)) !== null, "the first sweep");
  });
  afterAll(() => t?.stop());

  it("deletes grants expired longer ago than GRANT_RETENTION_DAYS, each audited grantDeleted, and bumps the revision", async () => {
    const app = await f.application();
    const role = await f.role(app.id);
    const group = await f.group();
    const org = await f.organization();
    await f.users([{ id: "keep|forever" }, { id: "gone|member" }, { id: "gone|role" }, { id: "gone|org" }]);
    await f.addMembers(group.id, ["keep|forever"]);
    const expiresAt = iso(Date.now() + 2000);
    await t.ok(`mutation($g: ID!, $u: [ID!]!, $e: DateTimeISO) { addGroupMembers(groupId: $g, userIds: $u, expiresAt: $e) { id } }`, {
      g: group.id,
      u: ["gone|member"],
      e: expiresAt,
    });
    await t.ok(`mutation($u: ID!, $r: [ID!]!, $e: DateTimeISO) { addUserRoles(userId: $u, roleIds: $r, expiresAt: $e) { id } }`, { u: "gone|role", r: [role.id], e: expiresAt });
    await t.ok(`mutation($o: ID!, $u: [ID!]!, $e: DateTimeISO) { addOrganizationMembers(organizationId: $o, userIds: $u, expiresAt: $e) { id } }`, {
      o: org.id,
      u: ["gone|org"],
      e: expiresAt,
    });
    // A member role without a window of its own goes with its expired membership, audited too.
    await f.organizationMemberRoles(org.id, "gone|org", [role.id]);
    const revisionBefore = await revision(t);

    await until(async () => (await systemEntries(t)).filter((e) => e.operation === "grantDeleted").length >= 4, "four grantDeleted entries");
    const deleted = (await systemEntries(t)).filter((e) => e.operation === "grantDeleted");
    expect(deleted.map((e) => `${e.details.kind} ${e.targetIds.join(",")}`).sort()).toEqual(
      [
        `groupMembership gone|member,${group.id}`,
        `userRole gone|role,${role.id}`,
        `organizationMembership gone|org,${org.id}`,
        `organizationMemberRole gone|org,${org.id},${role.id}`,
      ].sort(),
    );
    expect(deleted.find((e) => e.details.kind === "userRole")?.details).toEqual({ kind: "userRole", userId: "gone|role", roleId: role.id, validFrom: null, expiresAt });
    for (const entry of deleted) expect(entry).toMatchObject({ actor: "system", actorKind: "system" });
    // Each expiry was audited before the deletion.
    expect((await systemEntries(t)).filter((e) => e.operation === "grantExpired").length).toBe(3);

    const manager = t.server.app.db.manager;
    expect((await manager.find(GroupMember, { where: { groupId: group.id } })).map((m) => m.userId)).toEqual(["keep|forever"]);
    expect(await manager.count(UserRole, { where: { userId: "gone|role" } })).toBe(0);
    expect(await manager.count(OrganizationMembership, { where: { organizationId: org.id } })).toBe(0);
    expect(await manager.count(OrganizationMemberRole, { where: { organizationId: org.id } })).toBe(0);
    // A model write: caches keyed by the revision see it.
    expect(BigInt(await revision(t))).toBeGreaterThan(BigInt(revisionBefore));
    // The member count follows the deletion (the triggers on group_members).
    const counted = await t.ok<{ group: { memberCount: number } }>(`query($g: ID!) { group(id: $g) { memberCount } }`, { g: group.id });
    expect(counted.group.memberCount).toBe(1);
  });
});
