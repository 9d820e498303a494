import DataLoader from "dataloader";
import { createApplicationLoaders } from "../applications/application.loaders";
import { createParentRefsLoader } from "../authorization/policy.store";
import { Database } from "../db/database";
import { createGroupLoaders } from "../groups/group.loaders";
import { createPermissionLoaders } from "../permissions/permission.loaders";
import { createRoleLoaders } from "../roles/role.loaders";
import { createUserLoaders } from "../users/user.loaders";

/** Every per-request DataLoader, plus `clearAll` for after a write in the same request. */
export function createLoaders(db: Database) {
  const loaders = {
    ...createApplicationLoaders(db),
    ...createUserLoaders(db),
    ...createGroupLoaders(db),
    ...createRoleLoaders(db),
    ...createPermissionLoaders(db),
    /** Parents with their names, for the policy engine's level-by-level walk. */
    parentRefs: createParentRefsLoader(db),
  };
  return {
    ...loaders,
    /** A mutation changed the model: later reads in this request must not see cached rows. */
    clearAll(): void {
      for (const value of Object.values(loaders)) {
        if (value instanceof DataLoader) value.clearAll();
      }
      loaders.clearSlices();
    },
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
