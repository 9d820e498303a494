import { ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pino from "pino";
import { selectFrom, TABLES } from "../src/db/tables";
import { createServer } from "../src/server/create-server";
import { startTestServer, testConfig, TestServer } from "./helpers/server";

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
    const contexts = (text: string) => sample(text, "gatehouse_authorization_contexts_total", { cache: "hit" }) + sample(text, "gatehouse_authorization_contexts_total", { cache: "miss" });
    expect(contexts(after) - contexts(before)).toBe(1);
    expect(sample(after, "gatehouse_sql_statements_total")).toBeGreaterThan(sample(before, "gatehouse_sql_statements_total"));
    expect(sample(after, "gatehouse_http_request_duration_seconds_count", { route: "/graphql" })).toBeGreaterThan(0);
    expect(after).toContain("gatehouse_process_resident_memory_bytes");
  });

  it("echoes a sane x-request-id and makes one up otherwise", async () => {
    const given = await fetch(`${t.baseUrl}/healthz`, { headers: { "x-request-id": "abc-123" } });
    expect(given.headers.get("x-request-id")).toBe("abc-123");
    const invalid = await fetch(`${t.baseUrl}/healthz`, { headers: { "x-request-id": "bad id with spaces" } });
    expect(invalid.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
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

  it("gatehouse serve exits cleanly on SIGTERM", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "gatehouse-sigterm-"));
    const root = path.join(__dirname, "..");
    const child: ChildProcess = spawn(process.execPath, [path.join(root, "bin", "gatehouse.js"), "serve"], {
      cwd: root,
      env: { ...process.env, DATABASE_URL: `sqlite:${path.join(dir, "g.sqlite")}`, PORT: String(20000 + Math.floor(Math.random() * 20000)), LOG_LEVEL: "warn" },
      stdio: ["ignore", "ignore", "pipe"],
    });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let seen = "";
        child.stderr?.on("data", (chunk: Buffer) => {
          seen += chunk.toString();
          const match = /serving (http:\/\/\S+)/.exec(seen);
          if (match) resolve(match[1]);
        });
        child.once("exit", (code) => reject(new Error(`exited ${code}: ${seen}`)));
      });
      expect((await fetch(url.replace(/graphql$/, "healthz"))).status).toBe(200);
      const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
      child.kill("SIGTERM");
      expect(await exited).toBe(0);
    } finally {
      child.kill("SIGKILL");
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
