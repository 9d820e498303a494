import { MigrationInterface, QueryRunner } from "typeorm";

export class AuditLog1795344689429 implements MigrationInterface {
    name = 'AuditLog1795344689429'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            CREATE TABLE "audit_entries" (
                "id" integer PRIMARY KEY AUTOINCREMENT NOT NULL,
                "at" datetime NOT NULL DEFAULT (datetime('now')),
                "actor" varchar(255) NOT NULL,
                "actorKind" varchar(16) NOT NULL,
                "operation" varchar(100) NOT NULL,
                "targetIds" text NOT NULL,
                "details" text NOT NULL,
                "requestId" varchar(64)
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_audit_entries_actor" ON "audit_entries" ("actor")
        `);
        await queryRunner.query(`
            CREATE TABLE "audit_targets" (
                "entryId" integer NOT NULL,
                "targetId" varchar(255) NOT NULL,
                PRIMARY KEY ("entryId", "targetId")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_audit_targets_target" ON "audit_targets" ("targetId", "entryId")
        `);
        await queryRunner.query(`
            DROP INDEX "IDX_audit_targets_target"
        `);
        await queryRunner.query(`
            CREATE TABLE "temporary_audit_targets" (
                "entryId" integer NOT NULL,
                "targetId" varchar(255) NOT NULL,
                CONSTRAINT "FK_dac396ca7b47c0041aa876fad72" FOREIGN KEY ("entryId") REFERENCES "audit_entries" ("id") ON DELETE CASCADE ON UPDATE NO ACTION,
                PRIMARY KEY ("entryId", "targetId")
            )
        `);
        await queryRunner.query(`
            INSERT INTO "temporary_audit_targets"("entryId", "targetId")
            SELECT "entryId",
                "targetId"
            FROM "audit_targets"
        `);
        await queryRunner.query(`
            DROP TABLE "audit_targets"
        `);
        await queryRunner.query(`
            ALTER TABLE "temporary_audit_targets"
                RENAME TO "audit_targets"
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_audit_targets_target" ON "audit_targets" ("targetId", "entryId")
        `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            DROP INDEX "IDX_audit_targets_target"
        `);
        await queryRunner.query(`
            ALTER TABLE "audit_targets"
                RENAME TO "temporary_audit_targets"
        `);
        await queryRunner.query(`
            CREATE TABLE "audit_targets" (
                "entryId" integer NOT NULL,
                "targetId" varchar(255) NOT NULL,
                PRIMARY KEY ("entryId", "targetId")
            )
        `);
        await queryRunner.query(`
            INSERT INTO "audit_targets"("entryId", "targetId")
            SELECT "entryId",
                "targetId"
            FROM "temporary_audit_targets"
        `);
        await queryRunner.query(`
            DROP TABLE "temporary_audit_targets"
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_audit_targets_target" ON "audit_targets" ("targetId", "entryId")
        `);
        await queryRunner.query(`
            DROP INDEX "IDX_audit_targets_target"
        `);
        await queryRunner.query(`
            DROP TABLE "audit_targets"
        `);
        await queryRunner.query(`
            DROP INDEX "IDX_audit_entries_actor"
        `);
        await queryRunner.query(`
            DROP TABLE "audit_entries"
        `);
    }

}
