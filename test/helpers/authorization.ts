import type { AuthorizationAnswer } from "../../src/authorization/authorization.service";
import { cliContext } from "../../src/cli/cli-context";
import { GraphQLResponse, TestServer } from "./server";

/** Helpers for the authorization-engine suites (context, explain, configuration, API key, policy endpoint). */

export interface ContextArgs {
  userId: string;
  clientId: string;
  connection?: string | null;
  connectionGroups?: string[] | null;
  connectionRoles?: string[] | null;
  connectionPermissions?: string[] | null;
}

/** The GraphQL answer of authorizationContext has the service's shape. */
export type ContextAnswer = AuthorizationAnswer;

/** One explained group, role or permission. */
export interface ExplainedItem {
  name: string;
  paths: string[];
  truncated: boolean;
}

export interface Explanation {
  groups: ExplainedItem[];
  roles: ExplainedItem[];
  permissions: ExplainedItem[];
}

const ARGS_DECL = `$userId: ID!, $clientId: ID!, $connection: String, $connectionGroups: [String!], $connectionRoles: [String!], $connectionPermissions: [String!]`;
const ARGS_USE = `userId: $userId, clientId: $clientId, connection: $connection, connectionGroups: $connectionGroups, connectionRoles: $connectionRoles, connectionPermissions: $connectionPermissions`;

export const CONTEXT_QUERY = `query(${ARGS_DECL}) { authorizationContext(${ARGS_USE}) {
  userId clientId groups roles permissions claims accessGranted denialReason warnings } }`;

export const EXPLAIN_QUERY = `query(${ARGS_DECL}) { explainAuthorization(${ARGS_USE}) {
  groups { name paths truncated } roles { name paths truncated } permissions { name paths truncated } } }`;

export const CONFIGURATION_FIELDS = `groupsInToken rolesInToken permissionsInToken groupsPassthrough rolesPassthrough permissionsPassthrough
  persistGroups persistRoles persistPermissions claimNamespace tokenIssuer tokenAudience tokenLifetimeSeconds
  apiKeyConfigured apiKeyCreatedAt previousApiKeyValidUntil`;

export const UPDATE_CONFIGURATION = `mutation($input: UpdateConfigurationInput!) { updateConfiguration(input: $input) { ${CONFIGURATION_FIELDS} } }`;

export const ROTATE_API_KEY = `mutation($grace: Int) { rotateApiKey(gracePeriodSeconds: $grace) { apiKey previousKeyValidUntil } }`;

/** The nine switches off and no namespace: the state a fresh database starts in. */
export const DEFAULT_SWITCHES = {
  groupsInToken: false,
  rolesInToken: false,
  permissionsInToken: false,
  groupsPassthrough: false,
  rolesPassthrough: false,
  permissionsPassthrough: false,
  persistGroups: false,
  persistRoles: false,
  persistPermissions: false,
  claimNamespace: null,
};

/** `authorizationContext` with the admin token (or `options`); fails the test on errors. */
export async function context(t: TestServer, args: ContextArgs, options?: { token?: string | null; headers?: Record<string, string> }): Promise<ContextAnswer> {
  const result = await t.gql<{ authorizationContext: ContextAnswer }>(CONTEXT_QUERY, { ...args }, options);
  if (result.errors) throw new Error(`GraphQL errors: ${JSON.stringify(result.errors, null, 2)}`);
  return result.data!.authorizationContext;
}

export async function explain(t: TestServer, args: ContextArgs): Promise<Explanation> {
  return (await t.ok<{ explainAuthorization: Explanation }>(EXPLAIN_QUERY, { ...args })).explainAuthorization;
}

export async function configure(t: TestServer, input: Record<string, unknown>): Promise<Record<string, any>> {
  return (await t.ok<{ updateConfiguration: Record<string, any> }>(UPDATE_CONFIGURATION, { input })).updateConfiguration;
}

export async function rotateApiKey(t: TestServer, grace?: number): Promise<{ apiKey: string; previousKeyValidUntil: string | null }> {
  return (await t.ok<{ rotateApiKey: { apiKey: string; previousKeyValidUntil: string | null } }>(ROTATE_API_KEY, { grace })).rotateApiKey;
}

/** A GraphQL call authenticated only by `x-api-key` (no bearer token). */
export function gqlWithApiKey<T = Record<string, any>>(t: TestServer, apiKey: string, query: string, variables?: Record<string, unknown>): Promise<GraphQLResponse<T>> {
  return t.gql<T>(query, variables, { token: null, headers: { "x-api-key": apiKey } });
}

export async function addMappings(t: TestServer, groupId: string, mappings: Array<{ connectionName: string; groupName: string }>): Promise<void> {
  await t.ok(`mutation($g: ID!, $m: [GroupMappingInput!]!) { addGroupMappings(groupId: $g, mappings: $m) { id } }`, { g: groupId, m: mappings });
}

export async function setRequiredRoles(t: TestServer, applicationId: string, requiredRoles: string[]): Promise<void> {
  await t.ok(`mutation($id: ID!, $r: [String!]) { updateApplication(id: $id, input: { requiredRoles: $r }) { id } }`, { id: applicationId, r: requiredRoles });
}

export interface PolicyResponse {
  status: number;
  body: any;
}

/**
 * `POST /api/users/{userId}/policy/{clientId}` with `body` (an object is JSON-encoded, a string
 * is sent as is); the ids are URL-encoded unless `raw` is set.
 */
export async function postPolicy(
  t: TestServer,
  userId: string,
  clientId: string,
  body: unknown,
  options: { apiKey?: string; headers?: Record<string, string>; raw?: boolean; method?: string } = {},
): Promise<PolicyResponse> {
  const headers: Record<string, string> = { "content-type": "application/json", ...options.headers };
  if (options.apiKey !== undefined) headers["x-api-key"] = options.apiKey;
  const path = options.raw ? `/api/users/${userId}/policy/${clientId}` : `/api/users/${encodeURIComponent(userId)}/policy/${encodeURIComponent(clientId)}`;
  const response = await fetch(`${t.baseUrl}${path}`, {
    method: options.method ?? "POST",
    headers,
    body: options.method === "GET" ? undefined : typeof body === "string" ? body : JSON.stringify(body),
  });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // not JSON: keep the text
  }
  return { status: response.status, body: parsed };
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Creates many groups through the services (not the API): the GraphQL round trip per group makes
 * thousands of fixtures slow, and these suites test the engine, not group creation.
 */
export async function bulkGroups(t: TestServer, groupNames: string[]): Promise<Array<{ id: string; name: string }>> {
  const { services, db } = t.server.app;
  const created: Array<{ id: string; name: string }> = [];
  for (const name of groupNames) {
    const group = await services.groups.create(cliContext(db), { name });
    created.push({ id: group.id, name: group.name });
  }
  return created;
}

/** Makes `childId` a child of each of `parentIds`, through the services. */
export async function bulkNestUnder(t: TestServer, parentIds: string[], childId: string): Promise<void> {
  const { services, db } = t.server.app;
  for (const parentId of parentIds) await services.groupNesting.addNested(cliContext(db), parentId, [childId]);
}
