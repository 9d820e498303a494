import { createDataSource, databaseKind, QueryStats } from "../src/db/data-source";
import { Database } from "../src/db/database";
import { entities } from "../src/entities";
import { configure, context, DEFAULT_SWITCHES } from "./helpers/authorization";
import { startTestServer, TestServer } from "./helpers/server";

/**
 * One stalled instance cannot stop the others (docs/design.md §5), PostgreSQL only: a second
 * "instance" (its own data source and write queue) takes the write lock and then stalls, as a
 * process frozen by SIGSTOP would. Writes here fail within WRITE_LOCK_TIMEOUT_MS with a retryable
 * CONFLICT instead of hanging (they hung > 20 s), a login that persists snapshots answers at
 * once (it waited on the lock), and PostgreSQL ends the stalled transaction after
 * IDLE_IN_TRANSACTION_TIMEOUT_MS, which frees the lock.
 */
const describePostgres = process.env.TEST_POSTGRES_URL ? describe : describe.skip;

describePostgres("a stalled writer on PostgreSQL", () => {
  let t: TestServer;
  let other: Database;

  beforeAll(async () => {
    t = await startTestServer({ writeTimeouts: { lockMs: 500, idleInTransactionMs: 15_000 } });
    const url = t.server.app.config.databaseUrl;
    const dataSource = createDataSource(url, { entities });
    await dataSource.initialize();
    other = new Database(dataSource, databaseKind(url), new QueryStats(), { lockMs: 500, idleInTransactionMs: 1500 });
  });
  afterAll(async () => {
    await other.dataSource.destroy();
    await t.stop();
  });

  it("writes fail fast with a retryable CONFLICT, persisting logins answer, and the lock comes back when the stalled transaction is ended", async () => {
    await configure(t, { ...DEFAULT_SWITCHES, persistGroups: true });
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    // Takes the lock, then sits idle in its transaction (no statement) until released or ended.
    const stalled = other.transaction(() => held.then(() => undefined)).catch((error: unknown) => error);
    await new Promise((resolve) => setTimeout(resolve, 300));

    const started = Date.now();
    const refused = await t.gql(`mutation { createGroup(input: { name: "While stalled" }) { id } }`);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(refused.errors?.[0].extensions).toMatchObject({ code: "CONFLICT", retryable: true });
    expect(refused.errors?.[0].message).toMatch(/write lock.*WRITE_LOCK_TIMEOUT_MS.*retry/);
    expect((await t.ok<{ groups: { totalCount: number } }>(`{ groups(search: "While stalled") { totalCount } }`)).groups.totalCount).toBe(0);

    const login = Date.now();
    expect((await context(t, { userId: "stall|u", clientId: "stall-app" })).userId).toBe("stall|u");
    expect(Date.now() - login).toBeLessThan(400);
    const snapshots = await t.ok<{ user: { authorizationSnapshots: Array<{ applicationId: string }> } }>(`{ user(id: "stall|u") { authorizationSnapshots { applicationId } } }`);
    expect(snapshots.user.authorizationSnapshots).toEqual([{ applicationId: "stall-app" }]);

    // PostgreSQL ends the idle transaction after 1.5 s: the lock is free again, though the
    // stalled instance has not moved; when it does, its transaction is gone.
    await new Promise((resolve) => setTimeout(resolve, 2500));
    const after = await t.gql(`mutation { createGroup(input: { name: "After stall" }) { id } }`);
    expect(after.errors).toBeUndefined();
    release();
    expect(await stalled).toBeInstanceOf(Error);
  }, 30_000);
});
