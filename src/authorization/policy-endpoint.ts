import { IncomingMessage, ServerResponse } from "node:http";
import { authenticateRequest } from "../auth/authenticate";
import { Actor } from "../common/context";
import { GatehouseError, UnauthenticatedError } from "../common/errors";
import { LIMITS } from "../common/limits";
import { App } from "../server/app";
import { PayloadTooLarge, readBody, sendJson } from "../server/http-utils";
import { createLoaders } from "../server/loaders";

/** `POST /api/users/{userId}/policy/{clientId}`, the Auth0 extension's policy route. */
export const POLICY_ROUTE = /^\/api\/users\/([^/]+)\/policy\/([^/]+)$/;

/** The extension's error body: `{statusCode, error, message}`. */
function fail(res: ServerResponse, statusCode: number, message: string): void {
  const error = { 400: "Bad Request", 401: "Unauthorized", 403: "Forbidden", 404: "Not Found", 405: "Method Not Allowed", 413: "Payload Too Large" }[statusCode] ?? "Internal Server Error";
  sendJson(res, statusCode, { statusCode, error, message });
}

function decodeOrNull(segment: string): string | null {
  try {
    return decodeURIComponent(segment);
  } catch {
    return null;
  }
}

/** `groups` may be an array or a comma/space separated string (both seen from extension rules). */
function parseGroups(value: unknown): string[] | null {
  if (value === undefined || value === null) return [];
  if (typeof value === "string") return value.split(/[\s,]+/).filter(Boolean);
  if (Array.isArray(value) && value.every((v) => typeof v === "string")) return value;
  return null;
}

/**
 * Answers `{groups, roles, permissions}` exactly as the extension's policy endpoint did (the same
 * computation as `authorizationContext`), so an existing extension rule keeps working.
 */
export async function handlePolicyRequest(app: App, req: IncomingMessage, res: ServerResponse, match: RegExpExecArray, requestId: string): Promise<void> {
  if (req.method !== "POST") return fail(res, 405, "Use POST");
  // The user is in the path, so a plain id is read with the model revision in one statement.
  const plainUserId = decodeOrNull(match[1]);
  const snapshot = plainUserId === null ? await app.configuration.snapshot() : await app.configuration.snapshotFor(plainUserId);
  let actor: Actor;
  try {
    actor = await authenticateRequest(req.headers, snapshot.configuration, { apiKeys: app.services.apiKeys, tokens: app.tokens });
  } catch (error) {
    // The extension answered every credential problem of its rule's call the same way.
    if (error instanceof UnauthenticatedError) return fail(res, 401, "Invalid API Key");
    throw error;
  }
  if (actor.kind === "token" && !actor.scopes.has("read:authorization")) return fail(res, 403, 'Insufficient scope: "read:authorization" is required');

  let body: Record<string, unknown>;
  try {
    const raw = await readBody(req, app.config.bodyLimitBytes);
    const parsed: unknown = raw ? JSON.parse(raw) : {};
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) return fail(res, 400, "The body must be a JSON object");
    body = parsed as Record<string, unknown>;
  } catch (error) {
    if (error instanceof PayloadTooLarge) return fail(res, 413, `Request body exceeds ${app.config.bodyLimitBytes} bytes`);
    return fail(res, 400, "The body is not valid JSON");
  }
  const { connectionName } = body;
  if (typeof connectionName !== "string" || connectionName.length === 0) return fail(res, 400, '"connectionName" is required and must be a non-empty string');
  if (connectionName.length > LIMITS.mappingName) return fail(res, 400, `"connectionName" must be at most ${LIMITS.mappingName} characters`);
  const groups = parseGroups(body.groups);
  if (!groups) return fail(res, 400, '"groups" must be an array of strings or a comma/space separated string');
  if (groups.length > LIMITS.idpValues) return fail(res, 400, `"groups" may hold at most ${LIMITS.idpValues} entries`);

  const userId = plainUserId;
  const clientId = decodeOrNull(match[2]);
  if (userId === null || clientId === null) return fail(res, 400, "The user id or client id in the path is not valid URL encoding");
  try {
    const ctx = { actor, loaders: createLoaders(app.db), requestId, snapshot };
    const answer = await app.services.authorization.context(ctx, { userId, clientId, connection: connectionName, connectionGroups: groups });
    sendJson(res, 200, { groups: answer.groups, roles: answer.roles, permissions: answer.permissions });
  } catch (error) {
    if (error instanceof GatehouseError) return fail(res, error.httpStatus, error.message);
    throw error;
  }
}
