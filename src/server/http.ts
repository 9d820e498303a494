import { randomUUID } from "node:crypto";
import { createServer as createHttpServer, IncomingMessage, Server, ServerResponse } from "node:http";
import { AddressInfo } from "node:net";
import { ApolloServer, ApolloServerPlugin, HeaderMap } from "@apollo/server";
import { ApolloServerPluginCacheControlDisabled } from "@apollo/server/plugin/disabled";
import { ApolloArmor } from "@escape.tech/graphql-armor";
import { renderGraphiQL } from "@graphql-yoga/render-graphiql";
import type { Logger } from "pino";
import { RequestContext } from "../common/context";
import { GatehouseError } from "../common/errors";
import { authenticateRequest } from "../auth/authenticate";
import { handlePolicyRequest, POLICY_ROUTE } from "../authorization/policy-endpoint";
import { graphqlError, PayloadTooLarge, readBody, sendJson } from "./http-utils";
import { App } from "./app";
import { FairDispatch } from "./fair-dispatch";
import { createFormatError, valueRefusal } from "./format-error";
import { createLoaders } from "./loaders";
import { Metrics } from "./metrics";
import { buildGatehouseSchema } from "./schema";

/** A running Gatehouse: the URL it answers on and how to stop it. */
export interface GatehouseServer {
  url: string;
  port: number;
  app: App;
  stop(): Promise<void>;
}

const ROUTES = new Set(["/graphql", "/healthz", "/readyz", "/metrics"]);
const POLICY_ROUTE_LABEL = "/api/users/:userId/policy/:clientId";

// ASCII only: browsers refuse to send a header value holding a character outside ISO-8859-1
// (an ellipsis here made GraphiQL's first request fail with a fetch TypeError instead of
// showing the server's UNAUTHENTICATED answer).
const playgroundHeaders = JSON.stringify({ Authorization: "Bearer <paste the output of: npx gatehouse token create --scopes \"read:groups read:users\">" }, null, 2);

/**
 * Starts the HTTP server: POST /graphql (Apollo, bearer token required), GET /graphql (offline
 * GraphiQL for browsers), the extension's policy route, /healthz, /readyz and /metrics.
 */
export async function startHttpServer(app: App, log: Logger): Promise<GatehouseServer> {
  const schema = await buildGatehouseSchema(app.services);
  // Depth, cost, alias, token and directive limits refuse abusive documents before execution.
  const armor = new ApolloArmor({
    maxDepth: { n: app.config.limits.maxDepth },
    costLimit: { maxCost: app.config.limits.maxCost },
    maxAliases: { n: 50 },
    maxDirectives: { n: 50 },
    maxTokens: { n: 10_000 },
    blockFieldSuggestion: { enabled: !app.config.limits.introspection },
  }).protect();
  const metrics = new Metrics(app);
  const apolloPlugins: Array<ApolloServerPlugin<RequestContext>> = [
    ...armor.plugins,
    ApolloServerPluginCacheControlDisabled(),
    metrics.apolloPlugin(),
  ];
  const apollo = new ApolloServer<RequestContext>({
    schema,
    ...armor,
    // No HTTP caching of authorization answers; also spares a per-field hook.
    plugins: apolloPlugins,
    introspection: app.config.limits.introspection,
    formatError: createFormatError(log),
    includeStacktraceInErrorResponses: false,
    csrfPrevention: true,
    // Clients send whole documents; an APQ cache would only be another thing to fill up.
    persistedQueries: false,
  });
  await apollo.start();

  async function handleGraphql(req: IncomingMessage, res: ServerResponse, url: URL, requestId: string): Promise<void> {
    if (req.method === "GET" && (req.headers.accept ?? "").includes("text/html")) {
      const html = renderGraphiQL({ title: "Gatehouse", endpoint: "/graphql", headers: playgroundHeaders } as never);
      res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
      res.end(html);
      return;
    }
    if (req.method !== "POST" && req.method !== "GET") {
      sendJson(res, 405, { errors: [{ message: "Use POST /graphql", extensions: { code: "BAD_USER_INPUT" } }] }, { allow: "GET, POST" });
      return;
    }
    const raw = req.method === "POST" ? await readBody(req, app.config.bodyLimitBytes) : "";
    let body: unknown = raw;
    let malformed = false;
    if ((req.headers["content-type"] ?? "").includes("application/json")) {
      try {
        body = raw ? JSON.parse(raw) : {};
      } catch {
        malformed = true;
      }
    }
    // One look at the model cache's revision per request, shared by authentication and resolvers.
    // A login hook names the user in `variables.userId`: that user's rows are read in the same
    // statement, and authorizationContext uses them if it is asked for exactly that user.
    const variables = (body as { variables?: unknown } | null)?.variables;
    const userId = typeof variables === "object" && variables !== null ? (variables as { userId?: unknown }).userId : undefined;
    const snapshot = typeof userId === "string" ? await app.configuration.snapshotFor(userId) : await app.configuration.snapshot();
    const actor = await authenticateRequest(req.headers, snapshot.configuration, { apiKeys: app.services.apiKeys, tokens: app.tokens });
    if (malformed) {
      sendJson(res, 400, { errors: [{ message: "Request body is not valid JSON", extensions: { code: "BAD_USER_INPUT" } }] });
      return;
    }
    const headers = new HeaderMap();
    for (const [key, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(", ") : value);
    }
    const result = await apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest: { method: req.method, headers, search: url.search, body },
      context: async () => ({ actor, loaders: createLoaders(app.db), requestId, snapshot }),
    });
    for (const [key, value] of result.headers) res.setHeader(key, value);
    res.statusCode = result.status ?? 200;
    if (result.body.kind === "complete") {
      // With a length the headers and body leave in one write (chunked encoding costs a writev).
      res.setHeader("content-length", Buffer.byteLength(result.body.string));
      res.end(result.body.string);
      return;
    }
    for await (const chunk of result.body.asyncIterator) res.write(chunk);
    res.end();
  }

  let stopping = false;

  /** Access log and HTTP metrics, once the response is sent. */
  function observe(req: IncomingMessage, res: ServerResponse, route: string, requestId: string): void {
    const started = process.hrtime.bigint();
    res.once("finish", () => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      metrics.observeHttp(route, req.method ?? "", res.statusCode, seconds);
      const entry = { reqId: requestId, method: req.method, route, status: res.statusCode, ms: Math.round(seconds * 1e5) / 100 };
      if (route === "/graphql" || POLICY_ROUTE_LABEL === route) log.info(entry, "request");
      else log.debug(entry, "request");
    });
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://gatehouse.local");
    const offered = req.headers["x-request-id"];
    const requestId = typeof offered === "string" && /^[\w.:-]{1,128}$/.test(offered) ? offered : randomUUID();
    res.setHeader("x-request-id", requestId);
    // While shutting down, answer what is in flight and close the connection after it.
    if (stopping) res.setHeader("connection", "close");
    const policy = POLICY_ROUTE.exec(url.pathname);
    observe(req, res, policy ? POLICY_ROUTE_LABEL : ROUTES.has(url.pathname) ? url.pathname : "other", requestId);
    try {
      switch (url.pathname) {
        case "/metrics":
          res.writeHead(200, { "content-type": metrics.registry.contentType });
          return void res.end(await metrics.registry.metrics());
        case "/healthz":
          return sendJson(res, 200, { status: "ok" });
        case "/readyz":
          try {
            await app.db.dataSource.query("SELECT 1");
            return sendJson(res, 200, { status: "ready" });
          } catch (error) {
            log.warn({ err: error }, "readiness check failed");
            return sendJson(res, 503, { status: "unavailable" });
          }
        case "/graphql":
          return await handleGraphql(req, res, url, requestId);
        default: {
          if (policy) return await handlePolicyRequest(app, req, res, policy, requestId);
          return sendJson(res, 404, { error: "Not Found", message: `No route for ${req.method} ${url.pathname}` });
        }
      }
    } catch (error) {
      if (error instanceof PayloadTooLarge) {
        return sendJson(res, 413, {
          errors: [{ message: `Request body exceeds ${app.config.bodyLimitBytes} bytes (BODY_LIMIT_BYTES); to import a large file use the CLI: gatehouse import <file.json> [--mode replace|merge] [--dry-run]`, extensions: { code: "BAD_USER_INPUT" } }],
        });
      }
      if (error instanceof GatehouseError) return graphqlError(res, error);
      const refusal = valueRefusal(error);
      if (refusal && !res.headersSent) {
        log.warn({ err: error }, "database refused a value the caller sent");
        return sendJson(res, 400, { errors: [{ message: refusal, extensions: { code: "BAD_USER_INPUT" } }] });
      }
      log.error({ err: error }, "request failed");
      if (!res.headersSent) sendJson(res, 500, { errors: [{ message: "Internal server error", extensions: { code: "INTERNAL_SERVER_ERROR" } }] });
      else res.end();
    }
  }

  // Requests read in one turn start oldest-waiting connection first (see FairDispatch).
  const server: Server = createHttpServer(new FairDispatch((req, res) => void handle(req, res)).accept);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(app.config.port, app.config.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const host = app.config.host.includes(":") ? `[${app.config.host}]` : app.config.host;
  const url = `http://${host}:${port}/graphql`;
  log.info({ url }, "Gatehouse listening");

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
      await apollo.stop();
      await app.close();
    },
  };
}
