import { ChildProcess, execFile, spawn } from "node:child_process";
import { copyFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";

/**
 * docs/migrating-from-the-auth0-extension.md, followed as a new user would: the extension's
 * export file, `gatehouse import --dry-run`, `gatehouse import`, `gatehouse token create`,
 * naming the stub application, `gatehouse apikey rotate`, then the extension rule's own call to
 * the policy endpoint. Runs the compiled CLI (`npm test` builds first).
 */
const run = promisify(execFile);
const root = path.join(__dirname, "..");
const cli = path.join(root, "bin", "gatehouse.js");
const CLIENT_ID = "4UfTcIbcCzdvUokuwI8Yp9cRGl70mo37";
const ALICE = "auth0|5f1a0c0ffee0000000000001";

describe("the migration guide, step by step", () => {
  let dir: string;
  let env: NodeJS.ProcessEnv;
  let server: ChildProcess;
  let base: string;

  const gatehouse = (...args: string[]) => run(process.execPath, [cli, ...args], { cwd: dir, env, maxBuffer: 16 * 1024 * 1024 });

  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), "gatehouse-guide-"));
    copyFileSync(path.join(__dirname, "fixtures", "extension-example-company.json"), path.join(dir, "authorization-export.json"));
    env = { ...process.env, DATABASE_URL: `sqlite:${path.join(dir, "gatehouse.sqlite")}`, PORT: "0", LOG_LEVEL: "warn" };
  });
  afterAll(() => {
    server?.kill("SIGTERM");
    rmSync(dir, { recursive: true, force: true });
  });

  it("2. imports the extension's export (dry run first), names the stub application, sets the namespace", async () => {
    const dry = await gatehouse("import", "authorization-export.json", "--dry-run");
    expect(dry.stdout).toContain("nothing was written");
    expect(dry.stdout).toContain("configuration[0].apikey");
    expect(dry.stdout).toContain(CLIENT_ID);
    // The guide's step for a dirty export: on a clean one, --repair repairs nothing.
    const repairDry = await gatehouse("import", "authorization-export.json", "--repair", "--dry-run");
    expect(repairDry.stdout).toBe(dry.stdout);

    const imported = await gatehouse("import", "authorization-export.json");
    expect(imported.stdout).toMatch(/groups\s+7\s+0\s+0/);

    server = spawn(process.execPath, [cli, "serve"], { cwd: dir, env, stdio: ["ignore", "ignore", "pipe"] });
    const url = await new Promise<string>((resolve, reject) => {
      let seen = "";
      server.stderr?.on("data", (chunk: Buffer) => {
        seen += chunk.toString();
        const match = /serving (http:\/\/\S+)/.exec(seen);
        if (match) resolve(match[1]);
      });
      server.once("exit", (code) => reject(new Error(`serve exited ${code}: ${seen}`)));
    });
    base = url.replace(/\/graphql$/, "");

    const token = (await gatehouse("token", "create", "--scopes", "update:applications update:configuration read:authorization")).stdout.trim();
    const graphql = async (query: string) => {
      const response = await fetch(url, { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${token}` }, body: JSON.stringify({ query }) });
      return (await response.json()) as { data?: Record<string, any>; errors?: unknown };
    };
    const renamed = await graphql(`mutation { updateApplication(id: "${CLIENT_ID}", input: { name: "Expense Management Tool", type: REGULAR_WEB }) { id name } }`);
    expect(renamed.data?.updateApplication).toEqual({ id: CLIENT_ID, name: "Expense Management Tool" });
    const configured = await graphql(`
      mutation {
        updateConfiguration(input: { claimNamespace: "https://example.com/claims/" }) {
          claimNamespace
          groupsInToken
          rolesInToken
          permissionsInToken
        }
      }
    `);
    expect(configured.data?.updateConfiguration).toEqual({ claimNamespace: "https://example.com/claims/", groupsInToken: true, rolesInToken: true, permissionsInToken: true });
  }, 60_000);

  it("3. makes the login key and gets the extension's answer from the policy endpoint, as its rule asks", async () => {
    const key = (await gatehouse("apikey", "rotate")).stdout.trim();
    expect(key.length).toBeGreaterThan(30);
    const policy = (userId: string, body: unknown, apiKey = key) =>
      fetch(`${base}/api/users/${encodeURIComponent(userId)}/policy/${CLIENT_ID}`, {
        method: "POST",
        headers: { "x-api-key": apiKey, "content-type": "application/json" },
        body: JSON.stringify(body),
      });

    const alice = await policy(ALICE, { connectionName: "Username-Password-Authentication", groups: [] });
    expect(alice.status).toBe(200);
    expect(await alice.json()).toEqual({
      groups: ["Accounting", "Example Company", "External Accountants"],
      roles: ["Expense User"],
      permissions: ["add:expense", "view:own-expenses"],
    });
    // The mapping came along: an IdP group on its connection maps into Management.
    const mapped = await policy("ad|corp|jdoe", { connectionName: "corp-ad", groups: "Administrative" });
    expect(((await mapped.json()) as { groups: string[] }).groups).toEqual(["Example Company", "Management"]);
    // The extension's old key is not accepted.
    const old = await policy(ALICE, { connectionName: "Username-Password-Authentication" }, "9f2c4e7a1b3d5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8");
    expect(old.status).toBe(401);
  }, 60_000);
});
