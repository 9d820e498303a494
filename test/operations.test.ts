import { ChildProcess, execFileSync, spawnSync } from "node:child_process";
import { request as httpRequest } from "node:http";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pino from "pino";
import { selectFrom, TABLES } from "../src/db/tables";
import { createServer } from "../src/server/create-server";
import { spawnServe, startTestServer, testConfig, TestServer } from "./helpers/server";

/** Reads one sample of a Prometheus text exposition (0 when absent). */
function sample(text: string, name: string, labels: Record<string, string> = {}): number {
  const wanted = Object.entries(labels);
  for (const line of text.split("\n")) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    if (wanted.every(([k, v]) => line.includes(`${k}="${v}"`))) return Number(line.slice(line.lastIndexOf(" ") + 1));
  }
  return 0;
}

describe("operations: metrics and request ids", () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(() => t.stop());

  it("serves Prometheus metrics whose counters move with requests", async () => {
    const scrape = async () => (await fetch(`${t.baseUrl}/metrics`)).text();
    const before = await scrape();
    expect(before).toContain("# TYPE gatehouse_http_requests_total counter");
    await t.ok(`mutation { createGroup(input: { name: "Metrics" }) { id } }`);
    await t.ok(`{ groups { totalCount } }`);
    await t.gql(`{ groups { totalCount } }`, {}, { token: null });
    await t.gql(`mutation { deleteGroup(id: "missing") }`);
    await t.ok(`{ authorizationContext(userId: "m|1", clientId: "none") { groups } }`);
    const after = await scrape();
    const graphql = { route: "/graphql", method: "POST", status: "200" };
    expect(sample(after, "gatehouse_http_requests_total", graphql) - sample(before, "gatehouse_http_requests_total", graphql)).toBe(4);
    const unauthenticated = { route: "/graphql", status: "401" };
    expect(sample(after, "gatehouse_http_requests_total", unauthenticated) - sample(before, "gatehouse_http_requests_total", unauthenticated)).toBe(1);
    expect(sample(after, "gatehouse_graphql_operations_total", { type: "mutation", operation: "createGroup" })).toBe(1);
    expect(sample(after, "gatehouse_graphql_operations_total", { type: "query", operation: "groups" })).toBe(
      sample(before, "gatehouse_graphql_operations_total", { type: "query", operation: "groups" }) + 1,
    );
    expect(sample(after, "gatehouse_errors_total", { code: "NOT_FOUND" }) - sample(before, "gatehouse_errors_total", { code: "NOT_FOUND" })).toBe(1);
    const contexts = (text: string) =>
      sample(text, "gatehouse_authorization_contexts_total", { cache: "hit" }) + sample(text, "gatehouse_authorization_contexts_total", { cache: "miss" });
    expect(contexts(after) - contexts(before)).toBe(1);
    expect(sample(after, "gatehouse_sql_statements_total")).toBeGreaterThan(sample(before, "gatehouse_sql_statements_total"));
    expect(sample(after, "gatehouse_http_request_duration_seconds_count", { route: "/graphql" })).toBeGreaterThan(0);
    expect(after).toContain("gatehouse_process_resident_memory_bytes");
  });

  // Each distinct mix of root fields used to make a new, never-freed label (reachable with the
  // login-hook API key alone): 20,000 documents took /metrics to 72 MB.
  it("operation labels come from a closed set: the schema's root fields, otherwise `other`", async () => {
    const scrape = async () => (await fetch(`${t.baseUrl}/metrics`)).text();
    const labelsOf = (text: string) =>
      new Set(
        text
          .split("\n")
          .filter((line) => line.startsWith("gatehouse_graphql_operations_total{"))
          .map((line) => /operation="([^"]*)"/.exec(line)?.[1]),
      );
    for (let i = 0; i < 30; i += 1) await t.ok(`{ a${i}: groups { totalCount } b${i}: configuration { groupsInToken } }`);
    await t.ok(`{ __typename }`);
    await t.ok(`query Named { ...F } fragment F on Query { groups { totalCount } }`);
    const labels = labelsOf(await scrape());
    expect([...labels].filter((label) => label?.includes(","))).toEqual([]);
    expect(labels.has("other")).toBe(true);
    for (const label of labels) expect(["other", "groups", "createGroup", "deleteGroup", "authorizationContext", "configuration"]).toContain(label);
  });

  it("echoes a sane x-request-id and makes one up otherwise", async () => {
    const given = await fetch(`${t.baseUrl}/healthz`, { headers: { "x-request-id": "abc-123" } });
    expect(given.headers.get("x-request-id")).toBe("abc-123");
    const invalid = await fetch(`${t.baseUrl}/healthz`, { headers: { "x-request-id": "bad id with spaces" } });
    expect(invalid.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    const longest = "r".repeat(64);
    expect((await fetch(`${t.baseUrl}/healthz`, { headers: { "x-request-id": longest } })).headers.get("x-request-id")).toBe(longest);
    const tooLong = await fetch(`${t.baseUrl}/healthz`, { headers: { "x-request-id": "r".repeat(65) } });
    expect(tooLong.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("a mutation with the longest x-request-id kept is audited under it (the column holds it, on PostgreSQL too)", async () => {
    const requestId = "q".repeat(64);
    const response = await fetch(t.url, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${await t.token()}`, "x-request-id": requestId },
      body: JSON.stringify({ query: 'mutation { createGroup(input: { name: "Request Id Group" }) { id } }' }),
    });
    const answer = (await response.json()) as { errors?: unknown };
    expect([response.status, answer.errors]).toEqual([200, undefined]);
    const audit = await t.ok<{ auditLog: { nodes: Array<{ requestId: string | null }> } }>("{ auditLog(first: 1) { nodes { requestId } } }");
    expect(audit.auditLog.nodes[0].requestId).toBe(requestId);
  });
});

describe("graceful shutdown", () => {
  it("finishes in-flight requests on stop: every acknowledged mutation is stored", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "gatehouse-stop-"));
    const databaseUrl = process.env.TEST_POSTGRES_URL ? undefined : `sqlite:${path.join(dir, "gatehouse.sqlite")}`;
    const t = await startTestServer(databaseUrl ? { databaseUrl } : {});
    const token = await t.token();
    const acknowledged: string[] = [];
    let refused = 0;
    const send = async (name: string) => {
      try {
        const response = await fetch(t.url, {
          method: "POST",
          headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
          body: JSON.stringify({ query: `mutation($n: String!) { createGroup(input: { name: $n }) { id } }`, variables: { n: name } }),
        });
        const body = (await response.json()) as { data?: { createGroup: { id: string } } };
        if (response.status === 200 && body.data) acknowledged.push(name);
      } catch {
        refused += 1;
      }
    };
    const inFlight = Array.from({ length: 60 }, (_, i) => send(`Stop ${i}`));
    // Stop while mutations are being answered: some acknowledged, others still queued.
    while (acknowledged.length < 3) await new Promise((resolve) => setTimeout(resolve, 1));
    const stopped = t.server.stop();
    await Promise.all(inFlight);
    await stopped;
    expect(acknowledged.length).toBeGreaterThan(0);
    expect(acknowledged.length + refused).toBe(60);

    const again = await createServer(testConfig(t.server.app.config.databaseUrl), pino({ level: "silent" }));
    try {
      const reopened = await again.app.db.manager.query(selectFrom(TABLES.groups, ["name"]));
      const stored = new Set((reopened as Array<{ name: string }>).map((row) => row.name));
      for (const name of acknowledged) expect(stored.has(name)).toBe(true);
    } finally {
      await again.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  /** Starts the real `gatehouse serve` on a fresh database; resolves with its URL once it listens. */
  async function serve(dir: string, env: Record<string, string> = {}): Promise<{ child: ChildProcess; url: string; consoleUrl: string }> {
    const databaseUrl = `sqlite:${path.join(dir, "g.sqlite")}`;
    const { child, url, output } = await spawnServe({ DATABASE_URL: databaseUrl, LOG_LEVEL: "warn", ...env }, { waitFor: /Admin console: (http:\/\/\S+)/ });
    const consoleUrl = (/Admin console: (http:\/\/\S+)/.exec(output()) as RegExpExecArray)[1];
    return { child, url, consoleUrl };
  }

  it("gatehouse serve exits cleanly on SIGTERM", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "gatehouse-sigterm-"));
    const { child, url, consoleUrl } = await serve(dir);
    try {
      expect((await fetch(url.replace(/graphql$/, "healthz"))).status).toBe(200);
      // With PORT=0 the console's address is the port the system gave, not 0.
      expect(consoleUrl).toBe(url.replace(/graphql$/, "admin/"));
      const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
      child.kill("SIGTERM");
      expect(await exited).toBe(0);
    } finally {
      child.kill("SIGKILL");
      rmSync(dir, { recursive: true, force: true });
    }
  });

  // Under NODE_ENV=production Apollo Server installs signal handlers of its own unless told not
  // to; they stopped Apollo and re-raised the signal, so requests in flight got an empty reply.
  it.each(["SIGTERM", "SIGINT"] as const)("under NODE_ENV=production, %s lets a request in flight finish, then exits 0", async (signal) => {
    const dir = mkdtempSync(path.join(tmpdir(), "gatehouse-graceful-"));
    const { child, url } = await serve(dir, { NODE_ENV: "production" });
    try {
      const token = execFileSync(process.execPath, [path.join(__dirname, "..", "bin", "gatehouse.js"), "token", "create", "--scopes", "read:groups"], {
        env: { ...process.env, DATABASE_URL: `sqlite:${path.join(dir, "g.sqlite")}`, LOG_LEVEL: "warn" },
      })
        .toString()
        .trim();
      const body = JSON.stringify({ query: "{ groups { totalCount } }" });
      // The request is in flight: headers and half of the body sent when the signal arrives.
      const answer = new Promise<{ status: number; text: string }>((resolve, reject) => {
        const req = httpRequest(
          url,
          { method: "POST", headers: { "content-type": "application/json", "content-length": Buffer.byteLength(body), authorization: `Bearer ${token}` } },
          (res) => {
            let text = "";
            res.on("data", (chunk: Buffer) => (text += chunk.toString()));
            res.on("end", () => resolve({ status: res.statusCode ?? 0, text }));
          },
        );
        req.on("error", reject);
        req.write(body.slice(0, 10));
        setTimeout(() => {
          child.kill(signal);
          setTimeout(() => req.end(body.slice(10)), 300);
        }, 200);
      });
      const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once("exit", (code, killedBy) => resolve({ code, signal: killedBy })));
      expect(await answer).toEqual({ status: 200, text: JSON.stringify({ data: { groups: { totalCount: 0 } } }) + "\n" });
      expect(await exited).toEqual({ code: 0, signal: null });
    } finally {
      child.kill("SIGKILL");
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("gatehouse token create", () => {
  const cli = (dir: string, ...args: string[]) =>
    spawnSync(process.execPath, [path.join(__dirname, "..", "bin", "gatehouse.js"), ...args], {
      env: { ...process.env, DATABASE_URL: `sqlite:${path.join(dir, "g.sqlite")}`, LOG_LEVEL: "warn" },
      encoding: "utf8",
    });

  it("refuses --expires-in beyond AUTH_MAX_TOKEN_LIFETIME_SECONDS (default 30 days), naming the variable; 30 days is accepted", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "gatehouse-token-"));
    try {
      const tooLong = cli(dir, "token", "create", "--scopes", "read:groups", "--expires-in", String(30 * 86_400 + 1));
      expect(tooLong.status).not.toBe(0);
      expect(tooLong.stdout).toBe("");
      expect(tooLong.stderr).toMatch(/at most 2592000 seconds \(AUTH_MAX_TOKEN_LIFETIME_SECONDS\)/);
      const longest = cli(dir, "token", "create", "--scopes", "read:groups", "--expires-in", String(30 * 86_400));
      expect(longest.status).toBe(0);
      const payload = JSON.parse(Buffer.from(longest.stdout.trim().split(".")[1], "base64url").toString()) as { iat: number; exp: number };
      expect(payload.exp - payload.iat).toBe(30 * 86_400);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("gatehouse CLI, a new user's first hour", () => {
  const cli = (env: Record<string, string>, ...args: string[]) =>
    spawnSync(process.execPath, [path.join(__dirname, "..", "bin", "gatehouse.js"), ...args], {
      env: { ...process.env, LOG_LEVEL: "warn", ...env },
      encoding: "utf8",
      timeout: 30_000,
    });

  it("--version prints package.json's version", () => {
    const run = cli({}, "--version");
    expect(run.status).toBe(0);
    expect(run.stdout.trim()).toBe((JSON.parse(readFileSync(path.join(__dirname, "..", "package.json"), "utf8")) as { version: string }).version);
  });

  it("apikey rotate --help states its default once", () => {
    const help = cli({}, "apikey", "rotate", "--help").stdout;
    expect(help.match(/default/g)).toHaveLength(1);
  });

  // Node's recursive mkdir spun at 95 % CPU with no output under /proc; driver errors
  // (ECONNREFUSED, "unable to open database file") did not say which setting to fix.
  it.each([
    ["a folder that cannot be made", "sqlite:/proc/nope/x.sqlite", /^DATABASE_URL \(sqlite:\/proc\/nope\/x\.sqlite\): the database cannot be opened: ENOENT/],
    ["a file that cannot be opened", "sqlite:/proc/x.sqlite", /^DATABASE_URL \(sqlite:\/proc\/x\.sqlite\): the database cannot be opened: unable to open database file/],
    [
      "a server that refuses connections (password not shown)",
      "postgres://gh:secret@127.0.0.1:1/gatehouse",
      /^DATABASE_URL \(postgres:\/\/gh:\*\*\*@127\.0\.0\.1:1\/gatehouse\): the database cannot be opened: connect ECONNREFUSED/,
    ],
  ])("a database that cannot be opened (%s) stops start-up at once with a message naming DATABASE_URL", (_label, databaseUrl, message) => {
    const run = cli({ DATABASE_URL: databaseUrl }, "migrate");
    expect(run.error).toBeUndefined(); // not killed by the timeout
    expect(run.status).toBe(1);
    expect(run.stderr.trim()).toMatch(message);
    expect(run.stderr).not.toContain("secret");
  });
});
