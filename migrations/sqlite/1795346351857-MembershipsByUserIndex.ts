import { MigrationInterface, QueryRunner } from "typeorm";

export class MembershipsByUserIndex1795346351857 implements MigrationInterface {
    name = 'MembershipsByUserIndex1795346351857'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            DROP INDEX "IDX_group_members_user"
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_group_members_user_group" ON "group_members" ("userId", "groupId")
        `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            DROP INDEX "IDX_group_members_user_group"
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_group_members_user" ON "group_members" ("userId")
        `);
    }

}
