import { childrenLoader, entityLoader, linkLoader } from "../common/loader-utils";
import { Database } from "../db/database";
import { UserRole } from "../roles/role-links.entity";
import { AuthorizationSnapshot } from "./authorization-snapshot.entity";
import { User } from "./user.entity";

/** Batched readers of users and their direct links; built per request. */
export function createUserLoaders(db: Database) {
  const manager = db.manager;
  return {
    userById: entityLoader(manager, User),
    roleIdsByUser: linkLoader(manager, UserRole, "userId", "roleId"),
    userIdsByRole: linkLoader(manager, UserRole, "roleId", "userId"),
    snapshotsByUser: childrenLoader(manager, AuthorizationSnapshot, "userId"),
  };
}

export type UserLoaders = ReturnType<typeof createUserLoaders>;
