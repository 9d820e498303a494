import "reflect-metadata";
import pino from "pino";
import { Writable } from "node:stream";
import { entities } from "../entities";
import { createDataSource, QueryStats } from "./data-source";
import { Database } from "./database";

/** The BEGIN statements a SQLite database issues, read from its trace log. */
async function sqliteWithBegins(): Promise<{ db: Database; begins: string[]; close(): Promise<void> }> {
  const begins: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split("\n").filter(Boolean)) {
        const { query } = JSON.parse(line) as { query?: string };
        if (query?.startsWith("BEGIN")) begins.push(query);
      }
      done();
    },
  });
  const stats = new QueryStats();
  const dataSource = createDataSource("sqlite::memory:", { entities, stats, log: pino({ level: "trace" }, sink) });
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
