import { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Time-bound grants (docs/design.md §13): `validFrom` and `expiresAt` (epoch milliseconds) on the
 * four grant tables, the login's covering indexes with the window, partial indexes over windowed rows.
 * Generated (`down` corrected to recreate the indexes with their original column order).
 */
export class GrantWindows1796300000000 implements MigrationInterface {
    name = 'GrantWindows1796300000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            DROP INDEX "public"."IDX_group_members_user_group"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_organization_members_user_organization"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_organization_member_roles_user"
        `);
        await queryRunner.query(`
            ALTER TABLE "group_members"
            ADD "validFrom" bigint
        `);
        await queryRunner.query(`
            ALTER TABLE "group_members"
            ADD "expiresAt" bigint
        `);
        await queryRunner.query(`
            ALTER TABLE "organization_members"
            ADD "validFrom" bigint
        `);
        await queryRunner.query(`
            ALTER TABLE "organization_members"
            ADD "expiresAt" bigint
        `);
        await queryRunner.query(`
            ALTER TABLE "organization_member_roles"
            ADD "validFrom" bigint
        `);
        await queryRunner.query(`
            ALTER TABLE "organization_member_roles"
            ADD "expiresAt" bigint
        `);
        await queryRunner.query(`
            ALTER TABLE "user_roles"
            ADD "validFrom" bigint
        `);
        await queryRunner.query(`
            ALTER TABLE "user_roles"
            ADD "expiresAt" bigint
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_group_members_expires_at" ON "group_members" ("expiresAt")
            WHERE "expiresAt" IS NOT NULL
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_group_members_valid_from" ON "group_members" ("validFrom")
            WHERE "validFrom" IS NOT NULL
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_group_members_windowed" ON "group_members" ("groupId", "userId")
            WHERE "validFrom" IS NOT NULL
                OR "expiresAt" IS NOT NULL
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_group_members_user_group" ON "group_members" ("userId", "groupId", "validFrom", "expiresAt")
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_organization_members_windowed" ON "organization_members" ("organizationId", "userId")
            WHERE "validFrom" IS NOT NULL
                OR "expiresAt" IS NOT NULL
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_organization_members_user_organization" ON "organization_members" (
                "userId",
                "organizationId",
                "validFrom",
                "expiresAt"
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_organization_member_roles_windowed" ON "organization_member_roles" ("organizationId", "userId", "roleId")
            WHERE "validFrom" IS NOT NULL
                OR "expiresAt" IS NOT NULL
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_organization_member_roles_user" ON "organization_member_roles" (
                "userId",
                "organizationId",
                "roleId",
                "validFrom",
                "expiresAt"
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_user_roles_windowed" ON "user_roles" ("userId", "roleId")
            WHERE "validFrom" IS NOT NULL
                OR "expiresAt" IS NOT NULL
        `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            DROP INDEX "public"."IDX_user_roles_windowed"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_organization_member_roles_user"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_organization_member_roles_windowed"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_organization_members_user_organization"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_organization_members_windowed"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_group_members_user_group"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_group_members_windowed"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_group_members_valid_from"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_group_members_expires_at"
        `);
        await queryRunner.query(`
            ALTER TABLE "user_roles" DROP COLUMN "expiresAt"
        `);
        await queryRunner.query(`
            ALTER TABLE "user_roles" DROP COLUMN "validFrom"
        `);
        await queryRunner.query(`
            ALTER TABLE "organization_member_roles" DROP COLUMN "expiresAt"
        `);
        await queryRunner.query(`
            ALTER TABLE "organization_member_roles" DROP COLUMN "validFrom"
        `);
        await queryRunner.query(`
            ALTER TABLE "organization_members" DROP COLUMN "expiresAt"
        `);
        await queryRunner.query(`
            ALTER TABLE "organization_members" DROP COLUMN "validFrom"
        `);
        await queryRunner.query(`
            ALTER TABLE "group_members" DROP COLUMN "expiresAt"
        `);
        await queryRunner.query(`
            ALTER TABLE "group_members" DROP COLUMN "validFrom"
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_organization_member_roles_user" ON "organization_member_roles" USING btree ("userId", "organizationId", "roleId")
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_organization_members_user_organization" ON "organization_members" USING btree ("userId", "organizationId")
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_group_members_user_group" ON "group_members" USING btree ("userId", "groupId")
        `);
    }

}
