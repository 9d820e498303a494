import { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Substring search over users (docs/design.md §10, "User search"): pg_trgm GIN indexes on exactly
 * the expressions the search compares (LOWER of id, email and name), so the same LIKE uses them
 * and PostgreSQL keeps them in step with every write. Hand-written: TypeORM does not manage
 * extensions or expression indexes (and its schema diff does not see expression indexes).
 * Building them reads every user once (the backfill).
 */
export class UserSearchIndex1795400000000 implements MigrationInterface {
  name = "UserSearchIndex1795400000000";

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);
    await queryRunner.query(`CREATE INDEX "IDX_users_search_id" ON "users" USING gin (LOWER("id") gin_trgm_ops)`);
    await queryRunner.query(`CREATE INDEX "IDX_users_search_email" ON "users" USING gin (LOWER(COALESCE("email", '')) gin_trgm_ops)`);
    await queryRunner.query(`CREATE INDEX "IDX_users_search_name" ON "users" USING gin (LOWER(COALESCE("name", '')) gin_trgm_ops)`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    for (const index of ["IDX_users_search_id", "IDX_users_search_email", "IDX_users_search_name"]) await queryRunner.query(`DROP INDEX IF EXISTS "${index}"`);
  }
}
