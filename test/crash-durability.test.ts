import { ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { In } from "typeorm";
import { AuditEntry, AuditTarget } from "../src/audit/audit-entry.entity";
import { GroupMember } from "../src/groups/group-links.entity";
import { Group } from "../src/groups/group.entity";
import { startTestServer } from "./helpers/server";

/**
 * Crash test: a child process applies a stream of mutations to a SQLite file and is
 * killed with SIGKILL at a random point; after a restart on the same file every acknowledged
 * mutation is there (with its audit entry) and the database passes its integrity check.
 */

const ROOT = path.join(__dirname, "..");
const WRITER = path.join(__dirname, "fixtures", "crash-writer.ts");

interface Acks {
  groups: Map<string, string>;
  members: Array<[string, string]>;
  deleted: Set<string>;
  /** Deletions sent but maybe not acknowledged: those groups may be there or not. */
  deleting: Set<string>;
  total: number;
}

/** Runs the writer until it has printed `killAfter` acknowledgements, then SIGKILLs it. */
function runAndKill(file: string, prefix: string, killAfter: number, acks: Acks): Promise<{ startMs: number; writeMs: number; signal: string | null }> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    let readyAt = 0;
    let seen = 0;
    let stderr = "";
    let buffered = "";
    const child: ChildProcess = spawn(process.execPath, ["-r", "ts-node/register", WRITER, file, prefix], {
      cwd: ROOT,
      env: { ...process.env, TS_NODE_TRANSPILE_ONLY: "true", TS_NODE_PROJECT: path.join(ROOT, "tsconfig.test.json") },
      stdio: ["ignore", "pipe", "pipe"],
    });
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`writer produced ${seen} of ${killAfter} acknowledgements in time; stderr: ${stderr}`));
    }, 40_000);
    child.stderr!.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout!.on("data", (chunk: Buffer) => {
      buffered += chunk.toString();
      const lines = buffered.split("\n");
      buffered = lines.pop() ?? "";
      for (const line of lines) {
        const [kind, a, b] = line.split(" ");
        if (kind === "ready") readyAt = Date.now();
        else if (kind === "group") acks.groups.set(a, b);
        else if (kind === "member") acks.members.push([a, b]);
        else if (kind === "deleted") acks.deleted.add(a);
        else if (kind === "deleting") acks.deleting.add(a);
        else continue;
        if (kind !== "ready" && kind !== "deleting") {
          seen += 1;
          acks.total += 1;
        }
        // Lines already printed stay acknowledged even if they arrive in the same chunk as the kill.
        if (seen === killAfter) child.kill("SIGKILL");
      }
    });
    child.on("exit", (code, signal) => {
      clearTimeout(timer);
      if (signal !== "SIGKILL") reject(new Error(`writer exited by itself (code ${code}); stderr: ${stderr}`));
      else resolve({ startMs: readyAt - started, writeMs: Date.now() - readyAt, signal });
    });
  });
}

describe("crash (SIGKILL) during a stream of mutations", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "gatehouse-crash-"));
  const file = path.join(dir, "gatehouse.sqlite");
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("keeps every acknowledged mutation and an intact database, over two kills", async () => {
    const acks: Acks = { groups: new Map(), members: [], deleted: new Set(), deleting: new Set(), total: 0 };
    const figures: string[] = [];
    for (const round of ["one", "two"]) {
      const killAfter = 40 + Math.floor(Math.random() * 160);
      const run = await runAndKill(file, `crash-${round}`, killAfter, acks);
      figures.push(`round ${round}: killed after ${killAfter} acks (writer started in ${run.startMs} ms, wrote for ${run.writeMs} ms)`);
    }

    const t = await startTestServer({ databaseUrl: `sqlite:${file}` });
    try {
      const { manager } = t.server.app.db;
      expect(await manager.query("PRAGMA integrity_check")).toEqual([{ integrity_check: "ok" }]);
      expect(await manager.query("PRAGMA foreign_key_check")).toEqual([]);
      // The settings the durability rests on (WAL with a busy timeout).
      expect(await manager.query("PRAGMA journal_mode")).toEqual([{ journal_mode: "wal" }]);
      expect((await manager.query("PRAGMA busy_timeout"))[0].timeout).toBeGreaterThanOrEqual(1000);

      const stored = await manager.findBy(Group, { id: In([...acks.groups.keys()]) });
      const storedIds = new Set(stored.map((g) => g.id));
      // A group must be there unless its deletion was sent; if that was acknowledged, it must be gone.
      const lostGroups = [...acks.groups.keys()].filter((id) => !storedIds.has(id) && !acks.deleting.has(id));
      expect(lostGroups).toEqual([]);
      expect(stored.filter((g) => acks.deleted.has(g.id)).map((g) => g.id)).toEqual([]);
      for (const group of stored) expect(group.name).toBe(acks.groups.get(group.id));

      const members = await manager.findBy(GroupMember, { groupId: In([...storedIds]) });
      const have = new Set(members.map((m) => `${m.groupId} ${m.userId}`));
      const lost = acks.members.filter(([g, u]) => storedIds.has(g) && !have.has(`${g} ${u}`));
      expect(lost).toEqual([]);

      // Each acknowledged creation and deletion left its audit entry (same transaction).
      const entries = await manager
        .createQueryBuilder(AuditEntry, "e")
        .innerJoin(AuditTarget, "t", "t.entryId = e.id")
        .select(["e.operation AS operation", "t.targetId AS target"])
        .where({ operation: In(["createGroup", "deleteGroup"]) })
        .getRawMany<{ operation: string; target: string }>();
      const audited = new Set(entries.map((e) => `${e.operation} ${e.target}`));
      const unaudited = [...[...acks.groups.keys()].filter((id) => !audited.has(`createGroup ${id}`)), ...[...acks.deleted].filter((id) => !audited.has(`deleteGroup ${id}`))];
      expect(unaudited).toEqual([]);

      // And the restarted server serves and writes.
      await t.ok(`mutation { createGroup(input: { name: "After the crash" }) { id } }`);
      figures.push(
        `${acks.total} acknowledged mutations checked (${acks.groups.size} groups, ${acks.members.length} memberships, ${acks.deleted.size} deletions; ${[...acks.deleting].filter((id) => !acks.deleted.has(id)).length} unacknowledged deletions in flight)`,
      );
      console.log(`[figures] crash test: ${figures.join("; ")}`);
    } finally {
      // The test server was given the file: it stops but leaves the file to our afterAll.
      await t.stop();
    }
  }, 60_000);
});
