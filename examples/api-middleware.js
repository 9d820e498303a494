/**
 * A minimal API middleware that reads the claims the Gatehouse post-login Action
 * (auth0-post-login-action.js) put into access tokens.
 *
 * `authenticate` verifies the bearer access token with jose against the identity provider's
 * JWKS (signature, issuer, audience, expiry) and sets `req.auth = { sub, permissions, roles,
 * groups, payload }` from the namespaced claims; `requirePermission("add:expense")` lets a
 * request through only when the token's permissions hold that name. Both have the
 * `(req, res, next)` signature, so they work in Express and, as in `createDemoServer` below, with
 * plain node:http. Failures answer 401 (no or bad token) or 403 (missing permission) with a JSON
 * body and a WWW-Authenticate header.
 *
 * Environment (see `optionsFromEnv`):
 *   IDP_ISSUER                the token issuer, e.g. https://YOUR_TENANT.eu.auth0.com/ (with the
 *                             trailing slash Auth0 puts in `iss`)
 *   IDP_JWKS_URL              optional; default `${IDP_ISSUER}.well-known/jwks.json`
 *   API_AUDIENCE              the API identifier the access token was requested for (`aud`)
 *   GATEHOUSE_CLAIM_NAMESPACE the claimNamespace configured in Gatehouse, e.g.
 *                             https://gatehouse.example.com/
 *
 * Express:
 *   const { createAuthMiddleware, requirePermission, optionsFromEnv } = require("./api-middleware");
 *   const authenticate = createAuthMiddleware(optionsFromEnv());
 *   app.post("/expenses", authenticate, requirePermission("add:expense"), handler);
 *
 * Demo (plain node:http): `node examples/api-middleware.js` serves GET /expenses
 * (view:own-expenses) and POST /expenses (add:expense) on PORT (default 3000).
 *
 * Needs `jose` (npm install jose); on Node ≥ 20.19 this CommonJS file can require it.
 */
const http = require("node:http");
const { createRemoteJWKSet, jwtVerify } = require("jose");

function optionsFromEnv(env = process.env) {
  const missing = ["IDP_ISSUER", "API_AUDIENCE", "GATEHOUSE_CLAIM_NAMESPACE"].filter((name) => !env[name]);
  if (missing.length > 0) throw new Error(`Set ${missing.join(", ")} (see examples/api-middleware.js)`);
  return {
    issuer: env.IDP_ISSUER,
    jwksUrl: env.IDP_JWKS_URL || new URL(".well-known/jwks.json", env.IDP_ISSUER.endsWith("/") ? env.IDP_ISSUER : `${env.IDP_ISSUER}/`).toString(),
    audience: env.API_AUDIENCE,
    claimNamespace: env.GATEHOUSE_CLAIM_NAMESPACE,
  };
}

/** Answers `status` with a JSON body; works on Express's and node:http's response objects. */
function refuse(res, status, error, description) {
  const challenge = status === 403 ? `Bearer error="insufficient_scope", error_description="${description}"` : `Bearer error="invalid_token", error_description="${description}"`;
  res.statusCode = status;
  res.setHeader("www-authenticate", challenge);
  res.setHeader("content-type", "application/json");
  res.end(JSON.stringify({ error, message: description }));
}

function listClaim(payload, name) {
  const value = payload[name];
  return Array.isArray(value) ? value.filter((v) => typeof v === "string") : [];
}

/**
 * @param {{ issuer: string, jwksUrl: string, audience: string, claimNamespace: string, algorithms?: string[] }} options
 * @returns {(req, res, next) => Promise<void>}
 */
function createAuthMiddleware(options) {
  const jwks = createRemoteJWKSet(new URL(options.jwksUrl));
  const algorithms = options.algorithms || ["RS256", "ES256", "PS256"];
  const namespace = options.claimNamespace;
  return async function authenticate(req, res, next) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization || "");
    if (!match) return refuse(res, 401, "unauthorized", "A bearer access token is required");
    let payload;
    try {
      ({ payload } = await jwtVerify(match[1], jwks, { issuer: options.issuer, audience: options.audience, algorithms }));
    } catch (error) {
      return refuse(res, 401, "unauthorized", `Invalid access token (${error.code || error.name})`);
    }
    req.auth = {
      sub: payload.sub,
      permissions: listClaim(payload, `${namespace}permissions`),
      roles: listClaim(payload, `${namespace}roles`),
      groups: listClaim(payload, `${namespace}groups`),
      payload,
    };
    return next();
  };
}

/** Lets the request through only when `req.auth.permissions` (set by authenticate) holds `permission`. */
function requirePermission(permission) {
  return function checkPermission(req, res, next) {
    if (!req.auth) return refuse(res, 401, "unauthorized", "A bearer access token is required");
    if (!req.auth.permissions.includes(permission)) return refuse(res, 403, "forbidden", `The permission ${permission} is required`);
    return next();
  };
}

/** Runs `(req, res, next)` handlers in order on plain node:http, like Express would. */
function chain(...handlers) {
  return (req, res) => {
    const run = (i) => {
      if (i < handlers.length)
        Promise.resolve(handlers[i](req, res, () => run(i + 1))).catch((error) => {
          console.error(error);
          if (!res.headersSent) res.statusCode = 500;
          res.end();
        });
    };
    run(0);
  };
}

/** The demo API: GET /expenses needs view:own-expenses, POST /expenses needs add:expense. */
function createDemoServer(options) {
  const authenticate = createAuthMiddleware(options);
  const routes = {
    "GET /expenses": chain(authenticate, requirePermission("view:own-expenses"), (req, res) => {
      res.setHeader("content-type", "application/json");
      res.end(JSON.stringify({ expenses: [], user: req.auth.sub }));
    }),
    "POST /expenses": chain(authenticate, requirePermission("add:expense"), (req, res) => {
      res.statusCode = 201;
      res.setHeader("content-type", "application/json");
      res.end(JSON.stringify({ created: true, by: req.auth.sub, roles: req.auth.roles }));
    }),
  };
  return http.createServer((req, res) => {
    const route = routes[`${req.method} ${new URL(req.url, "http://localhost").pathname}`];
    if (route) return route(req, res);
    res.statusCode = 404;
    res.end();
  });
}

module.exports = { createAuthMiddleware, requirePermission, optionsFromEnv, createDemoServer, chain };

if (require.main === module) {
  const port = Number(process.env.PORT || 3000);
  createDemoServer(optionsFromEnv()).listen(port, "127.0.0.1", () => console.log(`Demo API on http://127.0.0.1:${port}/expenses`));
}
