import { MigrationInterface, QueryRunner } from "typeorm";

export class AdminOidcFlows1796200100000 implements MigrationInterface {
    name = 'AdminOidcFlows1796200100000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            CREATE TABLE "admin_oidc_flows" (
                "idHash" varchar(64) PRIMARY KEY NOT NULL,
                "expiresAt" bigint NOT NULL,
                "createdAt" bigint NOT NULL,
                "usedAt" bigint
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_admin_oidc_flows_expiresAt" ON "admin_oidc_flows" ("expiresAt")
        `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            DROP INDEX "IDX_admin_oidc_flows_expiresAt"
        `);
        await queryRunner.query(`
            DROP TABLE "admin_oidc_flows"
        `);
    }

}
