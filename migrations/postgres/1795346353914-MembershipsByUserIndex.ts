import { MigrationInterface, QueryRunner } from "typeorm";

export class MembershipsByUserIndex1795346353914 implements MigrationInterface {
    name = 'MembershipsByUserIndex1795346353914'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            DROP INDEX "public"."IDX_group_members_user"
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_group_members_user_group" ON "group_members" ("userId", "groupId")
        `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            DROP INDEX "public"."IDX_group_members_user_group"
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_group_members_user" ON "group_members" USING btree ("userId")
        `);
    }

}
