import { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Searches of 1 or 2 characters (docs/design.md §10, "Short searches"): "users_search_grams", an
 * FTS5 trigram table with `detail = none` (it keeps which rows hold a token, no positions) over
 * gatehouse_search_grams() of the lower-cased id, email and name — a spelling in which every
 * character and every adjacent pair is a trigram of its own (src/db/search-grams.ts). The three
 * triggers of UserSearchIndex are replaced by ones that keep both tables in step. Hand-written:
 * TypeORM knows neither virtual tables nor triggers.
 */
export class UserShortSearchIndex1796200000000 implements MigrationInterface {
  name = "UserShortSearchIndex1796200000000";

  public async up(queryRunner: QueryRunner): Promise<void> {
    for (const trigger of TRIGGERS) await queryRunner.query(`DROP TRIGGER IF EXISTS "${trigger}"`);
    for (const sql of SHORT_SEARCH_SQLITE) await queryRunner.query(sql);
    // Backfill (about 20 s for 1,000,000 users), then merge the index into one segment.
    await queryRunner.query(
      `INSERT INTO "users_search_grams" ("rowid", "id", "email", "name") ` +
        `SELECT k."rowid", gatehouse_search_grams(LOWER(u."id")), gatehouse_search_grams(LOWER(COALESCE(u."email", ''))), gatehouse_search_grams(LOWER(COALESCE(u."name", ''))) ` +
        `FROM "users" u JOIN "users_search_keys" k ON k."userId" = u."id"`,
    );
    await queryRunner.query(`INSERT INTO "users_search_grams" ("users_search_grams") VALUES ('optimize')`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    for (const trigger of TRIGGERS) await queryRunner.query(`DROP TRIGGER IF EXISTS "${trigger}"`);
    await queryRunner.query(`DROP TABLE IF EXISTS "users_search_grams"`);
    for (const sql of PREVIOUS_TRIGGERS) await queryRunner.query(sql);
  }
}

const TRIGGERS = ["users_search_insert", "users_search_update", "users_search_delete"];
const GRAMS = (row: "new" | "old") =>
  `gatehouse_search_grams(LOWER(${row}."id")), gatehouse_search_grams(LOWER(COALESCE(${row}."email", ''))), gatehouse_search_grams(LOWER(COALESCE(${row}."name", '')))`;
const KEY = (row: "new" | "old") => `(SELECT "rowid" FROM "users_search_keys" WHERE "userId" = ${row}."id")`;

/** The schema of the index and its triggers (a migration is a snapshot: this is not shared with later code). */
const SHORT_SEARCH_SQLITE = [
  `CREATE VIRTUAL TABLE "users_search_grams" USING fts5("id", "email", "name", tokenize = 'trigram case_sensitive 1', detail = none, content = '', contentless_delete = 1)`,
  `CREATE TRIGGER "users_search_insert" AFTER INSERT ON "users" BEGIN
     INSERT INTO "users_search_keys" ("userId") VALUES (new."id");
     INSERT INTO "users_search" ("rowid", "id", "email", "name")
       VALUES (${KEY("new")}, LOWER(new."id"), LOWER(COALESCE(new."email", '')), LOWER(COALESCE(new."name", '')));
     INSERT INTO "users_search_grams" ("rowid", "id", "email", "name") VALUES (${KEY("new")}, ${GRAMS("new")});
   END`,
  `CREATE TRIGGER "users_search_update" AFTER UPDATE OF "id", "email", "name" ON "users"
     WHEN old."id" IS NOT new."id" OR old."email" IS NOT new."email" OR old."name" IS NOT new."name" BEGIN
     UPDATE "users_search_keys" SET "userId" = new."id" WHERE "userId" = old."id";
     UPDATE "users_search" SET "id" = LOWER(new."id"), "email" = LOWER(COALESCE(new."email", '')), "name" = LOWER(COALESCE(new."name", ''))
       WHERE "rowid" = ${KEY("new")};
     UPDATE "users_search_grams" SET ("id", "email", "name") = (${GRAMS("new")}) WHERE "rowid" = ${KEY("new")};
   END`,
  `CREATE TRIGGER "users_search_delete" AFTER DELETE ON "users" BEGIN
     DELETE FROM "users_search" WHERE "rowid" = ${KEY("old")};
     DELETE FROM "users_search_grams" WHERE "rowid" = ${KEY("old")};
     DELETE FROM "users_search_keys" WHERE "userId" = old."id";
   END`,
];

/** UserSearchIndex's triggers, restored by down(). */
const PREVIOUS_TRIGGERS = [
  `CREATE TRIGGER "users_search_insert" AFTER INSERT ON "users" BEGIN
     INSERT INTO "users_search_keys" ("userId") VALUES (new."id");
     INSERT INTO "users_search" ("rowid", "id", "email", "name")
       VALUES (${KEY("new")}, LOWER(new."id"), LOWER(COALESCE(new."email", '')), LOWER(COALESCE(new."name", '')));
   END`,
  `CREATE TRIGGER "users_search_update" AFTER UPDATE OF "id", "email", "name" ON "users"
     WHEN old."id" IS NOT new."id" OR old."email" IS NOT new."email" OR old."name" IS NOT new."name" BEGIN
     UPDATE "users_search_keys" SET "userId" = new."id" WHERE "userId" = old."id";
     UPDATE "users_search" SET "id" = LOWER(new."id"), "email" = LOWER(COALESCE(new."email", '')), "name" = LOWER(COALESCE(new."name", ''))
       WHERE "rowid" = ${KEY("new")};
   END`,
  `CREATE TRIGGER "users_search_delete" AFTER DELETE ON "users" BEGIN
     DELETE FROM "users_search" WHERE "rowid" = ${KEY("old")};
     DELETE FROM "users_search_keys" WHERE "userId" = old."id";
   END`,
];
