import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { cliContext } from "../src/cli/cli-context";
import { readUserExport } from "../src/transfer/users-import.reader";
import { Fixtures } from "./helpers/fixtures";
import { startTestServer, TestServer } from "./helpers/server";

/**
 * `gatehouse users import <file>` as a user runs it (the compiled CLI in a child process, as in
 * transfer-cli.test.ts) on Auth0's user export, then the console's user search over GraphQL.
 */
const root = path.join(__dirname, "..");
const bin = path.join(root, "bin", "gatehouse.js");

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

const USERS = `query($s: String) { users(search: $s) { totalCount nodes { id email name connection } } }`;

/** The i-th user of the generated tenant, as the users-exports job describes it. */
function auth0User(i: number) {
  const id = `auth0|5f1a0c0ffee${i.toString(16).padStart(13, "0")}`;
  return {
    user_id: id,
    email: `user${i}@tenant.example`,
    name: `User Number ${i}`,
    "identities[0].connection": i % 10 === 0 ? "google-oauth2" : "Username-Password-Authentication",
  };
}

/** Auth0's CSV escaping: every string prefixed with `'` and wrapped in double quotes, `"` doubled. */
const csvValue = (value: string) => `"'${value.replaceAll('"', '""')}"`;

describe("gatehouse users import", () => {
  let dir: string;
  beforeAll(() => {
    if (!existsSync(path.join(root, "dist", "src", "cli", "main.js"))) throw new Error("run `npm run build` first (npm test does)");
    dir = mkdtempSync(path.join(tmpdir(), "gatehouse-users-"));
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

  /** A test server on `database` (kept afterwards: the explicit URL is never dropped). */
  const serverOn = (database: string) => startTestServer({ databaseUrl: `sqlite:${path.join(dir, database)}` });

  async function search(t: TestServer, term: string) {
    return (await t.ok<{ users: { totalCount: number; nodes: Array<Record<string, unknown>> } }>(USERS, { s: term })).users;
  }

  it("imports a 100,000-user NDJSON export with progress, merging by id without touching memberships; the console's search finds users by e-mail", async () => {
    // A user already known, with a membership and an old e-mail: the export updates the e-mail only.
    const known = auth0User(42);
    let t = await serverOn("big.sqlite");
    try {
      const f = new Fixtures(t);
      const group = await f.group("Known Group");
      await f.users([{ id: known.user_id, email: "old@tenant.example", name: null }]);
      await f.addMembers(group.id, [known.user_id]);
    } finally {
      await t.stop();
    }
    const lines = Array.from({ length: 100_000 }, (_, i) => JSON.stringify(auth0User(i + 1)));
    const run = await gatehouse("big.sqlite", "users", "import", file("tenant.json", `${lines.join("\n")}\n`));
    expect({ code: run.code, stdout: run.stdout }).toEqual({
      code: 0,
      stdout: expect.stringMatching(/^Imported 100000 users from .*tenant\.json \(ndjson\) in [\d.]+ s: 99999 created, 1 merged/),
    });
    expect(run.stderr).toContain("users import: users 100000/100000 done");

    t = await serverOn("big.sqlite");
    try {
      const found = await search(t, "user54321@tenant.example");
      expect(found.nodes).toEqual([{ id: auth0User(54321).user_id, email: "user54321@tenant.example", name: "User Number 54321", connection: "Username-Password-Authentication" }]);
      expect((await search(t, "User Number 100000")).nodes.map((u) => u.connection)).toEqual(["google-oauth2"]);
      const user = await t.ok<{ user: { email: string; name: string; groups: Array<{ name: string }> } }>(`query($id: ID!) { user(id: $id) { email name groups { name } } }`, {
        id: known.user_id,
      });
      expect(user.user).toEqual({ email: known.email, name: known.name, groups: [{ name: "Known Group" }] });
    } finally {
      await t.stop();
    }
  });

  it("imports Auth0's CSV export (quoted, '-prefixed strings; header names as the job writes them) and keeps stored values a line leaves empty", async () => {
    let t = await serverOn("csv.sqlite");
    try {
      await new Fixtures(t).users([{ id: "auth0|csv-2", email: "two@old.example", name: "Kept Name" }]);
    } finally {
      await t.stop();
    }
    const csv = [
      ["user_id", "email", "name", "identities[0].connection", "created_at"].map(csvValue).join(","),
      [csvValue("auth0|csv-1"), csvValue("one@csv.example"), csvValue('Ann "The Admin" O\'Neil'), csvValue("Username-Password-Authentication"), "2024-01-02T03:04:05.000Z"].join(
        ",",
      ),
      [csvValue("auth0|csv-2"), csvValue("two@csv.example"), "", csvValue("Username-Password-Authentication"), "2024-01-02T03:04:05.000Z"].join(","),
      "",
    ].join("\r\n");
    const run = await gatehouse("csv.sqlite", "users", "import", file("tenant.csv", csv));
    expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: expect.any(String) });
    expect(run.stdout).toMatch(/Imported 2 users from .*tenant\.csv \(csv\) in [\d.]+ s: 1 created, 1 merged/);
    t = await serverOn("csv.sqlite");
    try {
      expect((await search(t, "one@csv.example")).nodes).toEqual([
        { id: "auth0|csv-1", email: "one@csv.example", name: 'Ann "The Admin" O\'Neil', connection: "Username-Password-Authentication" },
      ]);
      expect((await search(t, "two@csv.example")).nodes).toEqual([
        { id: "auth0|csv-2", email: "two@csv.example", name: "Kept Name", connection: "Username-Password-Authentication" },
      ]);
    } finally {
      await t.stop();
    }
  });

  it("NDJSON: a malformed line N fails the whole file naming line N, and nothing is written", async () => {
    const lines = Array.from({ length: 500 }, (_, i) => JSON.stringify(auth0User(i + 1)));
    lines[316] = '{"user_id": "auth0|broken", "email": ';
    expect((await gatehouse("bad.sqlite", "migrate")).code).toBe(0);
    const run = await gatehouse("bad.sqlite", "users", "import", file("bad.json", lines.join("\n")));
    expect(run.code).toBe(1);
    expect(run.stdout).toBe("");
    expect(run.stderr).toMatch(/bad\.json \(ndjson\) has 1 bad line; nothing was imported:\n {2}line 317: not a JSON object/);
    await expectNoUsers("bad.sqlite");
  });

  it("NDJSON and CSV: invalid values fail naming each line and field, and nothing is written", async () => {
    const ndjson = [
      JSON.stringify(auth0User(1)),
      JSON.stringify({ ...auth0User(2), email: "not-an-address" }),
      JSON.stringify({ email: "nobody@tenant.example" }),
      JSON.stringify(auth0User(1)),
      "[1, 2]",
    ].join("\n");
    expect((await gatehouse("invalid.sqlite", "migrate")).code).toBe(0);
    const run = await gatehouse("invalid.sqlite", "users", "import", file("invalid.ndjson", ndjson));
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("has 4 bad lines; nothing was imported:");
    expect(run.stderr).toContain('line 2: email must be an email address, not "not-an-address"');
    expect(run.stderr).toContain("line 3: user_id is missing");
    expect(run.stderr).toContain(`line 4: user_id "${auth0User(1).user_id}" is also on line 1`);
    expect(run.stderr).toContain("line 5: not a JSON object");

    const csv = [
      "user_id,email,name",
      `${csvValue("auth0|ok")},${csvValue("ok@tenant.example")},${csvValue("Ok")}`,
      `${csvValue("auth0|long")},${csvValue("long@tenant.example")},${csvValue("n".repeat(256))}`,
      `${csvValue("auth0|bad-mail")},${csvValue("@")},${csvValue("Bad")}`,
    ].join("\n");
    const csvRun = await gatehouse("invalid.sqlite", "users", "import", file("invalid.csv", csv));
    expect(csvRun.code).toBe(1);
    expect(csvRun.stderr).toContain(
      "invalid.csv (csv) has 2 bad lines; nothing was imported:\n  line 3: name must be at most 255 characters long\n  line 4: email must be an email address",
    );

    const header = await gatehouse("invalid.sqlite", "users", "import", file("no-id.csv", "email,name\nx@tenant.example,X\n"));
    expect(header.code).toBe(1);
    expect(header.stderr).toContain("line 1: the header names no user_id column (found: email, name)");
    await expectNoUsers("invalid.sqlite");
  });

  it("CSV: a line with a missing column fails naming its line", async () => {
    const csv = ["user_id,email,name", `${csvValue("auth0|a")},${csvValue("a@tenant.example")},${csvValue("A")}`, `${csvValue("auth0|b")},${csvValue("b@tenant.example")}`].join(
      "\n",
    );
    expect((await gatehouse("columns.sqlite", "migrate")).code).toBe(0);
    const run = await gatehouse("columns.sqlite", "users", "import", file("columns.csv", csv));
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/columns\.csv \(csv\) has 1 bad line; nothing was imported:\n {2}line 3: not valid CSV/);
    await expectNoUsers("columns.sqlite");
  });

  it("through the service, on the test database (SQLite, or PostgreSQL with TEST_POSTGRES_URL): merges by id, keeps what a line leaves empty, and finds users by e-mail", async () => {
    const t = await startTestServer();
    try {
      const f = new Fixtures(t);
      const group = await f.group("Directory Group");
      await f.users([{ id: "auth0|svc-1", email: "svc1@old.example", name: "Kept", connection: "old-connection" }]);
      await f.addMembers(group.id, ["auth0|svc-1"]);
      const lines = [
        JSON.stringify({ user_id: "auth0|svc-1", email: "svc1@new.example", identities: [{ connection: "Username-Password-Authentication" }] }),
        ...Array.from({ length: 2000 }, (_, i) => JSON.stringify(auth0User(i + 1))),
      ];
      const steps: string[] = [];
      const progress = { start: (step: string) => void steps.push(step), advance: () => undefined };
      const result = await t.server.app.services.userImports.import(cliContext(t.server.app.db, "cli:users import"), readUserExport(lines.join("\n"), "ndjson"), progress);
      expect(result).toEqual({ created: 2000, updated: 1 });
      expect(steps).toEqual(["users"]);
      const user = await t.ok<{ user: Record<string, unknown> }>(`query($id: ID!) { user(id: $id) { email name connection groups { name } } }`, { id: "auth0|svc-1" });
      expect(user.user).toEqual({ email: "svc1@new.example", name: "Kept", connection: "Username-Password-Authentication", groups: [{ name: "Directory Group" }] });
      expect((await search(t, "user1999@tenant.example")).nodes.map((u) => u.id)).toEqual([auth0User(1999).user_id]);
      const audit = await t.ok<{ auditLog: { nodes: Array<{ operation: string; actor: string }> } }>(`{ auditLog { nodes { operation actor } } }`);
      expect(audit.auditLog.nodes[0]).toEqual({ operation: "cli:users import", actor: "cli" });
    } finally {
      await t.stop();
    }
  });

  /** The database holds no user. */
  async function expectNoUsers(database: string): Promise<void> {
    const t = await serverOn(database);
    try {
      expect((await t.ok<{ users: { totalCount: number } }>(`{ users { totalCount } }`)).users.totalCount).toBe(0);
    } finally {
      await t.stop();
    }
  }
});
