import DataLoader from "dataloader";
import { createApplicationLoaders } from "../applications/application.loaders";
import { createParentRefsLoader } from "../authorization/policy.store";
import { Database } from "../db/database";
import { createGroupLoaders } from "../groups/group.loaders";
import { createOrganizationLoaders } from "../organizations/organization.loaders";
import { createPermissionLoaders } from "../permissions/permission.loaders";
import { createRoleLoaders } from "../roles/role.loaders";
import { createUserLoaders } from "../users/user.loaders";

function buildLoaders(db: Database) {
  return {
    ...createApplicationLoaders(db),
    ...createUserLoaders(db),
    ...createGroupLoaders(db),
    ...createRoleLoaders(db),
    ...createPermissionLoaders(db),
    ...createOrganizationLoaders(db),
    /** Parents with their names, for the policy engine's level-by-level walk. */
    parentRefs: createParentRefsLoader(db),
  };
}

type LoaderSet = ReturnType<typeof buildLoaders>;

/** Every per-request DataLoader, plus `clearAll` for after a write in the same request. */
export type Loaders = LoaderSet & { clearAll(): void };

/**
 * The request's loaders, built on first use: a login answered from the model cache touches
 * none, and building the set costs more than the rest of such a request's work.
 */
class LazyLoaders {
  private built: LoaderSet | null = null;

  constructor(private readonly db: Database) {}

  /** @internal the loader set, built once per request. */
  loaders(): LoaderSet {
    return (this.built ??= buildLoaders(this.db));
  }

  /** A mutation changed the model: later reads in this request must not see cached rows. */
  clearAll(): void {
    if (!this.built) return;
    for (const value of Object.values(this.built)) {
      if (value instanceof DataLoader) value.clearAll();
    }
    this.built.clearSlices();
    this.built.clearOrganizationSlices();
  }
}

let gettersDefined = false;

/** Defines one getter per loader name on the prototype (once), so access stays a property read. */
function defineGetters(db: Database): void {
  if (gettersDefined) return;
  for (const key of Object.keys(buildLoaders(db))) {
    Object.defineProperty(LazyLoaders.prototype, key, {
      get(this: LazyLoaders) {
        return this.loaders()[key as keyof LoaderSet];
      },
    });
  }
  gettersDefined = true;
}

export function createLoaders(db: Database): Loaders {
  defineGetters(db);
  return new LazyLoaders(db) as unknown as Loaders;
}
