import { randomUUID } from "node:crypto";
import { createServer as createHttpServer, IncomingMessage, Server, ServerResponse } from "node:http";
import { AddressInfo } from "node:net";
import type { Logger } from "pino";
import { ErrorCode, GatehouseError, UnauthenticatedError } from "../common/errors";
import { LIMITS } from "../common/limits";
import { App } from "./app";
import { DEFAULT_GRANT_SWEEP } from "./config";
import { Credential, EdgeAuthenticator } from "./edge-auth";
import { FairDispatch } from "./fair-dispatch";
import { valueRefusal } from "./format-error";
import { PayloadTooLarge } from "./http-utils";
import { Metrics } from "./metrics";
import { adminOidcRoutes } from "./routes/admin-oidc";
import { adminLogoutRoute, adminSessionRoute } from "./routes/admin-session";
import { consoleRoute } from "./routes/console";
import { extensionApiRoutes } from "./routes/extension-api";
import { graphqlRoute } from "./routes/graphql";
import { healthzRoute, metricsRoute, notFound, readyzRoute } from "./routes/health";
import { policyRoute } from "./routes/policy";
import { Failure, Route } from "./routes/route";

/** A running Gatehouse: the URL it answers on and how to stop it. */
export interface GatehouseServer {
  url: string;
  port: number;
  app: App;
  stop(): Promise<void>;
}

/** What a handler threw, as a status and a message the caller may see; null for a failure of ours. */
function failureOf(error: unknown, bodyLimit: number, log: Logger): Failure | null {
  const failure = (status: number, code: ErrorCode, message: string, extensions: Record<string, unknown> = {}) => ({ status, code, message, extensions, error });
  if (error instanceof PayloadTooLarge) return failure(413, "BAD_USER_INPUT", `Request body exceeds ${bodyLimit} bytes`);
  if (error instanceof GatehouseError) return failure(error.httpStatus, error.code, error.message, error.publicExtensions);
  const refusal = valueRefusal(error);
  if (refusal) {
    log.warn({ err: error }, "database refused a value the caller sent");
    return failure(400, "BAD_USER_INPUT", refusal);
  }
  return null;
}

/**
 * Starts the HTTP server: a table of routes (server/routes/*.ts) behind one router that does
 * what every route needs once — request id, access log and metrics, the method check,
 * authentication on headers (before any body is read) and mapping errors to status codes.
 */
export async function startHttpServer(app: App, log: Logger): Promise<GatehouseServer> {
  const metrics = new Metrics(app);
  const auth = new EdgeAuthenticator(app.reader, { apiKeys: app.services.apiKeys, tokens: app.tokens, sessions: app.sessions });
  // For routes that take no console session (Route.sessions: false).
  const hookAuth = new EdgeAuthenticator(app.reader, { apiKeys: app.services.apiKeys, tokens: app.tokens });
  const graphql = await graphqlRoute(app, log, auth, metrics);
  // The session routes before the console's, which serves every other path under /admin/.
  const routes: Route[] = [
    graphql,
    policyRoute(app, hookAuth),
    // After the policy route, whose path is under /api/users/ too.
    ...extensionApiRoutes(app, hookAuth),
    healthzRoute(),
    readyzRoute(app, log),
    metricsRoute(metrics),
    adminSessionRoute(app),
    adminLogoutRoute(app),
    ...adminOidcRoutes(app),
    consoleRoute(app),
  ];

  let stopping = false;

  /** Access log and HTTP metrics, once the response is sent. */
  function observe(req: IncomingMessage, res: ServerResponse, route: Route | undefined, requestId: string): void {
    const started = process.hrtime.bigint();
    const label = route?.label ?? "other";
    res.once("finish", () => {
      // A connection whose request was in flight when the stop began is idle now: let it go.
      if (stopping) setImmediate(() => server.closeIdleConnections());
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      metrics.observeHttp(label, req.method ?? "", res.statusCode, seconds);
      const entry = { reqId: requestId, method: req.method, route: label, status: res.statusCode, ms: Math.round(seconds * 1e5) / 100 };
      if (route?.logLevel === "info") log.info(entry, "request");
      else log.debug(entry, "request");
    });
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://gatehouse.local");
    const offered = req.headers["x-request-id"];
    // As long as the audit log's column holds (LIMITS.requestId): a longer one failed the audit
    // insert on PostgreSQL, so the mutation.
    const requestId = typeof offered === "string" && offered.length <= LIMITS.requestId && /^[\w.:-]+$/.test(offered) ? offered : randomUUID();
    res.setHeader("x-request-id", requestId);
    // While shutting down, answer what is in flight and close the connection after it.
    if (stopping) res.setHeader("connection", "close");
    let params: string[] | null = null;
    const route = routes.find((candidate) => (params = candidate.match(url.pathname)) !== null);
    observe(req, res, route, requestId);
    if (!route || !params) return notFound(res, req.method ?? "", url.pathname);
    try {
      const method = req.method ?? "";
      if (route.methods && !route.methods.includes(method)) {
        res.setHeader("allow", route.methods.join(", "));
        return route.fail(res, { status: 405, code: "BAD_USER_INPUT", message: `${method} is not allowed on ${url.pathname}`, extensions: {} });
      }
      const authenticate = typeof route.authenticate === "function" ? route.authenticate(req) : route.authenticate;
      let credential: Credential | undefined;
      try {
        credential = authenticate ? await (route.sessions === false ? hookAuth : auth).authenticate(req.headers) : undefined;
      } catch (error) {
        // Refused on its headers: the body is never read, and the connection is not kept for it.
        if (error instanceof UnauthenticatedError) res.setHeader("connection", "close");
        throw error;
      }
      await route.handle({ req, res, url, requestId, params, credential });
    } catch (error) {
      const failure = failureOf(error, app.config.bodyLimitBytes, log);
      if (failure && !res.headersSent) return route.fail(res, failure);
      log.error({ err: error }, "request failed");
      if (!res.headersSent) route.fail(res, { status: 500, code: "INTERNAL_SERVER_ERROR", message: "Internal server error", extensions: {} });
      else res.end();
    }
  }

  // Requests read in one turn start oldest-waiting connection first (see FairDispatch).
  // A request (headers and body) must arrive within BODY_TIMEOUT_MS: Node's default of 300 s let
  // slow or unfinished bodies pin memory. Node checks every connectionsCheckingInterval (30 s by
  // default), so that is tightened too.
  const requestTimeout = app.config.bodyTimeoutMs ?? 10_000;
  const server: Server = createHttpServer(
    { requestTimeout, headersTimeout: Math.min(60_000, requestTimeout), connectionsCheckingInterval: Math.min(1000, requestTimeout) },
    new FairDispatch((req, res) => void handle(req, res)).accept,
  );
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(app.config.port, app.config.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const host = app.config.host.includes(":") ? `[${app.config.host}]` : app.config.host;
  const url = `http://${host}:${port}/graphql`;
  log.info({ url }, "Gatehouse listening");
  // Serving instances sweep; CLI commands (which build the app without a server) do not.
  app.grantSweep.start((app.config.grantSweep ?? DEFAULT_GRANT_SWEEP).intervalSeconds);

  return {
    url,
    port,
    app,
    /** Stops accepting, lets in-flight requests finish (up to 10 s), then closes the database. */
    async stop() {
      stopping = true;
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      const force = setTimeout(() => server.closeAllConnections(), 10_000);
      await closed;
      clearTimeout(force);
      await graphql.stop();
      await app.close();
    },
  };
}
