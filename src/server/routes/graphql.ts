import type { IncomingMessage } from "node:http";
import { ApolloServer, ApolloServerPlugin, BaseContext, GraphQLRequestListener, HeaderMap } from "@apollo/server";
import { ApolloServerPluginCacheControlDisabled } from "@apollo/server/plugin/disabled";
import { ApolloArmor } from "@escape.tech/graphql-armor";
import { renderGraphiQL } from "@graphql-yoga/render-graphiql";
import { DocumentNode, Kind, OperationDefinitionNode, parse, ValueNode } from "graphql";
import { InMemoryLRUCache } from "@apollo/utils.keyvaluecache";
import type { Logger } from "pino";
import { sessionCookieOf } from "../../auth/authenticate";
import type { Actor } from "../../common/context";
import { BadUserInputError } from "../../common/errors";
import { createLoaders } from "../../context/loaders";
import { RequestContext } from "../../context/request-context";
import type { App } from "../app";
import type { Credential, EdgeAuthenticator } from "../edge-auth";
import { createFormatError } from "../format-error";
import { useDictionaryProperties } from "../gc-tuning";
import { readBody, sendJson } from "../http-utils";
import type { Metrics } from "../metrics";
import { nodeLimitPlugin } from "../node-limit";
import { buildGatehouseSchema } from "../schema";
import { actorOf, exactPath, Failure, Route } from "./route";

// What a new user needs to make the first query, in the editor they see first. The headers
// editor starts empty: a placeholder there was sent with GraphiQL's schema request and answered
// UNAUTHENTICATED before anything was typed. ASCII only: browsers refuse header values outside
// ISO-8859-1, and the text may be copied into the headers editor.
const playgroundQuery = `# Gatehouse playground
#
# 1. Mint a token in a shell:
#      npx gatehouse token create --scopes "read:groups read:users"
# 2. Open "Headers" below and paste, as JSON:
#      {"Authorization": "Bearer <the token>"}
# 3. Run the query with Ctrl-Enter.
#
# The schema (Docs, completion) is readable without a token.

{
  groups(first: 10) {
    totalCount
    nodes { name description }
  }
}
`;

/** Largest body answered without a credential (an introspection document; GraphiQL's is ~2 KB). */
const ANONYMOUS_BODY_BYTES = 16 * 1024;

/** The introspection root fields: all an anonymous document may ask for (docs/design.md §5). */
const INTROSPECTION_FIELDS = new Set(["__schema", "__type", "__typename"]);

/** The caller of an anonymous introspection request: no scope, so no field of the schema resolves. */
const ANONYMOUS: Actor = { kind: "anonymous", subject: "anonymous", scopes: new Set() };

/** Whether every operation of `query` selects introspection fields only (fragments at the root count as not). */
export function isIntrospectionOnly(query: unknown): boolean {
  if (typeof query !== "string") return false;
  let document: DocumentNode;
  try {
    document = parse(query, { maxTokens: MAX_TOKENS });
  } catch {
    return false;
  }
  return document.definitions.every(
    (definition) =>
      definition.kind !== Kind.OPERATION_DEFINITION ||
      definition.selectionSet.selections.every((selection) => selection.kind === Kind.FIELD && INTROSPECTION_FIELDS.has(selection.name.value)),
  );
}

/** Size (JSON bytes of the parsed documents) of the parsed-document cache: ~2,000 login documents. */
const DOCUMENT_STORE_BYTES = 4 * 1024 * 1024;

/** Most lexical tokens a document may have: larger ones are refused while parsing (400). */
const MAX_TOKENS = 10_000;

/** The root fields that answer a login: their `userId` (and `organizationId`) are read with the revision (see loginArguments). */
const LOGIN_FIELDS = new Set(["authorizationContext", "explainAuthorization"]);

/** The `userId` and `organizationId` arguments of a document's first login field, as written. */
interface LoginArgumentNodes {
  userId: ValueNode | null;
  organizationId: ValueNode | null;
}

/** Per parsed operation (Apollo caches parsed documents), the arguments of its first login field. */
const loginArgumentNodes = new WeakMap<OperationDefinitionNode, LoginArgumentNodes>();

const NO_LOGIN: LoginArgumentNodes = { userId: null, organizationId: null };

function findLoginArguments(operation: OperationDefinitionNode): LoginArgumentNodes {
  for (const selection of operation.selectionSet.selections) {
    if (selection.kind !== Kind.FIELD || !LOGIN_FIELDS.has(selection.name.value)) continue;
    const argument = (name: string) => selection.arguments?.find((a) => a.name.value === name)?.value ?? null;
    return { userId: argument("userId"), organizationId: argument("organizationId") };
  }
  return NO_LOGIN;
}

/** A string argument's value, an inline literal or a variable alike; undefined for anything else. */
function stringValue(value: ValueNode | null, variables: Record<string, unknown> | undefined): string | undefined {
  if (!value) return undefined;
  if (value.kind === Kind.STRING || value.kind === Kind.INT) return value.value;
  if (value.kind !== Kind.VARIABLE) return undefined;
  const given = variables?.[value.name.value];
  return typeof given === "string" ? given : undefined;
}

/**
 * The user a document logs in, and the organization it logs in for, however they are spelled —
 * inline literals or variables — so that the user's rows (with the organizations, for a login for
 * an organization) are read with the revision in the request's one statement (docs/design.md §8.1).
 */
export function loginArguments(operation: OperationDefinitionNode, variables: Record<string, unknown> | undefined): { userId?: string; organizationId?: string } {
  let nodes = loginArgumentNodes.get(operation);
  if (nodes === undefined) loginArgumentNodes.set(operation, (nodes = findLoginArguments(operation)));
  return { userId: stringValue(nodes.userId, variables), organizationId: stringValue(nodes.organizationId, variables) };
}

/**
 * A GraphQL request's headers and credential, for confirming it once the operation is known. On
 * the context itself under a symbol, because Apollo hands resolvers a (shallow) copy of it.
 */
const PENDING = Symbol("pending confirmation");
type Pending = RequestContext & { [PENDING]?: { headers: IncomingMessage["headers"]; credential: Credential } };

/**
 * Makes the request's one read once Apollo has resolved the operation (so the login's user is
 * known), and confirms the credential against it; before any resolver runs.
 */
function loginReadPlugin(app: App, auth: EdgeAuthenticator): ApolloServerPlugin<RequestContext> {
  const listener: GraphQLRequestListener<RequestContext> = {
    async didResolveOperation({ contextValue, operation, request }) {
      const ctx = contextValue as Pending;
      const waiting = ctx[PENDING];
      if (!waiting || !operation) return;
      ctx[PENDING] = undefined;
      const { userId, organizationId } = loginArguments(operation, request.variables);
      const read = await app.reader.read(userId, organizationId);
      ctx.read = read;
      ctx.actor = await auth.confirm(waiting.headers, waiting.credential, read);
    },
  };
  return { requestDidStart: async () => listener };
}

/**
 * Gives the request context and its response head dictionary-mode properties before Apollo's
 * pipeline copies them (`{ ...requestContext, useLegacyIncremental }`, `{ ...http, body }`): on
 * Node 20 each such copy of a fast-mode object left a new hidden class in the old generation
 * (gc-tuning.ts).
 */
const copiedContextPlugin: ApolloServerPlugin<RequestContext> = {
  async requestDidStart(requestContext) {
    useDictionaryProperties(requestContext);
    useDictionaryProperties(requestContext.response.http);
  },
};

function toHeaderMap(headers: IncomingMessage["headers"]): HeaderMap {
  const map = new HeaderMap();
  for (const [key, value] of Object.entries(headers)) {
    if (value !== undefined) map.set(key, Array.isArray(value) ? value.join(", ") : value);
  }
  return map;
}

/** POST /graphql (Apollo; authenticated by the router) and GET /graphql (offline GraphiQL for browsers). */
export async function graphqlRoute(app: App, log: Logger, auth: EdgeAuthenticator, metrics: Metrics): Promise<Route & { stop(): Promise<void> }> {
  const schema = await buildGatehouseSchema(app.services);
  // Depth, alias, token and directive limits refuse abusive documents before execution; so does
  // the node limit (plugin below), which replaces armor's cost limit: that one ignored `first`
  // and refused an ordinary admin page (docs/design.md §5).
  const armor = new ApolloArmor({
    maxDepth: { n: app.config.limits.maxDepth },
    costLimit: { enabled: false },
    maxAliases: { n: 50 },
    maxDirectives: { n: 50 },
    // The token limit is graphql-js's own parse option (below): armor's re-parses the document in
    // a plugin, where a syntax error became an unexpected plugin error (HTTP 500).
    maxTokens: { enabled: false },
    blockFieldSuggestion: { enabled: !app.config.limits.introspection },
  }).protect();
  const apollo = new ApolloServer<RequestContext>({
    schema,
    ...armor,
    // No HTTP caching of authorization answers; also spares a per-field hook.
    // The node limit before the login read: its refusal stops the read from starting.
    plugins: [
      copiedContextPlugin,
      ...(armor.plugins as Array<ApolloServerPlugin<BaseContext>>),
      nodeLimitPlugin(app.config.limits.maxNodes),
      ApolloServerPluginCacheControlDisabled(),
      metrics.apolloPlugin(),
      loginReadPlugin(app, auth),
    ],
    introspection: app.config.limits.introspection,
    parseOptions: { maxTokens: MAX_TOKENS },
    formatError: createFormatError(log),
    includeStacktraceInErrorResponses: false,
    csrfPrevention: true,
    // Clients send whole documents; an APQ cache would only be another thing to fill up.
    persistedQueries: false,
    // Parsed and validated documents, bounded by size (Apollo's default store holds ~30 MB of
    // document JSON, several times that in memory: 3,000 distinct documents added ~110 MB).
    documentStore: new InMemoryLRUCache<DocumentNode>({ maxSize: DOCUMENT_STORE_BYTES }),
    // Gatehouse stops gracefully on SIGTERM/SIGINT itself (cli/main.ts). Apollo's own handlers
    // (on unless NODE_ENV=test) stopped Apollo and re-raised the signal: requests in flight got an
    // empty reply and the process died by the signal.
    stopOnTerminationSignals: false,
  });
  await apollo.start();

  const isPlayground = (req: IncomingMessage) => req.method === "GET" && (req.headers.accept ?? "").includes("text/html");
  // A small POST with no credential at all may be introspection (the playground's schema request):
  // its body is read, up to ANONYMOUS_BODY_BYTES, and anything else in it is refused as before.
  // The console's session cookie is a credential (docs/design.md §11): checked like a token.
  const mayBeIntrospection = (req: IncomingMessage) =>
    app.config.limits.introspection &&
    req.method === "POST" &&
    req.headers.authorization === undefined &&
    req.headers["x-api-key"] === undefined &&
    sessionCookieOf(req.headers) === undefined &&
    Number(req.headers["content-length"] ?? Infinity) <= ANONYMOUS_BODY_BYTES;

  return {
    label: "/graphql",
    match: exactPath("/graphql"),
    methods: ["GET", "POST"],
    authenticate: (req) => !isPlayground(req) && !mayBeIntrospection(req),
    logLevel: "info",
    async handle(request) {
      const { req, res, url, requestId } = request;
      if (isPlayground(req)) {
        const html = renderGraphiQL({ title: "Gatehouse", endpoint: "/graphql", defaultQuery: playgroundQuery, headers: "{}" });
        res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
        res.end(html);
        return;
      }
      const anonymous = !request.credential;
      const raw = req.method === "POST" ? await readBody(req, anonymous ? ANONYMOUS_BODY_BYTES : app.config.bodyLimitBytes) : "";
      let body: unknown = raw;
      if ((req.headers["content-type"] ?? "").includes("application/json")) {
        try {
          body = raw ? JSON.parse(raw) : {};
        } catch {
          if (anonymous) await auth.authenticate(req.headers);
          throw new BadUserInputError("Request body is not valid JSON");
        }
      }
      // Anything but introspection without a credential is refused exactly as the router would have.
      if (anonymous && !isIntrospectionOnly((body as { query?: unknown } | null)?.query)) await auth.authenticate(req.headers);
      const ctx: Pending = anonymous
        ? { actor: ANONYMOUS, loaders: createLoaders(app.db), requestId }
        : { actor: actorOf(request), loaders: createLoaders(app.db), requestId, [PENDING]: { headers: req.headers, credential: request.credential! } };
      const result = await apollo.executeHTTPGraphQLRequest({
        httpGraphQLRequest: { method: req.method as string, headers: toHeaderMap(req.headers), search: url.search, body },
        context: async () => ctx,
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
    },
    fail(res, failure: Failure) {
      let message = failure.message;
      if (failure.status === 405) message = "Use POST /graphql";
      if (failure.status === 413) message += " (BODY_LIMIT_BYTES); to import a large file use the CLI: gatehouse import <file.json> [--mode replace|merge] [--dry-run]";
      sendJson(res, failure.status, { errors: [{ message, extensions: { code: failure.code, ...failure.extensions } }] });
    },
    stop: () => apollo.stop(),
  };
}
