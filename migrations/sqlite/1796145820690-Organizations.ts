import { MigrationInterface, QueryRunner } from "typeorm";

export class Organizations1796145820690 implements MigrationInterface {
    name = 'Organizations1796145820690'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            CREATE TABLE "organizations" (
                "id" varchar(64) PRIMARY KEY NOT NULL,
                "name" varchar(50) NOT NULL,
                "displayName" varchar(255) NOT NULL,
                "metadata" text NOT NULL,
                "createdAt" datetime NOT NULL DEFAULT (datetime('now')),
                "updatedAt" datetime NOT NULL DEFAULT (datetime('now'))
            )
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "UQ_organizations_name" ON "organizations" ("name")
        `);
        await queryRunner.query(`
            CREATE TABLE "organization_members" (
                "organizationId" varchar(64) NOT NULL,
                "userId" varchar(255) NOT NULL,
                "createdAt" datetime NOT NULL DEFAULT (datetime('now')),
                PRIMARY KEY ("organizationId", "userId")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_organization_members_user_organization" ON "organization_members" ("userId", "organizationId")
        `);
        await queryRunner.query(`
            CREATE TABLE "organization_member_roles" (
                "organizationId" varchar(64) NOT NULL,
                "userId" varchar(255) NOT NULL,
                "roleId" varchar(36) NOT NULL,
                "createdAt" datetime NOT NULL DEFAULT (datetime('now')),
                PRIMARY KEY ("organizationId", "userId", "roleId")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_organization_member_roles_role" ON "organization_member_roles" ("roleId")
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_organization_member_roles_user" ON "organization_member_roles" ("userId", "organizationId", "roleId")
        `);
        await queryRunner.query(`
            DROP INDEX "IDX_organization_members_user_organization"
        `);
        await queryRunner.query(`
            CREATE TABLE "temporary_organization_members" (
                "organizationId" varchar(64) NOT NULL,
                "userId" varchar(255) NOT NULL,
                "createdAt" datetime NOT NULL DEFAULT (datetime('now')),
                CONSTRAINT "FK_5652c2c6b066835b6c500d0d83f" FOREIGN KEY ("organizationId") REFERENCES "organizations" ("id") ON DELETE CASCADE ON UPDATE NO ACTION,
                CONSTRAINT "FK_e826222ad017663c6db1a45a4f1" FOREIGN KEY ("userId") REFERENCES "users" ("id") ON DELETE CASCADE ON UPDATE NO ACTION,
                PRIMARY KEY ("organizationId", "userId")
            )
        `);
        await queryRunner.query(`
            INSERT INTO "temporary_organization_members"("organizationId", "userId", "createdAt")
            SELECT "organizationId",
                "userId",
                "createdAt"
            FROM "organization_members"
        `);
        await queryRunner.query(`
            DROP TABLE "organization_members"
        `);
        await queryRunner.query(`
            ALTER TABLE "temporary_organization_members"
                RENAME TO "organization_members"
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_organization_members_user_organization" ON "organization_members" ("userId", "organizationId")
        `);
        await queryRunner.query(`
            DROP INDEX "IDX_organization_member_roles_role"
        `);
        await queryRunner.query(`
            DROP INDEX "IDX_organization_member_roles_user"
        `);
        await queryRunner.query(`
            CREATE TABLE "temporary_organization_member_roles" (
                "organizationId" varchar(64) NOT NULL,
                "userId" varchar(255) NOT NULL,
                "roleId" varchar(36) NOT NULL,
                "createdAt" datetime NOT NULL DEFAULT (datetime('now')),
                CONSTRAINT "FK_42015ebbb91c151814a4bdb25dc" FOREIGN KEY ("organizationId", "userId") REFERENCES "organization_members" ("organizationId", "userId") ON DELETE CASCADE ON UPDATE NO ACTION,
                CONSTRAINT "FK_3f619fd6f139a1881d819bdc20e" FOREIGN KEY ("roleId") REFERENCES "roles" ("id") ON DELETE CASCADE ON UPDATE NO ACTION,
                PRIMARY KEY ("organizationId", "userId", "roleId")
            )
        `);
        await queryRunner.query(`
            INSERT INTO "temporary_organization_member_roles"(
                    "organizationId",
                    "userId",
                    "roleId",
                    "createdAt"
                )
            SELECT "organizationId",
                "userId",
                "roleId",
                "createdAt"
            FROM "organization_member_roles"
        `);
        await queryRunner.query(`
            DROP TABLE "organization_member_roles"
        `);
        await queryRunner.query(`
            ALTER TABLE "temporary_organization_member_roles"
                RENAME TO "organization_member_roles"
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_organization_member_roles_role" ON "organization_member_roles" ("roleId")
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_organization_member_roles_user" ON "organization_member_roles" ("userId", "organizationId", "roleId")
        `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            DROP INDEX "IDX_organization_member_roles_user"
        `);
        await queryRunner.query(`
            DROP INDEX "IDX_organization_member_roles_role"
        `);
        await queryRunner.query(`
            ALTER TABLE "organization_member_roles"
                RENAME TO "temporary_organization_member_roles"
        `);
        await queryRunner.query(`
            CREATE TABLE "organization_member_roles" (
                "organizationId" varchar(64) NOT NULL,
                "userId" varchar(255) NOT NULL,
                "roleId" varchar(36) NOT NULL,
                "createdAt" datetime NOT NULL DEFAULT (datetime('now')),
                PRIMARY KEY ("organizationId", "userId", "roleId")
            )
        `);
        await queryRunner.query(`
            INSERT INTO "organization_member_roles"(
                    "organizationId",
                    "userId",
                    "roleId",
                    "createdAt"
                )
            SELECT "organizationId",
                "userId",
                "roleId",
                "createdAt"
            FROM "temporary_organization_member_roles"
        `);
        await queryRunner.query(`
            DROP TABLE "temporary_organization_member_roles"
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_organization_member_roles_user" ON "organization_member_roles" ("userId", "organizationId", "roleId")
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_organization_member_roles_role" ON "organization_member_roles" ("roleId")
        `);
        await queryRunner.query(`
            DROP INDEX "IDX_organization_members_user_organization"
        `);
        await queryRunner.query(`
            ALTER TABLE "organization_members"
                RENAME TO "temporary_organization_members"
        `);
        await queryRunner.query(`
            CREATE TABLE "organization_members" (
                "organizationId" varchar(64) NOT NULL,
                "userId" varchar(255) NOT NULL,
                "createdAt" datetime NOT NULL DEFAULT (datetime('now')),
                PRIMARY KEY ("organizationId", "userId")
            )
        `);
        await queryRunner.query(`
            INSERT INTO "organization_members"("organizationId", "userId", "createdAt")
            SELECT "organizationId",
                "userId",
                "createdAt"
            FROM "temporary_organization_members"
        `);
        await queryRunner.query(`
            DROP TABLE "temporary_organization_members"
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_organization_members_user_organization" ON "organization_members" ("userId", "organizationId")
        `);
        await queryRunner.query(`
            DROP INDEX "IDX_organization_member_roles_user"
        `);
        await queryRunner.query(`
            DROP INDEX "IDX_organization_member_roles_role"
        `);
        await queryRunner.query(`
            DROP TABLE "organization_member_roles"
        `);
        await queryRunner.query(`
            DROP INDEX "IDX_organization_members_user_organization"
        `);
        await queryRunner.query(`
            DROP TABLE "organization_members"
        `);
        await queryRunner.query(`
            DROP INDEX "UQ_organizations_name"
        `);
        await queryRunner.query(`
            DROP TABLE "organizations"
        `);
    }

}
