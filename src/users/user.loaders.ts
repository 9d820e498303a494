import { grantLoader } from "../common/grants";
import { childrenLoader, entityLoader } from "../common/loader-utils";
import { Database } from "../db/database";
import { UserRole } from "../roles/role-links.entity";
import { AuthorizationSnapshot } from "./authorization-snapshot.entity";
import { User } from "./user.entity";

/** Batched readers of users and their direct links; built per request. */
export function createUserLoaders(db: Database) {
  const manager = db.manager;
  return {
    userById: entityLoader(manager, User),
    /** Direct role assignments with their windows (role ids), active or not (docs/design.md §13). */
    roleGrantsByUser: grantLoader(manager, UserRole, "userId", "roleId"),
    /** Direct assignments of a role with their windows (user ids), active or not. */
    userGrantsByRole: grantLoader(manager, UserRole, "roleId", "userId"),
    snapshotsByUser: childrenLoader(manager, AuthorizationSnapshot, "userId"),
  };
}

export type UserLoaders = ReturnType<typeof createUserLoaders>;
