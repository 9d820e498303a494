import "reflect-metadata";
import { entities } from "../entities";
import { createDataSource, QueryStats } from "./data-source";
import { Database } from "./database";

/** A SQLite database and the BEGIN statements it sends through TypeORM (its logger, as test/helpers/statements.ts reads it). */
async function sqliteWithBegins(): Promise<{ db: Database; begins: string[]; close(): Promise<void> }> {
  const begins: string[] = [];
  const stats = new QueryStats();
  const dataSource = createDataSource("sqlite::memory:", { entities, stats });
  const logger = dataSource.logger as { logQuery(query: string, ...rest: unknown[]): void };
  const original = logger.logQuery.bind(logger);
  logger.logQuery = (query, ...rest) => {
    if (query.startsWith("BEGIN")) begins.push(query);
    original(query, ...rest);
  };
  await dataSource.initialize();
  return { db: new Database(dataSource, "sqlite", stats), begins, close: () => dataSource.destroy() };
}

describe("Database.transaction on SQLite", () => {
  it("begins a write IMMEDIATE and a read-only one deferred, also when the read-only one was queued during the write", async () => {
    const { db, begins, close } = await sqliteWithBegins();
    try {
      let readOnly: Promise<number> | undefined;
      await db.transaction(
        async (manager) => {
          readOnly = db.transaction(async (m) => (await m.query("SELECT 2 AS n"))[0].n as number, { readOnly: true, touchesModel: false });
          return manager.query("SELECT 1");
        },
        { touchesModel: false },
      );
      expect(await readOnly).toBe(2);
      await db.transaction((manager) => manager.query("SELECT 3"), { touchesModel: false });
      expect(begins).toEqual(["BEGIN IMMEDIATE TRANSACTION", "BEGIN TRANSACTION", "BEGIN IMMEDIATE TRANSACTION"]);
    } finally {
      await close();
    }
  });

  it("leaves the next transaction deferred after a write that threw", async () => {
    const { db, begins, close } = await sqliteWithBegins();
    try {
      await expect(
        db.transaction(
          async () => {
            throw new Error("refused");
          },
          { touchesModel: false },
        ),
      ).rejects.toThrow("refused");
      await db.transaction((manager) => manager.query("SELECT 1"), { readOnly: true, touchesModel: false });
      expect(begins).toEqual(["BEGIN IMMEDIATE TRANSACTION", "BEGIN TRANSACTION"]);
    } finally {
      await close();
    }
  });
});
