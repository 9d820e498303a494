import { Database } from "../db/database";
import { entityLoader } from "../common/loader-utils";
import { Application } from "./application.entity";

/** Batched reader of applications; built per request. */
export function createApplicationLoaders(db: Database) {
  return { applicationById: entityLoader(db.manager, Application) };
}

export type ApplicationLoaders = ReturnType<typeof createApplicationLoaders>;
