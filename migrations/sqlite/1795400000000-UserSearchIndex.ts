import { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Substring search over users (docs/design.md §10, "User search"): an FTS5 trigram index of the
 * lower-cased id, email and name, kept in step with "users" by triggers. Hand-written: TypeORM
 * knows neither virtual tables nor triggers, and its schema diff ignores both.
 *
 * "users_search_keys" gives each user a stable integer (FTS5 rows are keyed by integers; the
 * rowid of "users" is not stable: TypeORM rebuilds SQLite tables to alter them, and VACUUM may
 * renumber it). The FTS5 table is contentless (it stores only the index) and case-sensitive: it
 * indexes LOWER() of each column, as the LIKE it replaces compares LOWER() of each column.
 */
export class UserSearchIndex1795400000000 implements MigrationInterface {
  name = "UserSearchIndex1795400000000";

  public async up(queryRunner: QueryRunner): Promise<void> {
    for (const sql of USER_SEARCH_SQLITE) await queryRunner.query(sql);
    // Backfill in id order (about 20 s for 1,000,000 users), then merge the index into one segment.
    await queryRunner.query(`INSERT INTO "users_search_keys" ("userId") SELECT "id" FROM "users" ORDER BY "id"`);
    await queryRunner.query(
      `INSERT INTO "users_search" ("rowid", "id", "email", "name") ` +
        `SELECT k."rowid", LOWER(u."id"), LOWER(COALESCE(u."email", '')), LOWER(COALESCE(u."name", '')) FROM "users" u JOIN "users_search_keys" k ON k."userId" = u."id"`,
    );
    await queryRunner.query(`INSERT INTO "users_search" ("users_search") VALUES ('optimize')`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    for (const trigger of ["users_search_insert", "users_search_update", "users_search_delete"]) await queryRunner.query(`DROP TRIGGER IF EXISTS "${trigger}"`);
    await queryRunner.query(`DROP TABLE IF EXISTS "users_search"`);
    await queryRunner.query(`DROP TABLE IF EXISTS "users_search_keys"`);
  }
}

/** The schema of the index and its triggers (a migration is a snapshot: this is not shared with later code). */
const USER_SEARCH_SQLITE = [
  `CREATE TABLE "users_search_keys" ("rowid" INTEGER PRIMARY KEY, "userId" varchar NOT NULL UNIQUE)`,
  `CREATE VIRTUAL TABLE "users_search" USING fts5("id", "email", "name", tokenize = 'trigram case_sensitive 1', content = '', contentless_delete = 1)`,
  `CREATE TRIGGER "users_search_insert" AFTER INSERT ON "users" BEGIN
     INSERT INTO "users_search_keys" ("userId") VALUES (new."id");
     INSERT INTO "users_search" ("rowid", "id", "email", "name")
       VALUES ((SELECT "rowid" FROM "users_search_keys" WHERE "userId" = new."id"), LOWER(new."id"), LOWER(COALESCE(new."email", '')), LOWER(COALESCE(new."name", '')));
   END`,
  `CREATE TRIGGER "users_search_update" AFTER UPDATE OF "id", "email", "name" ON "users"
     WHEN old."id" IS NOT new."id" OR old."email" IS NOT new."email" OR old."name" IS NOT new."name" BEGIN
     UPDATE "users_search_keys" SET "userId" = new."id" WHERE "userId" = old."id";
     UPDATE "users_search" SET "id" = LOWER(new."id"), "email" = LOWER(COALESCE(new."email", '')), "name" = LOWER(COALESCE(new."name", ''))
       WHERE "rowid" = (SELECT "rowid" FROM "users_search_keys" WHERE "userId" = new."id");
   END`,
  `CREATE TRIGGER "users_search_delete" AFTER DELETE ON "users" BEGIN
     DELETE FROM "users_search" WHERE "rowid" = (SELECT "rowid" FROM "users_search_keys" WHERE "userId" = old."id");
     DELETE FROM "users_search_keys" WHERE "userId" = old."id";
   END`,
];
