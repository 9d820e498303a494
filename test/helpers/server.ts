import "reflect-metadata";
import { ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pino from "pino";
import { SCOPES } from "../../src/auth/scopes";
import { AppConfig } from "../../src/server/config";
import { createServer } from "../../src/server/create-server";
import { GatehouseServer } from "../../src/server/http";

export interface GraphQLResponse<T = Record<string, any>> {
  status: number;
  data?: T;
  errors?: Array<{ message: string; path?: string[]; extensions?: Record<string, any> }>;
}

/**
 * A real Gatehouse on port 0 with its own database and the real migrations: a fresh SQLite file,
 * or, when TEST_POSTGRES_URL is set (an admin URL such as
 * postgres://gatehouse:gatehouse@127.0.0.1:5432/postgres, whose role may CREATE DATABASE), a fresh
 * PostgreSQL database `gatehouse_test_<random>` that `stop()` drops.
 */
export interface TestServer {
  server: GatehouseServer;
  url: string;
  baseUrl: string;
  /** A real JWT signed by this server's key (jose), carrying `scopes` (default: all). */
  token(scopes?: readonly string[], options?: { expiresInSeconds?: number; subject?: string }): Promise<string>;
  /** POSTs a GraphQL operation with a bearer token (default: one with every scope). */
  gql<T = Record<string, any>>(
    query: string,
    variables?: Record<string, unknown>,
    options?: { token?: string | null; headers?: Record<string, string> },
  ): Promise<GraphQLResponse<T>>;
  /** Like `gql` but fails the test on any error and returns `data`. */
  ok<T = Record<string, any>>(query: string, variables?: Record<string, unknown>, options?: { token?: string | null }): Promise<T>;
  /** SQL statements executed so far by this server. */
  sqlCount(): number;
  stop(): Promise<void>;
}

export function testConfig(databaseUrl: string, overrides: Partial<AppConfig> = {}): AppConfig {
  return {
    port: 0,
    host: "127.0.0.1",
    databaseUrl,
    logLevel: "silent",
    bodyLimitBytes: 1_048_576,
    limits: { maxDepth: 15, maxNodes: 100_000, introspection: true },
    auth: {},
    // No grant sweep unless a test asks for one (test/grant-sweep.test.ts): a run in the middle of
    // a test would add statements to what it counts.
    grantSweep: { intervalSeconds: 0, retentionDays: 90 },
    ...overrides,
  };
}

// pg ships no type declarations (and @types/pg is not a dependency): type the little used here.
interface PgClient {
  connect(): Promise<void>;
  query(sql: string): Promise<unknown>;
  end(): Promise<void>;
}
const { Client } = require("pg") as { Client: new (config: { connectionString: string }) => PgClient };

/** Runs `work` with a pg client on `url` (the admin connection used to create/drop test databases). */
async function withPgClient<T>(url: string, work: (client: PgClient) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/**
 * Drops a test database. FORCE may not end an autovacuum worker that just started on it (not
 * the test role's process: "must be a member of the role whose process is being terminated"),
 * so that refusal is retried for a few seconds until the worker is done.
 */
async function dropWithRetry(adminUrl: string, name: string): Promise<void> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      await withPgClient(adminUrl, (client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
      return;
    } catch (error) {
      if ((error as { code?: string }).code !== "42501" || attempt >= 25) throw error;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}

/**
 * The database a test server gets: `overrides.databaseUrl` or TEST_DATABASE_URL as given (shared,
 * never dropped); else a fresh PostgreSQL database on TEST_POSTGRES_URL; else a fresh SQLite file.
 */
async function createTestDatabase(explicitUrl: string | undefined): Promise<{ url: string; drop(): Promise<void> }> {
  if (explicitUrl) return { url: explicitUrl, drop: async () => undefined };
  const adminUrl = process.env.TEST_POSTGRES_URL;
  if (adminUrl) {
    const name = `gatehouse_test_${randomBytes(8).toString("hex")}`;
    await withPgClient(adminUrl, (client) => client.query(`CREATE DATABASE "${name}"`));
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    return {
      url: url.toString(),
      // FORCE: a second server a test pointed at this database may still hold connections.
      drop: () => dropWithRetry(adminUrl, name),
    };
  }
  const dir = mkdtempSync(path.join(tmpdir(), "gatehouse-test-"));
  return { url: `sqlite:${path.join(dir, "gatehouse.sqlite")}`, drop: async () => rmSync(dir, { recursive: true, force: true }) };
}

export async function startTestServer(overrides: Partial<AppConfig> = {}): Promise<TestServer> {
  const database = await createTestDatabase(overrides.databaseUrl ?? process.env.TEST_DATABASE_URL);
  const databaseUrl = database.url;
  let server: GatehouseServer;
  try {
    server = await createServer(testConfig(databaseUrl, overrides), pino({ level: process.env.TEST_LOG_LEVEL ?? "silent" }));
  } catch (error) {
    await database.drop();
    throw error;
  }
  const adminToken = await server.app.tokens.issue({ scopes: SCOPES, subject: "test-admin" });

  async function gql<T>(
    query: string,
    variables?: Record<string, unknown>,
    options: { token?: string | null; headers?: Record<string, string> } = {},
  ): Promise<GraphQLResponse<T>> {
    const token = options.token === undefined ? adminToken : options.token;
    const headers: Record<string, string> = { "content-type": "application/json", ...options.headers };
    if (token !== null) headers.authorization = `Bearer ${token}`;
    const response = await fetch(server.url, { method: "POST", headers, body: JSON.stringify({ query, variables }) });
    const body = (await response.json()) as { data?: T; errors?: GraphQLResponse["errors"] };
    return { status: response.status, data: body.data ?? undefined, errors: body.errors };
  }

  return {
    server,
    url: server.url,
    baseUrl: server.url.replace(/\/graphql$/, ""),
    token: (scopes = SCOPES, options = {}) => server.app.tokens.issue({ scopes, ...options }),
    gql,
    async ok<T>(query: string, variables?: Record<string, unknown>, options?: { token?: string | null }) {
      const result = await gql<T>(query, variables, options);
      if (result.errors) throw new Error(`GraphQL errors: ${JSON.stringify(result.errors, null, 2)}`);
      return result.data as T;
    },
    sqlCount: () => server.app.db.stats.total,
    async stop() {
      try {
        await server.stop();
      } finally {
        await database.drop();
      }
    },
  };
}

/** The first error's `extensions.code`, for one-line assertions. */
export function errorCode(result: GraphQLResponse): string | undefined {
  return result.errors?.[0]?.extensions?.code;
}

/** A `gatehouse serve` child process (from dist: build first) and what it printed so far. */
export interface ServeProcess {
  child: ChildProcess;
  /** The GraphQL URL it printed (`http://127.0.0.1:<port>/graphql`). */
  url: string;
  /** Its stderr so far (the log, the URLs). */
  output: () => string;
}

/**
 * Starts `gatehouse serve` as a separate process with `env` on top of this one's (PORT 0 unless
 * given), resolving once it prints the URL it serves (and, with `waitFor`, once its output
 * matches that too). `nodeArgs` go before the script; `cwd` defaults to the repository.
 */
export async function spawnServe(env: Record<string, string | undefined>, options: { nodeArgs?: string[]; cwd?: string; waitFor?: RegExp } = {}): Promise<ServeProcess> {
  const root = path.join(__dirname, "..", "..");
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), path.join(root, "bin", "gatehouse.js"), "serve"], {
    cwd: options.cwd ?? root,
    env: { ...process.env, PORT: "0", ...env },
    stdio: ["ignore", "ignore", "pipe"],
  });
  let seen = "";
  const url = await new Promise<string>((resolve, reject) => {
    child.stderr?.on("data", (chunk: Buffer) => {
      seen += chunk.toString();
      const match = /serving (http:\/\/\S+)/.exec(seen);
      if (match && (!options.waitFor || options.waitFor.test(seen))) resolve(match[1]);
    });
    child.once("exit", (code) => reject(new Error(`gatehouse serve exited with ${code}: ${seen}`)));
  });
  return { child, url, output: () => seen };
}
