/**
 * A provisioning script written the way scripts for the Auth0 Authorization Extension's API were
 * (its `scripts/authz-api.js`, its integration tests): plain REST calls against `/api`, looking
 * records up by name so that it can run again. It works unchanged against the extension and
 * against Gatehouse, which keeps that API (docs/design.md §14).
 *
 * It builds a small expense-tool model: permissions and roles of one application, a nested group
 * tree, members, group roles, a direct role, and an Active Directory mapping.
 *
 * Environment:
 *   AUTHZ_API_URL    the API's base URL: Gatehouse's origin plus /api
 *                    (e.g. https://gatehouse.example.com/api), or the extension's
 *                    https://<tenant>.<region>.webtask.io/adf6e2f2b84784b57522e3b19dfc9201/api
 *   AUTHZ_API_TOKEN  a bearer token with create/read/update of groups, roles and permissions
 *                    (Gatehouse: `npx gatehouse token create --scopes "…"`)
 *
 * Run: AUTHZ_API_URL=… AUTHZ_API_TOKEN=… node examples/extension-provisioning.js
 * Needs Node ≥ 18 (global fetch), no npm packages.
 */

/** The Auth0 client id of the application the roles and permissions are for. */
const CLIENT_ID = "client-expense-tool";

function settings(env = process.env) {
  const missing = ["AUTHZ_API_URL", "AUTHZ_API_TOKEN"].filter((name) => !env[name]);
  if (missing.length > 0) throw new Error(`Set ${missing.join(" and ")} (see examples/extension-provisioning.js)`);
  return { baseUrl: env.AUTHZ_API_URL.replace(/\/+$/, ""), token: env.AUTHZ_API_TOKEN };
}

/** One API call; a non-2xx answer throws with the extension's `{statusCode, error, message}`. */
async function call(api, method, path, body) {
  const response = await fetch(`${api.baseUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${api.token}`, ...(body === undefined ? {} : { "content-type": "application/json" }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const warning = response.headers.get("warning");
  if (warning) api.log(`${method} ${path}: ${warning}`);
  const text = await response.text();
  const answer = text ? JSON.parse(text) : undefined;
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${answer ? `${answer.error}: ${answer.message}` : ""}`);
  return answer;
}

async function ensurePermission(api, name, description) {
  const { permissions } = await call(api, "GET", "/permissions");
  const found = permissions.find((p) => p.name === name && p.applicationId === CLIENT_ID);
  if (found) return found;
  return call(api, "POST", "/permissions", { name, description, applicationType: "client", applicationId: CLIENT_ID });
}

async function ensureRole(api, name, description, permissionIds) {
  const { roles } = await call(api, "GET", "/roles");
  const found = roles.find((r) => r.name === name && r.applicationId === CLIENT_ID);
  const body = { name, description, applicationType: "client", applicationId: CLIENT_ID, permissions: permissionIds };
  // PUT replaces the role, permissions included.
  if (found) return call(api, "PUT", `/roles/${found._id}`, body);
  return call(api, "POST", "/roles", body);
}

async function ensureGroup(api, name, description) {
  const { groups } = await call(api, "GET", `/groups?q=${encodeURIComponent(name)}&field=name`);
  return groups.find((g) => g.name === name) || call(api, "POST", "/groups", { name, description });
}

/** Builds the model; returns the ids it created or found, by name. */
async function provision(api) {
  api.log = api.log || console.log;

  const add = await ensurePermission(api, "add:expense", "Submit an expense");
  const view = await ensurePermission(api, "view:own-expenses", "See one's own expenses");
  const approve = await ensurePermission(api, "approve:expense", "Approve expenses of others");

  const user = await ensureRole(api, "Expense User", "Submits expenses", [add._id, view._id]);
  const approver = await ensureRole(api, "Expense Approver", "Approves expenses", [approve._id, view._id]);

  const company = await ensureGroup(api, "Example Company", "Everyone");
  const finance = await ensureGroup(api, "Finance", "The finance department");
  const accounting = await ensureGroup(api, "Accounting", "Book keepers");
  const auditors = await ensureGroup(api, "External Auditors", "Auditors from outside");

  // Children of a group are sent to the parent: adding what is there already changes nothing.
  await call(api, "PATCH", `/groups/${company._id}/nested`, [finance._id]);
  await call(api, "PATCH", `/groups/${finance._id}/nested`, [accounting._id, auditors._id]);

  await call(api, "PATCH", `/groups/${accounting._id}/members`, ["auth0|alice", "auth0|bob"]);
  await call(api, "PATCH", `/groups/${company._id}/members`, ["auth0|carol"]);
  // The user routes take group names too.
  await call(api, "PATCH", `/users/${encodeURIComponent("auth0|dave")}/groups`, ["External Auditors"]);

  await call(api, "PATCH", `/groups/${company._id}/roles`, [user._id]);
  await call(api, "PATCH", `/groups/${finance._id}/roles`, [approver._id]);
  await call(api, "PATCH", `/users/${encodeURIComponent("auth0|erin")}/roles`, ["Expense Approver"]);

  const mappings = await call(api, "GET", `/groups/${accounting._id}/mappings`);
  if (!mappings.some((m) => m.groupName === "Accountants" && m.connectionName === "corp-ad")) {
    await call(api, "PATCH", `/groups/${accounting._id}/mappings`, [{ groupName: "Accountants", connectionName: "corp-ad" }]);
  }

  const check = await call(api, "GET", `/groups/${accounting._id}/roles/nested`);
  api.log(`Accounting's members hold ${check.map((entry) => `${entry.role.name} (from ${entry.group.name})`).join(", ")}`);
  return { permissions: { add, view, approve }, roles: { user, approver }, groups: { company, finance, accounting, auditors } };
}

module.exports = { CLIENT_ID, provision, settings };

if (require.main === module) {
  provision(settings()).catch((error) => {
    console.error(error.message);
    process.exit(1);
  });
}
