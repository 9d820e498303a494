import { MigrationInterface, QueryRunner } from "typeorm";

export class AdminSessions1796133609486 implements MigrationInterface {
    name = 'AdminSessions1796133609486'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            CREATE TABLE "admin_login_codes" (
                "codeHash" character varying(64) NOT NULL,
                "subject" character varying(255) NOT NULL,
                "scopes" text NOT NULL,
                "expiresAt" bigint NOT NULL,
                "createdAt" bigint NOT NULL,
                "usedAt" bigint,
                CONSTRAINT "PK_8e0653d9302a04e035990bec240" PRIMARY KEY ("codeHash")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_admin_login_codes_expiresAt" ON "admin_login_codes" ("expiresAt")
        `);
        await queryRunner.query(`
            CREATE TABLE "admin_sessions" (
                "idHash" character varying(64) NOT NULL,
                "subject" character varying(255) NOT NULL,
                "scopes" text NOT NULL,
                "expiresAt" bigint NOT NULL,
                "createdAt" bigint NOT NULL,
                CONSTRAINT "PK_006b2fd064e0e4ff7a748bdd34f" PRIMARY KEY ("idHash")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_admin_sessions_expiresAt" ON "admin_sessions" ("expiresAt")
        `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            DROP INDEX "public"."IDX_admin_sessions_expiresAt"
        `);
        await queryRunner.query(`
            DROP TABLE "admin_sessions"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_admin_login_codes_expiresAt"
        `);
        await queryRunner.query(`
            DROP TABLE "admin_login_codes"
        `);
    }

}
