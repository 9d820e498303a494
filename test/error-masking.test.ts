import { Writable } from "node:stream";
import pino from "pino";
import { SCOPES } from "../src/auth/scopes";
import { GatehouseServer } from "../src/server/http";
import { createServer } from "../src/server/create-server";
import { startTestServer, testConfig } from "./helpers/server";

/**
 * Error masking: an unexpected internal error reaches the caller as
 * INTERNAL_SERVER_ERROR "Internal server error" with no stack, SQL or driver detail; the
 * details go to the structured log only.
 */

/** Words of internals that must never reach a caller. */
const LEAKS = [
  /sqlite/i,
  /postgres/i,
  /select /i,
  /insert /i,
  /no such table/i,
  /relation .* does not exist/i,
  /groups_gone/,
  /QueryFailedError/,
  /\.ts:\d+/,
  /node_modules/,
  /stack/i,
  /typeorm/i,
];

function expectMasked(status: number, text: string): void {
  const body = JSON.parse(text) as { errors?: Array<{ message: string; extensions?: Record<string, unknown> }> };
  expect(status).toBeGreaterThanOrEqual(200);
  expect(body.errors).toHaveLength(1);
  expect(body.errors![0].message).toBe("Internal server error");
  expect(body.errors![0].extensions).toEqual({ code: "INTERNAL_SERVER_ERROR" });
  for (const leak of LEAKS) expect(text).not.toMatch(leak);
}

describe("error masking", () => {
  let server: GatehouseServer;
  let token: string;
  let dropTestDatabase: () => Promise<void>;
  const logLines: string[] = [];

  beforeAll(async () => {
    // A throwaway test server lends its fresh database (SQLite or PostgreSQL); ours logs to memory.
    const lender = await startTestServer();
    const databaseUrl = lender.server.app.config.databaseUrl;
    await lender.server.stop();
    dropTestDatabase = () => lender.stop().catch(() => undefined);
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        logLines.push(...chunk.toString().split("\n").filter(Boolean));
        done();
      },
    });
    server = await createServer(testConfig(databaseUrl), pino({ level: "error" }, sink));
    token = await server.app.tokens.issue({ scopes: SCOPES, subject: "masking" });
  });
  afterAll(async () => {
    if (!server.app.db.dataSource.isInitialized) await server.app.db.dataSource.initialize();
    await server.stop();
    await dropTestDatabase();
  });

  async function post(query: string): Promise<{ status: number; text: string }> {
    const response = await fetch(server.url, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
      body: JSON.stringify({ query }),
    });
    return { status: response.status, text: await response.text() };
  }

  it("a query failing in SQL (its table renamed away) is masked, and the log has the details", async () => {
    expect(JSON.parse((await post("{ groups { totalCount } }")).text)).toEqual({ data: { groups: { totalCount: 0 } } });
    await server.app.db.dataSource.query("ALTER TABLE groups RENAME TO groups_gone");
    try {
      logLines.length = 0;
      const { status, text } = await post("{ groups { totalCount } }");
      expectMasked(status, text);
      expect(logLines.join("\n")).toMatch(/groups/);

      const mutation = await post(`mutation { createGroup(input: { name: "Masked" }) { id } }`);
      expectMasked(mutation.status, mutation.text);

      // Other fields still answer: only the failing one is masked.
      expect(JSON.parse((await post("{ configuration { groupsInToken } }")).text).data.configuration).toBeDefined();
    } finally {
      await server.app.db.dataSource.query("ALTER TABLE groups_gone RENAME TO groups");
    }
    expect(JSON.parse((await post("{ groups { totalCount } }")).text)).toEqual({ data: { groups: { totalCount: 0 } } });
  });

  it("a closed database is masked too (whether it fails in authentication or in a resolver)", async () => {
    await server.app.db.dataSource.destroy();
    logLines.length = 0;
    const { status, text } = await post("{ groups { totalCount } }");
    expectMasked(status, text);
    expect(logLines.length).toBeGreaterThan(0);
    const ready = await fetch(server.url.replace(/\/graphql$/, "/readyz"));
    expect(ready.status).toBe(503);
  });
});
