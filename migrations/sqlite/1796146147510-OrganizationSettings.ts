import { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Written as ADD COLUMN rather than as the generator's table rebuild: rebuilding "applications"
 * drops it, and with foreign keys on that DROP deletes every role through ON DELETE CASCADE.
 * The resulting schema is the generator's (migration:check compares it with the entities).
 */
export class OrganizationSettings1796146147510 implements MigrationInterface {
    name = 'OrganizationSettings1796146147510'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "applications" ADD COLUMN "organizationUsage" varchar(10) NOT NULL DEFAULT ('ALLOW')`);
        await queryRunner.query(`ALTER TABLE "applications" ADD COLUMN "tenantRolesInOrganizations" boolean NOT NULL DEFAULT (0)`);
        await queryRunner.query(`ALTER TABLE "configuration" ADD COLUMN "organizationInToken" boolean NOT NULL DEFAULT (1)`);
        await queryRunner.query(`ALTER TABLE "configuration" ADD COLUMN "organizationMetadataInToken" boolean NOT NULL DEFAULT (0)`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "configuration" DROP COLUMN "organizationMetadataInToken"`);
        await queryRunner.query(`ALTER TABLE "configuration" DROP COLUMN "organizationInToken"`);
        await queryRunner.query(`ALTER TABLE "applications" DROP COLUMN "tenantRolesInOrganizations"`);
        await queryRunner.query(`ALTER TABLE "applications" DROP COLUMN "organizationUsage"`);
    }
}
