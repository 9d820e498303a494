import { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Calculated members are listed in (user id, group id) byte order on both databases
 * (docs/design.md §10.1). The (userId, groupId) index is in the database's collation, which
 * PostgreSQL cannot use for an ORDER BY … COLLATE "C": this one, in "C", lets a wide subtree's
 * page walk memberships in that order from the cursor instead of sorting all of them.
 * Hand-written: TypeORM cannot declare a column's collation in an index.
 */
export class MembershipsByUserBinaryIndex1795400200000 implements MigrationInterface {
  name = "MembershipsByUserBinaryIndex1795400200000";

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE INDEX "IDX_group_members_user_group_binary" ON "group_members" ((("userId")::text COLLATE "C"), (("groupId")::text COLLATE "C"))`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX IF EXISTS "IDX_group_members_user_group_binary"`);
  }
}
