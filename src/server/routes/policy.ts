import { mayAuthorize } from "../../authorization/authorization.service";
import { BadUserInputError, ForbiddenError } from "../../common/errors";
import { LIMITS } from "../../common/limits";
import { createLoaders } from "../../context/loaders";
import { LoginProfile, profileProblems } from "../../users/user-profile";
import { RequestContext } from "../../context/request-context";
import type { App } from "../app";
import type { EdgeAuthenticator } from "../edge-auth";
import { sendExtensionError } from "../extension-api/error-body";
import { readBody, sendJson } from "../http-utils";
import { actorOf, Failure, Route } from "./route";

/** `POST /api/users/{userId}/policy/{clientId}`, the Auth0 extension's policy route. */
export const POLICY_ROUTE = /^\/api\/users\/([^/]+)\/policy\/([^/]+)$/;

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

/** The body's `organizationId`: absent or null for a login without an organization, otherwise a string of 1–LIMITS.id characters. */
function parseOrganizationId(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== "string" || value.length === 0 || value.length > LIMITS.id) {
    throw new BadUserInputError(`"organizationId" must be a string of 1 to ${LIMITS.id} characters (omit it for a login without an organization)`);
  }
  return value;
}

/** The body as a JSON object, or BAD_USER_INPUT saying why not. */
async function readObject(req: Parameters<typeof readBody>[0], limit: number): Promise<Record<string, unknown>> {
  const raw = await readBody(req, limit);
  let parsed: unknown;
  try {
    parsed = raw ? JSON.parse(raw) : {};
  } catch {
    throw new BadUserInputError("The body is not valid JSON");
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) throw new BadUserInputError("The body must be a JSON object");
  return parsed as Record<string, unknown>;
}

/**
 * The REST body's `email` and `name` as a login profile, with the login's connection; none when
 * the body names neither (an extension rule's body, unchanged, writes nothing: docs/design.md §14.1).
 */
function profileOf(body: Record<string, unknown>, connectionName: string): LoginProfile | null {
  const email = typeof body.email === "string" && body.email !== "" ? body.email : null;
  const name = typeof body.name === "string" && body.name !== "" ? body.name : null;
  // A connection name longer than a user's connection column (mappings allow one more character) is not stored.
  return email === null && name === null ? null : { email, name, connection: connectionName.length <= LIMITS.userText ? connectionName : null };
}

/**
 * Answers `{groups, roles, permissions}` exactly as the extension's policy endpoint did, through
 * the same `authorize` command as `authorizationContext`, so an existing extension rule keeps
 * working. The user is in the path: its rows are read with the revision in one statement.
 */
export function policyRoute(app: App, auth: EdgeAuthenticator): Route {
  return {
    label: "/api/users/:userId/policy/:clientId",
    match: (pathname) => POLICY_ROUTE.exec(pathname)?.slice(1) ?? null,
    methods: ["POST"],
    authenticate: true,
    // The login hook's endpoint: a console session is no credential here. Unlike /graphql
    // (Apollo's CSRF prevention) it parses any body (docs/design.md §11).
    sessions: false,
    logLevel: "info",
    async handle(request) {
      const { req, res, params, requestId } = request;
      const userId = decodeOrNull(params[0]);
      // The body first (the router has authenticated the headers): a login for an organization
      // reads the user's organizations in the request's one statement (docs/design.md §8.1). A
      // body that is not an object is refused only after the credential is confirmed, as before.
      const parsed = await readObject(req, app.config.bodyLimitBytes).then(
        (value) => ({ value, error: null }),
        (error: unknown) => ({ value: null, error }),
      );
      const named = parsed.value?.organizationId;
      const read = await app.reader.read(userId ?? undefined, typeof named === "string" ? named : undefined);
      const actor = await auth.confirm(req.headers, request.credential!, read);
      if (!mayAuthorize(actor)) throw new ForbiddenError('Insufficient scope: "read:authorization" is required');
      if (parsed.error !== null) throw parsed.error;
      const body = parsed.value as Record<string, unknown>;
      const { connectionName } = body;
      if (typeof connectionName !== "string" || connectionName.length === 0) throw new BadUserInputError('"connectionName" is required and must be a non-empty string');
      if (connectionName.length > LIMITS.mappingName) throw new BadUserInputError(`"connectionName" must be at most ${LIMITS.mappingName} characters`);
      const groups = parseGroups(body.groups);
      if (!groups) throw new BadUserInputError('"groups" must be an array of strings or a comma/space separated string');
      const profileFields = profileProblems({ email: body.email, name: body.name }, "");
      if (profileFields.length > 0)
        throw new BadUserInputError(`"${profileFields[0].field}": ${profileFields[0].message}`, { field: profileFields[0].field, fields: profileFields });
      // Any number of groups the body limit allows: the extension had no cap, and its rule fails the login on any non-200.
      const organizationId = parseOrganizationId(body.organizationId);
      const clientId = decodeOrNull(params[1]);
      if (userId === null || clientId === null) throw new BadUserInputError("The user id or client id in the path is not valid URL encoding");
      const ctx: RequestContext = { actor: actorOf(request), loaders: createLoaders(app.db), requestId, read };
      const answer = await app.services.authorization.authorize(ctx, {
        userId,
        clientId,
        connection: connectionName,
        connectionGroups: groups,
        organizationId,
        profile: profileOf(body, connectionName),
      });
      // The extension's three keys; an organization login (docs/design.md §12) also says for which organization and whether it was granted.
      const extra = organizationId ? { organization: answer.organization, accessGranted: answer.accessGranted, denialReason: answer.denialReason } : {};
      // `validUntil` (docs/design.md §13): always present, an ISO 8601 instant or null; the extension's rules ignore unknown keys.
      const validUntil = answer.validUntil === null ? null : answer.validUntil.toISOString();
      sendJson(res, 200, { groups: answer.groups, roles: answer.roles, permissions: answer.permissions, ...extra, validUntil });
    },
    fail(res, failure: Failure) {
      // The extension answered every credential problem of its rule's call the same way.
      if (failure.status === 401) return sendExtensionError(res, 401, "Invalid API Key");
      if (failure.status === 405) return sendExtensionError(res, 405, "Use POST");
      sendExtensionError(res, failure.status, failure.message);
    },
  };
}
