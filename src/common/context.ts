import type { HotModel, UserRows } from "../authorization/model-cache";
import type { Configuration } from "../configuration/configuration.entity";
import type { Loaders } from "../server/loaders";

/** Who is calling: a bearer token's subject and scopes, the login-hook API key, or the CLI. */
export interface Actor {
  kind: "token" | "apikey" | "cli";
  subject: string;
  scopes: ReadonlySet<string>;
}

/** Everything request-scoped; built fresh for every request by the server. */
export interface RequestContext {
  actor: Actor;
  loaders: Loaders;
  requestId: string;
  /**
   * The model cache and configuration as the request found them (one revision check per
   * request); `model` is null when the cache is not current. Absent outside HTTP requests.
   */
  snapshot?: RequestSnapshot;
  /** The mutation being executed, set by the audit middleware; its write records an audit entry. */
  audit?: { operation: string; args: Record<string, unknown> };
}

/** What a request reads once and shares between authentication and resolvers. */
export interface RequestSnapshot {
  model: HotModel | null;
  configuration: Configuration;
  /** The user's rows when they were read with the revision (the REST policy endpoint). */
  login?: { userId: string; rows: UserRows };
}
