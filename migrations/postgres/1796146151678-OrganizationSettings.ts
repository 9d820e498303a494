import { MigrationInterface, QueryRunner } from "typeorm";

export class OrganizationSettings1796146151678 implements MigrationInterface {
    name = 'OrganizationSettings1796146151678'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            ALTER TABLE "applications"
            ADD "organizationUsage" character varying(10) NOT NULL DEFAULT 'ALLOW'
        `);
        await queryRunner.query(`
            ALTER TABLE "applications"
            ADD "tenantRolesInOrganizations" boolean NOT NULL DEFAULT false
        `);
        await queryRunner.query(`
            ALTER TABLE "configuration"
            ADD "organizationInToken" boolean NOT NULL DEFAULT true
        `);
        await queryRunner.query(`
            ALTER TABLE "configuration"
            ADD "organizationMetadataInToken" boolean NOT NULL DEFAULT false
        `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            ALTER TABLE "configuration" DROP COLUMN "organizationMetadataInToken"
        `);
        await queryRunner.query(`
            ALTER TABLE "configuration" DROP COLUMN "organizationInToken"
        `);
        await queryRunner.query(`
            ALTER TABLE "applications" DROP COLUMN "tenantRolesInOrganizations"
        `);
        await queryRunner.query(`
            ALTER TABLE "applications" DROP COLUMN "organizationUsage"
        `);
    }

}
