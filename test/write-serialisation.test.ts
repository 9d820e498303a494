import "reflect-metadata";
import { testConfig } from "./helpers/server";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pino from "pino";
import { DataSource } from "typeorm";
import { SCOPES } from "../src/auth/scopes";
import { ConflictError } from "../src/common/errors";
import { Configuration } from "../src/configuration/configuration.entity";
import { CONFIGURATION_ID } from "../src/configuration/configuration.service";
import { Group } from "../src/groups/group.entity";
import { GroupNestingService } from "../src/groups/group-nesting.service";
import { createServer } from "../src/server/create-server";
import { GatehouseServer } from "../src/server/http";
import { createDataSource, databaseKind, QueryStats } from "../src/db/data-source";
import { Database } from "../src/db/database";
import { entities } from "../src/entities";
import { TABLES } from "../src/db/tables";

/**
 * The write discipline of `Database` (docs/design.md §8): writers never interleave, in one process
 * (SQLite and PostgreSQL) and across processes over one PostgreSQL database (the advisory lock).
 * Several "processes" are simulated by several data sources, each with its own connection pool
 * and its own in-process write queue. The PostgreSQL part runs when TEST_POSTGRES_URL is set.
 */

const noLoaders = { loaders: { clearAll: () => undefined } };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function openDatabase(url: string, migrate = true): Promise<Database> {
  const dataSource = createDataSource(url, { entities });
  await dataSource.initialize();
  if (migrate) await dataSource.runMigrations({ transaction: "each" });
  return new Database(dataSource, databaseKind(url), new QueryStats());
}

async function ensureConfiguration(db: Database): Promise<void> {
  await db.manager.createQueryBuilder().insert().into(Configuration).values({ id: CONFIGURATION_ID }).orIgnore().updateEntity(false).execute();
}

/** Read, wait, write back plus one: loses updates unless the writers are serialised. */
async function incrementSlowly(manager: Database["manager"]): Promise<void> {
  const { tokenLifetimeSeconds } = await manager.findOneByOrFail(Configuration, { id: CONFIGURATION_ID });
  await sleep(15);
  await manager.update(Configuration, { id: CONFIGURATION_ID }, { tokenLifetimeSeconds: tokenLifetimeSeconds + 1 });
}

async function counter(db: Database): Promise<number> {
  return (await db.manager.findOneByOrFail(Configuration, { id: CONFIGURATION_ID })).tokenLifetimeSeconds;
}

describe("Database on SQLite", () => {
  let dir: string;
  let db: Database;
  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), "gatehouse-db-test-"));
    db = await openDatabase(`sqlite:${path.join(dir, "db.sqlite")}`);
    await ensureConfiguration(db);
  });
  afterAll(async () => {
    await db.dataSource.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  it("serialises concurrent write transactions (no lost update)", async () => {
    const before = await counter(db);
    await Promise.all(Array.from({ length: 8 }, () => db.transaction(incrementSlowly)));
    expect(await counter(db)).toBe(before + 8);
  });

  it("rolls a failed transaction back and keeps serving the next ones", async () => {
    const before = await counter(db);
    await expect(
      db.transaction(async (manager) => {
        await incrementSlowly(manager);
        throw new ConflictError("boom");
      }),
    ).rejects.toThrow("boom");
    await db.transaction(incrementSlowly);
    expect(await counter(db)).toBe(before + 1);
  });
});

const adminUrl = process.env.TEST_POSTGRES_URL;
const describePostgres = adminUrl ? describe : describe.skip;

describePostgres("Database on PostgreSQL, several processes over one database", () => {
  let pgAdmin: DataSource;
  const created: string[] = [];

  /** A fresh, empty database on the TEST_POSTGRES_URL server; dropped after the suite. */
  async function freshDatabase(): Promise<string> {
    const name = `gatehouse_test_${randomBytes(8).toString("hex")}`;
    await pgAdmin.query(`CREATE DATABASE "${name}"`);
    created.push(name);
    const url = new URL(adminUrl as string);
    url.pathname = `/${name}`;
    return url.toString();
  }

  const opened: Database[] = [];
  async function open(url: string, migrate = true): Promise<Database> {
    const db = await openDatabase(url, migrate);
    opened.push(db);
    return db;
  }

  beforeAll(async () => {
    pgAdmin = new DataSource({ type: "postgres", url: adminUrl });
    await pgAdmin.initialize();
  });
  afterAll(async () => {
    for (const db of opened) if (db.dataSource.isInitialized) await db.dataSource.destroy();
    for (const name of created) await pgAdmin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await pgAdmin.destroy();
  });

  it("applies each migration once when several processes start at once on a fresh database", async () => {
    const url = await freshDatabase();
    const processes = await Promise.all([open(url, false), open(url, false), open(url, false)]);
    const applied = await Promise.all(processes.map((db) => db.dataSource.runMigrations({ transaction: "each" })));
    const files = processes[0].dataSource.migrations.length;
    expect(files).toBeGreaterThan(0);
    expect(applied.flat()).toHaveLength(files);
    const [{ n }] = await processes[0].manager.query(`SELECT COUNT(*)::int AS "n" FROM "migrations"`);
    expect(n).toBe(files);
  });

  it("serialises write transactions across processes (no lost update)", async () => {
    const url = await freshDatabase();
    const a = await open(url);
    const b = await open(url);
    await ensureConfiguration(a);
    const before = await counter(a);
    await Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2 === 0 ? a : b).transaction(incrementSlowly)));
    expect(await counter(b)).toBe(before + 10);
  });

  it("without the lock the same workload loses updates (the test above can fail)", async () => {
    const url = await freshDatabase();
    const a = await open(url);
    const b = await open(url);
    await ensureConfiguration(a);
    const before = await counter(a);
    await Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2 === 0 ? a : b).dataSource.transaction(incrementSlowly)));
    expect(await counter(b)).toBeLessThan(before + 10);
  });

  it("refuses one of two crossing nestings made at once through two processes (no cycle)", async () => {
    const url = await freshDatabase();
    const a = await open(url);
    const b = await open(url);
    for (let round = 0; round < 5; round += 1) {
      const [x, y] = await a.transaction((manager) =>
        manager.save(Group, [
          { id: `x-${round}`, name: `X ${round}`, nameKey: `x ${round}`, description: "" },
          { id: `y-${round}`, name: `Y ${round}`, nameKey: `y ${round}`, description: "" },
        ]),
      );
      const results = await Promise.allSettled([
        new GroupNestingService(a).addNested(noLoaders as never, x.id, [y.id]),
        new GroupNestingService(b).addNested(noLoaders as never, y.id, [x.id]),
      ]);
      const refused = results.filter((r) => r.status === "rejected");
      expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
      expect(refused).toHaveLength(1);
      expect((refused[0] as PromiseRejectedResult).reason).toBeInstanceOf(ConflictError);
      const [{ n }] = await a.manager.query(`SELECT COUNT(*)::int AS "n" FROM ${TABLES.groupNestings.table} WHERE ${TABLES.groupNestings.c.parentId} IN ($1, $2)`, [x.id, y.id]);
      expect(n).toBe(1);
    }
  });

  it("two servers over one database: a write through one is visible through the other at once", async () => {
    const url = await freshDatabase();
    const config = testConfig(url);
    const servers: GatehouseServer[] = [];
    try {
      servers.push(await createServer(config, pino({ level: "silent" })));
      servers.push(await createServer(config, pino({ level: "silent" })));
      const [one, two] = servers;
      // Both use the signing key stored in the database: a token minted by one works on the other.
      const token = await one.app.tokens.issue({ scopes: SCOPES, subject: "test" });
      const gql = async (server: GatehouseServer, query: string, variables: Record<string, unknown> = {}) => {
        const response = await fetch(server.url, {
          method: "POST",
          headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
          body: JSON.stringify({ query, variables }),
        });
        const body = (await response.json()) as { data?: any; errors?: unknown[] };
        expect(body.errors).toBeUndefined();
        return body.data;
      };
      const created = await gql(one, `mutation($name: String!) { createGroup(input: { name: $name }) { id } }`, { name: "Finance" });
      const id = created.createGroup.id as string;
      expect((await gql(two, `query($id: ID!) { group(id: $id) { name } }`, { id })).group).toEqual({ name: "Finance" });
      await gql(two, `mutation($id: ID!) { updateGroup(id: $id, input: { name: "Finance EU" }) { id } }`, { id });
      expect((await gql(one, `query($id: ID!) { group(id: $id) { name } }`, { id })).group).toEqual({ name: "Finance EU" });
      expect((await gql(one, `{ groups { totalCount } }`)).groups.totalCount).toBe(1);
      expect((await gql(two, `{ groups { totalCount } }`)).groups.totalCount).toBe(1);
    } finally {
      for (const server of servers) await server.stop();
    }
  });
});
