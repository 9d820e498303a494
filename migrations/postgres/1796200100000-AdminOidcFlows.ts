import { MigrationInterface, QueryRunner } from "typeorm";

export class AdminOidcFlows1796200100000 implements MigrationInterface {
    name = 'AdminOidcFlows1796200100000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            CREATE TABLE "admin_oidc_flows" (
                "idHash" character varying(64) NOT NULL,
                "expiresAt" bigint NOT NULL,
                "createdAt" bigint NOT NULL,
                "usedAt" bigint,
                CONSTRAINT "PK_0473486f85af08c446bdfed93db" PRIMARY KEY ("idHash")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_admin_oidc_flows_expiresAt" ON "admin_oidc_flows" ("expiresAt")
        `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            DROP INDEX "public"."IDX_admin_oidc_flows_expiresAt"
        `);
        await queryRunner.query(`
            DROP TABLE "admin_oidc_flows"
        `);
    }

}
