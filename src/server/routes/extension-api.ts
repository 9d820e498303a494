import type { Actor } from "../../common/context";
import { BadUserInputError, ForbiddenError, NotFoundError } from "../../common/errors";
import { textProblemIn } from "../../common/validators";
import { createLoaders } from "../../context/loaders";
import { RequestContext } from "../../context/request-context";
import type { App } from "../app";
import type { EdgeAuthenticator } from "../edge-auth";
import { ApiRoute, ExtensionValidationError } from "../extension-api/api-route";
import { sendExtensionError } from "../extension-api/error-body";
import { checkValue, parseQuery } from "../extension-api/json-schema";
import { EXTENSION_API } from "../extension-api/table";
import { readBody, sendJson } from "../http-utils";
import { Failure, Route } from "./route";

const NOBODY: Actor = { kind: "anonymous", subject: "anonymous", scopes: new Set() };

/** The extension's collection names, for `The record <id> in <collection> does not exist.` */
const COLLECTIONS: Record<string, string> = { Group: "groups", Role: "roles", Permission: "permissions", User: "users", Application: "applications" };

/** A service's error in the extension's words (docs/design.md §14). */
function fail(res: Parameters<Route["fail"]>[0], failure: Failure): void {
  const { error } = failure;
  if (error instanceof NotFoundError) {
    const { entity, ids } = error.extensions as { entity: string; ids: string[] };
    const collection = COLLECTIONS[entity] ?? (entity.startsWith("Mapping") ? "mappings" : entity.toLowerCase());
    const message = ids.length === 1 ? `The record ${ids[0]} in ${collection} does not exist.` : `The records ${ids.join(", ")} in ${collection} do not exist.`;
    return sendExtensionError(res, 404, message, "NotFoundError");
  }
  // Uniqueness, cycles and references: the extension's 400 ValidationError. A retryable CONFLICT
  // (the write lock was not free in time, docs/design.md §5) stays a 409: trying again helps.
  if (failure.code === "CONFLICT" && !failure.extensions.retryable) return sendExtensionError(res, 400, failure.message, "ValidationError");
  if (error instanceof ExtensionValidationError) return sendExtensionError(res, 400, failure.message, "ValidationError");
  sendExtensionError(res, failure.status, failure.message);
}

function decoded(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new BadUserInputError(`The path segment "${segment}" is not valid URL encoding`);
  }
}

/** The body, JSON, checked against the route's schema (and, unless it is a whole import file, free of NUL and lone surrogates). */
async function bodyOf(route: ApiRoute, app: App, req: Parameters<Route["handle"]>[0]["req"]): Promise<unknown> {
  if (!route.body) return undefined;
  const raw = await readBody(req, app.config.bodyLimitBytes);
  let parsed: unknown;
  try {
    parsed = raw.trim() === "" ? undefined : JSON.parse(raw);
  } catch {
    throw new BadUserInputError("Invalid request payload JSON format");
  }
  const body = checkValue(parsed, route.body);
  const isFile = "type" in route.body && route.body.type === "object" && !route.body.properties;
  const found = isFile ? null : textProblemIn(body, "");
  if (found) throw new BadUserInputError(`Invalid input: ${found.path || "value"}: ${found.message}`, { field: found.path });
  return body;
}

/**
 * The extension's REST API (docs/design.md §14) in the router's table: one router entry per
 * path of EXTENSION_API, so that the router checks the method (405 with `allow`) and
 * authenticates on headers before any body is read, as for every route. Bearer tokens only, as
 * the extension took them: no console session (a cookie would let a sibling site's page post),
 * and the login hook's API key holds no scope of these routes.
 */
export function extensionApiRoutes(app: App, auth: EdgeAuthenticator): Route[] {
  const byPath = new Map<string, ApiRoute[]>();
  for (const route of EXTENSION_API) byPath.set(route.path, [...(byPath.get(route.path) ?? []), route]);
  const entries = [...byPath].map(([path, routes]): Route => {
    const pattern = new RegExp(`^${path.replace(/\{\w+\}/g, "([^/]+)")}$`);
    const names = [...path.matchAll(/\{(\w+)\}/g)].map(([, name]) => name);
    return {
      label: path.replace(/\{(\w+)\}/g, ":$1"),
      match: (pathname) => pattern.exec(pathname)?.slice(1) ?? null,
      methods: routes.map((route) => route.method),
      authenticate: routes.some((route) => route.scope !== null),
      sessions: false,
      logLevel: "info",
      async handle(request) {
        const { req, res, url, requestId } = request;
        const route = routes.find((candidate) => candidate.method === req.method)!;
        let ctx: RequestContext = { actor: NOBODY, loaders: createLoaders(app.db), requestId };
        if (route.scope !== null) {
          const read = await app.reader.read();
          const actor = await auth.confirm(req.headers, request.credential!, read);
          if (!actor.scopes.has(route.scope)) throw new ForbiddenError(`Insufficient scope: "${route.scope}" is required`, { scopes: [route.scope] });
          ctx = { ...ctx, actor, read };
        }
        const params = Object.fromEntries(names.map((name, i) => [name, decoded(request.params[i])]));
        const query = parseQuery(url.searchParams, route.query ?? {});
        const body = await bodyOf(route, app, req);
        const answer = await route.handle({ ctx, app, services: app.services, params, query, body });
        if (answer.status === 204) {
          res.writeHead(204, answer.headers ?? {});
          res.end();
        } else sendJson(res, answer.status, answer.body, answer.headers);
      },
      fail,
    };
  });
  // Any other path under /api: the extension's 404 body (platform routes such as /api/connections are not kept).
  entries.push({
    label: "/api/*",
    match: (pathname) => (pathname.startsWith("/api/") ? [] : null),
    authenticate: false,
    logLevel: "info",
    handle: async ({ res, url }) => sendExtensionError(res, 404, `No route ${url.pathname}`),
    fail,
  });
  return entries;
}
