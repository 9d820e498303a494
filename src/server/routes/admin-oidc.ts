import type { IncomingMessage, ServerResponse } from "node:http";
import { OIDC_CALLBACK_PATH, OIDC_FLOW_COOKIE, OIDC_FLOW_SECONDS, OidcRefusal } from "../../auth/admin-oidc.service";
import { cookieValue } from "../../auth/admin-session.service";
import type { App } from "../app";
import { publicUrlOf } from "../config";
import { sendJson } from "../http-utils";
import { sessionCookie } from "./admin-session";
import { SECURITY_HEADERS } from "./console";
import { exactPath, Failure, Route } from "./route";

/** Where the console's sign-in button points. */
const START_PATH = "/admin/oidc/start";

/** The flow cookie's Path: sent to the callback only. */
const FLOW_COOKIE_PATH = "/admin/oidc";

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);

/** The refusal pages' stylesheet, served beside them (the console's CSP allows no inline style): the sign-in page's card, in plain CSS. */
const PAGE_CSS_PATH = "/admin/oidc/page.css";
const PAGE_CSS = `body{margin:0;min-height:100vh;display:flex;align-items:center;justify-content:center;font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1a1b1e;background:linear-gradient(180deg,#e7f5ff 0%,#f8f9fa 100%)}
main{box-sizing:border-box;width:min(560px,calc(100vw - 32px));padding:32px;background:#fff;border:1px solid #dee2e6;border-radius:8px;box-shadow:0 1px 3px rgba(0,0,0,.08)}
.brand{margin:0 0 8px;font-size:14px;font-weight:700;color:#1864ab}
h1{margin:0 0 16px;font-size:28px;line-height:1.2}
p{margin:0 0 16px;line-height:1.55}
a{display:inline-block;padding:8px 16px;border-radius:4px;background:#1864ab;color:#fff;font-weight:600;text-decoration:none}
a:focus-visible{outline:2px solid #1864ab;outline-offset:2px}
`;

/**
 * A page for a refused sign-in (the browser arrived here by a redirect, so it shows a page, not
 * JSON): the title, the reason and a link back to the sign-in page. No script; its stylesheet is
 * PAGE_CSS, served under the console's CSP.
 */
function sendPage(res: ServerResponse, status: number, title: string, message: string, headers: Record<string, string | string[]> = {}): void {
  const html = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)} · Gatehouse admin</title><link rel="stylesheet" href="${PAGE_CSS_PATH}"></head>
<body>
<main>
<p class="brand">Gatehouse admin</p>
<h1>${escapeHtml(title)}</h1>
<p>${escapeHtml(message)}</p>
<p><a href="/admin/login">Back to sign in</a></p>
</main>
</body>
</html>
`;
  res.writeHead(status, {
    ...SECURITY_HEADERS,
    "content-type": "text/html; charset=utf-8",
    "content-length": Buffer.byteLength(html),
    "cache-control": "no-store",
    ...headers,
  });
  res.end(html);
}

function failPage(res: ServerResponse, failure: Failure): void {
  sendPage(res, failure.status, failure.status >= 500 ? "Sign-in failed" : "Sign-in refused", failure.message);
}

/** `secure` when PUBLIC_URL is https, like the session cookie. */
function flowCookie(app: App, value: string, maxAgeSeconds: number): string {
  const secure = publicUrlOf(app.config).toLowerCase().startsWith("https:");
  return `${OIDC_FLOW_COOKIE}=${value}; HttpOnly; SameSite=Lax; Path=${FLOW_COOKIE_PATH}; Max-Age=${maxAgeSeconds}${secure ? "; Secure" : ""}`;
}

/**
 * `<PUBLIC_URL>/admin/oidc/callback`. Without PUBLIC_URL, http://HOST:<the port this request
 * came in on> (so that `PORT=0` works).
 */
function redirectUriOf(app: App, req: IncomingMessage): string {
  return `${publicUrlOf({ publicUrl: app.config.publicUrl, host: app.config.host, port: req.socket.localPort ?? app.config.port })}${OIDC_CALLBACK_PATH}`;
}

const NOT_CONFIGURED = "Sign-in with an identity provider is not configured on this Gatehouse (ADMIN_OIDC_ISSUER is unset); sign in with a login link.";

/**
 * Console sign-in, way 2 (docs/design.md §11), all unauthenticated:
 * - `GET /admin/oidc/config`: `{enabled: false}` or `{enabled: true, issuerHost, startUrl}`, for
 *   the sign-in page's "Sign in with <issuerHost>";
 * - `GET /admin/oidc/start`: sets the flow cookie and redirects (302) to the IdP;
 * - `GET /admin/oidc/callback`: the IdP's redirect back; a session cookie and 302 `/admin/`, or
 *   a page saying why the sign-in is refused.
 */
export function adminOidcRoutes(app: App): Route[] {
  const base = { methods: ["GET", "HEAD"], authenticate: false, logLevel: "info", fail: failPage } as const;
  return [
    {
      ...base,
      label: PAGE_CSS_PATH,
      match: exactPath(PAGE_CSS_PATH),
      async handle({ res }) {
        res.writeHead(200, {
          ...SECURITY_HEADERS,
          "content-type": "text/css; charset=utf-8",
          "content-length": Buffer.byteLength(PAGE_CSS),
          "cache-control": "public, max-age=3600",
        });
        res.end(PAGE_CSS);
      },
    },
    {
      ...base,
      label: "/admin/oidc/config",
      match: exactPath("/admin/oidc/config"),
      async handle({ res }) {
        const body = app.oidc ? { enabled: true, issuerHost: app.oidc.issuerHost, startUrl: START_PATH } : { enabled: false };
        sendJson(res, 200, body, { "cache-control": "no-store" });
      },
      fail(res, failure) {
        sendJson(res, failure.status, { errors: [{ message: failure.message, extensions: { code: failure.code, ...failure.extensions } }] }, { "cache-control": "no-store" });
      },
    },
    {
      ...base,
      // GET only: a HEAD (a link checker, a prefetch) must neither start nor spend a flow.
      methods: ["GET"],
      label: START_PATH,
      match: exactPath(START_PATH),
      async handle({ req, res }) {
        if (!app.oidc) return sendPage(res, 404, "Sign-in refused", NOT_CONFIGURED);
        try {
          const { flowSecret, authorizationUrl } = await app.oidc.start(redirectUriOf(app, req));
          res.writeHead(302, {
            ...SECURITY_HEADERS,
            location: authorizationUrl.href,
            "set-cookie": flowCookie(app, flowSecret, OIDC_FLOW_SECONDS),
            "cache-control": "no-store",
            "content-length": 0,
          });
          res.end();
        } catch (error) {
          if (!(error instanceof OidcRefusal)) throw error;
          sendPage(res, error.status, error.title, error.message);
        }
      },
    },
    {
      ...base,
      methods: ["GET"],
      label: OIDC_CALLBACK_PATH,
      match: exactPath(OIDC_CALLBACK_PATH),
      async handle({ req, res, url }) {
        if (!app.oidc) return sendPage(res, 404, "Sign-in refused", NOT_CONFIGURED);
        // The flow cookie is spent whatever the outcome: a flow completes at most once.
        const clearFlow = flowCookie(app, "", 0);
        try {
          const session = await app.oidc.finish(redirectUriOf(app, req), url.searchParams, cookieValue(req.headers.cookie, OIDC_FLOW_COOKIE));
          res.writeHead(302, {
            ...SECURITY_HEADERS,
            location: "/admin/",
            "set-cookie": [sessionCookie(app, session.sessionId, app.sessions.sessionSeconds), clearFlow],
            "cache-control": "no-store",
            "content-length": 0,
          });
          res.end();
        } catch (error) {
          if (!(error instanceof OidcRefusal)) throw error;
          sendPage(res, error.status, error.title, error.message, { "set-cookie": clearFlow });
        }
      },
    },
  ];
}
