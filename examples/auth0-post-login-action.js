/**
 * Auth0 post-login Action: asks Gatehouse which groups, roles and permissions the user holds for
 * the application they are logging in to, puts the namespaced claims Gatehouse returns into the
 * ID token and the access token, and denies the login when the application's required roles
 * are missing.
 *
 * Runtime: Node 18 or later (uses the global fetch and AbortController); no npm dependencies.
 * Trigger: Login / Post Login.
 *
 * Secrets (Actions → this Action → Secrets):
 *   GATEHOUSE_URL         Gatehouse's GraphQL endpoint, e.g. https://gatehouse.example.com/graphql
 *                         (a URL without the /graphql path gets it appended).
 *   GATEHOUSE_API_KEY     a login-hook key from `gatehouse apikey rotate` (or the rotateApiKey
 *                         mutation); it may call authorizationContext and nothing else.
 *   GATEHOUSE_TIMEOUT_MS  optional; how long to wait for Gatehouse, default 3000.
 *   GATEHOUSE_FAIL_OPEN   optional; "true" lets logins continue WITHOUT claims when Gatehouse
 *                         cannot be asked (error, timeout, bad key). Default: fail closed — the
 *                         login is denied with "Authorization service unavailable".
 *
 * Which claims are set is decided in Gatehouse: updateConfiguration { claimNamespace,
 * groupsInToken, rolesInToken, permissionsInToken }. Every key of the answer's `claims` is copied
 * to both tokens as is (e.g. "https://gatehouse.example.com/permissions": ["add:expense"]).
 *
 * The directory: the Action sends the user's e-mail, name and connection as `profile`, and
 * Gatehouse updates its record of the user when they changed (nothing is written when they did
 * not). If Gatehouse refuses the profile (an address it does not accept), the Action asks again
 * without it rather than fail the login.
 *
 * app_metadata: with a persist switch on (updateConfiguration { persistGroups, persistRoles,
 * persistPermissions }), the answer's `persisted` holds the selected lists and the Action writes
 * them with api.user.setAppMetadata("authorization", …), as the extension's rule did — but
 * without its two bugs: other keys under app_metadata.authorization are kept (#271), and each
 * application has its own entry under `applications` (#131):
 *
 *   app_metadata.authorization = {
 *     groups, roles, permissions,            // this login's lists: the extension's shape, for
 *                                            // readers written against it (last application wins)
 *     applications: { "<client id>": { groups, roles, permissions }, … },  // one per application
 *     …                                      // any other key, untouched
 *   }
 *
 * Only the switched-on lists are written, and nothing is written when they did not change (each
 * write is a Management API call: Auth0 rate-limits them).
 *
 * A login made for an Auth0 Organization (`event.organization`) is asked for that organization:
 * the roles are the user's roles as a member there, the claims gain org_id and org_name, and a
 * user who is not a member there is denied with Gatehouse's reason.
 *
 * Time-bound grants (docs/design.md §13): the answer's `validUntil` is the next instant at which
 * a membership or role of the user starts or ends (null: none ahead). The Action then
 *   - sets the claim `<namespace>valid_until` (ISO 8601) on both tokens, so that the application
 *     can re-authenticate the user at that instant instead of acting on claims that went stale
 *     (the namespace is the one of Gatehouse's other claims; with no other claim, the secret
 *     GATEHOUSE_VALID_UNTIL_CLAIM names the claim, default "gatehouse_valid_until");
 *   - ends the Auth0 session then, with api.session.setExpiresAt (Auth0's post-login session
 *     management; only moved earlier, never later than the session's own expiry). Where the
 *     tenant offers no api.session (other flows, plans without session management) the Action
 *     skips it and the claim alone tells the application. A refresh-token exchange runs this
 *     Action again, so refreshed tokens carry the answer of that moment.
 * An older Gatehouse without `validUntil` is asked again without it, and then without it for as
 * long as Auth0 keeps this Action loaded (no log line: it would repeat at every login).
 */

const DEFAULT_TIMEOUT_MS = 3000;

const FIELDS = "claims accessGranted denialReason warnings persisted";

/** The query, with `validUntil` (time-bound grants) unless this Gatehouse predates it. */
function queryOf(withValidUntil) {
  return `query GatehouseLogin($userId: ID!, $clientId: ID!, $connection: String, $connectionGroups: [String!], $profile: LoginProfileInput, $organizationId: ID) {
  authorizationContext(userId: $userId, clientId: $clientId, connection: $connection, connectionGroups: $connectionGroups, profile: $profile, organizationId: $organizationId) {
    ${withValidUntil ? `${FIELDS} validUntil` : FIELDS}
  }
}`;
}

/** The suffixes Gatehouse puts after its claim namespace. */
const CLAIM_SUFFIXES = ["groups", "roles", "permissions", "org_id", "org_name", "org_metadata"];

/** The claim carrying validUntil: in the namespace of Gatehouse's other claims, or the secret's name. */
function validUntilClaimOf(claims, secrets) {
  for (const key of Object.keys(claims || {})) {
    const suffix = CLAIM_SUFFIXES.find((s) => key.endsWith(s));
    if (suffix && key.length > suffix.length) return `${key.slice(0, key.length - suffix.length)}valid_until`;
  }
  return String(secrets.GATEHOUSE_VALID_UNTIL_CLAIM || "").trim() || "gatehouse_valid_until";
}

/**
 * Ends the Auth0 session at `validUntil` where the Action API offers it (api.session.setExpiresAt,
 * epoch milliseconds), only ever earlier than the session's own expiry.
 */
function endSessionAt(event, api, validUntil) {
  if (!api.session || typeof api.session.setExpiresAt !== "function") return false;
  const at = Date.parse(validUntil);
  const current = event.session && event.session.expires_at ? Date.parse(event.session.expires_at) : NaN;
  if (!Number.isFinite(at) || (Number.isFinite(current) && current <= at)) return false;
  api.session.setExpiresAt(at);
  return true;
}

const LISTS = ["groups", "roles", "permissions"];

/** What the login knows of the user: only the fields Auth0 has (an absent one keeps Gatehouse's value). */
function profileOf(event) {
  const profile = {};
  const user = event.user || {};
  if (typeof user.email === "string" && user.email) profile.email = user.email;
  if (typeof user.name === "string" && user.name) profile.name = user.name;
  if (event.connection && typeof event.connection.name === "string" && event.connection.name) profile.connection = event.connection.name;
  return Object.keys(profile).length > 0 ? profile : null;
}

function isObject(value) {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function sameLists(a, b) {
  return JSON.stringify(a === undefined ? null : a) === JSON.stringify(b === undefined ? null : b);
}

/**
 * The new app_metadata.authorization: `current` with this login's lists on top and in this
 * application's entry; every other key and every other application's entry kept. Null when
 * nothing would change.
 */
function nextAuthorization(current, clientId, persisted) {
  const base = isObject(current) ? current : {};
  const applications = isObject(base.applications) ? base.applications : {};
  const entry = {};
  for (const list of LISTS) if (Array.isArray(persisted[list])) entry[list] = persisted[list];
  const next = { ...base, ...entry, applications: { ...applications, [clientId]: entry } };
  const unchanged = LISTS.every((list) => sameLists(base[list], next[list])) && JSON.stringify(applications[clientId]) === JSON.stringify(entry);
  return unchanged ? null : next;
}

/** The identity provider's groups: an array, or a comma/space separated string (both occur). */
function connectionGroupsOf(user) {
  const groups = user && user.groups;
  if (Array.isArray(groups)) return groups.filter((g) => typeof g === "string" && g.length > 0);
  if (typeof groups === "string") return groups.split(/[\s,]+/).filter(Boolean);
  return [];
}

function endpointOf(url) {
  const trimmed = String(url || "")
    .trim()
    .replace(/\/+$/, "");
  if (!trimmed) throw new Error("the GATEHOUSE_URL secret is not set");
  return /\/graphql$/.test(trimmed) ? trimmed : `${trimmed}/graphql`;
}

function timeoutOf(value) {
  const ms = Number(value);
  return value !== undefined && value !== "" && Number.isFinite(ms) && ms > 0 ? ms : DEFAULT_TIMEOUT_MS;
}

/** Gatehouse refused the profile (BAD_USER_INPUT naming a profile field): worth asking again without it. */
class ProfileRefused extends Error {}

/** False once Gatehouse refused `validUntil` (a version before time-bound grants); kept while Auth0 keeps the module loaded. */
let gatehouseHasValidUntil = true;

/** This Gatehouse has no `validUntil` yet (it predates time-bound grants): worth asking again without it. */
class NoValidUntil extends Error {}

/** POSTs the authorizationContext query; resolves to its answer or throws (HTTP, GraphQL, timeout). */
async function askGatehouse(secrets, variables, withValidUntil = true) {
  if (!secrets.GATEHOUSE_API_KEY) throw new Error("the GATEHOUSE_API_KEY secret is not set");
  const endpoint = endpointOf(secrets.GATEHOUSE_URL);
  const timeoutMs = timeoutOf(secrets.GATEHOUSE_TIMEOUT_MS);
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  try {
    const response = await fetch(endpoint, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/json", "x-api-key": secrets.GATEHOUSE_API_KEY },
      body: JSON.stringify({ query: queryOf(withValidUntil), variables }),
      signal: controller.signal,
    });
    const body = await response.json().catch(() => null);
    if (body && Array.isArray(body.errors) && body.errors.length > 0) {
      const first = body.errors[0];
      const code = first.extensions && first.extensions.code;
      const field = first.extensions && first.extensions.field;
      if (code === "BAD_USER_INPUT" && typeof field === "string" && field.startsWith("profile")) throw new ProfileRefused(first.message);
      // Gatehouse answers a field it does not know as BAD_USER_INPUT ("Cannot query field …").
      if (withValidUntil && /Cannot query field "validUntil"/.test(String(first.message))) throw new NoValidUntil(first.message);
      throw new Error(`Gatehouse answered HTTP ${response.status}${code ? ` ${code}` : ""}: ${first.message}`);
    }
    if (!response.ok || !body || !body.data || !body.data.authorizationContext) {
      throw new Error(`Gatehouse answered HTTP ${response.status} without an authorization context`);
    }
    return body.data.authorizationContext;
  } catch (error) {
    if (controller.signal.aborted) throw new Error(`Gatehouse did not answer within ${timeoutMs} ms`);
    throw error;
  } finally {
    clearTimeout(timer);
  }
}

/**
 * @param {Event} event - Details about the user and the context in which they are logging in.
 * @param {PostLoginAPI} api - Interface whose methods can be used to change the behavior of the login.
 */
exports.onExecutePostLogin = async (event, api) => {
  const secrets = event.secrets || {};
  const variables = {
    userId: event.user.user_id,
    clientId: event.client.client_id,
    connection: (event.connection && event.connection.name) || null,
    connectionGroups: connectionGroupsOf(event.user),
    profile: profileOf(event),
    // Set only when the login is made for an Auth0 Organization.
    organizationId: (event.organization && event.organization.id) || null,
  };

  let context;
  const ask = async (vars) => {
    try {
      return await askGatehouse(secrets, vars, gatehouseHasValidUntil);
    } catch (error) {
      if (!(error instanceof NoValidUntil)) throw error;
      gatehouseHasValidUntil = false;
      return askGatehouse(secrets, vars, false);
    }
  };
  try {
    try {
      context = await ask(variables);
    } catch (error) {
      if (!(error instanceof ProfileRefused)) throw error;
      console.log(`Gatehouse refused the user's profile (${error.message}); asking again without it.`);
      context = await ask({ ...variables, profile: null });
    }
  } catch (error) {
    const failOpen =
      String(secrets.GATEHOUSE_FAIL_OPEN || "")
        .trim()
        .toLowerCase() === "true";
    const message = error instanceof Error ? error.message : String(error);
    if (failOpen) {
      console.log(`Gatehouse: ${message}; GATEHOUSE_FAIL_OPEN is true, so the login continues without authorization claims.`);
      return;
    }
    console.log(`Gatehouse: ${message}; denying the login (set the secret GATEHOUSE_FAIL_OPEN=true to let logins continue without claims).`);
    api.access.deny("Authorization service unavailable");
    return;
  }

  for (const warning of context.warnings || []) console.log(`Gatehouse warning: ${warning}`);
  if (!context.accessGranted) {
    api.access.deny(context.denialReason || "Access denied");
    return;
  }
  for (const [claim, value] of Object.entries(context.claims || {})) {
    api.idToken.setCustomClaim(claim, value);
    api.accessToken.setCustomClaim(claim, value);
  }
  if (typeof context.validUntil === "string" && context.validUntil) {
    // A grant starts or ends then: the application re-authenticates, the session ends (where Auth0 allows).
    const claim = validUntilClaimOf(context.claims, secrets);
    api.idToken.setCustomClaim(claim, context.validUntil);
    api.accessToken.setCustomClaim(claim, context.validUntil);
    endSessionAt(event, api, context.validUntil);
  }
  if (isObject(context.persisted)) {
    const appMetadata = isObject(event.user.app_metadata) ? event.user.app_metadata : {};
    const next = nextAuthorization(appMetadata.authorization, variables.clientId, context.persisted);
    if (next) api.user.setAppMetadata("authorization", next);
  }
};
