import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { databaseSnapshot } from "./helpers/operations";
import { startTestServer, TestServer } from "./helpers/server";
import { COUNT_FIELDS, exportData, ImportAnswer } from "./helpers/transfer";

/**
 * A dirty export repaired (`gatehouse import --repair`, `importData(repair: true)`) and the
 * safer import (replace needs `--yes`, a dry run creates no database file, the demo company is
 * named in a warning): docs/design.md §7. The compiled CLI (`npm test` builds first) on the
 * test server's own database, SQLite or PostgreSQL (TEST_POSTGRES_URL), asserted through GraphQL.
 */
const root = path.join(__dirname, "..");
const bin = path.join(root, "bin", "gatehouse.js");

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function cli(databaseUrl: string, ...args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, [bin, ...args], { cwd: root, env: { ...process.env, DATABASE_URL: databaseUrl, LOG_LEVEL: "error" } }, (error, stdout, stderr) =>
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

const IMPORT = `mutation($data: JSON!, $mode: ImportMode, $dryRun: Boolean, $repair: Boolean) {
  importData(data: $data, mode: $mode, dryRun: $dryRun, repair: $repair) {
    mode dryRun created { ${COUNT_FIELDS} } updated { ${COUNT_FIELDS} } deleted { ${COUNT_FIELDS} } warnings
  }
}`;

const G = { alpha: "a0000000-0000-4000-8000-000000000001", beta: "a0000000-0000-4000-8000-000000000002", gamma: "a0000000-0000-4000-8000-000000000003" };
const G_DELTA = "a0000000-0000-4000-8000-000000000004";
const R1 = "b0000000-0000-4000-8000-000000000001";
const P1 = "c0000000-0000-4000-8000-000000000001";
const APP = "dirty-app";

/**
 * A dirty export: a dangling group id, role id and permission id, a group nested in itself, and
 * the 3-cycle Alpha → Beta → Gamma → Alpha (listed Gamma first, so that the file's order is not
 * what picks the edge that goes).
 */
function dirtyFile(): any {
  return {
    groups: [
      { _id: G.gamma, name: "Gamma", nested: [G.alpha, G.gamma], members: ["auth0|dirty-1"] },
      { _id: G.alpha, name: "Alpha", nested: [G.beta, "ghost-group"], roles: [R1, "ghost-role"] },
      { _id: G.beta, name: "Beta", nested: [G.gamma] },
      { _id: G_DELTA, name: "Delta" },
    ],
    roles: [{ _id: R1, name: "Reader", applicationId: APP, permissions: [P1, "ghost-permission"] }],
    permissions: [{ _id: P1, name: "read:things", applicationId: APP }],
    applications: [{ id: APP, name: "Dirty App", type: "REGULAR_WEB" }],
    users: [{ id: "auth0|dirty-1", email: "dirty@example.com", name: "Dirty", connection: "Username-Password-Authentication" }],
  };
}

/** Exactly one warning per repair, each naming its path, in this order (docs/design.md §7). */
const REPAIR_WARNINGS = [
  `groups[0].nested[1]: group "Gamma" nested in itself dropped (--repair)`,
  `groups[1].nested[1]: unknown group id "ghost-group" dropped (--repair)`,
  `groups[1].roles[1]: unknown role id "ghost-role" dropped (--repair)`,
  `roles[0].permissions[1]: unknown permission id "ghost-permission" dropped (--repair)`,
  `groups[0].nested[0]: nesting of "Alpha" in "Gamma" dropped to break the cycle Gamma → Alpha → Beta → Gamma (--repair drops the cycle's edge whose (parent name, child name) sorts last)`,
];

/** Every problem of the same file without --repair, with its path. */
const PROBLEM_PATHS = ["groups[0].nested[1]", "groups[1].nested[1]", "groups[1].roles[1]", "roles[0].permissions[1]", "groups[0].nested[0]"];

const MODEL = `{ groups(first: 100) { nodes { name nestedGroups { name } roles { name } } } roles(first: 100) { nodes { name permissions { name } } } }`;

interface Model {
  groups: { nodes: Array<{ name: string; nestedGroups: Array<{ name: string }>; roles: Array<{ name: string }> }> };
  roles: { nodes: Array<{ name: string; permissions: Array<{ name: string }> }> };
}

/** The model as name → nested names / role names, and role → permission names. */
async function model(t: TestServer): Promise<Record<string, unknown>> {
  const data = await t.ok<Model>(MODEL);
  const out: Record<string, unknown> = {};
  for (const g of data.groups.nodes) out[g.name] = { nested: g.nestedGroups.map((n) => n.name).sort(), roles: g.roles.map((r) => r.name).sort() };
  for (const r of data.roles.nodes) out[`role ${r.name}`] = r.permissions.map((p) => p.name).sort();
  return out;
}

/** The "Warnings:" lines of the CLI's output. */
function cliWarnings(stdout: string): string[] {
  const at = stdout.indexOf("Warnings:\n");
  if (at < 0) return [];
  return stdout
    .slice(at + "Warnings:\n".length)
    .split("\n")
    .filter((line) => line.startsWith("  - "))
    .map((line) => line.slice(4));
}

describe("import --repair: a dirty export made importable, one warning per repair", () => {
  let t: TestServer;
  let dir: string;
  let file: string;
  let url: string;
  beforeAll(async () => {
    if (!existsSync(path.join(root, "dist", "src", "cli", "main.js"))) throw new Error("run `npm run build` first (npm test does)");
    t = await startTestServer();
    url = t.server.app.config.databaseUrl;
    dir = mkdtempSync(path.join(tmpdir(), "gatehouse-repair-"));
    file = path.join(dir, "dirty.json");
    writeFileSync(file, JSON.stringify(dirtyFile(), null, 2));
  });
  afterAll(async () => {
    await t.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("without --repair the file is refused with every problem's path, and nothing is written (CLI and GraphQL)", async () => {
    const before = await databaseSnapshot(t);
    const run = await cli(url, "import", file);
    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain("has 5 problems; nothing was imported");
    const listed = run.stderr
      .split("\n")
      .filter((line) => /^ {2}\S/.test(line))
      .map((line) => line.trim().split(": ")[0]);
    expect(listed).toEqual(PROBLEM_PATHS);
    const graphql = await t.gql(IMPORT, { data: dirtyFile(), dryRun: false });
    expect(graphql.errors?.[0].extensions?.code).toBe("BAD_USER_INPUT");
    expect((graphql.errors![0].extensions!.problems as Array<{ path: string }>).map((p) => p.path)).toEqual(PROBLEM_PATHS);
    expect(await databaseSnapshot(t)).toEqual(before);
  });

  it("GraphQL importData(repair: true, dryRun: true) returns exactly the repairs as warnings and writes nothing; so does the CLI's --repair --dry-run", async () => {
    const before = await databaseSnapshot(t);
    const result = await t.gql<{ importData: ImportAnswer }>(IMPORT, { data: dirtyFile(), dryRun: true, repair: true });
    expect(result.errors).toBeUndefined();
    const answer = result.data!.importData;
    expect(answer.dryRun).toBe(true);
    expect(answer.warnings).toEqual(REPAIR_WARNINGS);
    expect(answer.created.nestings).toBe(2);
    const dry = await cli(url, "import", file, "--repair", "--dry-run");
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain("nothing was written");
    expect(cliWarnings(dry.stdout)).toEqual(REPAIR_WARNINGS);
    expect(await databaseSnapshot(t)).toEqual(before);
  });

  it("the cycle's dropped edge depends on the names, not on the file's order", async () => {
    const reordered = dirtyFile();
    reordered.groups.reverse();
    const answer = (await t.gql<{ importData: ImportAnswer }>(IMPORT, { data: reordered, dryRun: true, repair: true })).data!.importData;
    const cycle = answer.warnings.filter((w) => w.includes("to break the cycle"));
    expect(cycle).toHaveLength(1);
    // Gamma is now groups[3]; its nested[0] (Alpha) is still the edge that goes.
    expect(cycle[0]).toMatch(/^groups\[3\]\.nested\[0\]: nesting of "Alpha" in "Gamma" dropped/);
  });

  it("gatehouse import --repair imports it with one warning per repair, and the model is the file's without what was dropped", async () => {
    const run = await cli(url, "import", file, "--repair");
    expect(run.code).toBe(0);
    expect(cliWarnings(run.stdout)).toEqual(REPAIR_WARNINGS);
    expect(run.stdout).not.toContain("demo company");
    expect(await model(t)).toEqual({
      Alpha: { nested: ["Beta"], roles: ["Reader"] },
      Beta: { nested: ["Gamma"], roles: [] },
      Gamma: { nested: [], roles: [] },
      Delta: { nested: [], roles: [] },
      "role Reader": ["read:things"],
    });
  });

  it("MERGE: a cycle closed through a stored nesting is broken at the file's edge (stored nestings stay)", async () => {
    // Stored now: Alpha → Beta → Gamma. The file nests Alpha in Gamma again.
    const file = { groups: [{ _id: G.gamma, name: "Gamma", nested: [G.alpha] }] };
    const refused = await t.gql(IMPORT, { data: file, dryRun: true });
    expect((refused.errors?.[0].extensions?.problems as Array<{ path: string; message: string }>).map((p) => p.path)).toEqual(["groups[0].nested[0]"]);
    const answer = (await t.gql<{ importData: ImportAnswer }>(IMPORT, { data: file, dryRun: true, repair: true })).data!.importData;
    expect(answer.warnings).toEqual([
      `groups[0].nested[0]: nesting of "Alpha" in "Gamma" dropped to break the cycle Gamma → Alpha → Beta → Gamma (--repair drops the cycle's edge whose (parent name, child name) sorts last)`,
    ]);
    expect(answer.created.nestings + answer.deleted.nestings).toBe(0);
  });

  it("names that collide ignoring case are still refused with --repair (in the file and against the stored model), writing nothing", async () => {
    const before = await databaseSnapshot(t);
    const inFile = dirtyFile();
    inFile.groups.push({ _id: "a0000000-0000-4000-8000-000000000005", name: "ALPHA" });
    const refused = await t.gql(IMPORT, { data: inFile, repair: true });
    expect((refused.errors?.[0].extensions?.problems as Array<{ path: string; message: string }>).map((p) => [p.path, p.message])).toEqual([
      ["groups[4].name", 'duplicate name "ALPHA": groups[1] has the same name ignoring case'],
    ]);
    const stored = { groups: [{ _id: "a0000000-0000-4000-8000-000000000006", name: "beta", nested: ["ghost-group"] }] };
    const storedFile = path.join(dir, "collide.json");
    writeFileSync(storedFile, JSON.stringify(stored));
    const run = await cli(url, "import", storedFile, "--repair");
    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain(`groups[0].name: a group named "Beta" already exists with id "${G.beta}" (names are unique ignoring case)`);
    expect(run.stderr).toContain("has 1 problem; nothing was imported");
    expect(await databaseSnapshot(t)).toEqual(before);
  });

  it("--mode replace into a database that holds data is refused without --yes, printing what it would delete; with --yes it replaces", async () => {
    const before = await databaseSnapshot(t);
    const exported = await exportData(t);
    const other = path.join(dir, "other.json");
    writeFileSync(other, JSON.stringify({ groups: [{ _id: "a0000000-0000-4000-8000-000000000009", name: "Only" }] }));
    const refused = await cli(url, "import", other, "--mode", "replace");
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain(
      "the database already holds data: --mode replace would delete 1 applications, 1 users, 4 groups, 1 roles, 1 permissions, 1 memberships, 2 nestings, 1 groupRoles, 1 rolePermissions; nothing was imported.",
    );
    expect(refused.stderr).toContain("repeat the command with --yes");
    expect(refused.stdout).toBe("");
    expect(await databaseSnapshot(t)).toEqual(before);
    expect(await exportData(t)).toEqual(exported);

    // A dry run needs no --yes: it writes nothing.
    const dry = await cli(url, "import", other, "--mode", "replace", "--dry-run");
    expect(dry.code).toBe(0);
    expect(await databaseSnapshot(t)).toEqual(before);

    const replaced = await cli(url, "import", other, "--mode", "replace", "--yes");
    expect(replaced.code).toBe(0);
    expect(replaced.stdout).toMatch(/\n {2}groups +1 +0 +4\n/);
    expect(await model(t)).toEqual({ Only: { nested: [], roles: [] } });
  });
});

describe("import into a fresh or demo database (CLI, SQLite files)", () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), "gatehouse-safer-"));
    writeFileSync(path.join(dir, "dirty.json"), JSON.stringify(dirtyFile()));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("--dry-run creates no database file (nor its folder), and --mode replace into an empty database needs no --yes", async () => {
    const target = path.join(dir, "not-yet", "gatehouse.sqlite");
    const dry = await cli(`sqlite:${target}`, "import", path.join(dir, "dirty.json"), "--repair", "--dry-run", "--mode", "replace");
    expect(dry.code).toBe(0);
    expect(cliWarnings(dry.stdout)).toEqual(REPAIR_WARNINGS);
    expect(existsSync(target)).toBe(false);
    expect(existsSync(path.dirname(target))).toBe(false);

    const real = await cli(`sqlite:${target}`, "import", path.join(dir, "dirty.json"), "--repair", "--mode", "replace");
    expect(real.code).toBe(0);
    expect(existsSync(target)).toBe(true);
  });

  it("importing into a database that holds the demo company says so in a warning", async () => {
    const url = `sqlite:${path.join(dir, "demo.sqlite")}`;
    expect((await cli(url, "seed", "demo")).code).toBe(0);
    const merged = await cli(url, "import", path.join(dir, "dirty.json"), "--repair", "--dry-run");
    expect(merged.code).toBe(0);
    expect(cliWarnings(merged.stdout)).toContain(
      'the database holds the demo company of `gatehouse seed demo` (application "expense-management-tool", group "Example Company"); MERGE keeps it next to the file\'s data',
    );
    const replaced = await cli(url, "import", path.join(dir, "dirty.json"), "--repair", "--mode", "replace");
    expect(replaced.code).not.toBe(0);
    expect(replaced.stderr).toContain("the database holds the demo company of `gatehouse seed demo`");
    expect(replaced.stderr).toContain("REPLACE deletes what the file does not list");
  });
});
