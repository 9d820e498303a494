import { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Searches of 1 or 2 characters (docs/design.md §10, "Short searches"): pg_trgm has no trigram
 * for them, so a GIN index holds, per user, the set of characters and adjacent pairs of the
 * lower-cased id, email and name (gatehouse_search_grams), and a short search is `@> ARRAY[term]`
 * over exactly that expression. Hand-written: TypeORM does not manage functions or expression
 * indexes. Building it reads every user once (the backfill).
 */
export class UserShortSearchIndex1796200000000 implements MigrationInterface {
  name = "UserShortSearchIndex1796200000000";

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE FUNCTION gatehouse_search_grams(value text) RETURNS text[] LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
         SELECT COALESCE(array_agg(DISTINCT g), '{}') FROM (
           SELECT substr(value, i, 1) AS g FROM generate_series(1, length(value)) AS i
           UNION ALL
           SELECT substr(value, i, 2) FROM generate_series(1, length(value) - 1) AS i
         ) AS grams
       $$`,
    );
    // A GIN build sorts its entries in memory (~80 per user): the default 64 MB spills to disk many times on a million users.
    await queryRunner.query(`SET LOCAL maintenance_work_mem = '512MB'`);
    await queryRunner.query(
      `CREATE INDEX "IDX_users_search_grams" ON "users" USING gin ((` +
        `gatehouse_search_grams(LOWER("id")) || gatehouse_search_grams(LOWER(COALESCE("email", ''))) || gatehouse_search_grams(LOWER(COALESCE("name", '')))))`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX IF EXISTS "IDX_users_search_grams"`);
    await queryRunner.query(`DROP FUNCTION IF EXISTS gatehouse_search_grams(text)`);
  }
}
