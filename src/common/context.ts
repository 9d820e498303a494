/** Who is calling: a bearer token's subject and scopes, a console session, the login-hook API key, or the CLI. */
export interface Actor {
  /**
   * `anonymous`: an introspection request without a credential (docs/design.md §5); `session`: the
   * admin console's cookie, from a login link (docs/design.md §11).
   */
  kind: "token" | "session" | "apikey" | "cli" | "anonymous";
  subject: string;
  scopes: ReadonlySet<string>;
  /** When the credential stops being accepted: a token's `exp`, a session's end; absent for the API key and the CLI. */
  expiresAt?: Date;
}

/** What is being audited: the mutation (or CLI command) and its arguments. */
export interface AuditSubject {
  operation: string;
  args: Record<string, unknown>;
}

/** What every per-request loader set can do: forget what it read, after a write. */
export interface ClearableLoaders {
  clearAll(): void;
}

/**
 * Everything request-scoped, built fresh for every request by the server (docs/design.md §1.1):
 * generic over the loader set and over what the request read at its start, so that `common/`
 * knows nothing of the domains. The concrete type is `context/request-context.ts`.
 */
export interface BaseRequestContext<TLoaders extends ClearableLoaders = ClearableLoaders, TRead = unknown> {
  actor: Actor;
  loaders: TLoaders;
  requestId: string;
  /**
   * What the request read once at its start (the model revision, configuration and possibly a
   * user's rows), shared by authentication and resolvers; cleared by a write. Absent outside
   * HTTP requests.
   */
  read?: TRead;
  /** The mutation being executed, set by the audit middleware; its write records an audit entry. */
  audit?: AuditSubject;
  /** The request's instant in epoch milliseconds, fixed at first use (see requestTime in grant-window.ts). */
  now?: number;
}
