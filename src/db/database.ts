import { DataSource, EntityManager, QueryFailedError } from "typeorm";
import { ConflictError, GatehouseError } from "../common/errors";
import { DatabaseKind, QueryStats } from "./data-source";

/** True when a driver error is a unique or primary-key violation (SQLite or PostgreSQL). */
export function isUniqueViolation(error: unknown): boolean {
  if (!(error instanceof QueryFailedError)) return false;
  const code = (error.driverError as { code?: string } | undefined)?.code;
  return code === "SQLITE_CONSTRAINT_UNIQUE" || code === "SQLITE_CONSTRAINT_PRIMARYKEY" || code === "23505";
}

/**
 * The data source plus the write discipline: every write runs in `transaction`, which
 * serialises writers on SQLite (one connection: TypeORM shares one query runner) and maps
 * a unique-violation race to CONFLICT.
 */
export class Database {
  private writeQueue: Promise<unknown> = Promise.resolve();

  constructor(
    readonly dataSource: DataSource,
    readonly kind: DatabaseKind,
    readonly stats: QueryStats,
  ) {}

  get manager(): EntityManager {
    return this.dataSource.manager;
  }

  /** Runs `work` in one transaction; nothing it wrote survives a throw. */
  async transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    const run = () => this.dataSource.transaction((manager) => work(manager));
    const result = this.kind === "sqlite" ? this.enqueue(run) : run();
    try {
      return await result;
    } catch (error) {
      if (error instanceof GatehouseError) throw error;
      if (isUniqueViolation(error)) throw new ConflictError("A record with the same unique key already exists");
      throw error;
    }
  }

  /**
   * A mutation: one transaction, then the request's loaders are cleared so that what the
   * mutation returns (and anything read after it) shows the change.
   */
  async write<T>(ctx: { loaders: { clearAll(): void } }, work: (manager: EntityManager) => Promise<T>): Promise<T> {
    const result = await this.transaction(work);
    ctx.loaders.clearAll();
    return result;
  }

  private enqueue<T>(run: () => Promise<T>): Promise<T> {
    const next = this.writeQueue.then(run, run);
    this.writeQueue = next.catch(() => undefined);
    return next;
  }
}
