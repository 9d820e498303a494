import { MigrationInterface, QueryRunner } from "typeorm";

export class ModelRevision1795345766629 implements MigrationInterface {
    name = 'ModelRevision1795345766629'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            CREATE TABLE "model_revision" (
                "id" integer NOT NULL,
                "revision" bigint NOT NULL DEFAULT '0',
                CONSTRAINT "PK_3023d147dbf3be14093ce42344f" PRIMARY KEY ("id")
            )
        `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            DROP TABLE "model_revision"
        `);
    }

}
