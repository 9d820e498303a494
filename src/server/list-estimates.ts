/**
 * How many items each plain (unpaginated) list field of objects is expected to hold, for the
 * node limit (docs/design.md §5; see node-limit.ts). Keyed `Type.field`; a list not named here
 * counts DEFAULT_LIST_ESTIMATE. Declare a new list field here when its usual size differs.
 */
export const LIST_ESTIMATES: Readonly<Record<string, number>> = {
  // A group's direct relations: a handful in practice.
  "Group.nestedGroups": 20,
  "Group.parentGroups": 20,
  "Group.roles": 20,
  "Group.mappings": 20,
  "Group.effectiveRoles": 50,
  // Closures over the group DAG and per-application role sets are wider.
  "User.groups": 20,
  "User.roles": 20,
  // The grant listings (docs/design.md §13): as the lists they extend.
  "User.groupGrants": 20,
  "User.roleGrants": 20,
  "OrganizationMember.roleGrants": 20,
  "User.effectiveGroups": 50,
  "User.effectiveRoles": 50,
  "User.effectivePermissions": 100,
  "User.authorizationSnapshots": 20,
  "Application.roles": 50,
  "Application.permissions": 100,
  // A role's permissions: tens at most (50 refused 100 groups with their roles' permissions).
  "Role.permissions": 20,
  "Role.groups": 20,
  // Every user holding a role directly: can be many.
  "Role.users": 100,
  "Permission.roles": 20,
  "AuthorizationExplanation.groups": 50,
  "AuthorizationExplanation.roles": 50,
  "AuthorizationExplanation.permissions": 100,
  // As many as the call sent (at most LIMITS.idsPerCall).
  "Mutation.upsertUsers": 1000,
};
