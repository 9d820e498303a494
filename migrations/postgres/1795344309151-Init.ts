import { MigrationInterface, QueryRunner } from "typeorm";

export class Init1795344309151 implements MigrationInterface {
    name = 'Init1795344309151'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            CREATE TABLE "applications" (
                "id" character varying(255) NOT NULL,
                "name" character varying(255) NOT NULL,
                "nameKey" character varying(1000) NOT NULL,
                "type" character varying(20) NOT NULL,
                "requiredRoles" text NOT NULL,
                "createdAt" TIMESTAMP NOT NULL DEFAULT now(),
                "updatedAt" TIMESTAMP NOT NULL DEFAULT now(),
                CONSTRAINT "PK_938c0a27255637bde919591888f" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_applications_name_key" ON "applications" ("nameKey")
        `);
        await queryRunner.query(`
            CREATE TABLE "signing_keys" (
                "kid" character varying(64) NOT NULL,
                "alg" character varying(16) NOT NULL,
                "privateJwk" text NOT NULL,
                "publicJwk" text NOT NULL,
                "createdAt" TIMESTAMP NOT NULL DEFAULT now(),
                CONSTRAINT "PK_13362ac3e792c69417e1a53d355" PRIMARY KEY ("kid")
            )
        `);
        await queryRunner.query(`
            CREATE TABLE "configuration" (
                "id" character varying(16) NOT NULL,
                "groupsInToken" boolean NOT NULL DEFAULT false,
                "rolesInToken" boolean NOT NULL DEFAULT false,
                "permissionsInToken" boolean NOT NULL DEFAULT false,
                "groupsPassthrough" boolean NOT NULL DEFAULT false,
                "rolesPassthrough" boolean NOT NULL DEFAULT false,
                "permissionsPassthrough" boolean NOT NULL DEFAULT false,
                "persistGroups" boolean NOT NULL DEFAULT false,
                "persistRoles" boolean NOT NULL DEFAULT false,
                "persistPermissions" boolean NOT NULL DEFAULT false,
                "claimNamespace" character varying(2048),
                "tokenIssuer" character varying(2048) NOT NULL DEFAULT 'urn:gatehouse',
                "tokenAudience" character varying(2048) NOT NULL DEFAULT 'urn:gatehouse:api',
                "tokenLifetimeSeconds" integer NOT NULL DEFAULT '86400',
                "apiKeyHash" character varying(128),
                "previousApiKeyHash" character varying(128),
                "previousApiKeyValidUntil" bigint,
                "apiKeyCreatedAt" bigint,
                "updatedAt" TIMESTAMP NOT NULL DEFAULT now(),
                CONSTRAINT "PK_03bad512915052d2342358f0d8b" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE TABLE "groups" (
                "id" character varying(36) NOT NULL,
                "name" character varying(50) NOT NULL,
                "nameKey" character varying(200) NOT NULL,
                "description" character varying(500) NOT NULL DEFAULT '',
                "createdAt" TIMESTAMP NOT NULL DEFAULT now(),
                "updatedAt" TIMESTAMP NOT NULL DEFAULT now(),
                CONSTRAINT "PK_659d1483316afb28afd3a90646e" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "UQ_groups_name_key" ON "groups" ("nameKey")
        `);
        await queryRunner.query(`
            CREATE TABLE "users" (
                "id" character varying(255) NOT NULL,
                "email" character varying(320),
                "name" character varying(255),
                "connection" character varying(255),
                "createdAt" TIMESTAMP NOT NULL DEFAULT now(),
                "updatedAt" TIMESTAMP NOT NULL DEFAULT now(),
                CONSTRAINT "PK_a3ffb1c0c8416b9fc6f907b7433" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE TABLE "roles" (
                "id" character varying(36) NOT NULL,
                "applicationId" character varying(255) NOT NULL,
                "name" character varying(50) NOT NULL,
                "nameKey" character varying(200) NOT NULL,
                "description" character varying(500) NOT NULL DEFAULT '',
                "createdAt" TIMESTAMP NOT NULL DEFAULT now(),
                "updatedAt" TIMESTAMP NOT NULL DEFAULT now(),
                CONSTRAINT "PK_c1433d71a4838793a49dcad46ab" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "UQ_roles_application_name_key" ON "roles" ("applicationId", "nameKey")
        `);
        await queryRunner.query(`
            CREATE TABLE "group_members" (
                "groupId" character varying(36) NOT NULL,
                "userId" character varying(255) NOT NULL,
                "createdAt" TIMESTAMP NOT NULL DEFAULT now(),
                CONSTRAINT "PK_53f644f66a416c1542b743c0295" PRIMARY KEY ("groupId", "userId")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_group_members_user" ON "group_members" ("userId")
        `);
        await queryRunner.query(`
            CREATE TABLE "group_nestings" (
                "parentId" character varying(36) NOT NULL,
                "childId" character varying(36) NOT NULL,
                "createdAt" TIMESTAMP NOT NULL DEFAULT now(),
                CONSTRAINT "PK_4f6d26be71ba8d1010eb72948f8" PRIMARY KEY ("parentId", "childId")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_group_nestings_child" ON "group_nestings" ("childId")
        `);
        await queryRunner.query(`
            CREATE TABLE "group_roles" (
                "groupId" character varying(36) NOT NULL,
                "roleId" character varying(36) NOT NULL,
                "createdAt" TIMESTAMP NOT NULL DEFAULT now(),
                CONSTRAINT "PK_681b827dab7faf2f26680850743" PRIMARY KEY ("groupId", "roleId")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_group_roles_role" ON "group_roles" ("roleId")
        `);
        await queryRunner.query(`
            CREATE TABLE "group_mappings" (
                "id" character varying(36) NOT NULL,
                "groupId" character varying(36) NOT NULL,
                "connectionName" character varying(256) NOT NULL,
                "groupName" character varying(256) NOT NULL,
                "createdAt" TIMESTAMP NOT NULL DEFAULT now(),
                CONSTRAINT "PK_59ac5c2b2e5576973e55dc813f6" PRIMARY KEY ("id")
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
                "id" character varying(36) NOT NULL,
                "applicationId" character varying(255) NOT NULL,
                "name" character varying(100) NOT NULL,
                "nameKey" character varying(400) NOT NULL,
                "description" character varying(500) NOT NULL DEFAULT '',
                "createdAt" TIMESTAMP NOT NULL DEFAULT now(),
                "updatedAt" TIMESTAMP NOT NULL DEFAULT now(),
                CONSTRAINT "PK_920331560282b8bd21bb02290df" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "UQ_permissions_application_name_key" ON "permissions" ("applicationId", "nameKey")
        `);
        await queryRunner.query(`
            CREATE TABLE "role_permissions" (
                "roleId" character varying(36) NOT NULL,
                "permissionId" character varying(36) NOT NULL,
                "createdAt" TIMESTAMP NOT NULL DEFAULT now(),
                CONSTRAINT "PK_d430a02aad006d8a70f3acd7d03" PRIMARY KEY ("roleId", "permissionId")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_role_permissions_permission" ON "role_permissions" ("permissionId")
        `);
        await queryRunner.query(`
            CREATE TABLE "user_roles" (
                "userId" character varying(255) NOT NULL,
                "roleId" character varying(36) NOT NULL,
                "createdAt" TIMESTAMP NOT NULL DEFAULT now(),
                CONSTRAINT "PK_88481b0c4ed9ada47e9fdd67475" PRIMARY KEY ("userId", "roleId")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_user_roles_role" ON "user_roles" ("roleId")
        `);
        await queryRunner.query(`
            CREATE TABLE "authorization_snapshots" (
                "userId" character varying(255) NOT NULL,
                "applicationId" character varying(255) NOT NULL,
                "groups" text,
                "roles" text,
                "permissions" text,
                "updatedAt" TIMESTAMP NOT NULL DEFAULT now(),
                CONSTRAINT "PK_52fc863a8a70646ae1d8b02adcf" PRIMARY KEY ("userId", "applicationId")
            )
        `);
        await queryRunner.query(`
            ALTER TABLE "roles"
            ADD CONSTRAINT "FK_f731fb95bec20fc5da80d349b89" FOREIGN KEY ("applicationId") REFERENCES "applications"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "group_members"
            ADD CONSTRAINT "FK_1aa8d31831c3126947e7a713c2b" FOREIGN KEY ("groupId") REFERENCES "groups"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "group_members"
            ADD CONSTRAINT "FK_fdef099303bcf0ffd9a4a7b18f5" FOREIGN KEY ("userId") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "group_nestings"
            ADD CONSTRAINT "FK_c7e1ed8ca0185656a51ad3131f4" FOREIGN KEY ("parentId") REFERENCES "groups"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "group_nestings"
            ADD CONSTRAINT "FK_a42dc7ff17e56d9d4178250be70" FOREIGN KEY ("childId") REFERENCES "groups"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "group_roles"
            ADD CONSTRAINT "FK_2b5f930e296a7d2bf3b14e59f42" FOREIGN KEY ("groupId") REFERENCES "groups"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "group_roles"
            ADD CONSTRAINT "FK_69f84cc2625ddd7555de6ee7458" FOREIGN KEY ("roleId") REFERENCES "roles"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "group_mappings"
            ADD CONSTRAINT "FK_912bd886b66f987bdf7918cbb7e" FOREIGN KEY ("groupId") REFERENCES "groups"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "permissions"
            ADD CONSTRAINT "FK_74397bdb994521e4a73747a8499" FOREIGN KEY ("applicationId") REFERENCES "applications"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "role_permissions"
            ADD CONSTRAINT "FK_b4599f8b8f548d35850afa2d12c" FOREIGN KEY ("roleId") REFERENCES "roles"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "role_permissions"
            ADD CONSTRAINT "FK_06792d0c62ce6b0203c03643cdd" FOREIGN KEY ("permissionId") REFERENCES "permissions"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "user_roles"
            ADD CONSTRAINT "FK_472b25323af01488f1f66a06b67" FOREIGN KEY ("userId") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "user_roles"
            ADD CONSTRAINT "FK_86033897c009fcca8b6505d6be2" FOREIGN KEY ("roleId") REFERENCES "roles"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "authorization_snapshots"
            ADD CONSTRAINT "FK_6da7b92c532cbe15478178dbee4" FOREIGN KEY ("userId") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            ALTER TABLE "authorization_snapshots" DROP CONSTRAINT "FK_6da7b92c532cbe15478178dbee4"
        `);
        await queryRunner.query(`
            ALTER TABLE "user_roles" DROP CONSTRAINT "FK_86033897c009fcca8b6505d6be2"
        `);
        await queryRunner.query(`
            ALTER TABLE "user_roles" DROP CONSTRAINT "FK_472b25323af01488f1f66a06b67"
        `);
        await queryRunner.query(`
            ALTER TABLE "role_permissions" DROP CONSTRAINT "FK_06792d0c62ce6b0203c03643cdd"
        `);
        await queryRunner.query(`
            ALTER TABLE "role_permissions" DROP CONSTRAINT "FK_b4599f8b8f548d35850afa2d12c"
        `);
        await queryRunner.query(`
            ALTER TABLE "permissions" DROP CONSTRAINT "FK_74397bdb994521e4a73747a8499"
        `);
        await queryRunner.query(`
            ALTER TABLE "group_mappings" DROP CONSTRAINT "FK_912bd886b66f987bdf7918cbb7e"
        `);
        await queryRunner.query(`
            ALTER TABLE "group_roles" DROP CONSTRAINT "FK_69f84cc2625ddd7555de6ee7458"
        `);
        await queryRunner.query(`
            ALTER TABLE "group_roles" DROP CONSTRAINT "FK_2b5f930e296a7d2bf3b14e59f42"
        `);
        await queryRunner.query(`
            ALTER TABLE "group_nestings" DROP CONSTRAINT "FK_a42dc7ff17e56d9d4178250be70"
        `);
        await queryRunner.query(`
            ALTER TABLE "group_nestings" DROP CONSTRAINT "FK_c7e1ed8ca0185656a51ad3131f4"
        `);
        await queryRunner.query(`
            ALTER TABLE "group_members" DROP CONSTRAINT "FK_fdef099303bcf0ffd9a4a7b18f5"
        `);
        await queryRunner.query(`
            ALTER TABLE "group_members" DROP CONSTRAINT "FK_1aa8d31831c3126947e7a713c2b"
        `);
        await queryRunner.query(`
            ALTER TABLE "roles" DROP CONSTRAINT "FK_f731fb95bec20fc5da80d349b89"
        `);
        await queryRunner.query(`
            DROP TABLE "authorization_snapshots"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_user_roles_role"
        `);
        await queryRunner.query(`
            DROP TABLE "user_roles"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_role_permissions_permission"
        `);
        await queryRunner.query(`
            DROP TABLE "role_permissions"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."UQ_permissions_application_name_key"
        `);
        await queryRunner.query(`
            DROP TABLE "permissions"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."UQ_group_mappings_group_connection_name"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_group_mappings_connection_name"
        `);
        await queryRunner.query(`
            DROP TABLE "group_mappings"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_group_roles_role"
        `);
        await queryRunner.query(`
            DROP TABLE "group_roles"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_group_nestings_child"
        `);
        await queryRunner.query(`
            DROP TABLE "group_nestings"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_group_members_user"
        `);
        await queryRunner.query(`
            DROP TABLE "group_members"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."UQ_roles_application_name_key"
        `);
        await queryRunner.query(`
            DROP TABLE "roles"
        `);
        await queryRunner.query(`
            DROP TABLE "users"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."UQ_groups_name_key"
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
            DROP INDEX "public"."IDX_applications_name_key"
        `);
        await queryRunner.query(`
            DROP TABLE "applications"
        `);
    }

}
