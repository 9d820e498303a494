import { AsyncLocalStorage } from "node:async_hooks";
import { existsSync, mkdirSync } from "node:fs";
import path from "node:path";
import type BetterSqlite3 from "better-sqlite3";
import { DataSource, type DataSourceOptions, type Logger as TypeOrmLogger, type QueryRunner } from "typeorm";
import type { Logger } from "pino";

import type { DatabaseKind } from "../common/sql";
import { searchGramsText } from "./search-grams";

export type { DatabaseKind } from "../common/sql";

/**
 * Counts SQL statements: in total, per request through an async-local scope (benchmarks and
 * tests only: `track` is what enables the async hooks), and apart from those, the background
 * work (model-cache reloads) that no request waits for.
 */
export class QueryStats {
  total = 0;
  background = 0;
  private readonly scope = new AsyncLocalStorage<{ count: number }>();

  /** Runs `fn` with its own statement counter; `counter.count` is readable afterwards. */
  track<T>(counter: { count: number }, fn: () => T): T {
    return this.scope.run(counter, fn);
  }

  record(): void {
    this.total += 1;
    const store = this.scope.getStore();
    if (store) store.count += 1;
  }

  recordBackground(): void {
    this.background += 1;
  }
}

/** Marks a query runner's statements as background work (see QueryStats). */
export const BACKGROUND = "gatehouse.background";

/** TypeORM logger that counts every statement and logs at `debug` (queries) and `warn`. */
class CountingLogger implements TypeOrmLogger {
  constructor(
    private readonly stats: QueryStats,
    private readonly pino?: Logger,
  ) {}

  logQuery(query: string, parameters?: unknown[], queryRunner?: QueryRunner): void {
    if ((queryRunner?.data as Record<string, unknown> | undefined)?.[BACKGROUND]) this.stats.recordBackground();
    else this.stats.record();
    if (this.pino?.isLevelEnabled("trace")) this.pino.trace({ query, parameters }, "sql");
  }
  logQueryError(error: string | Error, query: string, parameters?: unknown[]): void {
    this.pino?.debug({ err: error, query, parameters }, "sql error");
  }
  logQuerySlow(time: number, query: string): void {
    this.pino?.warn({ time, query }, "slow sql");
  }
  logSchemaBuild(message: string): void {
    this.pino?.debug(message);
  }
  logMigration(message: string): void {
    this.pino?.info(message);
  }
  log(level: "log" | "info" | "warn", message: unknown): void {
    if (level === "warn") this.pino?.warn({ message }, "typeorm");
    else this.pino?.debug({ message }, "typeorm");
  }
}

/** Key of the session advisory lock that serialises migration runs on PostgreSQL (ASCII "Migr"). */
export const MIGRATION_LOCK_KEY = 0x4d696772;

/** Whether a data source's transactions begin IMMEDIATE now (see `immediateWrites`). */
const beginsImmediate = new WeakSet<DataSource>();

/**
 * Runs `work` with SQLite transactions begun IMMEDIATE: the write lock is taken by BEGIN, where
 * SQLite's busy timeout waits for another writer (the CLI, another process). A deferred BEGIN
 * that reads first and writes later cannot wait — SQLite refuses the upgrade at once with
 * "database is locked" (SQLITE_BUSY) — which made server mutations fail after 7–18 ms during a
 * CLI import, and `gatehouse apikey rotate` fail under write load. No effect on PostgreSQL.
 *
 * A mark on the data source, not an AsyncLocalStorage: the caller (Database.transaction) runs
 * one transaction at a time, and on Node 20 the first AsyncLocalStorage.run turns on async hooks
 * for every promise of the process for good — after the first write, GraphQL logins did 12 %
 * fewer per second (docs/design.md §8).
 */
export async function immediateWrites<T>(dataSource: DataSource, work: () => Promise<T>): Promise<T> {
  beginsImmediate.add(dataSource);
  try {
    return await work();
  } finally {
    beginsImmediate.delete(dataSource);
  }
}

const IMMEDIATE_PATCHED = Symbol("BEGIN IMMEDIATE");

/**
 * TypeORM's DataSource, except that on PostgreSQL `runMigrations` holds an advisory lock, so
 * that several Gatehouse processes starting at once over one fresh database apply each
 * migration once: the others wait, then find nothing pending; and that on SQLite its runners
 * begin IMMEDIATE inside `immediateWrites`.
 */
class GatehouseDataSource extends DataSource {
  override createQueryRunner(...args: Parameters<DataSource["createQueryRunner"]>): QueryRunner {
    const runner = super.createQueryRunner(...args);
    // TypeORM's SQLite runner starts every transaction with a deferred "BEGIN TRANSACTION".
    if (this.options.type === "better-sqlite3" && !(runner as unknown as Record<symbol, boolean>)[IMMEDIATE_PATCHED]) {
      const query = runner.query.bind(runner);
      runner.query = ((sql: string, ...rest: unknown[]) =>
        query(sql === "BEGIN TRANSACTION" && beginsImmediate.has(this) ? "BEGIN IMMEDIATE TRANSACTION" : sql, ...(rest as []))) as QueryRunner["query"];
      (runner as unknown as Record<symbol, boolean>)[IMMEDIATE_PATCHED] = true;
    }
    return runner;
  }

  override async runMigrations(options?: Parameters<DataSource["runMigrations"]>[0]): ReturnType<DataSource["runMigrations"]> {
    if (this.options.type !== "postgres") return super.runMigrations(options);
    const runner = this.createQueryRunner();
    await runner.connect();
    try {
      await runner.query(`SELECT pg_advisory_lock(${MIGRATION_LOCK_KEY})`);
      try {
        return await super.runMigrations(options);
      } finally {
        await runner.query(`SELECT pg_advisory_unlock(${MIGRATION_LOCK_KEY})`);
      }
    } finally {
      await runner.release();
    }
  }
}

export function databaseKind(databaseUrl: string): DatabaseKind {
  return databaseUrl.startsWith("sqlite:") ? "sqlite" : "postgres";
}

/**
 * Creates the missing folders of `dir` one level at a time. Node's recursive mkdirSync spins
 * forever (95 % CPU, no output) on a path under /proc; one level at a time it fails with ENOENT.
 */
function ensureDirectory(dir: string): void {
  const missing: string[] = [];
  for (let current = dir; !existsSync(current); current = path.dirname(current)) {
    missing.unshift(current);
    if (path.dirname(current) === current) break;
  }
  for (const folder of missing) mkdirSync(folder);
}

/** What a data source is made of beyond its URL: the entity list comes from the composition root (src/entities.ts). */
export interface DataSourceParts {
  entities: NonNullable<DataSourceOptions["entities"]>;
  stats?: QueryStats;
  log?: Logger;
}

/** Builds (does not initialise) the TypeORM data source for `DATABASE_URL`. */
export function createDataSource(databaseUrl: string, { entities, stats = new QueryStats(), log }: DataSourceParts): DataSource {
  const kind = databaseKind(databaseUrl);
  // From dist/ the migrations are compiled .js; under ts-jest they are the .ts sources.
  const migrations = [path.join(__dirname, "..", "..", "migrations", kind, "*.{js,ts}")];
  const logger = new CountingLogger(stats, log);
  if (kind === "sqlite") {
    const file = databaseUrl.slice("sqlite:".length);
    if (file !== ":memory:") ensureDirectory(path.dirname(path.resolve(file)));
    return new GatehouseDataSource({
      type: "better-sqlite3",
      database: file,
      entities,
      migrations,
      logger,
      maxQueryExecutionTime: 1000,
      enableWAL: file !== ":memory:",
      timeout: 10_000,
      prepareDatabase: (db: BetterSqlite3.Database) => {
        db.pragma("synchronous = NORMAL");
        registerSqliteFunctions(db);
      },
    });
  }
  return new GatehouseDataSource({
    type: "postgres",
    url: databaseUrl,
    entities,
    migrations,
    logger,
    maxQueryExecutionTime: 1000,
    extra: { max: 20 },
  });
}

/**
 * The SQL functions Gatehouse's SQLite schema uses (its triggers call them, so every connection
 * that writes users needs them: the data source's, and bench/generate's).
 * - `lower`: SQLite's LOWER() folds ASCII only; searches lower-case with JavaScript's full Unicode
 *   rules on both sides (the stored name keys are JavaScript-lowered too).
 * - `gatehouse_search_grams`: the short-search index's text (db/search-grams.ts).
 */
export function registerSqliteFunctions(db: BetterSqlite3.Database): void {
  db.function("lower", { deterministic: true }, (value: unknown) => (typeof value === "string" ? value.toLowerCase() : value) as string);
  db.function("gatehouse_search_grams", { deterministic: true }, (value: unknown) => (typeof value === "string" ? searchGramsText(value) : value) as string);
}
