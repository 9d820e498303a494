import { MigrationInterface, QueryRunner } from "typeorm";

export class ModelRevision1795345472102 implements MigrationInterface {
    name = 'ModelRevision1795345472102'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            CREATE TABLE "model_revision" (
                "id" integer PRIMARY KEY NOT NULL,
                "revision" bigint NOT NULL DEFAULT (0)
            )
        `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            DROP TABLE "model_revision"
        `);
    }

}
