import { Database } from "../db/database";
import { entityLoader, linkLoader } from "../common/loader-utils";
import { Permission } from "./permission.entity";

/** Batched readers of permissions; built per request. */
export function createPermissionLoaders(db: Database) {
  const manager = db.manager;
  return {
    permissionById: entityLoader(manager, Permission),
    permissionIdsByApplication: linkLoader(manager, Permission, "applicationId", "id"),
  };
}

export type PermissionLoaders = ReturnType<typeof createPermissionLoaders>;
