import { MigrationInterface, QueryRunner } from "typeorm";

export class Organizations1796145827438 implements MigrationInterface {
    name = 'Organizations1796145827438'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            CREATE TABLE "organizations" (
                "id" character varying(64) NOT NULL,
                "name" character varying(50) NOT NULL,
                "displayName" character varying(255) NOT NULL,
                "metadata" text NOT NULL,
                "createdAt" TIMESTAMP NOT NULL DEFAULT now(),
                "updatedAt" TIMESTAMP NOT NULL DEFAULT now(),
                CONSTRAINT "PK_6b031fcd0863e3f6b44230163f9" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "UQ_organizations_name" ON "organizations" ("name")
        `);
        await queryRunner.query(`
            CREATE TABLE "organization_members" (
                "organizationId" character varying(64) NOT NULL,
                "userId" character varying(255) NOT NULL,
                "createdAt" TIMESTAMP NOT NULL DEFAULT now(),
                CONSTRAINT "PK_7c48546e8026fb043d9ad0c2c8c" PRIMARY KEY ("organizationId", "userId")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_organization_members_user_organization" ON "organization_members" ("userId", "organizationId")
        `);
        await queryRunner.query(`
            CREATE TABLE "organization_member_roles" (
                "organizationId" character varying(64) NOT NULL,
                "userId" character varying(255) NOT NULL,
                "roleId" character varying(36) NOT NULL,
                "createdAt" TIMESTAMP NOT NULL DEFAULT now(),
                CONSTRAINT "PK_ad879b65967e5df759fa8c699f4" PRIMARY KEY ("organizationId", "userId", "roleId")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_organization_member_roles_role" ON "organization_member_roles" ("roleId")
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_organization_member_roles_user" ON "organization_member_roles" ("userId", "organizationId", "roleId")
        `);
        await queryRunner.query(`
            ALTER TABLE "organization_members"
            ADD CONSTRAINT "FK_5652c2c6b066835b6c500d0d83f" FOREIGN KEY ("organizationId") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "organization_members"
            ADD CONSTRAINT "FK_e826222ad017663c6db1a45a4f1" FOREIGN KEY ("userId") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "organization_member_roles"
            ADD CONSTRAINT "FK_42015ebbb91c151814a4bdb25dc" FOREIGN KEY ("organizationId", "userId") REFERENCES "organization_members"("organizationId", "userId") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "organization_member_roles"
            ADD CONSTRAINT "FK_3f619fd6f139a1881d819bdc20e" FOREIGN KEY ("roleId") REFERENCES "roles"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            ALTER TABLE "organization_member_roles" DROP CONSTRAINT "FK_3f619fd6f139a1881d819bdc20e"
        `);
        await queryRunner.query(`
            ALTER TABLE "organization_member_roles" DROP CONSTRAINT "FK_42015ebbb91c151814a4bdb25dc"
        `);
        await queryRunner.query(`
            ALTER TABLE "organization_members" DROP CONSTRAINT "FK_e826222ad017663c6db1a45a4f1"
        `);
        await queryRunner.query(`
            ALTER TABLE "organization_members" DROP CONSTRAINT "FK_5652c2c6b066835b6c500d0d83f"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_organization_member_roles_user"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_organization_member_roles_role"
        `);
        await queryRunner.query(`
            DROP TABLE "organization_member_roles"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_organization_members_user_organization"
        `);
        await queryRunner.query(`
            DROP TABLE "organization_members"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."UQ_organizations_name"
        `);
        await queryRunner.query(`
            DROP TABLE "organizations"
        `);
    }

}
