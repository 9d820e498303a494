import { MigrationInterface, QueryRunner } from "typeorm";

export class AuditLog1795344691502 implements MigrationInterface {
    name = 'AuditLog1795344691502'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            CREATE TABLE "audit_entries" (
                "id" SERIAL NOT NULL,
                "at" TIMESTAMP NOT NULL DEFAULT now(),
                "actor" character varying(255) NOT NULL,
                "actorKind" character varying(16) NOT NULL,
                "operation" character varying(100) NOT NULL,
                "targetIds" text NOT NULL,
                "details" text NOT NULL,
                "requestId" character varying(64),
                CONSTRAINT "PK_6b1623bcad4d04530b76548d619" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_audit_entries_actor" ON "audit_entries" ("actor")
        `);
        await queryRunner.query(`
            CREATE TABLE "audit_targets" (
                "entryId" integer NOT NULL,
                "targetId" character varying(255) NOT NULL,
                CONSTRAINT "PK_e33cb524ea78c267a6660d63eaf" PRIMARY KEY ("entryId", "targetId")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_audit_targets_target" ON "audit_targets" ("targetId", "entryId")
        `);
        await queryRunner.query(`
            ALTER TABLE "audit_targets"
            ADD CONSTRAINT "FK_dac396ca7b47c0041aa876fad72" FOREIGN KEY ("entryId") REFERENCES "audit_entries"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            ALTER TABLE "audit_targets" DROP CONSTRAINT "FK_dac396ca7b47c0041aa876fad72"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_audit_targets_target"
        `);
        await queryRunner.query(`
            DROP TABLE "audit_targets"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_audit_entries_actor"
        `);
        await queryRunner.query(`
            DROP TABLE "audit_entries"
        `);
    }

}
