import { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Time-bound grants (docs/design.md §13): `validFrom` and `expiresAt` (epoch milliseconds) on
 * group memberships, direct user roles, organization memberships and organization member roles;
 * the login's covering indexes carry the window, and partial indexes hold the windowed rows.
 * Written as ADD COLUMN rather than as the generator's table rebuild: rebuilding "group_members"
 * would drop its member-count triggers, and with foreign keys on a rebuild of
 * "organization_members" deletes every member role through ON DELETE CASCADE. The resulting
 * schema is the generator's (migration:check compares it with the entities).
 */
export class GrantWindows1796300000000 implements MigrationInterface {
  name = "GrantWindows1796300000000";

  public async up(queryRunner: QueryRunner): Promise<void> {
    for (const table of ["group_members", "user_roles", "organization_members", "organization_member_roles"]) {
      await queryRunner.query(`ALTER TABLE "${table}" ADD COLUMN "validFrom" bigint`);
      await queryRunner.query(`ALTER TABLE "${table}" ADD COLUMN "expiresAt" bigint`);
    }
    await queryRunner.query(`DROP INDEX "IDX_group_members_user_group"`);
    await queryRunner.query(`CREATE INDEX "IDX_group_members_user_group" ON "group_members" ("userId", "groupId", "validFrom", "expiresAt") `);
    await queryRunner.query(`CREATE INDEX "IDX_group_members_windowed" ON "group_members" ("groupId", "userId") WHERE "validFrom" IS NOT NULL OR "expiresAt" IS NOT NULL`);
    await queryRunner.query(`CREATE INDEX "IDX_group_members_valid_from" ON "group_members" ("validFrom") WHERE "validFrom" IS NOT NULL`);
    await queryRunner.query(`CREATE INDEX "IDX_group_members_expires_at" ON "group_members" ("expiresAt") WHERE "expiresAt" IS NOT NULL`);
    await queryRunner.query(`CREATE INDEX "IDX_user_roles_windowed" ON "user_roles" ("userId", "roleId") WHERE "validFrom" IS NOT NULL OR "expiresAt" IS NOT NULL`);
    await queryRunner.query(`DROP INDEX "IDX_organization_members_user_organization"`);
    await queryRunner.query(`CREATE INDEX "IDX_organization_members_user_organization" ON "organization_members" ("userId", "organizationId", "validFrom", "expiresAt") `);
    await queryRunner.query(`CREATE INDEX "IDX_organization_members_windowed" ON "organization_members" ("organizationId", "userId") WHERE "validFrom" IS NOT NULL OR "expiresAt" IS NOT NULL`);
    await queryRunner.query(`DROP INDEX "IDX_organization_member_roles_user"`);
    await queryRunner.query(`CREATE INDEX "IDX_organization_member_roles_user" ON "organization_member_roles" ("userId", "organizationId", "roleId", "validFrom", "expiresAt") `);
    await queryRunner.query(
      `CREATE INDEX "IDX_organization_member_roles_windowed" ON "organization_member_roles" ("organizationId", "userId", "roleId") WHERE "validFrom" IS NOT NULL OR "expiresAt" IS NOT NULL`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    for (const index of [
      "IDX_organization_member_roles_windowed",
      "IDX_organization_member_roles_user",
      "IDX_organization_members_windowed",
      "IDX_organization_members_user_organization",
      "IDX_user_roles_windowed",
      "IDX_group_members_expires_at",
      "IDX_group_members_valid_from",
      "IDX_group_members_windowed",
      "IDX_group_members_user_group",
    ]) {
      await queryRunner.query(`DROP INDEX "${index}"`);
    }
    await queryRunner.query(`CREATE INDEX "IDX_group_members_user_group" ON "group_members" ("userId", "groupId") `);
    await queryRunner.query(`CREATE INDEX "IDX_organization_members_user_organization" ON "organization_members" ("userId", "organizationId") `);
    await queryRunner.query(`CREATE INDEX "IDX_organization_member_roles_user" ON "organization_member_roles" ("userId", "organizationId", "roleId") `);
    for (const table of ["organization_member_roles", "organization_members", "user_roles", "group_members"]) {
      await queryRunner.query(`ALTER TABLE "${table}" DROP COLUMN "expiresAt"`);
      await queryRunner.query(`ALTER TABLE "${table}" DROP COLUMN "validFrom"`);
    }
  }
}
