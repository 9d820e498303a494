import { MigrationInterface, QueryRunner } from "typeorm";

export class GrantSweeps1796300100000 implements MigrationInterface {
    name = 'GrantSweeps1796300100000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            CREATE TABLE "grant_sweeps" (
                "id" integer PRIMARY KEY NOT NULL,
                "sweptUntil" bigint NOT NULL
            )
        `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            DROP TABLE "grant_sweeps"
        `);
    }

}
