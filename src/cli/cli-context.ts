import { randomUUID } from "node:crypto";
import { SCOPES } from "../auth/scopes";
import { RequestContext } from "../common/context";
import { Database } from "../db/database";
import { createLoaders } from "../server/loaders";

/** The request context of a CLI command: actor `cli` with every scope. */
export function cliContext(db: Database): RequestContext {
  return { actor: { kind: "cli", subject: "cli", scopes: new Set(SCOPES) }, loaders: createLoaders(db), requestId: randomUUID() };
}
