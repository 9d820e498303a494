import type { IncomingHttpHeaders } from "node:http";
import type { Actor } from "../common/context";
import { UnauthenticatedError } from "../common/errors";
import type { Configuration } from "../configuration/configuration.entity";
import { AdminSessionService, cookieValue, SESSION_COOKIE } from "./admin-session.service";
import { API_KEY_ACTOR, ApiKeyService } from "./api-key.service";
import { TokenService } from "./token.service";

/** The credentials an HTTP request may carry; `sessions` absent: the console's cookie is not accepted. */
export interface RequestCredentials {
  apiKeys: ApiKeyService;
  tokens: TokenService;
  sessions?: AdminSessionService;
}

/** The console session cookie's value, when the request carries one. */
export function sessionCookieOf(headers: IncomingHttpHeaders): string | undefined {
  return cookieValue(headers.cookie, SESSION_COOKIE);
}

/**
 * The caller of an HTTP request: a bearer JWT in `Authorization`, or — when that header is
 * absent — the login-hook API key in `x-api-key` (which the auth checker confines to the login
 * operations), or — when both are absent — the admin console's session cookie (docs/design.md
 * §11; looked up in the database, so a logout anywhere ends it here). UNAUTHENTICATED says what
 * is wrong otherwise.
 */
export async function authenticateRequest(headers: IncomingHttpHeaders, configuration: Configuration, credentials: RequestCredentials): Promise<Actor> {
  const header = headers.authorization;
  const apiKey = headers["x-api-key"];
  if (!header && typeof apiKey === "string") {
    if (await credentials.apiKeys.verify(apiKey, configuration)) return API_KEY_ACTOR;
    throw new UnauthenticatedError("Invalid API key");
  }
  if (!header && apiKey === undefined && credentials.sessions) {
    const session = sessionCookieOf(headers);
    if (session !== undefined) return credentials.sessions.verify(session);
  }
  if (!header) throw new UnauthenticatedError();
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!match) throw new UnauthenticatedError("Invalid Authorization header: expected Bearer <token>");
  return credentials.tokens.verify(match[1], configuration);
}
