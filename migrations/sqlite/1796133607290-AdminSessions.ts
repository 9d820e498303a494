import { MigrationInterface, QueryRunner } from "typeorm";

export class AdminSessions1796133607290 implements MigrationInterface {
    name = 'AdminSessions1796133607290'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            CREATE TABLE "admin_login_codes" (
                "codeHash" varchar(64) PRIMARY KEY NOT NULL,
                "subject" varchar(255) NOT NULL,
                "scopes" text NOT NULL,
                "expiresAt" bigint NOT NULL,
                "createdAt" bigint NOT NULL,
                "usedAt" bigint
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_admin_login_codes_expiresAt" ON "admin_login_codes" ("expiresAt")
        `);
        await queryRunner.query(`
            CREATE TABLE "admin_sessions" (
                "idHash" varchar(64) PRIMARY KEY NOT NULL,
                "subject" varchar(255) NOT NULL,
                "scopes" text NOT NULL,
                "expiresAt" bigint NOT NULL,
                "createdAt" bigint NOT NULL
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_admin_sessions_expiresAt" ON "admin_sessions" ("expiresAt")
        `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            DROP INDEX "IDX_admin_sessions_expiresAt"
        `);
        await queryRunner.query(`
            DROP TABLE "admin_sessions"
        `);
        await queryRunner.query(`
            DROP INDEX "IDX_admin_login_codes_expiresAt"
        `);
        await queryRunner.query(`
            DROP TABLE "admin_login_codes"
        `);
    }

}
