import { Database } from "../db/database";
import { entityLoader, linkLoader } from "../common/loader-utils";
import { RolePermission } from "./role-links.entity";
import { Role } from "./role.entity";

/** Batched readers of roles and their permissions; built per request. */
export function createRoleLoaders(db: Database) {
  const manager = db.manager;
  return {
    roleById: entityLoader(manager, Role),
    permissionIdsByRole: linkLoader(manager, RolePermission, "roleId", "permissionId"),
    roleIdsByPermission: linkLoader(manager, RolePermission, "permissionId", "roleId"),
    roleIdsByApplication: linkLoader(manager, Role, "applicationId", "id"),
  };
}

export type RoleLoaders = ReturnType<typeof createRoleLoaders>;
