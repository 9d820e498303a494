import { bool, cleanEnv, EnvError, makeValidator, num, str, url } from "envalid";
import { AdminOidcOptions, DEFAULT_OIDC_REQUEST_SCOPES } from "../auth/admin-oidc.service";

/** Parsed, validated process configuration (docs/design.md §6). */
export interface AppConfig {
  port: number;
  host: string;
  databaseUrl: string;
  logLevel: string;
  bodyLimitBytes: number;
  /** Longest time a request may take to arrive (BODY_TIMEOUT_MS; default 10 s). */
  bodyTimeoutMs?: number;
  /** PostgreSQL write timeouts (WRITE_LOCK_TIMEOUT_MS, IDLE_IN_TRANSACTION_TIMEOUT_MS). */
  writeTimeouts?: { lockMs: number; idleInTransactionMs: number };
  /** maxNodes: GRAPHQL_MAX_NODES, the most nodes an answer may hold (docs/design.md §5). */
  limits: { maxDepth: number; maxNodes: number; introspection: boolean };
  /** Most paths explainAuthorization lists per item (EXPLAIN_MAX_PATHS); default DEFAULT_EXPLAIN_MAX_PATHS. */
  explainMaxPaths?: number;
  /** Deprecated settings in use, as warnings logged at start-up. */
  deprecations?: string[];
  auth: { jwksUrl?: string; issuer?: string; audience?: string };
  /** Longest lifetime of a local token, issued or accepted (AUTH_MAX_TOKEN_LIFETIME_SECONDS). */
  maxTokenLifetimeSeconds?: number;
  /** Where browsers reach this Gatehouse (PUBLIC_URL; default http://HOST:PORT): login links, the cookie's Secure flag. */
  publicUrl?: string;
  /** How long a console session lasts (ADMIN_SESSION_HOURS; default 8). */
  adminSessionHours?: number;
  /** The admin console's build output (default <repo>/ui/dist; docs/design.md §11). */
  consoleDir?: string;
  /** Console sign-in through the company's IdP (ADMIN_OIDC_*; docs/design.md §11); absent: login links only. */
  adminOidc?: AdminOidcOptions;
  /** The grant sweep (docs/design.md §13.3): seconds between runs (GRANT_SWEEP_INTERVAL_SECONDS; default 60, 0: off) and days an expired grant is kept (GRANT_RETENTION_DAYS; default 90). */
  grantSweep?: GrantSweepConfig;
}

/** GRANT_SWEEP_INTERVAL_SECONDS, GRANT_RETENTION_DAYS (docs/design.md §13.3). */
export interface GrantSweepConfig {
  intervalSeconds: number;
  retentionDays: number;
}

export const DEFAULT_GRANT_SWEEP: GrantSweepConfig = { intervalSeconds: 60, retentionDays: 90 };

/** PUBLIC_URL, or http://HOST:PORT when it is unset, without a trailing slash. */
export function publicUrlOf(config: Pick<AppConfig, "publicUrl" | "host" | "port">): string {
  if (config.publicUrl) return config.publicUrl.replace(/\/+$/, "");
  const host = config.host.includes(":") ? `[${config.host}]` : config.host;
  return `http://${host}:${config.port}`;
}

/** GRAPHQL_MAX_NODES when unset: GitHub's limit. */
export const DEFAULT_MAX_NODES = 100_000;

/** EXPLAIN_MAX_PATHS when unset. */
export const DEFAULT_EXPLAIN_MAX_PATHS = 50;

/** A TCP port, or 0: the system picks a free one and `gatehouse serve` prints the address it got. */
const listenPort = makeValidator<number>((value) => {
  const parsed = Number(value);
  if (/^\d+$/.test(value.trim()) && parsed >= 0 && parsed <= 65535) return parsed;
  throw new EnvError("must be a port number from 0 (any free port) to 65535");
});

const databaseUrl = makeValidator<string>((value) => {
  if (/^sqlite:.+/.test(value) || /^postgres(ql)?:\/\/.+/.test(value)) return value;
  throw new EnvError("must be sqlite:<path> (or sqlite::memory:) or postgres://user:pass@host/db");
});

/**
 * Reads the environment once; a bad value throws an error whose message names the variable,
 * before anything listens.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const parsed = cleanEnv(
    env,
    {
      PORT: listenPort({ default: 4000, desc: "HTTP port; 0 picks a free one" }),
      HOST: str({ default: "127.0.0.1", desc: "interface to listen on" }),
      DATABASE_URL: databaseUrl({ default: "sqlite:./data/gatehouse.sqlite" }),
      LOG_LEVEL: str({ default: "info", choices: ["fatal", "error", "warn", "info", "debug", "trace", "silent"] }),
      BODY_LIMIT_BYTES: num({ default: 1_048_576, desc: "largest accepted request body" }),
      WRITE_LOCK_TIMEOUT_MS: num({ default: 5000, desc: "PostgreSQL: how long a write waits for the write lock before a retryable CONFLICT" }),
      IDLE_IN_TRANSACTION_TIMEOUT_MS: num({ default: 15_000, desc: "PostgreSQL: how long a write transaction may sit idle before the server ends it" }),
      BODY_TIMEOUT_MS: num({ default: 10_000, desc: "longest time a request (headers and body) may take to arrive" }),
      GRAPHQL_MAX_DEPTH: num({ default: 15, desc: "deepest accepted GraphQL document" }),
      GRAPHQL_MAX_NODES: num({ default: undefined, desc: "most nodes the answer to an accepted GraphQL document may hold" }),
      GRAPHQL_MAX_COST: num({ default: undefined, desc: "deprecated alias of GRAPHQL_MAX_NODES" }),
      EXPLAIN_MAX_PATHS: num({ default: DEFAULT_EXPLAIN_MAX_PATHS, desc: "most paths explainAuthorization lists per item" }),
      GRAPHQL_INTROSPECTION: bool({ default: true, desc: "allow schema introspection (the playground needs it)" }),
      AUTH_JWKS_URL: url({ default: undefined }),
      AUTH_ISSUER: str({ default: undefined }),
      AUTH_AUDIENCE: str({ default: undefined }),
      AUTH_MAX_TOKEN_LIFETIME_SECONDS: num({ default: 2_592_000, desc: "longest lifetime (exp − iat) of a token Gatehouse issues or accepts as its own" }),
      PUBLIC_URL: url({ default: undefined, desc: "where browsers reach Gatehouse (login links; https makes the session cookie Secure); default http://HOST:PORT" }),
      ADMIN_SESSION_HOURS: num({ default: 8, desc: "how long an admin console session lasts" }),
      GRANT_SWEEP_INTERVAL_SECONDS: num({
        default: DEFAULT_GRANT_SWEEP.intervalSeconds,
        desc: "seconds between two runs of the grant sweep (audit of grant boundaries, retention); 0 turns it off",
      }),
      GRANT_RETENTION_DAYS: num({ default: DEFAULT_GRANT_SWEEP.retentionDays, desc: "days an expired time-bound grant is kept before the sweep deletes it (fractions allowed)" }),
      ADMIN_OIDC_ISSUER: url({ default: undefined, desc: "the IdP's issuer URL for console sign-in with OIDC (https; http only on loopback)" }),
      ADMIN_OIDC_CLIENT_ID: str({ default: undefined, desc: "Gatehouse's client id at the IdP" }),
      ADMIN_OIDC_CLIENT_SECRET: str({ default: undefined, desc: "the client's secret; unset: a public client with PKCE" }),
      ADMIN_OIDC_SCOPES_CLAIM: str({ default: "gatehouse_scopes", desc: "the claim holding Gatehouse scopes (space separated or an array)" }),
      ADMIN_OIDC_ADMIN_GROUP: str({ default: undefined, desc: "members of this IdP group (groups claim) get every scope" }),
      ADMIN_OIDC_REQUEST_SCOPES: str({
        default: DEFAULT_OIDC_REQUEST_SCOPES,
        desc: "OAuth scopes asked of the IdP, space separated, with openid (add e.g. groups where the IdP needs it for the groups claim)",
      }),
    },
    {
      reporter: ({ errors }) => {
        const names = Object.keys(errors) as Array<keyof typeof errors>;
        if (names.length === 0) return;
        const lines = names.map((name) => `  ${String(name)}: ${errors[name]?.message ?? "invalid"}`);
        throw new ConfigError(`Invalid configuration:\n${lines.join("\n")}`);
      },
    },
  );
  for (const name of [
    "BODY_LIMIT_BYTES",
    "BODY_TIMEOUT_MS",
    "WRITE_LOCK_TIMEOUT_MS",
    "IDLE_IN_TRANSACTION_TIMEOUT_MS",
    "GRAPHQL_MAX_DEPTH",
    "GRAPHQL_MAX_NODES",
    "GRAPHQL_MAX_COST",
    "EXPLAIN_MAX_PATHS",
    "AUTH_MAX_TOKEN_LIFETIME_SECONDS",
  ] as const) {
    const value = parsed[name];
    if (value !== undefined && (!Number.isInteger(value) || value <= 0)) throw new ConfigError(`Invalid configuration:\n  ${name}: must be a positive whole number`);
  }
  // At least a minute: the cookie's Max-Age is whole seconds, and a shorter session is unusable.
  if (!(parsed.ADMIN_SESSION_HOURS >= 1 / 60) || !Number.isFinite(parsed.ADMIN_SESSION_HOURS))
    throw new ConfigError(`Invalid configuration:\n  ADMIN_SESSION_HOURS: must be a number of hours of at least 1/60 (one minute)`);
  if (!Number.isFinite(parsed.GRANT_SWEEP_INTERVAL_SECONDS) || parsed.GRANT_SWEEP_INTERVAL_SECONDS < 0)
    throw new ConfigError(`Invalid configuration:\n  GRANT_SWEEP_INTERVAL_SECONDS: must be a number of seconds, 0 or more (0 turns the sweep off)`);
  if (!Number.isFinite(parsed.GRANT_RETENTION_DAYS) || parsed.GRANT_RETENTION_DAYS <= 0)
    throw new ConfigError(`Invalid configuration:\n  GRANT_RETENTION_DAYS: must be a positive number of days`);
  if (parsed.PUBLIC_URL !== undefined && !/^https?:\/\//i.test(parsed.PUBLIC_URL))
    throw new ConfigError(`Invalid configuration:\n  PUBLIC_URL: must be an http:// or https:// URL`);
  // The console is served at /admin/ and its cookie's Path is /: a path prefix would break sign-in.
  if (parsed.PUBLIC_URL !== undefined && new URL(parsed.PUBLIC_URL).pathname.replace(/\/+$/, "") !== "")
    throw new ConfigError(`Invalid configuration:\n  PUBLIC_URL: must be an origin without a path (e.g. https://gatehouse.example.com); Gatehouse is served at the root`);
  // The three go together: without an audience any token the issuer mints for another of its
  // APIs would be accepted here with its scopes; without an issuer, any issuer sharing the keys.
  const external = { AUTH_JWKS_URL: parsed.AUTH_JWKS_URL, AUTH_ISSUER: parsed.AUTH_ISSUER, AUTH_AUDIENCE: parsed.AUTH_AUDIENCE };
  const unset = Object.entries(external)
    .filter(([, value]) => !value)
    .map(([name]) => name);
  if (unset.length > 0 && unset.length < 3) {
    throw new ConfigError(`Invalid configuration:\n${unset.map((name) => `  ${name}: required when any of AUTH_JWKS_URL, AUTH_ISSUER, AUTH_AUDIENCE is set`).join("\n")}`);
  }
  const adminOidc = oidcOptions(parsed);
  // GRAPHQL_MAX_COST was graphql-armor's cost limit; its value now bounds nodes (docs/design.md §5).
  const deprecations: string[] = [];
  let maxNodes = parsed.GRAPHQL_MAX_NODES;
  if (parsed.GRAPHQL_MAX_COST !== undefined) {
    if (maxNodes === undefined) {
      maxNodes = parsed.GRAPHQL_MAX_COST;
      deprecations.push(`GRAPHQL_MAX_COST is deprecated: rename it GRAPHQL_MAX_NODES (its value, ${maxNodes}, is used as the node limit)`);
    } else deprecations.push("GRAPHQL_MAX_COST is deprecated and ignored: GRAPHQL_MAX_NODES is set");
  }
  return {
    port: parsed.PORT,
    host: parsed.HOST,
    databaseUrl: parsed.DATABASE_URL,
    logLevel: parsed.LOG_LEVEL,
    bodyLimitBytes: parsed.BODY_LIMIT_BYTES,
    bodyTimeoutMs: parsed.BODY_TIMEOUT_MS,
    writeTimeouts: { lockMs: parsed.WRITE_LOCK_TIMEOUT_MS, idleInTransactionMs: parsed.IDLE_IN_TRANSACTION_TIMEOUT_MS },
    limits: { maxDepth: parsed.GRAPHQL_MAX_DEPTH, maxNodes: maxNodes ?? DEFAULT_MAX_NODES, introspection: parsed.GRAPHQL_INTROSPECTION },
    explainMaxPaths: parsed.EXPLAIN_MAX_PATHS,
    deprecations,
    auth: { jwksUrl: parsed.AUTH_JWKS_URL, issuer: parsed.AUTH_ISSUER, audience: parsed.AUTH_AUDIENCE },
    maxTokenLifetimeSeconds: parsed.AUTH_MAX_TOKEN_LIFETIME_SECONDS,
    publicUrl: parsed.PUBLIC_URL,
    adminSessionHours: parsed.ADMIN_SESSION_HOURS,
    adminOidc,
    grantSweep: { intervalSeconds: parsed.GRANT_SWEEP_INTERVAL_SECONDS, retentionDays: parsed.GRANT_RETENTION_DAYS },
  };
}

const LOOPBACK_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]"]);

/** ADMIN_OIDC_*: all unset, or at least an issuer and a client id; the issuer https (http only on loopback, for development and tests). */
function oidcOptions(parsed: {
  ADMIN_OIDC_ISSUER?: string;
  ADMIN_OIDC_CLIENT_ID?: string;
  ADMIN_OIDC_CLIENT_SECRET?: string;
  ADMIN_OIDC_SCOPES_CLAIM: string;
  ADMIN_OIDC_ADMIN_GROUP?: string;
  ADMIN_OIDC_REQUEST_SCOPES: string;
}): AdminOidcOptions | undefined {
  const { ADMIN_OIDC_ISSUER: issuer, ADMIN_OIDC_CLIENT_ID: clientId, ADMIN_OIDC_CLIENT_SECRET: clientSecret, ADMIN_OIDC_ADMIN_GROUP: adminGroup } = parsed;
  if (issuer === undefined) {
    const stray = (["ADMIN_OIDC_CLIENT_ID", "ADMIN_OIDC_CLIENT_SECRET", "ADMIN_OIDC_ADMIN_GROUP"] as const).filter((name) => parsed[name] !== undefined);
    if (stray.length > 0) throw new ConfigError(`Invalid configuration:\n  ADMIN_OIDC_ISSUER: required when ${stray.join(", ")} ${stray.length > 1 ? "are" : "is"} set`);
    return undefined;
  }
  const issuerUrl = new URL(issuer);
  if (issuerUrl.protocol !== "https:" && !(issuerUrl.protocol === "http:" && LOOPBACK_HOSTS.has(issuerUrl.hostname)))
    throw new ConfigError(`Invalid configuration:\n  ADMIN_OIDC_ISSUER: must be an https:// URL (http:// only on localhost or 127.0.0.1, for development)`);
  if (issuerUrl.search || issuerUrl.hash) throw new ConfigError(`Invalid configuration:\n  ADMIN_OIDC_ISSUER: must be the issuer identifier, without a query or a fragment`);
  if (!clientId?.trim()) throw new ConfigError(`Invalid configuration:\n  ADMIN_OIDC_CLIENT_ID: required when ADMIN_OIDC_ISSUER is set`);
  const scopesClaim = parsed.ADMIN_OIDC_SCOPES_CLAIM.trim();
  if (!scopesClaim) throw new ConfigError(`Invalid configuration:\n  ADMIN_OIDC_SCOPES_CLAIM: must name a claim`);
  if (adminGroup !== undefined && !adminGroup.trim()) throw new ConfigError(`Invalid configuration:\n  ADMIN_OIDC_ADMIN_GROUP: must name a group (or be unset)`);
  const requestScopes = parsed.ADMIN_OIDC_REQUEST_SCOPES.split(/\s+/).filter(Boolean);
  if (!requestScopes.includes("openid"))
    throw new ConfigError(`Invalid configuration:\n  ADMIN_OIDC_REQUEST_SCOPES: must include openid (space separated, e.g. "openid profile email groups")`);
  return { issuer, clientId: clientId.trim(), clientSecret: clientSecret || undefined, scopesClaim, adminGroup, requestScopes: requestScopes.join(" ") };
}

/** Start-up configuration problem; its message names the variable. */
export class ConfigError extends Error {}
