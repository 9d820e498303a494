import { MigrationInterface, QueryRunner } from "typeorm";

export class Init1795344168226 implements MigrationInterface {
    name = 'Init1795344168226'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            CREATE TABLE "applications" (
                "id" varchar(255) PRIMARY KEY NOT NULL,
                "name" varchar(255) NOT NULL,
                "nameKey" varchar(1000) NOT NULL,
                "type" varchar(20) NOT NULL,
                "requiredRoles" text NOT NULL,
                "createdAt" datetime NOT NULL DEFAULT (datetime('now')),
                "updatedAt" datetime NOT NULL DEFAULT (datetime('now'))
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_applications_name_key" ON "applications" ("nameKey")
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
            CREATE TABLE "configuration" (
                "id" varchar(16) PRIMARY KEY NOT NULL,
                "groupsInToken" boolean NOT NULL DEFAULT (0),
                "rolesInToken" boolean NOT NULL DEFAULT (0),
                "permissionsInToken" boolean NOT NULL DEFAULT (0),
                "groupsPassthrough" boolean NOT NULL DEFAULT (0),
                "rolesPassthrough" boolean NOT NULL DEFAULT (0),
                "permissionsPassthrough" boolean NOT NULL DEFAULT (0),
                "persistGroups" boolean NOT NULL DEFAULT (0),
                "persistRoles" boolean NOT NULL DEFAULT (0),
                "persistPermissions" boolean NOT NULL DEFAULT (0),
                "claimNamespace" varchar(2048),
                "tokenIssuer" varchar(2048) NOT NULL DEFAULT ('urn:gatehouse'),
                "tokenAudience" varchar(2048) NOT NULL DEFAULT ('urn:gatehouse:api'),
                "tokenLifetimeSeconds" integer NOT NULL DEFAULT (86400),
                "apiKeyHash" varchar(128),
                "previousApiKeyHash" varchar(128),
                "previousApiKeyValidUntil" bigint,
                "apiKeyCreatedAt" bigint,
                "updatedAt" datetime NOT NULL DEFAULT (datetime('now'))
            )
        `);
        await queryRunner.query(`
            CREATE TABLE "groups" (
                "id" varchar(36) PRIMARY KEY NOT NULL,
                "name" varchar(50) NOT NULL,
                "nameKey" varchar(200) NOT NULL,
                "description" varchar(500) NOT NULL DEFAULT (''),
                "createdAt" datetime NOT NULL DEFAULT (datetime('now')),
                "updatedAt" datetime NOT NULL DEFAULT (datetime('now'))
            )
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "UQ_groups_name_key" ON "groups" ("nameKey")
        `);
        await queryRunner.query(`
            CREATE TABLE "users" (
                "id" varchar(255) PRIMARY KEY NOT NULL,
                "email" varchar(320),
                "name" varchar(255),
                "connection" varchar(255),
                "createdAt" datetime NOT NULL DEFAULT (datetime('now')),
                "updatedAt" datetime NOT NULL DEFAULT (datetime('now'))
            )
        `);
        await queryRunner.query(`
            CREATE TABLE "roles" (
                "id" varchar(36) PRIMARY KEY NOT NULL,
                "applicationId" varchar(255) NOT NULL,
                "name" varchar(50) NOT NULL,
                "nameKey" varchar(200) NOT NULL,
                "description" varchar(500) NOT NULL DEFAULT (''),
                "createdAt" datetime NOT NULL DEFAULT (datetime('now')),
                "updatedAt" datetime NOT NULL DEFAULT (datetime('now'))
            )
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "UQ_roles_application_name_key" ON "roles" ("applicationId", "nameKey")
        `);
        await queryRunner.query(`
            CREATE TABLE "group_members" (
                "groupId" varchar(36) NOT NULL,
                "userId" varchar(255) NOT NULL,
                "createdAt" datetime NOT NULL DEFAULT (datetime('now')),
                PRIMARY KEY ("groupId", "userId")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_group_members_user" ON "group_members" ("userId")
        `);
        await queryRunner.query(`
            CREATE TABLE "group_nestings" (
                "parentId" varchar(36) NOT NULL,
                "childId" varchar(36) NOT NULL,
                "createdAt" datetime NOT NULL DEFAULT (datetime('now')),
                PRIMARY KEY ("parentId", "childId")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_group_nestings_child" ON "group_nestings" ("childId")
        `);
        await queryRunner.query(`
            CREATE TABLE "group_roles" (
                "groupId" varchar(36) NOT NULL,
                "roleId" varchar(36) NOT NULL,
                "createdAt" datetime NOT NULL DEFAULT (datetime('now')),
                PRIMARY KEY ("groupId", "roleId")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_group_roles_role" ON "group_roles" ("roleId")
        `);
        await queryRunner.query(`
            CREATE TABLE "group_mappings" (
                "id" varchar(36) PRIMARY KEY NOT NULL,
                "groupId" varchar(36) NOT NULL,
                "connectionName" varchar(256) NOT NULL,
                "groupName" varchar(256) NOT NULL,
                "createdAt" datetime NOT NULL DEFAULT (datetime('now'))
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_group_mappings_connection_name" ON "group_mappings" ("connectionName", "groupName")
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "UQ_group_mappings_group_connection_name" ON "group_mappings" ("groupId", "connectionName", "groupName")
        `);
        await queryRunner.query(`
            CREATE TABLE "permissions" (
                "id" varchar(36) PRIMARY KEY NOT NULL,
                "applicationId" varchar(255) NOT NULL,
                "name" varchar(100) NOT NULL,
                "nameKey" varchar(400) NOT NULL,
                "description" varchar(500) NOT NULL DEFAULT (''),
                "createdAt" datetime NOT NULL DEFAULT (datetime('now')),
                "updatedAt" datetime NOT NULL DEFAULT (datetime('now'))
            )
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "UQ_permissions_application_name_key" ON "permissions" ("applicationId", "nameKey")
        `);
        await queryRunner.query(`
            CREATE TABLE "role_permissions" (
                "roleId" varchar(36) NOT NULL,
                "permissionId" varchar(36) NOT NULL,
                "createdAt" datetime NOT NULL DEFAULT (datetime('now')),
                PRIMARY KEY ("roleId", "permissionId")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_role_permissions_permission" ON "role_permissions" ("permissionId")
        `);
        await queryRunner.query(`
            CREATE TABLE "user_roles" (
                "userId" varchar(255) NOT NULL,
                "roleId" varchar(36) NOT NULL,
                "createdAt" datetime NOT NULL DEFAULT (datetime('now')),
                PRIMARY KEY ("userId", "roleId")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_user_roles_role" ON "user_roles" ("roleId")
        `);
        await queryRunner.query(`
            CREATE TABLE "authorization_snapshots" (
                "userId" varchar(255) NOT NULL,
                "applicationId" varchar(255) NOT NULL,
                "groups" text,
                "roles" text,
                "permissions" text,
                "updatedAt" datetime NOT NULL DEFAULT (datetime('now')),
                PRIMARY KEY ("userId", "applicationId")
            )
        `);
        await queryRunner.query(`
            DROP INDEX "UQ_roles_application_name_key"
        `);
        await queryRunner.query(`
            CREATE TABLE "temporary_roles" (
                "id" varchar(36) PRIMARY KEY NOT NULL,
                "applicationId" varchar(255) NOT NULL,
                "name" varchar(50) NOT NULL,
                "nameKey" varchar(200) NOT NULL,
                "description" varchar(500) NOT NULL DEFAULT (''),
                "createdAt" datetime NOT NULL DEFAULT (datetime('now')),
                "updatedAt" datetime NOT NULL DEFAULT (datetime('now')),
                CONSTRAINT "FK_f731fb95bec20fc5da80d349b89" FOREIGN KEY ("applicationId") REFERENCES "applications" ("id") ON DELETE CASCADE ON UPDATE NO ACTION
            )
        `);
        await queryRunner.query(`
            INSERT INTO "temporary_roles"(
                    "id",
                    "applicationId",
                    "name",
                    "nameKey",
                    "description",
                    "createdAt",
                    "updatedAt"
                )
            SELECT "id",
                "applicationId",
                "name",
                "nameKey",
                "description",
                "createdAt",
                "updatedAt"
            FROM "roles"
        `);
        await queryRunner.query(`
            DROP TABLE "roles"
        `);
        await queryRunner.query(`
            ALTER TABLE "temporary_roles"
                RENAME TO "roles"
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "UQ_roles_application_name_key" ON "roles" ("applicationId", "nameKey")
        `);
        await queryRunner.query(`
            DROP INDEX "IDX_group_members_user"
        `);
        await queryRunner.query(`
            CREATE TABLE "temporary_group_members" (
                "groupId" varchar(36) NOT NULL,
                "userId" varchar(255) NOT NULL,
                "createdAt" datetime NOT NULL DEFAULT (datetime('now')),
                CONSTRAINT "FK_1aa8d31831c3126947e7a713c2b" FOREIGN KEY ("groupId") REFERENCES "groups" ("id") ON DELETE CASCADE ON UPDATE NO ACTION,
                CONSTRAINT "FK_fdef099303bcf0ffd9a4a7b18f5" FOREIGN KEY ("userId") REFERENCES "users" ("id") ON DELETE CASCADE ON UPDATE NO ACTION,
                PRIMARY KEY ("groupId", "userId")
            )
        `);
        await queryRunner.query(`
            INSERT INTO "temporary_group_members"("groupId", "userId", "createdAt")
            SELECT "groupId",
                "userId",
                "createdAt"
            FROM "group_members"
        `);
        await queryRunner.query(`
            DROP TABLE "group_members"
        `);
        await queryRunner.query(`
            ALTER TABLE "temporary_group_members"
                RENAME TO "group_members"
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_group_members_user" ON "group_members" ("userId")
        `);
        await queryRunner.query(`
            DROP INDEX "IDX_group_nestings_child"
        `);
        await queryRunner.query(`
            CREATE TABLE "temporary_group_nestings" (
                "parentId" varchar(36) NOT NULL,
                "childId" varchar(36) NOT NULL,
                "createdAt" datetime NOT NULL DEFAULT (datetime('now')),
                CONSTRAINT "FK_c7e1ed8ca0185656a51ad3131f4" FOREIGN KEY ("parentId") REFERENCES "groups" ("id") ON DELETE CASCADE ON UPDATE NO ACTION,
                CONSTRAINT "FK_a42dc7ff17e56d9d4178250be70" FOREIGN KEY ("childId") REFERENCES "groups" ("id") ON DELETE CASCADE ON UPDATE NO ACTION,
                PRIMARY KEY ("parentId", "childId")
            )
        `);
        await queryRunner.query(`
            INSERT INTO "temporary_group_nestings"("parentId", "childId", "createdAt")
            SELECT "parentId",
                "childId",
                "createdAt"
            FROM "group_nestings"
        `);
        await queryRunner.query(`
            DROP TABLE "group_nestings"
        `);
        await queryRunner.query(`
            ALTER TABLE "temporary_group_nestings"
                RENAME TO "group_nestings"
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_group_nestings_child" ON "group_nestings" ("childId")
        `);
        await queryRunner.query(`
            DROP INDEX "IDX_group_roles_role"
        `);
        await queryRunner.query(`
            CREATE TABLE "temporary_group_roles" (
                "groupId" varchar(36) NOT NULL,
                "roleId" varchar(36) NOT NULL,
                "createdAt" datetime NOT NULL DEFAULT (datetime('now')),
                CONSTRAINT "FK_2b5f930e296a7d2bf3b14e59f42" FOREIGN KEY ("groupId") REFERENCES "groups" ("id") ON DELETE CASCADE ON UPDATE NO ACTION,
                CONSTRAINT "FK_69f84cc2625ddd7555de6ee7458" FOREIGN KEY ("roleId") REFERENCES "roles" ("id") ON DELETE CASCADE ON UPDATE NO ACTION,
                PRIMARY KEY ("groupId", "roleId")
            )
        `);
        await queryRunner.query(`
            INSERT INTO "temporary_group_roles"("groupId", "roleId", "createdAt")
            SELECT "groupId",
                "roleId",
                "createdAt"
            FROM "group_roles"
        `);
        await queryRunner.query(`
            DROP TABLE "group_roles"
        `);
        await queryRunner.query(`
            ALTER TABLE "temporary_group_roles"
                RENAME TO "group_roles"
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_group_roles_role" ON "group_roles" ("roleId")
        `);
        await queryRunner.query(`
            DROP INDEX "IDX_group_mappings_connection_name"
        `);
        await queryRunner.query(`
            DROP INDEX "UQ_group_mappings_group_connection_name"
        `);
        await queryRunner.query(`
            CREATE TABLE "temporary_group_mappings" (
                "id" varchar(36) PRIMARY KEY NOT NULL,
                "groupId" varchar(36) NOT NULL,
                "connectionName" varchar(256) NOT NULL,
                "groupName" varchar(256) NOT NULL,
                "createdAt" datetime NOT NULL DEFAULT (datetime('now')),
                CONSTRAINT "FK_912bd886b66f987bdf7918cbb7e" FOREIGN KEY ("groupId") REFERENCES "groups" ("id") ON DELETE CASCADE ON UPDATE NO ACTION
            )
        `);
        await queryRunner.query(`
            INSERT INTO "temporary_group_mappings"(
                    "id",
                    "groupId",
                    "connectionName",
                    "groupName",
                    "createdAt"
                )
            SELECT "id",
                "groupId",
                "connectionName",
                "groupName",
                "createdAt"
            FROM "group_mappings"
        `);
        await queryRunner.query(`
            DROP TABLE "group_mappings"
        `);
        await queryRunner.query(`
            ALTER TABLE "temporary_group_mappings"
                RENAME TO "group_mappings"
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_group_mappings_connection_name" ON "group_mappings" ("connectionName", "groupName")
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "UQ_group_mappings_group_connection_name" ON "group_mappings" ("groupId", "connectionName", "groupName")
        `);
        await queryRunner.query(`
            DROP INDEX "UQ_permissions_application_name_key"
        `);
        await queryRunner.query(`
            CREATE TABLE "temporary_permissions" (
                "id" varchar(36) PRIMARY KEY NOT NULL,
                "applicationId" varchar(255) NOT NULL,
                "name" varchar(100) NOT NULL,
                "nameKey" varchar(400) NOT NULL,
                "description" varchar(500) NOT NULL DEFAULT (''),
                "createdAt" datetime NOT NULL DEFAULT (datetime('now')),
                "updatedAt" datetime NOT NULL DEFAULT (datetime('now')),
                CONSTRAINT "FK_74397bdb994521e4a73747a8499" FOREIGN KEY ("applicationId") REFERENCES "applications" ("id") ON DELETE CASCADE ON UPDATE NO ACTION
            )
        `);
        await queryRunner.query(`
            INSERT INTO "temporary_permissions"(
                    "id",
                    "applicationId",
                    "name",
                    "nameKey",
                    "description",
                    "createdAt",
                    "updatedAt"
                )
            SELECT "id",
                "applicationId",
                "name",
                "nameKey",
                "description",
                "createdAt",
                "updatedAt"
            FROM "permissions"
        `);
        await queryRunner.query(`
            DROP TABLE "permissions"
        `);
        await queryRunner.query(`
            ALTER TABLE "temporary_permissions"
                RENAME TO "permissions"
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "UQ_permissions_application_name_key" ON "permissions" ("applicationId", "nameKey")
        `);
        await queryRunner.query(`
            DROP INDEX "IDX_role_permissions_permission"
        `);
        await queryRunner.query(`
            CREATE TABLE "temporary_role_permissions" (
                "roleId" varchar(36) NOT NULL,
                "permissionId" varchar(36) NOT NULL,
                "createdAt" datetime NOT NULL DEFAULT (datetime('now')),
                CONSTRAINT "FK_b4599f8b8f548d35850afa2d12c" FOREIGN KEY ("roleId") REFERENCES "roles" ("id") ON DELETE CASCADE ON UPDATE NO ACTION,
                CONSTRAINT "FK_06792d0c62ce6b0203c03643cdd" FOREIGN KEY ("permissionId") REFERENCES "permissions" ("id") ON DELETE CASCADE ON UPDATE NO ACTION,
                PRIMARY KEY ("roleId", "permissionId")
            )
        `);
        await queryRunner.query(`
            INSERT INTO "temporary_role_permissions"("roleId", "permissionId", "createdAt")
            SELECT "roleId",
                "permissionId",
                "createdAt"
            FROM "role_permissions"
        `);
        await queryRunner.query(`
            DROP TABLE "role_permissions"
        `);
        await queryRunner.query(`
            ALTER TABLE "temporary_role_permissions"
                RENAME TO "role_permissions"
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_role_permissions_permission" ON "role_permissions" ("permissionId")
        `);
        await queryRunner.query(`
            DROP INDEX "IDX_user_roles_role"
        `);
        await queryRunner.query(`
            CREATE TABLE "temporary_user_roles" (
                "userId" varchar(255) NOT NULL,
                "roleId" varchar(36) NOT NULL,
                "createdAt" datetime NOT NULL DEFAULT (datetime('now')),
                CONSTRAINT "FK_472b25323af01488f1f66a06b67" FOREIGN KEY ("userId") REFERENCES "users" ("id") ON DELETE CASCADE ON UPDATE NO ACTION,
                CONSTRAINT "FK_86033897c009fcca8b6505d6be2" FOREIGN KEY ("roleId") REFERENCES "roles" ("id") ON DELETE CASCADE ON UPDATE NO ACTION,
                PRIMARY KEY ("userId", "roleId")
            )
        `);
        await queryRunner.query(`
            INSERT INTO "temporary_user_roles"("userId", "roleId", "createdAt")
            SELECT "userId",
                "roleId",
                "createdAt"
            FROM "user_roles"
        `);
        await queryRunner.query(`
            DROP TABLE "user_roles"
        `);
        await queryRunner.query(`
            ALTER TABLE "temporary_user_roles"
                RENAME TO "user_roles"
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_user_roles_role" ON "user_roles" ("roleId")
        `);
        await queryRunner.query(`
            CREATE TABLE "temporary_authorization_snapshots" (
                "userId" varchar(255) NOT NULL,
                "applicationId" varchar(255) NOT NULL,
                "groups" text,
                "roles" text,
                "permissions" text,
                "updatedAt" datetime NOT NULL DEFAULT (datetime('now')),
                CONSTRAINT "FK_6da7b92c532cbe15478178dbee4" FOREIGN KEY ("userId") REFERENCES "users" ("id") ON DELETE CASCADE ON UPDATE NO ACTION,
                PRIMARY KEY ("userId", "applicationId")
            )
        `);
        await queryRunner.query(`
            INSERT INTO "temporary_authorization_snapshots"(
                    "userId",
                    "applicationId",
                    "groups",
                    "roles",
                    "permissions",
                    "updatedAt"
                )
            SELECT "userId",
                "applicationId",
                "groups",
                "roles",
                "permissions",
                "updatedAt"
            FROM "authorization_snapshots"
        `);
        await queryRunner.query(`
            DROP TABLE "authorization_snapshots"
        `);
        await queryRunner.query(`
            ALTER TABLE "temporary_authorization_snapshots"
                RENAME TO "authorization_snapshots"
        `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            ALTER TABLE "authorization_snapshots"
                RENAME TO "temporary_authorization_snapshots"
        `);
        await queryRunner.query(`
            CREATE TABLE "authorization_snapshots" (
                "userId" varchar(255) NOT NULL,
                "applicationId" varchar(255) NOT NULL,
                "groups" text,
                "roles" text,
                "permissions" text,
                "updatedAt" datetime NOT NULL DEFAULT (datetime('now')),
                PRIMARY KEY ("userId", "applicationId")
            )
        `);
        await queryRunner.query(`
            INSERT INTO "authorization_snapshots"(
                    "userId",
                    "applicationId",
                    "groups",
                    "roles",
                    "permissions",
                    "updatedAt"
                )
            SELECT "userId",
                "applicationId",
                "groups",
                "roles",
                "permissions",
                "updatedAt"
            FROM "temporary_authorization_snapshots"
        `);
        await queryRunner.query(`
            DROP TABLE "temporary_authorization_snapshots"
        `);
        await queryRunner.query(`
            DROP INDEX "IDX_user_roles_role"
        `);
        await queryRunner.query(`
            ALTER TABLE "user_roles"
                RENAME TO "temporary_user_roles"
        `);
        await queryRunner.query(`
            CREATE TABLE "user_roles" (
                "userId" varchar(255) NOT NULL,
                "roleId" varchar(36) NOT NULL,
                "createdAt" datetime NOT NULL DEFAULT (datetime('now')),
                PRIMARY KEY ("userId", "roleId")
            )
        `);
        await queryRunner.query(`
            INSERT INTO "user_roles"("userId", "roleId", "createdAt")
            SELECT "userId",
                "roleId",
                "createdAt"
            FROM "temporary_user_roles"
        `);
        await queryRunner.query(`
            DROP TABLE "temporary_user_roles"
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_user_roles_role" ON "user_roles" ("roleId")
        `);
        await queryRunner.query(`
            DROP INDEX "IDX_role_permissions_permission"
        `);
        await queryRunner.query(`
            ALTER TABLE "role_permissions"
                RENAME TO "temporary_role_permissions"
        `);
        await queryRunner.query(`
            CREATE TABLE "role_permissions" (
                "roleId" varchar(36) NOT NULL,
                "permissionId" varchar(36) NOT NULL,
                "createdAt" datetime NOT NULL DEFAULT (datetime('now')),
                PRIMARY KEY ("roleId", "permissionId")
            )
        `);
        await queryRunner.query(`
            INSERT INTO "role_permissions"("roleId", "permissionId", "createdAt")
            SELECT "roleId",
                "permissionId",
                "createdAt"
            FROM "temporary_role_permissions"
        `);
        await queryRunner.query(`
            DROP TABLE "temporary_role_permissions"
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_role_permissions_permission" ON "role_permissions" ("permissionId")
        `);
        await queryRunner.query(`
            DROP INDEX "UQ_permissions_application_name_key"
        `);
        await queryRunner.query(`
            ALTER TABLE "permissions"
                RENAME TO "temporary_permissions"
        `);
        await queryRunner.query(`
            CREATE TABLE "permissions" (
                "id" varchar(36) PRIMARY KEY NOT NULL,
                "applicationId" varchar(255) NOT NULL,
                "name" varchar(100) NOT NULL,
                "nameKey" varchar(400) NOT NULL,
                "description" varchar(500) NOT NULL DEFAULT (''),
                "createdAt" datetime NOT NULL DEFAULT (datetime('now')),
                "updatedAt" datetime NOT NULL DEFAULT (datetime('now'))
            )
        `);
        await queryRunner.query(`
            INSERT INTO "permissions"(
                    "id",
                    "applicationId",
                    "name",
                    "nameKey",
                    "description",
                    "createdAt",
                    "updatedAt"
                )
            SELECT "id",
                "applicationId",
                "name",
                "nameKey",
                "description",
                "createdAt",
                "updatedAt"
            FROM "temporary_permissions"
        `);
        await queryRunner.query(`
            DROP TABLE "temporary_permissions"
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "UQ_permissions_application_name_key" ON "permissions" ("applicationId", "nameKey")
        `);
        await queryRunner.query(`
            DROP INDEX "UQ_group_mappings_group_connection_name"
        `);
        await queryRunner.query(`
            DROP INDEX "IDX_group_mappings_connection_name"
        `);
        await queryRunner.query(`
            ALTER TABLE "group_mappings"
                RENAME TO "temporary_group_mappings"
        `);
        await queryRunner.query(`
            CREATE TABLE "group_mappings" (
                "id" varchar(36) PRIMARY KEY NOT NULL,
                "groupId" varchar(36) NOT NULL,
                "connectionName" varchar(256) NOT NULL,
                "groupName" varchar(256) NOT NULL,
                "createdAt" datetime NOT NULL DEFAULT (datetime('now'))
            )
        `);
        await queryRunner.query(`
            INSERT INTO "group_mappings"(
                    "id",
                    "groupId",
                    "connectionName",
                    "groupName",
                    "createdAt"
                )
            SELECT "id",
                "groupId",
                "connectionName",
                "groupName",
                "createdAt"
            FROM "temporary_group_mappings"
        `);
        await queryRunner.query(`
            DROP TABLE "temporary_group_mappings"
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "UQ_group_mappings_group_connection_name" ON "group_mappings" ("groupId", "connectionName", "groupName")
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_group_mappings_connection_name" ON "group_mappings" ("connectionName", "groupName")
        `);
        await queryRunner.query(`
            DROP INDEX "IDX_group_roles_role"
        `);
        await queryRunner.query(`
            ALTER TABLE "group_roles"
                RENAME TO "temporary_group_roles"
        `);
        await queryRunner.query(`
            CREATE TABLE "group_roles" (
                "groupId" varchar(36) NOT NULL,
                "roleId" varchar(36) NOT NULL,
                "createdAt" datetime NOT NULL DEFAULT (datetime('now')),
                PRIMARY KEY ("groupId", "roleId")
            )
        `);
        await queryRunner.query(`
            INSERT INTO "group_roles"("groupId", "roleId", "createdAt")
            SELECT "groupId",
                "roleId",
                "createdAt"
            FROM "temporary_group_roles"
        `);
        await queryRunner.query(`
            DROP TABLE "temporary_group_roles"
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_group_roles_role" ON "group_roles" ("roleId")
        `);
        await queryRunner.query(`
            DROP INDEX "IDX_group_nestings_child"
        `);
        await queryRunner.query(`
            ALTER TABLE "group_nestings"
                RENAME TO "temporary_group_nestings"
        `);
        await queryRunner.query(`
            CREATE TABLE "group_nestings" (
                "parentId" varchar(36) NOT NULL,
                "childId" varchar(36) NOT NULL,
                "createdAt" datetime NOT NULL DEFAULT (datetime('now')),
                PRIMARY KEY ("parentId", "childId")
            )
        `);
        await queryRunner.query(`
            INSERT INTO "group_nestings"("parentId", "childId", "createdAt")
            SELECT "parentId",
                "childId",
                "createdAt"
            FROM "temporary_group_nestings"
        `);
        await queryRunner.query(`
            DROP TABLE "temporary_group_nestings"
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_group_nestings_child" ON "group_nestings" ("childId")
        `);
        await queryRunner.query(`
            DROP INDEX "IDX_group_members_user"
        `);
        await queryRunner.query(`
            ALTER TABLE "group_members"
                RENAME TO "temporary_group_members"
        `);
        await queryRunner.query(`
            CREATE TABLE "group_members" (
                "groupId" varchar(36) NOT NULL,
                "userId" varchar(255) NOT NULL,
                "createdAt" datetime NOT NULL DEFAULT (datetime('now')),
                PRIMARY KEY ("groupId", "userId")
            )
        `);
        await queryRunner.query(`
            INSERT INTO "group_members"("groupId", "userId", "createdAt")
            SELECT "groupId",
                "userId",
                "createdAt"
            FROM "temporary_group_members"
        `);
        await queryRunner.query(`
            DROP TABLE "temporary_group_members"
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_group_members_user" ON "group_members" ("userId")
        `);
        await queryRunner.query(`
            DROP INDEX "UQ_roles_application_name_key"
        `);
        await queryRunner.query(`
            ALTER TABLE "roles"
                RENAME TO "temporary_roles"
        `);
        await queryRunner.query(`
            CREATE TABLE "roles" (
                "id" varchar(36) PRIMARY KEY NOT NULL,
                "applicationId" varchar(255) NOT NULL,
                "name" varchar(50) NOT NULL,
                "nameKey" varchar(200) NOT NULL,
                "description" varchar(500) NOT NULL DEFAULT (''),
                "createdAt" datetime NOT NULL DEFAULT (datetime('now')),
                "updatedAt" datetime NOT NULL DEFAULT (datetime('now'))
            )
        `);
        await queryRunner.query(`
            INSERT INTO "roles"(
                    "id",
                    "applicationId",
                    "name",
                    "nameKey",
                    "description",
                    "createdAt",
                    "updatedAt"
                )
            SELECT "id",
                "applicationId",
                "name",
                "nameKey",
                "description",
                "createdAt",
                "updatedAt"
            FROM "temporary_roles"
        `);
        await queryRunner.query(`
            DROP TABLE "temporary_roles"
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "UQ_roles_application_name_key" ON "roles" ("applicationId", "nameKey")
        `);
        await queryRunner.query(`
            DROP TABLE "authorization_snapshots"
        `);
        await queryRunner.query(`
            DROP INDEX "IDX_user_roles_role"
        `);
        await queryRunner.query(`
            DROP TABLE "user_roles"
        `);
        await queryRunner.query(`
            DROP INDEX "IDX_role_permissions_permission"
        `);
        await queryRunner.query(`
            DROP TABLE "role_permissions"
        `);
        await queryRunner.query(`
            DROP INDEX "UQ_permissions_application_name_key"
        `);
        await queryRunner.query(`
            DROP TABLE "permissions"
        `);
        await queryRunner.query(`
            DROP INDEX "UQ_group_mappings_group_connection_name"
        `);
        await queryRunner.query(`
            DROP INDEX "IDX_group_mappings_connection_name"
        `);
        await queryRunner.query(`
            DROP TABLE "group_mappings"
        `);
        await queryRunner.query(`
            DROP INDEX "IDX_group_roles_role"
        `);
        await queryRunner.query(`
            DROP TABLE "group_roles"
        `);
        await queryRunner.query(`
            DROP INDEX "IDX_group_nestings_child"
        `);
        await queryRunner.query(`
            DROP TABLE "group_nestings"
        `);
        await queryRunner.query(`
            DROP INDEX "IDX_group_members_user"
        `);
        await queryRunner.query(`
            DROP TABLE "group_members"
        `);
        await queryRunner.query(`
            DROP INDEX "UQ_roles_application_name_key"
        `);
        await queryRunner.query(`
            DROP TABLE "roles"
        `);
        await queryRunner.query(`
            DROP TABLE "users"
        `);
        await queryRunner.query(`
            DROP INDEX "UQ_groups_name_key"
        `);
        await queryRunner.query(`
            DROP TABLE "groups"
        `);
        await queryRunner.query(`
            DROP TABLE "configuration"
        `);
        await queryRunner.query(`
            DROP TABLE "signing_keys"
        `);
        await queryRunner.query(`
            DROP INDEX "IDX_applications_name_key"
        `);
        await queryRunner.query(`
            DROP TABLE "applications"
        `);
    }

}
