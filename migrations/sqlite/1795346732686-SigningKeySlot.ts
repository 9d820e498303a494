import { MigrationInterface, QueryRunner } from "typeorm";

export class SigningKeySlot1795346732686 implements MigrationInterface {
    name = 'SigningKeySlot1795346732686'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            CREATE TABLE "temporary_signing_keys" (
                "kid" varchar(64) PRIMARY KEY NOT NULL,
                "alg" varchar(16) NOT NULL,
                "privateJwk" text NOT NULL,
                "publicJwk" text NOT NULL,
                "createdAt" datetime NOT NULL DEFAULT (datetime('now')),
                "slot" integer NOT NULL DEFAULT (1)
            )
        `);
        await queryRunner.query(`
            INSERT INTO "temporary_signing_keys"(
                    "kid",
                    "alg",
                    "privateJwk",
                    "publicJwk",
                    "createdAt"
                )
            SELECT "kid",
                "alg",
                "privateJwk",
                "publicJwk",
                "createdAt"
            FROM "signing_keys"
        `);
        await queryRunner.query(`
            DROP TABLE "signing_keys"
        `);
        await queryRunner.query(`
            ALTER TABLE "temporary_signing_keys"
                RENAME TO "signing_keys"
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "UQ_signing_keys_slot" ON "signing_keys" ("slot")
        `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            DROP INDEX "UQ_signing_keys_slot"
        `);
        await queryRunner.query(`
            ALTER TABLE "signing_keys"
                RENAME TO "temporary_signing_keys"
        `);
        await queryRunner.query(`
            CREATE TABLE "signing_keys" (
                "kid" varchar(64) PRIMARY KEY NOT NULL,
                "alg" varchar(16) NOT NULL,
                "privateJwk" text NOT NULL,
                "publicJwk" text NOT NULL,
                "createdAt" datetime NOT NULL DEFAULT (datetime('now'))
            )
        `);
        await queryRunner.query(`
            INSERT INTO "signing_keys"(
                    "kid",
                    "alg",
                    "privateJwk",
                    "publicJwk",
                    "createdAt"
                )
            SELECT "kid",
                "alg",
                "privateJwk",
                "publicJwk",
                "createdAt"
            FROM "temporary_signing_keys"
        `);
        await queryRunner.query(`
            DROP TABLE "temporary_signing_keys"
        `);
    }

}
