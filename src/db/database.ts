import { DataSource, EntityManager, QueryFailedError } from "typeorm";
import { ConflictError, GatehouseError } from "../common/errors";
import type { BaseRequestContext } from "../common/context";
import { DatabaseKind, immediateWrites, QueryStats } from "./data-source";
import { MODEL_REVISION_ID, ModelRevision } from "./model-revision.entity";
import { TABLES } from "./tables";

/**
 * Key of the PostgreSQL advisory lock every write transaction takes (ASCII "Gate";
 * any constant works as long as every Gatehouse process uses the same one). Exported for tests.
 */
export const WRITE_LOCK_KEY = 0x47617465;

/** Counts a committed change of the model (see ModelRevision); creates the row on first use. */
async function bumpRevision(manager: EntityManager): Promise<void> {
  const result = await manager
    .createQueryBuilder()
    .update(ModelRevision)
    .set({ revision: () => `${TABLES.modelRevision.c.revision} + 1` })
    .where("id = :id", { id: MODEL_REVISION_ID })
    .execute();
  if (!result.affected) {
    await manager.createQueryBuilder().insert().into(ModelRevision).values({ id: MODEL_REVISION_ID, revision: "1" }).orIgnore().updateEntity(false).execute();
  }
}

/** PostgreSQL timeouts of write transactions (docs/design.md §5). */
export interface WriteTimeouts {
  /** WRITE_LOCK_TIMEOUT_MS: how long a write waits for the write lock (default 5 s). */
  lockMs: number;
  /** IDLE_IN_TRANSACTION_TIMEOUT_MS: how long a transaction may sit idle before PostgreSQL ends it (default 15 s). */
  idleInTransactionMs: number;
}

export const DEFAULT_WRITE_TIMEOUTS: WriteTimeouts = { lockMs: 5000, idleInTransactionMs: 15_000 };

/** True when a PostgreSQL statement gave up waiting for a lock (lock_timeout: 55P03). */
function isLockTimeout(error: unknown): boolean {
  return error instanceof QueryFailedError && (error.driverError as { code?: string } | undefined)?.code === "55P03";
}

/** True when a driver error is a unique or primary-key violation (SQLite or PostgreSQL). */
export function isUniqueViolation(error: unknown): boolean {
  if (!(error instanceof QueryFailedError)) return false;
  const code = (error.driverError as { code?: string } | undefined)?.code;
  return code === "SQLITE_CONSTRAINT_UNIQUE" || code === "SQLITE_CONSTRAINT_PRIMARYKEY" || code === "23505";
}

/**
 * The data source plus the write discipline: every write runs in `transaction`.
 *
 * Writers are serialised, so that a service's invariant checks (case-insensitive uniqueness,
 * nesting cycles, references) read a state no other writer changes before the commit:
 * - in one process, by a promise queue (on SQLite that is the whole story: one connection,
 *   TypeORM shares one query runner);
 * - across processes on PostgreSQL, by a transaction-scoped advisory lock taken as the first
 *   statement of every write transaction and released by its COMMIT or ROLLBACK. Transactions
 *   run at READ COMMITTED (PostgreSQL's default), where each statement sees what committed
 *   before it, so everything after the lock sees the previous writer's commit. (Do not raise
 *   the isolation level: REPEATABLE READ would freeze the snapshot at the lock statement.)
 *   The in-process queue stays on for PostgreSQL too, so that at most one pooled connection per
 *   process waits on the lock and the writer holding it can always get another connection.
 *
 * A unique-violation race that still reaches the database is mapped to CONFLICT.
 */
/**
 * What the composition root adds to every `write` (docs/design.md §1.1): `beforeCommit` runs in
 * the transaction after the work (the audit entry), `afterCommit` after the commit (clearing the
 * request's loaders and what it read). `db/` itself knows neither audit nor loaders.
 */
export interface WriteHooks {
  beforeCommit: Array<(manager: EntityManager, ctx: BaseRequestContext, result: unknown) => Promise<void>>;
  afterCommit: Array<(ctx: BaseRequestContext) => void>;
}

export class Database {
  private writeQueue: Promise<unknown> = Promise.resolve();
  /** Filled once by the composition root (server/app.ts). */
  readonly hooks: WriteHooks = { beforeCommit: [], afterCommit: [] };
  /** Write transactions queued or running in this process (a metric). */
  pendingWrites = 0;

  constructor(
    readonly dataSource: DataSource,
    readonly kind: DatabaseKind,
    readonly stats: QueryStats,
    /** PostgreSQL: how long a write waits for the write lock, and how long a transaction may sit idle. */
    readonly timeouts: WriteTimeouts = DEFAULT_WRITE_TIMEOUTS,
  ) {}

  get manager(): EntityManager {
    return this.dataSource.manager;
  }

  /**
   * Runs `work` in one transaction; nothing it wrote survives a throw. On SQLite a transaction
   * that may write begins IMMEDIATE (see immediateWrites); `readOnly` ones (an export, a dry run)
   * begin deferred and never hold the write lock. `touchesModel` (default true) bumps the model
   * revision; a function decides from the work's result.
   */
  async transaction<T>(work: (manager: EntityManager) => Promise<T>, options: { touchesModel?: boolean | ((result: T) => boolean); readOnly?: boolean } = {}): Promise<T> {
    const begin = (body: () => Promise<T>) => (options.readOnly ? body() : immediateWrites(this.dataSource, body));
    const run = () =>
      begin(() =>
        this.dataSource.transaction(async (manager) => {
          if (this.kind === "postgres") await this.lockForWriting(manager);
          const result = await work(manager);
          // In the same transaction as the change: caches keyed by the revision can never be stale.
          // A function decides from the result (the grant sweep: only when it deleted grants).
          const touches = typeof options.touchesModel === "function" ? options.touchesModel(result) : options.touchesModel !== false;
          if (touches) await bumpRevision(manager);
          return result;
        }),
      );
    try {
      return await this.enqueue(run);
    } catch (error) {
      throw this.refusal(error);
    }
  }

  /**
   * A write that guards no invariant of the model (a login's authorization snapshot, an atomic
   * upsert): on PostgreSQL it neither queues behind this process's writes nor takes the write
   * lock, so a stalled writer elsewhere never holds up a login. On SQLite (one connection) it is
   * an ordinary transaction.
   */
  async independentWrite<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    if (this.kind !== "postgres") return this.transaction(work, { touchesModel: false });
    try {
      return await this.dataSource.transaction(async (manager) => {
        await manager.query(`SELECT set_config('idle_in_transaction_session_timeout', $1, true)`, [`${this.timeouts.idleInTransactionMs}ms`]);
        return work(manager);
      });
    } catch (error) {
      throw this.refusal(error);
    }
  }

  /**
   * The first statement of a PostgreSQL write: the transaction's lock and idle timeouts, then the
   * advisory write lock — one round trip. A writer that cannot get the lock within lockMs fails
   * (retryable CONFLICT) instead of hanging, and a transaction left idle (a frozen process holding
   * the lock) is ended by the server after idleInTransactionMs, which releases the lock.
   */
  private async lockForWriting(manager: EntityManager): Promise<void> {
    await manager.query(`SELECT set_config('lock_timeout', $1, true), set_config('idle_in_transaction_session_timeout', $2, true), pg_advisory_xact_lock(${WRITE_LOCK_KEY})`, [
      `${this.timeouts.lockMs}ms`,
      `${this.timeouts.idleInTransactionMs}ms`,
    ]);
  }

  /** What a failed transaction means to the caller. */
  private refusal(error: unknown): unknown {
    if (error instanceof GatehouseError) return error;
    if (isUniqueViolation(error)) return new ConflictError("A record with the same unique key already exists");
    if (isLockTimeout(error)) {
      return new ConflictError(`Another writer held the write lock for more than ${this.timeouts.lockMs} ms (WRITE_LOCK_TIMEOUT_MS); nothing was written, retry`, {
        retryable: true,
      });
    }
    return error;
  }

  /**
   * A mutation: one transaction running `work` and then the `beforeCommit` hooks (so a failed
   * mutation leaves no audit entry), then the `afterCommit` hooks (so that what the mutation
   * returns, and anything read after it in the request, shows the change).
   */
  async write<T>(ctx: BaseRequestContext, work: (manager: EntityManager) => Promise<T>): Promise<T> {
    const result = await this.transaction(async (manager) => {
      const value = await work(manager);
      for (const hook of this.hooks.beforeCommit) await hook(manager, ctx, value);
      return value;
    });
    for (const hook of this.hooks.afterCommit) hook(ctx);
    return result;
  }

  private enqueue<T>(run: () => Promise<T>): Promise<T> {
    this.pendingWrites += 1;
    const counted = () =>
      run().finally(() => {
        this.pendingWrites -= 1;
      });
    const next = this.writeQueue.then(counted, counted);
    this.writeQueue = next.catch(() => undefined);
    return next;
  }
}
