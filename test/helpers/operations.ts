import { randomUUID } from "node:crypto";
import { Fixtures } from "./fixtures";
import { TestServer } from "./server";

/** A call of one GraphQL operation, ready to POST. */
export interface OperationCall {
  query: string;
  variables?: Record<string, unknown>;
}

/**
 * One query or mutation of the schema: the scope its @Authorized needs and how to build (with
 * admin fixtures) a fresh call of it that succeeds when made with that scope.
 */
export interface OperationSample {
  name: string;
  kind: "query" | "mutation";
  /** null: the operation needs no scope and answers any credential (viewer, docs/design.md §11). */
  scope: string | null;
  prepare(f: Fixtures, t: TestServer): Promise<OperationCall>;
}

const query = (name: string, scope: string | null, prepare: OperationSample["prepare"]): OperationSample => ({ name, kind: "query", scope, prepare });
const mutation = (name: string, scope: string, prepare: OperationSample["prepare"]): OperationSample => ({ name, kind: "mutation", scope, prepare });

const fixed = (q: string, variables?: Record<string, unknown>) => async () => ({ query: q, variables });
const uid = (prefix: string) => `${prefix}|${randomUUID().slice(0, 8)}`;

/**
 * One sample call per operation. Rows for operations not (yet) in the schema are skipped by the
 * suites; an operation of the schema without a row fails their coverage test.
 */
export const OPERATION_SAMPLES: OperationSample[] = [
  query("applications", "read:applications", fixed("{ applications { totalCount } }")),
  query("application", "read:applications", async (f) => ({ query: "query($id: ID!) { application(id: $id) { id } }", variables: { id: (await f.application()).id } })),
  query("users", "read:users", fixed("{ users { totalCount } }")),
  query("user", "read:users", async (f) => {
    const id = uid("hq");
    await f.users([{ id }]);
    return { query: "query($id: ID!) { user(id: $id) { id } }", variables: { id } };
  }),
  query("groups", "read:groups", fixed("{ groups { totalCount } }")),
  query("group", "read:groups", async (f) => ({ query: "query($id: ID!) { group(id: $id) { id } }", variables: { id: (await f.group()).id } })),
  query("roles", "read:roles", fixed("{ roles { totalCount } }")),
  query("role", "read:roles", async (f) => ({ query: "query($id: ID!) { role(id: $id) { id } }", variables: { id: (await f.role((await f.application()).id)).id } })),
  query("permissions", "read:permissions", fixed("{ permissions { totalCount } }")),
  query("permission", "read:permissions", async (f) => ({
    query: "query($id: ID!) { permission(id: $id) { id } }",
    variables: { id: (await f.permission((await f.application()).id)).id },
  })),
  query("configuration", "read:configuration", fixed("{ configuration { groupsInToken } }")),
  query("authorizationContext", "read:authorization", fixed(`{ authorizationContext(userId: "hq|ctx", clientId: "hq-client") { userId accessGranted } }`)),
  query("explainAuthorization", "read:authorization", fixed(`{ explainAuthorization(userId: "hq|ctx", clientId: "hq-client") { groups { name } } }`)),
  query("auditLog", "read:audit", fixed("{ auditLog(first: 1) { totalCount } }")),
  query("organizations", "read:organizations", fixed("{ organizations { totalCount } }")),
  query("organization", "read:organizations", async (f) => ({ query: "query($id: ID!) { organization(id: $id) { id } }", variables: { id: (await f.organization()).id } })),
  query("exportData", "export:data", fixed("{ exportData }")),
  query("viewer", null, fixed("{ viewer { subject scopes via expiresAt } }")),

  mutation("updateConfiguration", "update:configuration", fixed("mutation { updateConfiguration(input: { groupsInToken: true }) { groupsInToken } }")),
  mutation("rotateApiKey", "update:configuration", fixed("mutation { rotateApiKey(gracePeriodSeconds: 3600) { apiKey } }")),
  mutation("createApplication", "update:applications", async () => ({
    query: "mutation($id: ID!, $n: String!) { createApplication(input: { id: $id, name: $n, type: SPA }) { id } }",
    variables: { id: `hq-app-${randomUUID().slice(0, 8)}`, n: randomUUID().slice(0, 8) },
  })),
  mutation("updateApplication", "update:applications", async (f) => ({
    query: `mutation($id: ID!) { updateApplication(id: $id, input: { type: NATIVE }) { id } }`,
    variables: { id: (await f.application()).id },
  })),
  mutation("deleteApplication", "update:applications", async (f) => ({
    query: "mutation($id: ID!) { deleteApplication(id: $id) }",
    variables: { id: (await f.application()).id },
  })),
  mutation("upsertUsers", "update:users", async () => ({ query: 'mutation($id: ID!) { upsertUsers(users: [{ id: $id, name: "U" }]) { id } }', variables: { id: uid("hq") } })),
  mutation("deleteUser", "delete:users", async (f) => {
    const id = uid("hq");
    await f.users([{ id }]);
    return { query: "mutation($id: ID!) { deleteUser(id: $id) }", variables: { id } };
  }),
  mutation("addUserToGroups", "update:users", async (f) => ({
    query: "mutation($u: ID!, $g: ID!) { addUserToGroups(userId: $u, groupIds: [$g]) { id } }",
    variables: { u: uid("hq"), g: (await f.group()).id },
  })),
  mutation("removeUserFromGroups", "update:users", async (f) => {
    const [g, u] = [await f.group(), uid("hq")];
    await f.addMembers(g.id, [u]);
    return { query: "mutation($u: ID!, $g: ID!) { removeUserFromGroups(userId: $u, groupIds: [$g]) { id } }", variables: { u, g: g.id } };
  }),
  mutation("addUserRoles", "update:users", async (f) => ({
    query: "mutation($u: ID!, $r: ID!) { addUserRoles(userId: $u, roleIds: [$r]) { id } }",
    variables: { u: uid("hq"), r: (await f.role((await f.application()).id)).id },
  })),
  mutation("removeUserRoles", "update:users", async (f) => {
    const [r, u] = [await f.role((await f.application()).id), uid("hq")];
    await f.userRoles(u, [r.id]);
    return { query: "mutation($u: ID!, $r: ID!) { removeUserRoles(userId: $u, roleIds: [$r]) { id } }", variables: { u, r: r.id } };
  }),
  mutation("createGroup", "create:groups", async (f) => ({ query: "mutation($n: String!) { createGroup(input: { name: $n }) { id } }", variables: { n: f.name("HQ Group") } })),
  mutation("updateGroup", "update:groups", async (f) => ({
    query: `mutation($id: ID!) { updateGroup(id: $id, input: { description: "d" }) { id } }`,
    variables: { id: (await f.group()).id },
  })),
  mutation("deleteGroup", "delete:groups", async (f) => ({ query: "mutation($id: ID!) { deleteGroup(id: $id) }", variables: { id: (await f.group()).id } })),
  mutation("addGroupMembers", "update:groups", async (f) => ({
    query: "mutation($g: ID!, $u: ID!) { addGroupMembers(groupId: $g, userIds: [$u]) { id } }",
    variables: { g: (await f.group()).id, u: uid("hq") },
  })),
  mutation("removeGroupMembers", "update:groups", async (f) => {
    const [g, u] = [await f.group(), uid("hq")];
    await f.addMembers(g.id, [u]);
    return { query: "mutation($g: ID!, $u: ID!) { removeGroupMembers(groupId: $g, userIds: [$u]) { id } }", variables: { g: g.id, u } };
  }),
  mutation("addNestedGroups", "update:groups", async (f) => ({
    query: "mutation($g: ID!, $c: ID!) { addNestedGroups(groupId: $g, groupIds: [$c]) { id } }",
    variables: { g: (await f.group()).id, c: (await f.group()).id },
  })),
  mutation("removeNestedGroups", "update:groups", async (f) => {
    const [g, c] = [await f.group(), await f.group()];
    await f.nest(g.id, [c.id]);
    return { query: "mutation($g: ID!, $c: ID!) { removeNestedGroups(groupId: $g, groupIds: [$c]) { id } }", variables: { g: g.id, c: c.id } };
  }),
  mutation("addGroupRoles", "update:groups", async (f) => ({
    query: "mutation($g: ID!, $r: ID!) { addGroupRoles(groupId: $g, roleIds: [$r]) { id } }",
    variables: { g: (await f.group()).id, r: (await f.role((await f.application()).id)).id },
  })),
  mutation("removeGroupRoles", "update:groups", async (f) => {
    const [g, r] = [await f.group(), await f.role((await f.application()).id)];
    await f.groupRoles(g.id, [r.id]);
    return { query: "mutation($g: ID!, $r: ID!) { removeGroupRoles(groupId: $g, roleIds: [$r]) { id } }", variables: { g: g.id, r: r.id } };
  }),
  mutation("addGroupMappings", "update:groups", async (f) => ({
    query: `mutation($g: ID!) { addGroupMappings(groupId: $g, mappings: [{ connectionName: "corp", groupName: "G" }]) { id } }`,
    variables: { g: (await f.group()).id },
  })),
  mutation("removeGroupMappings", "update:groups", async (f, t) => {
    const g = await f.group();
    const added = await t.ok<{ addGroupMappings: { mappings: Array<{ id: string }> } }>(
      `mutation($g: ID!) { addGroupMappings(groupId: $g, mappings: [{ connectionName: "corp", groupName: "G" }]) { mappings { id } } }`,
      { g: g.id },
    );
    return { query: "mutation($g: ID!, $m: ID!) { removeGroupMappings(groupId: $g, mappingIds: [$m]) { id } }", variables: { g: g.id, m: added.addGroupMappings.mappings[0].id } };
  }),
  mutation("createRole", "create:roles", async (f) => ({
    query: "mutation($a: ID!, $n: String!) { createRole(input: { applicationId: $a, name: $n }) { id } }",
    variables: { a: (await f.application()).id, n: f.name("HQ Role") },
  })),
  mutation("updateRole", "update:roles", async (f) => ({
    query: `mutation($id: ID!) { updateRole(id: $id, input: { description: "d" }) { id } }`,
    variables: { id: (await f.role((await f.application()).id)).id },
  })),
  mutation("deleteRole", "delete:roles", async (f) => ({ query: "mutation($id: ID!) { deleteRole(id: $id) }", variables: { id: (await f.role((await f.application()).id)).id } })),
  mutation("createPermission", "create:permissions", async (f) => ({
    query: "mutation($a: ID!, $n: String!) { createPermission(input: { applicationId: $a, name: $n }) { id } }",
    variables: { a: (await f.application()).id, n: f.name("hq:perm") },
  })),
  mutation("updatePermission", "update:permissions", async (f) => ({
    query: `mutation($id: ID!) { updatePermission(id: $id, input: { description: "d" }) { id } }`,
    variables: { id: (await f.permission((await f.application()).id)).id },
  })),
  mutation("deletePermission", "delete:permissions", async (f) => ({
    query: "mutation($id: ID!) { deletePermission(id: $id) }",
    variables: { id: (await f.permission((await f.application()).id)).id },
  })),
  mutation("createOrganization", "create:organizations", async (f) => ({
    query: "mutation($n: String!) { createOrganization(input: { name: $n }) { id } }",
    variables: { n: f.name("hq-org").replace(/\W+/g, "-").toLowerCase() },
  })),
  mutation("updateOrganization", "update:organizations", async (f) => ({
    query: `mutation($id: ID!) { updateOrganization(id: $id, input: { displayName: "d" }) { id } }`,
    variables: { id: (await f.organization()).id },
  })),
  mutation("deleteOrganization", "delete:organizations", async (f) => ({
    query: "mutation($id: ID!) { deleteOrganization(id: $id) { id } }",
    variables: { id: (await f.organization()).id },
  })),
  mutation("addOrganizationMembers", "update:organizations", async (f) => ({
    query: "mutation($o: ID!, $u: ID!) { addOrganizationMembers(organizationId: $o, userIds: [$u]) { id } }",
    variables: { o: (await f.organization()).id, u: uid("hq") },
  })),
  mutation("removeOrganizationMembers", "update:organizations", async (f) => {
    const user = uid("hq");
    return {
      query: "mutation($o: ID!, $u: ID!) { removeOrganizationMembers(organizationId: $o, userIds: [$u]) { id } }",
      variables: { o: (await f.organization({}, [user])).id, u: user },
    };
  }),
  mutation("addOrganizationMemberRoles", "update:organizations", async (f) => {
    const user = uid("hq");
    const organization = await f.organization({}, [user]);
    const role = await f.role((await f.application()).id);
    return {
      query: "mutation($o: ID!, $u: ID!, $r: ID!) { addOrganizationMemberRoles(organizationId: $o, userId: $u, roleIds: [$r]) { id } }",
      variables: { o: organization.id, u: user, r: role.id },
    };
  }),
  mutation("removeOrganizationMemberRoles", "update:organizations", async (f) => {
    const user = uid("hq");
    const organization = await f.organization({}, [user]);
    const role = await f.role((await f.application()).id);
    await f.organizationMemberRoles(organization.id, user, [role.id]);
    return {
      query: "mutation($o: ID!, $u: ID!, $r: ID!) { removeOrganizationMemberRoles(organizationId: $o, userId: $u, roleIds: [$r]) { id } }",
      variables: { o: organization.id, u: user, r: role.id },
    };
  }),
  mutation("importData", "import:data", async (f) => ({
    query: "mutation($data: JSON!) { importData(data: $data) { dryRun } }",
    variables: {
      data: { groups: [{ _id: randomUUID(), name: f.name("Imported"), description: "", members: [], roles: [], nested: [], mappings: [] }] },
    },
  })),
];

/** Names of the schema's root fields, by introspection. */
export async function schemaOperations(t: TestServer): Promise<{ queries: string[]; mutations: string[] }> {
  const data = await t.ok<{ __schema: { queryType: { fields: Array<{ name: string }> }; mutationType: { fields: Array<{ name: string }> } } }>(
    "{ __schema { queryType { fields { name } } mutationType { fields { name } } } }",
  );
  return {
    queries: data.__schema.queryType.fields.map((field) => field.name).sort(),
    mutations: data.__schema.mutationType.fields.map((field) => field.name).sort(),
  };
}

/** The samples of the operations the running schema has, and the schema operations lacking a sample. */
export async function samplesInSchema(t: TestServer): Promise<{ samples: OperationSample[]; missing: string[] }> {
  const { queries, mutations } = await schemaOperations(t);
  const inSchema = new Set([...queries, ...mutations]);
  const samples = OPERATION_SAMPLES.filter((sample) => inSchema.has(sample.name));
  const missing = [...inSchema].filter((name) => !OPERATION_SAMPLES.some((sample) => sample.name === name));
  return { samples, missing };
}

/**
 * Every row of every table (TypeORM's entity metadata, so SQLite and PostgreSQL alike), as
 * table → sorted JSON rows: two snapshots are equal exactly when nothing was written in between.
 */
export async function databaseSnapshot(t: TestServer): Promise<Record<string, string[]>> {
  const { dataSource } = t.server.app.db;
  const snapshot: Record<string, string[]> = {};
  for (const meta of dataSource.entityMetadatas) {
    const rows = await dataSource.manager.find(meta.target);
    snapshot[meta.tableName] = rows.map((row) => JSON.stringify(row)).sort();
  }
  return snapshot;
}
