import { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Each group's number of direct members, kept by statement-level triggers on "group_members"
 * (one grouped upsert per statement, from its transition table; docs/design.md §10,
 * "Calculated members"): a group's calculated-member count is the sum of these over the group
 * and its descendants. Writes already hold the write lock, so the counter rows add no contention.
 * Hand-written: TypeORM does not know functions or triggers, and the table is no entity.
 */
export class GroupMemberCounts1795400100000 implements MigrationInterface {
  name = "GroupMemberCounts1795400100000";

  public async up(queryRunner: QueryRunner): Promise<void> {
    // No membership may be written between the backfill and the triggers (by an instance still on
    // the previous version, during a rolling upgrade): it would never be counted. Reads go on.
    await queryRunner.query(`LOCK TABLE "group_members" IN SHARE ROW EXCLUSIVE MODE`);
    await queryRunner.query(`CREATE TABLE "group_member_counts" ("groupId" varchar PRIMARY KEY NOT NULL, "members" integer NOT NULL)`);
    await queryRunner.query(`INSERT INTO "group_member_counts" ("groupId", "members") SELECT "groupId", COUNT(*) FROM "group_members" GROUP BY "groupId"`);
    await queryRunner.query(`CREATE FUNCTION "group_member_counts_add"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO "group_member_counts" ("groupId", "members") SELECT "groupId", COUNT(*) FROM "added" GROUP BY "groupId"
          ON CONFLICT ("groupId") DO UPDATE SET "members" = "group_member_counts"."members" + excluded."members";
        RETURN NULL;
      END $$`);
    await queryRunner.query(`CREATE FUNCTION "group_member_counts_remove"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE "group_member_counts" c SET "members" = c."members" - r."n"
          FROM (SELECT "groupId", COUNT(*) AS "n" FROM "removed" GROUP BY "groupId") r WHERE c."groupId" = r."groupId";
        RETURN NULL;
      END $$`);
    await queryRunner.query(`CREATE FUNCTION "group_member_counts_move"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE "group_member_counts" c SET "members" = c."members" - r."n"
          FROM (SELECT "groupId", COUNT(*) AS "n" FROM "removed" GROUP BY "groupId") r WHERE c."groupId" = r."groupId";
        INSERT INTO "group_member_counts" ("groupId", "members") SELECT "groupId", COUNT(*) FROM "added" GROUP BY "groupId"
          ON CONFLICT ("groupId") DO UPDATE SET "members" = "group_member_counts"."members" + excluded."members";
        RETURN NULL;
      END $$`);
    await queryRunner.query(
      `CREATE TRIGGER "group_member_counts_insert" AFTER INSERT ON "group_members" REFERENCING NEW TABLE AS "added" FOR EACH STATEMENT EXECUTE FUNCTION "group_member_counts_add"()`,
    );
    await queryRunner.query(
      `CREATE TRIGGER "group_member_counts_delete" AFTER DELETE ON "group_members" REFERENCING OLD TABLE AS "removed" FOR EACH STATEMENT EXECUTE FUNCTION "group_member_counts_remove"()`,
    );
    await queryRunner.query(
      `CREATE TRIGGER "group_member_counts_update" AFTER UPDATE ON "group_members" REFERENCING OLD TABLE AS "removed" NEW TABLE AS "added" FOR EACH STATEMENT EXECUTE FUNCTION "group_member_counts_move"()`,
    );
    // TRUNCATE fires no row triggers and has no transition table: it empties the counts too.
    await queryRunner.query(`CREATE FUNCTION "group_member_counts_truncate"() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN DELETE FROM "group_member_counts"; RETURN NULL; END $$`);
    await queryRunner.query(`CREATE TRIGGER "group_member_counts_truncate" AFTER TRUNCATE ON "group_members" FOR EACH STATEMENT EXECUTE FUNCTION "group_member_counts_truncate"()`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    for (const trigger of ["group_member_counts_insert", "group_member_counts_delete", "group_member_counts_update", "group_member_counts_truncate"]) {
      await queryRunner.query(`DROP TRIGGER IF EXISTS "${trigger}" ON "group_members"`);
    }
    for (const fn of ["group_member_counts_add", "group_member_counts_remove", "group_member_counts_move", "group_member_counts_truncate"]) await queryRunner.query(`DROP FUNCTION IF EXISTS "${fn}"()`);
    await queryRunner.query(`DROP TABLE IF EXISTS "group_member_counts"`);
  }
}
