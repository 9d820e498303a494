import type { IncomingHttpHeaders } from "node:http";
import { authenticateRequest, RequestCredentials, sessionCookieOf } from "../auth/authenticate";
import type { LoginRead, LoginReader } from "../authorization/login-reader";
import type { Actor } from "../common/context";
import { UnauthenticatedError } from "../common/errors";

/** A request's caller and the revision of the configuration its credential was checked against. */
export interface Credential {
  actor: Actor;
  revision: number;
}

/** Whether the request's only credential is the console's session cookie. */
function isSessionOnly(headers: IncomingHttpHeaders): boolean {
  return headers.authorization === undefined && headers["x-api-key"] === undefined && sessionCookieOf(headers) !== undefined;
}

/**
 * Authentication at the HTTP edge, on headers alone (docs/design.md §5, §8.1): the credential is
 * checked against the configuration this process read last — no statement, no body read — and
 * confirmed once the request has made its own read. A refusal is only given against a fresh
 * read, so a key rotated by another instance is accepted at once. The console's session cookie
 * is the exception (docs/design.md §11): it is looked up in the database (one statement on the
 * primary key), so that a logout on any instance ends it on all of them, and its refusal is final.
 */
export class EdgeAuthenticator {
  constructor(
    private readonly reader: LoginReader,
    private readonly credentials: RequestCredentials,
  ) {}

  async authenticate(headers: IncomingHttpHeaders): Promise<Credential> {
    const latest = this.reader.latest;
    if (latest) {
      try {
        return { actor: await authenticateRequest(headers, latest.configuration, this.credentials), revision: latest.revision };
      } catch (error) {
        if (!(error instanceof UnauthenticatedError)) throw error;
        // A session was looked up in the database already: a fresh configuration changes nothing.
        if (isSessionOnly(headers)) throw error;
      }
    }
    const fresh = await this.reader.read();
    return { actor: await authenticateRequest(headers, fresh.configuration, this.credentials), revision: fresh.revision };
  }

  /**
   * The caller as of the request's own read: the same actor when the credential was checked at
   * that revision, otherwise checked again against the configuration read (UNAUTHENTICATED when a
   * commit since has revoked it).
   */
  async confirm(headers: IncomingHttpHeaders, credential: Credential, read: LoginRead): Promise<Actor> {
    if (read.revision === credential.revision) return credential.actor;
    const actor = await authenticateRequest(headers, read.configuration, this.credentials);
    credential.actor = actor;
    credential.revision = read.revision;
    return actor;
  }
}
