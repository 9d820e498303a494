import { ChildProcess, execFile } from "node:child_process";
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { gzipSync } from "node:zlib";
import { spawnServe } from "./helpers/server";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const action = require("../examples/auth0-post-login-action.js") as { onExecutePostLogin(event: unknown, api: unknown): Promise<void> };

/**
 * docs/migrating-from-the-auth0-extension.md, followed as a new user would: Auth0's user export
 * and `gatehouse users import`, the extension's export file, `gatehouse import --dry-run`,
 * `--repair` on a dirty copy, `gatehouse import`, `gatehouse token create`, naming the stub
 * application, `gatehouse apikey rotate`, the extension rule's own call to the policy endpoint,
 * the Action (profile, claims, app_metadata) and a hand-ported Action's REST call, and the
 * rollback's stripped export. Runs the compiled CLI (`npm test` builds first).
 */
const GUIDE = readFileSync(path.join(__dirname, "..", "docs", "migrating-from-the-auth0-extension.md"), "utf8");
const run = promisify(execFile);
const root = path.join(__dirname, "..");
const cli = path.join(root, "bin", "gatehouse.js");
const CLIENT_ID = "4UfTcIbcCzdvUokuwI8Yp9cRGl70mo37";
const ALICE = "auth0|5f1a0c0ffee0000000000001";
const BOB = "auth0|5f1a0c0ffee0000000000002";
const CAROL = "auth0|5f1a0c0ffee0000000000003";

/** The first fenced sh block of the guide after `heading` that contains `marker`. */
function guideBlock(heading: string, marker: string): string {
  const section = GUIDE.slice(GUIDE.indexOf(heading));
  const block = [...section.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1]).find((text) => text.includes(marker));
  if (!block) throw new Error(`no sh block with ${marker} after ${heading}`);
  return block;
}

describe("the migration guide, step by step", () => {
  let dir: string;
  let env: NodeJS.ProcessEnv;
  let server: ChildProcess;
  let base: string;

  const gatehouse = (...args: string[]) => run(process.execPath, [cli, ...args], { cwd: dir, env, maxBuffer: 16 * 1024 * 1024 });
  let key: string;
  let adminToken: string;
  const graphqlAs = async (token: string, query: string, variables?: Record<string, unknown>) => {
    const response = await fetch(`${base}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
      body: JSON.stringify({ query, variables }),
    });
    return (await response.json()) as { data?: Record<string, any>; errors?: unknown };
  };
  const userRecord = async (id: string) => (await graphqlAs(adminToken, `query($id: ID!) { user(id: $id) { email name connection } }`, { id })).data?.user;

  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), "gatehouse-guide-"));
    copyFileSync(path.join(__dirname, "fixtures", "extension-example-company.json"), path.join(dir, "authorization-export.json"));
    env = { ...process.env, DATABASE_URL: `sqlite:${path.join(dir, "gatehouse.sqlite")}`, PORT: "0", LOG_LEVEL: "warn" };
    // What Auth0's users-exports job delivers: NDJSON with the requested fields, gzipped.
    const users = [
      { user_id: ALICE, email: "alice@example.com", name: "Alice Example", "identities[0].connection": "Username-Password-Authentication" },
      { user_id: BOB, email: "bob@example.com", name: "Bob Example", "identities[0].connection": "Username-Password-Authentication" },
      { user_id: CAROL, email: "carol@example.com", name: "Carol Example", "identities[0].connection": "Username-Password-Authentication" },
    ];
    writeFileSync(path.join(dir, "users.json.gz"), gzipSync(users.map((u) => JSON.stringify(u)).join("\n") + "\n"));
  });
  afterAll(() => {
    server?.kill("SIGTERM");
    rmSync(dir, { recursive: true, force: true });
  });

  it("1. imports Auth0's user export (gunzip, then gatehouse users import)", async () => {
    expect(guideBlock("## 1.", "users import")).toBe("gunzip -k users.json.gz\nnpx gatehouse users import users.json\n");
    await run("gunzip", ["-k", "users.json.gz"], { cwd: dir });
    const imported = await gatehouse("users", "import", "users.json");
    expect(imported.stdout).toMatch(/^Imported 3 users from users\.json \(ndjson\) in [\d.]+ s: 3 created, 0 merged with the stored ones\.\n$/);
  }, 60_000);

  it("3. a dirty export: --repair --dry-run shows each repair, --repair imports it (in a database of its own)", async () => {
    const dirty = JSON.parse(readFileSync(path.join(dir, "authorization-export.json"), "utf8"));
    dirty.groups[0].nested.push("0b0f6a44-8e6b-4b57-9f0c-2b1d6a1edead");
    writeFileSync(path.join(dir, "dirty-export.json"), JSON.stringify(dirty));
    const own = { ...env, DATABASE_URL: `sqlite:${path.join(dir, "dirty.sqlite")}` };
    const refused = await run(process.execPath, [cli, "import", "dirty-export.json", "--dry-run"], { cwd: dir, env: own }).catch(
      (error: { stderr: string; code: number }) => error,
    );
    expect((refused as { code: number }).code).toBe(1);
    expect((refused as { stderr: string }).stderr).toContain("groups[0].nested[");
    const dry = await run(process.execPath, [cli, "import", "dirty-export.json", "--repair", "--dry-run"], { cwd: dir, env: own });
    expect(dry.stdout).toMatch(/groups\[0\]\.nested\[\d+\]: unknown group id "0b0f6a44-8e6b-4b57-9f0c-2b1d6a1edead" dropped \(--repair\)/);
    const repaired = await run(process.execPath, [cli, "import", "dirty-export.json", "--repair"], { cwd: dir, env: own });
    expect(repaired.stdout).toMatch(/groups\s+7\s+0\s+0/);
  }, 60_000);

  it("2–3. imports the extension's export (dry run first), names the stub application, sets the namespace", async () => {
    const dry = await gatehouse("import", "authorization-export.json", "--dry-run");
    expect(dry.stdout).toContain("nothing was written");
    expect(dry.stdout).toContain("configuration[0].apikey");
    expect(dry.stdout).toContain(CLIENT_ID);
    // The stub application is named, with the follow-up.
    expect(dry.stdout).toContain(`created as stubs (type REGULAR_WEB, name = id): "${CLIENT_ID}"; give each its name and type with updateApplication`);
    // Step 1 brought the users over: none of the file's members is a stub.
    expect(dry.stdout).not.toContain("created as stub users");
    // The guide's step for a dirty export: on a clean one, --repair repairs nothing.
    const repairDry = await gatehouse("import", "authorization-export.json", "--repair", "--dry-run");
    expect(repairDry.stdout).toBe(dry.stdout);

    const imported = await gatehouse("import", "authorization-export.json");
    expect(imported.stdout).toMatch(/groups\s+7\s+0\s+0/);

    const serve = await spawnServe(env, { cwd: dir });
    server = serve.child;
    const url = serve.url;
    base = url.replace(/\/graphql$/, "");

    const token = (await gatehouse("token", "create", "--scopes", "update:applications update:configuration read:authorization")).stdout.trim();
    adminToken = (await gatehouse("token", "create", "--scopes", "all")).stdout.trim();
    // Step 1's users are in the console's user search, by e-mail.
    const found = await graphqlAs(adminToken, `{ users(search: "alice@example.com") { nodes { id name } } }`);
    expect(found.data?.users.nodes).toEqual([{ id: ALICE, name: "Alice Example" }]);
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

  it("4. makes the login key and gets the extension's answer from the policy endpoint, as its rule asks", async () => {
    key = (await gatehouse("apikey", "rotate")).stdout.trim();
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
      validUntil: null,
    });
    // The mapping came along: an IdP group on its connection maps into Management.
    const mapped = await policy("ad|corp|jdoe", { connectionName: "corp-ad", groups: "Administrative" });
    expect(((await mapped.json()) as { groups: string[] }).groups).toEqual(["Example Company", "Management"]);
    // The extension's old key is not accepted.
    const old = await policy(ALICE, { connectionName: "Username-Password-Authentication" }, "9f2c4e7a1b3d5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8");
    expect(old.status).toBe(401);
  }, 60_000);
  /** Runs the Action as Auth0 would, with a fake event/api; returns what it set. */
  async function runAction(event: { userId: string; email?: string; name?: string; appMetadata?: Record<string, unknown> }) {
    const recorded = { claims: {} as Record<string, unknown>, denied: [] as string[], appMetadata: [] as Array<[string, unknown]> };
    const api = {
      idToken: { setCustomClaim: (name: string, value: unknown) => void (recorded.claims[name] = value) },
      accessToken: { setCustomClaim: () => undefined },
      access: { deny: (reason: string) => void recorded.denied.push(reason) },
      user: { setAppMetadata: (name: string, value: unknown) => void recorded.appMetadata.push([name, value]) },
    };
    await action.onExecutePostLogin(
      {
        user: { user_id: event.userId, email: event.email, name: event.name, app_metadata: event.appMetadata ?? {} },
        client: { client_id: CLIENT_ID },
        connection: { name: "Username-Password-Authentication" },
        secrets: { GATEHOUSE_URL: base, GATEHOUSE_API_KEY: key },
      },
      api,
    );
    return recorded;
  }

  it("5A. the Action: claims, the user's changed e-mail in the directory, app_metadata.authorization per application with a persist switch on", async () => {
    const login = await runAction({ userId: ALICE, email: "alice@new.example", name: "Alice Example" });
    expect(login.denied).toEqual([]);
    expect(login.claims["https://example.com/claims/roles"]).toEqual(["Expense User"]);
    expect(login.appMetadata).toEqual([]);
    expect(await userRecord(ALICE)).toEqual({ email: "alice@new.example", name: "Alice Example", connection: "Username-Password-Authentication" });

    await graphqlAs(adminToken, `mutation { updateConfiguration(input: { persistRoles: true }) { persistRoles } }`);
    const persisted = await runAction({ userId: ALICE, email: "alice@new.example", appMetadata: { authorization: { custom: 1 } } });
    expect(persisted.appMetadata).toEqual([["authorization", { custom: 1, roles: ["Expense User"], applications: { [CLIENT_ID]: { roles: ["Expense User"] } } }]]);
    await graphqlAs(adminToken, `mutation { updateConfiguration(input: { persistRoles: false }) { persistRoles } }`);
  }, 60_000);

  it("5B. a hand-ported Action's REST call with email and name keeps the directory current", async () => {
    const block = guideBlock("**Option B", '"email"');
    const body = JSON.parse(/-d '(\{.*\})'/.exec(block)![1]) as Record<string, unknown>;
    expect(body).toEqual({ connectionName: "Username-Password-Authentication", groups: [], email: "alice@example.com", name: "Alice Example" });
    const response = await fetch(`${base}/api/users/${encodeURIComponent(ALICE)}/policy/${CLIENT_ID}`, {
      method: "POST",
      headers: { "x-api-key": key, "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    expect(response.status).toBe(200);
    expect(((await response.json()) as { roles: string[] }).roles).toEqual(["Expense User"]);
    expect(await userRecord(ALICE)).toMatchObject({ email: "alice@example.com", name: "Alice Example" });
  }, 60_000);

  it("rollback: the stripped Gatehouse export holds only what the extension's import schema allows", async () => {
    await gatehouse("export", "gatehouse-export.json");
    const block = guideBlock("## Rollback", "node -e");
    const script = block.slice(block.indexOf("node -e"));
    await run("sh", ["-c", script], { cwd: dir });
    const stripped = JSON.parse(readFileSync(path.join(dir, "for-the-extension.json"), "utf8"));
    expect(Object.keys(stripped).sort()).toEqual(["configuration", "groups", "permissions", "roles"]);
    const switches = [
      "groupsInToken",
      "rolesInToken",
      "permissionsInToken",
      "groupsPassthrough",
      "rolesPassthrough",
      "permissionsPassthrough",
      "persistGroups",
      "persistRoles",
      "persistPermissions",
    ];
    expect(Object.keys(stripped.configuration[0]).sort()).toEqual(["_id", ...switches].sort());
    // The extension's record keys only: the windows of time-bound grants are dropped.
    for (const group of stripped.groups) expect(Object.keys(group).sort()).toEqual(["_id", "description", "mappings", "members", "name", "nested", "roles"]);
    for (const role of stripped.roles) expect(Object.keys(role).sort()).toEqual(["_id", "applicationId", "applicationType", "description", "name", "permissions", "users"]);
    const original = JSON.parse(readFileSync(path.join(dir, "authorization-export.json"), "utf8"));
    expect(stripped.groups.map((g: { _id: string }) => g._id).sort()).toEqual(original.groups.map((g: { _id: string }) => g._id).sort());
    // Gatehouse reads it back too (the extension's format): the same groups and roles.
    const back = { ...env, DATABASE_URL: `sqlite:${path.join(dir, "rollback.sqlite")}` };
    const reimported = await run(process.execPath, [cli, "import", "for-the-extension.json"], { cwd: dir, env: back });
    expect(reimported.stdout).toMatch(/groups\s+7\s+0\s+0/);
    expect(reimported.stdout).toMatch(/roles\s+2\s+0\s+0/);
  }, 60_000);
});
