import { randomUUID } from "node:crypto";
import { SCOPES } from "../auth/scopes";
import { RequestContext } from "../context/request-context";
import { Database } from "../db/database";
import { createLoaders } from "../context/loaders";

/**
 * The request context of a CLI command: actor `cli` with every scope. With `operation`, the
 * writes made through it are audited under that name (e.g. `cli:import`).
 */
export function cliContext(db: Database, operation?: string, args: Record<string, unknown> = {}): RequestContext {
  return {
    actor: { kind: "cli", subject: "cli", scopes: new Set(SCOPES) },
    loaders: createLoaders(db),
    requestId: randomUUID(),
    audit: operation ? { operation, args } : undefined,
  };
}
