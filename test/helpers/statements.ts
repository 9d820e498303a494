import type { QueryRunner } from "typeorm";
import { BACKGROUND } from "../../src/db/data-source";
import type { TestServer } from "./server";

/** A write statement, or the start of a transaction (on SQLite BEGIN IMMEDIATE takes the write lock; PostgreSQL's is START TRANSACTION). */
const WRITE = /^\s*(INSERT|UPDATE|DELETE|REPLACE|BEGIN|START TRANSACTION)\b/i;

/**
 * Records the statements the server's requests send through TypeORM (the model cache's background
 * reloads excepted), as context-sql.test.ts does: `writesDuring(call)` is the write statements of `call`.
 */
export function watchStatements(t: TestServer): { writesDuring(call: () => Promise<unknown>): Promise<string[]> } {
  let statements: string[] = [];
  const logger = t.server.app.db.dataSource.logger as { logQuery(query: string, parameters?: unknown[], queryRunner?: QueryRunner): void };
  const original = logger.logQuery.bind(logger);
  logger.logQuery = (query: string, parameters?: unknown[], queryRunner?: QueryRunner) => {
    if (!(queryRunner?.data as Record<string, unknown> | undefined)?.[BACKGROUND]) statements.push(query);
    original(query, parameters, queryRunner);
  };
  return {
    async writesDuring(call) {
      // A reload in flight is background work; start from a current cache so that it is not running during `call`.
      await t.server.app.services.authorization.cache.warm();
      statements = [];
      await call();
      return statements.filter((sql) => WRITE.test(sql));
    },
  };
}
