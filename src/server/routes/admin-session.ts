import type { IncomingMessage, ServerResponse } from "node:http";
import { sessionCookieOf } from "../../auth/authenticate";
import { SESSION_COOKIE } from "../../auth/admin-session.service";
import { BadUserInputError } from "../../common/errors";
import type { App } from "../app";
import { publicUrlOf } from "../config";
import { PayloadTooLarge, readBody, sendJson } from "../http-utils";
import { exactPath, Failure, Route } from "./route";

/** Largest body of a trade or a logout: a code is 43 characters. */
const BODY_BYTES = 4 * 1024;

/** GraphQL's error shape, so that the console handles one kind of refusal (docs/design.md §4.3). */
function graphqlFail(res: ServerResponse, failure: Failure): void {
  sendJson(res, failure.status, { errors: [{ message: failure.message, extensions: { code: failure.code, ...failure.extensions } }] }, { "cache-control": "no-store" });
}

/**
 * Both POSTs need `content-type: application/json`: a cross-site HTML form can only send
 * urlencoded, multipart or text/plain bodies, so it cannot trade a code or end a session (CSRF;
 * docs/design.md §11). Answered 415 before the body is read.
 */
function requireJson(req: IncomingMessage, res: ServerResponse): boolean {
  const type = (req.headers["content-type"] ?? "").split(";")[0].trim().toLowerCase();
  if (type === "application/json") return true;
  graphqlFail(res, { status: 415, code: "BAD_USER_INPUT", message: "Send the request with content-type: application/json", extensions: {} });
  return false;
}

/** The body, or null when it was larger than BODY_BYTES (answered 413 here: the router's message names BODY_LIMIT_BYTES). */
async function smallBody(req: IncomingMessage, res: ServerResponse): Promise<string | null> {
  try {
    return await readBody(req, BODY_BYTES);
  } catch (error) {
    if (!(error instanceof PayloadTooLarge)) throw error;
    graphqlFail(res, { status: 413, code: "BAD_USER_INPUT", message: `Request body exceeds ${BODY_BYTES} bytes`, extensions: {} });
    return null;
  }
}

/** The session cookie's attributes: HttpOnly, SameSite=Strict, Path=/, Secure when PUBLIC_URL is https. */
export function sessionCookie(app: App, value: string, maxAgeSeconds: number): string {
  const secure = publicUrlOf(app.config).toLowerCase().startsWith("https:");
  return `${SESSION_COOKIE}=${value}; HttpOnly; SameSite=Strict; Path=/; Max-Age=${maxAgeSeconds}${secure ? "; Secure" : ""}`;
}

/**
 * `POST /admin/session` with `{"code": "…"}`: trades a login link's one-time code for a console
 * session (docs/design.md §11). 200 `{subject, scopes, expiresAt}` and the cookie
 * `gatehouse_session`; an unknown, used or expired code is 401 UNAUTHENTICATED; a bad body is 400
 * BAD_USER_INPUT naming the field.
 */
export function adminSessionRoute(app: App): Route {
  return {
    label: "/admin/session",
    match: exactPath("/admin/session"),
    methods: ["POST"],
    authenticate: false,
    logLevel: "info",
    async handle({ req, res }) {
      if (!requireJson(req, res)) return;
      const raw = await smallBody(req, res);
      if (raw === null) return;
      let body: unknown;
      try {
        body = JSON.parse(raw);
      } catch {
        throw new BadUserInputError('Request body is not valid JSON: send {"code": "<the login link\'s code>"}', { field: "code" });
      }
      const code = body !== null && typeof body === "object" && !Array.isArray(body) ? (body as { code?: unknown }).code : undefined;
      if (typeof code !== "string" || code.length === 0)
        throw new BadUserInputError('"code" is required and must be a non-empty string (the login link\'s code)', { field: "code" });
      if (code.length > 256) throw new BadUserInputError('"code" must be at most 256 characters', { field: "code" });
      const session = await app.sessions.trade(code);
      sendJson(
        res,
        200,
        { subject: session.subject, scopes: session.scopes, expiresAt: session.expiresAt.toISOString() },
        { "set-cookie": sessionCookie(app, session.sessionId, app.sessions.sessionSeconds), "cache-control": "no-store" },
      );
    },
    fail: graphqlFail,
  };
}

/** `POST /admin/logout`: deletes the session (on every instance at once: they all read it from the database) and clears the cookie; 204. */
export function adminLogoutRoute(app: App): Route {
  return {
    label: "/admin/logout",
    match: exactPath("/admin/logout"),
    methods: ["POST"],
    authenticate: false,
    logLevel: "info",
    async handle({ req, res }) {
      if (!requireJson(req, res)) return;
      if ((await smallBody(req, res)) === null) return;
      const session = sessionCookieOf(req.headers);
      if (session !== undefined) await app.sessions.end(session);
      res.writeHead(204, { "set-cookie": sessionCookie(app, "", 0), "cache-control": "no-store" });
      res.end();
    },
    fail: graphqlFail,
  };
}
