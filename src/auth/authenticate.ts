import type { IncomingHttpHeaders } from "node:http";
import type { Actor } from "../common/context";
import { UnauthenticatedError } from "../common/errors";
import type { Configuration } from "../configuration/configuration.entity";
import { API_KEY_ACTOR, ApiKeyService } from "./api-key.service";
import { TokenService } from "./token.service";

/**
 * The caller of an HTTP request: a bearer JWT in `Authorization`, or — when that header is
 * absent — the login-hook API key in `x-api-key` (which the auth checker confines to the login
 * operations). UNAUTHENTICATED says what is wrong otherwise.
 */
export async function authenticateRequest(
  headers: IncomingHttpHeaders,
  configuration: Configuration,
  credentials: { apiKeys: ApiKeyService; tokens: TokenService },
): Promise<Actor> {
  const header = headers.authorization;
  const apiKey = headers["x-api-key"];
  if (!header && typeof apiKey === "string") {
    if (await credentials.apiKeys.verify(apiKey, configuration)) return API_KEY_ACTOR;
    throw new UnauthenticatedError("Invalid API key");
  }
  if (!header) throw new UnauthenticatedError();
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!match) throw new UnauthenticatedError("Invalid Authorization header: expected Bearer <token>");
  return credentials.tokens.verify(match[1], configuration);
}
