import { GraphQLResponse, TestServer } from "./server";

/** What the fixture builders return: enough to refer to the thing again. */
export interface Named {
  id: string;
  name: string;
}

/**
 * Builds model fixtures through the GraphQL API (never through services), so every fixture is
 * also a small happy-path check. Names get a per-builder counter so tests sharing one server
 * never clash on the unique-name rules.
 */
export class Fixtures {
  private seq = 0;

  constructor(private readonly t: TestServer) {}

  /** A fresh name such as "Group 7 (a1)": unique within this server, and search-friendly. */
  name(prefix: string): string {
    this.seq += 1;
    return `${prefix} ${this.seq}`;
  }

  async application(input: { id?: string; name?: string; type?: string; requiredRoles?: string[] } = {}): Promise<Named & { type: string }> {
    const name = input.name ?? this.name("App");
    const data = await this.t.ok<{ createApplication: Named & { type: string } }>(
      `mutation($input: CreateApplicationInput!) { createApplication(input: $input) { id name type } }`,
      { input: { id: input.id ?? `client-${name.replace(/\W+/g, "-").toLowerCase()}`, name, type: input.type ?? "REGULAR_WEB", requiredRoles: input.requiredRoles } },
    );
    return data.createApplication;
  }

  async group(name = this.name("Group"), description?: string): Promise<Named> {
    const data = await this.t.ok<{ createGroup: Named }>(`mutation($input: CreateGroupInput!) { createGroup(input: $input) { id name } }`, { input: { name, description } });
    return data.createGroup;
  }

  async permission(applicationId: string, name = this.name("perm"), description?: string): Promise<Named> {
    const data = await this.t.ok<{ createPermission: Named }>(`mutation($input: CreatePermissionInput!) { createPermission(input: $input) { id name } }`, {
      input: { applicationId, name, description },
    });
    return data.createPermission;
  }

  async role(applicationId: string, name = this.name("Role"), permissionIds?: string[]): Promise<Named> {
    const data = await this.t.ok<{ createRole: Named }>(`mutation($input: CreateRoleInput!) { createRole(input: $input) { id name } }`, {
      input: { applicationId, name, permissionIds },
    });
    return data.createRole;
  }

  async users(users: Array<{ id: string; email?: string | null; name?: string | null; connection?: string | null }>): Promise<void> {
    await this.t.ok(`mutation($users: [UpsertUserInput!]!) { upsertUsers(users: $users) { id } }`, { users });
  }

  async addMembers(groupId: string, userIds: string[]): Promise<void> {
    await this.t.ok(`mutation($g: ID!, $u: [ID!]!) { addGroupMembers(groupId: $g, userIds: $u) { id } }`, { g: groupId, u: userIds });
  }

  /** Makes `childIds` children of `parentId`. */
  async nest(parentId: string, childIds: string[]): Promise<void> {
    await this.t.ok(`mutation($g: ID!, $c: [ID!]!) { addNestedGroups(groupId: $g, groupIds: $c) { id } }`, { g: parentId, c: childIds });
  }

  async groupRoles(groupId: string, roleIds: string[]): Promise<void> {
    await this.t.ok(`mutation($g: ID!, $r: [ID!]!) { addGroupRoles(groupId: $g, roleIds: $r) { id } }`, { g: groupId, r: roleIds });
  }

  /** An organization (name: a fresh lower-case one) with `members`. */
  async organization(
    input: { id?: string; name?: string; displayName?: string; metadata?: Record<string, string> } = {},
    members: string[] = [],
  ): Promise<Named & { displayName: string }> {
    const name = input.name ?? this.name("org").replace(/\W+/g, "-").toLowerCase();
    const data = await this.t.ok<{ createOrganization: Named & { displayName: string } }>(
      `mutation($input: CreateOrganizationInput!) { createOrganization(input: $input) { id name displayName } }`,
      { input: { ...input, name } },
    );
    if (members.length > 0) await this.organizationMembers(data.createOrganization.id, members);
    return data.createOrganization;
  }

  async organizationMembers(organizationId: string, userIds: string[]): Promise<void> {
    await this.t.ok(`mutation($o: ID!, $u: [ID!]!) { addOrganizationMembers(organizationId: $o, userIds: $u) { id } }`, { o: organizationId, u: userIds });
  }

  async organizationMemberRoles(organizationId: string, userId: string, roleIds: string[]): Promise<void> {
    await this.t.ok(`mutation($o: ID!, $u: ID!, $r: [ID!]!) { addOrganizationMemberRoles(organizationId: $o, userId: $u, roleIds: $r) { id } }`, {
      o: organizationId,
      u: userId,
      r: roleIds,
    });
  }

  async userRoles(userId: string, roleIds: string[]): Promise<void> {
    await this.t.ok(`mutation($u: ID!, $r: [ID!]!) { addUserRoles(userId: $u, roleIds: $r) { id } }`, { u: userId, r: roleIds });
  }
}

/**
 * Asserts that the operation failed with `code` (in `extensions.code`), produced no data for the
 * failing field, and that the message contains every one of `messageParts`. Returns the error.
 */
export function expectError(
  result: GraphQLResponse,
  code: string,
  ...messageParts: Array<string | RegExp>
): { message: string; path?: ReadonlyArray<string | number>; extensions: Record<string, any> } {
  expect(result.errors).toBeDefined();
  expect(result.errors).toHaveLength(1);
  const error = result.errors![0];
  expect(error.extensions?.code).toBe(code);
  for (const part of messageParts) {
    if (typeof part === "string") expect(error.message).toContain(part);
    else expect(error.message).toMatch(part);
  }
  return error as { message: string; path?: ReadonlyArray<string | number>; extensions: Record<string, any> };
}

/** Names of a list of named things, in the order given. */
export function names(list: ReadonlyArray<{ name: string }>): string[] {
  return list.map((item) => item.name);
}

/** Ids of a list of things, in the order given. */
export function ids(list: ReadonlyArray<{ id: string }>): string[] {
  return list.map((item) => item.id);
}

/** `n` ids that exist nowhere, for NOT_FOUND tests. */
export function unknownIds(n: number, prefix = "missing"): string[] {
  return Array.from({ length: n }, (_, i) => `${prefix}-${i + 1}`);
}
