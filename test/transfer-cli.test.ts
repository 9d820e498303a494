import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

/**
 * `gatehouse import` and `gatehouse export` as a user runs them: the compiled CLI in a child
 * process on temporary SQLite files (`npm test` builds first).
 */
const root = path.join(__dirname, "..");
const bin = path.join(root, "bin", "gatehouse.js");
const fixture = path.join(__dirname, "fixtures", "extension-example-company.json");

/** A line of the summary table: the kind, then the created, updated and deleted counts. */
const row = (kind: string, created: number, updated: number, deleted: number) => new RegExp(`\\n  ${kind} +${created} +${updated} +${deleted}\\n`);

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

describe("gatehouse import / export (CLI)", () => {
  let dir: string;
  beforeAll(() => {
    if (!existsSync(path.join(root, "dist", "src", "cli", "main.js"))) throw new Error("run `npm run build` first (npm test does)");
    dir = mkdtempSync(path.join(tmpdir(), "gatehouse-cli-"));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  function gatehouse(database: string, ...args: string[]): Promise<Run> {
    return new Promise((resolve) => {
      execFile(
        process.execPath,
        [bin, ...args],
        { cwd: root, env: { ...process.env, DATABASE_URL: `sqlite:${path.join(dir, database)}`, LOG_LEVEL: "error" }, maxBuffer: 64 << 20 },
        (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
      );
    });
  }

  function file(name: string, content: string): string {
    const target = path.join(dir, name);
    writeFileSync(target, content);
    return target;
  }

  it("exports to a file, imports it into an empty database (replace) and exports the same bytes to stdout", async () => {
    expect((await gatehouse("a.sqlite", "seed", "demo")).code).toBe(0);
    const exported = path.join(dir, "a.json");
    const exportRun = await gatehouse("a.sqlite", "export", exported);
    expect(exportRun.code).toBe(0);
    expect(exportRun.stdout).toBe("");
    expect(exportRun.stderr).toContain("export: groups 7/7 done");
    expect(exportRun.stderr).toMatch(/Exported 7 groups, 2 roles, 5 permissions, 1 applications, 2 users, 0 organizations to .*a\.json in [\d.]+ s\./);
    const text = readFileSync(exported, "utf8");
    expect(text).toBe(`${JSON.stringify(JSON.parse(text), null, 2)}\n`);

    const importRun = await gatehouse("b.sqlite", "import", exported, "--mode", "replace");
    expect(importRun.code).toBe(0);
    expect(importRun.stdout).toMatch(/^Imported .*a\.json \(replace\) in [\d.]+ s:\n/);
    expect(importRun.stdout).toMatch(row("groups", 7, 0, 0));
    expect(importRun.stderr).toContain("import: memberships 2/2 done");

    const again = await gatehouse("b.sqlite", "export");
    expect(again.code).toBe(0);
    expect(again.stdout).toBe(text);
  });

  it("imports the extension's own export and prints the warnings", async () => {
    const run = await gatehouse("c.sqlite", "import", fixture);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("(merge)");
    expect(run.stdout).toMatch(row("users", 3, 0, 0));
    expect(run.stdout).toContain("Warnings:\n  - configuration[0].apikey: the extension's API key is not imported");
    const exported = JSON.parse((await gatehouse("c.sqlite", "export")).stdout);
    expect(exported.groups).toHaveLength(7);
    expect(JSON.stringify(exported)).not.toContain("apikey");
  });

  it("--dry-run prints what would change and writes nothing", async () => {
    const before = (await gatehouse("d.sqlite", "export")).stdout;
    const run = await gatehouse("d.sqlite", "import", fixture, "--dry-run", "--mode", "REPLACE");
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Dry run of .*extension-example-company\.json \(replace\): nothing was written; it would change:\n/);
    expect(run.stdout).toMatch(row("groups", 7, 0, 0));
    expect((await gatehouse("d.sqlite", "export")).stdout).toBe(before);
  });

  it("malformed JSON fails with exit code 1 and says where", async () => {
    const bad = file("bad.json", '{\n  "groups": [\n    { "_id": "x", }\n  ]\n}\n');
    const run = await gatehouse("e.sqlite", "import", bad);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/gatehouse: .*bad\.json is not valid JSON: .*\(line 3, column \d+\)/);
  });

  it("an invalid file fails with exit code 1, lists every problem with its path and writes nothing", async () => {
    await gatehouse("f.sqlite", "import", fixture);
    const before = (await gatehouse("f.sqlite", "export")).stdout;
    const invalid = file(
      "invalid.json",
      JSON.stringify({
        groups: [
          { _id: "g1", name: "A", nested: ["g2"] },
          { _id: "g2", name: "B", nested: ["g1"] },
          { _id: "g3", name: "Finance" },
        ],
        extra: true,
      }),
    );
    const run = await gatehouse("f.sqlite", "import", invalid);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("invalid.json has 3 problems; nothing was imported:\n");
    expect(run.stderr).toContain('  extra: unknown top-level key "extra"');
    expect(run.stderr).toContain('  groups[2].name: a group named "Finance" already exists');
    expect(run.stderr).toContain("  groups[0].nested[0]: nesting cycle: A → B → A");
    expect((await gatehouse("f.sqlite", "export")).stdout).toBe(before);
  });

  it("a non-object top level, a missing file and a bad --mode fail clearly", async () => {
    const array = await gatehouse("g.sqlite", "import", file("array.json", "[]"));
    expect(array.code).toBe(1);
    expect(array.stderr).toContain("$: the file must be a JSON object with the keys configuration, groups, roles, permissions, applications, users, organizations, not an array");
    const missing = await gatehouse("g.sqlite", "import", path.join(dir, "nope.json"));
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain("cannot read");
    const mode = await gatehouse("g.sqlite", "import", fixture, "--mode", "upsert");
    expect(mode.code).toBe(1);
    expect(mode.stderr).toContain("must be merge or replace");
  });
});
