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
 * A login made for an Auth0 Organization (`event.organization`) is asked for that organization:
 * the roles are the user's roles as a member there, the claims gain org_id and org_name, and a
 * user who is not a member there is denied with Gatehouse's reason.
 */

const DEFAULT_TIMEOUT_MS = 3000;

const QUERY = `query GatehouseLogin($userId: ID!, $clientId: ID!, $connection: String, $connectionGroups: [String!], $organizationId: ID) {
  authorizationContext(userId: $userId, clientId: $clientId, connection: $connection, connectionGroups: $connectionGroups, organizationId: $organizationId) {
    claims accessGranted denialReason warnings
  }
}`;

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

/** POSTs the authorizationContext query; resolves to its answer or throws (HTTP, GraphQL, timeout). */
async function askGatehouse(secrets, variables) {
  if (!secrets.GATEHOUSE_API_KEY) throw new Error("the GATEHOUSE_API_KEY secret is not set");
  const endpoint = endpointOf(secrets.GATEHOUSE_URL);
  const timeoutMs = timeoutOf(secrets.GATEHOUSE_TIMEOUT_MS);
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  try {
    const response = await fetch(endpoint, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/json", "x-api-key": secrets.GATEHOUSE_API_KEY },
      body: JSON.stringify({ query: QUERY, variables }),
      signal: controller.signal,
    });
    const body = await response.json().catch(() => null);
    if (body && Array.isArray(body.errors) && body.errors.length > 0) {
      const first = body.errors[0];
      const code = first.extensions && first.extensions.code;
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
    // Set only when the login is made for an Auth0 Organization.
    organizationId: (event.organization && event.organization.id) || null,
  };

  let context;
  try {
    context = await askGatehouse(secrets, variables);
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
};
