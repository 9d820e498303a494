import { MigrationInterface, QueryRunner } from "typeorm";

export class SigningKeySlot1795346735168 implements MigrationInterface {
    name = 'SigningKeySlot1795346735168'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            ALTER TABLE "signing_keys"
            ADD "slot" integer NOT NULL DEFAULT '1'
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "UQ_signing_keys_slot" ON "signing_keys" ("slot")
        `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            DROP INDEX "public"."UQ_signing_keys_slot"
        `);
        await queryRunner.query(`
            ALTER TABLE "signing_keys" DROP COLUMN "slot"
        `);
    }

}
