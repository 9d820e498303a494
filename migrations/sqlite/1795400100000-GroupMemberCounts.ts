import { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Each group's number of direct members, kept by triggers on "group_members" (docs/design.md
 * §10, "Calculated members"): a group's calculated-member count is the sum of these over the
 * group and its descendants, read by key instead of walking every (user, group) pair.
 * Hand-written: TypeORM does not know triggers, and the table is no entity (nothing writes it
 * but the triggers).
 */
export class GroupMemberCounts1795400100000 implements MigrationInterface {
  name = "GroupMemberCounts1795400100000";

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "group_member_counts" ("groupId" varchar PRIMARY KEY NOT NULL, "members" integer NOT NULL) WITHOUT ROWID`);
    await queryRunner.query(`INSERT INTO "group_member_counts" ("groupId", "members") SELECT "groupId", COUNT(*) FROM "group_members" GROUP BY "groupId"`);
    await queryRunner.query(`CREATE TRIGGER "group_member_counts_insert" AFTER INSERT ON "group_members" BEGIN
       INSERT INTO "group_member_counts" ("groupId", "members") VALUES (new."groupId", 1) ON CONFLICT ("groupId") DO UPDATE SET "members" = "members" + 1;
     END`);
    await queryRunner.query(`CREATE TRIGGER "group_member_counts_delete" AFTER DELETE ON "group_members" BEGIN
       UPDATE "group_member_counts" SET "members" = "members" - 1 WHERE "groupId" = old."groupId";
     END`);
    await queryRunner.query(`CREATE TRIGGER "group_member_counts_update" AFTER UPDATE OF "groupId" ON "group_members" WHEN old."groupId" IS NOT new."groupId" BEGIN
       UPDATE "group_member_counts" SET "members" = "members" - 1 WHERE "groupId" = old."groupId";
       INSERT INTO "group_member_counts" ("groupId", "members") VALUES (new."groupId", 1) ON CONFLICT ("groupId") DO UPDATE SET "members" = "members" + 1;
     END`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    for (const trigger of ["group_member_counts_insert", "group_member_counts_delete", "group_member_counts_update"]) await queryRunner.query(`DROP TRIGGER IF EXISTS "${trigger}"`);
    await queryRunner.query(`DROP TABLE IF EXISTS "group_member_counts"`);
  }
}
