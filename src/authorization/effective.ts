import { reachable } from "../common/graph";

/**
 * What "effective" means (docs/design.md §2–§4), defined once: the login engine (policy.ts) and the
 * relation fields (`User.effective*`, `Group.effectiveRoles`, `Group.calculatedMembers`) both
 * compute through these functions, over whatever their caller read — a login's slice of the
 * model, or the request's DataLoaders. A rule about which memberships and assignments count
 * (such as a time window) therefore belongs here. CompiledModel is the one deliberate twin: the
 * same rules on integers for the login hot path, property-tested against computePolicy.
 *
 * Pure: no I/O, and cycle-safe (the store refuses cycles, but these must survive them).
 */

/** The links of one id (a group's parents or children, a group's roles, a role's permissions); undefined for none. */
export type LinksOf<T> = (id: string) => Iterable<T> | undefined;

/** docs/design.md §3 step 3: `groupIds` (a user's groups) and every ancestor of them, transitively. */
export function effectiveGroupIds(groupIds: Iterable<string>, parentsOf: LinksOf<string>): Set<string> {
  return reachable(groupIds, parentsOf);
}

/** The groups whose direct members are a group's calculated members: the group and every descendant. */
export function calculatedGroupIds(groupId: string, childrenOf: LinksOf<string>): Set<string> {
  return reachable([groupId], childrenOf);
}

/**
 * docs/design.md §3 step 4: the roles of the effective groups `groupIds` and the directly assigned
 * `directRoles`, each once (first seen first), kept only where `role.applicationId` is
 * `applicationId` when one is given. (The login engine's reader already kept only the client's
 * roles, so it passes none.)
 */
export function effectiveRoles<R extends { id: string; applicationId?: string }>(
  groupIds: Iterable<string>,
  rolesOf: LinksOf<R>,
  directRoles: Iterable<R>,
  applicationId?: string,
): R[] {
  const byId = new Map<string, R>();
  const add = (role: R) => {
    if (!byId.has(role.id) && (applicationId === undefined || role.applicationId === applicationId)) byId.set(role.id, role);
  };
  for (const groupId of groupIds) for (const role of rolesOf(groupId) ?? []) add(role);
  for (const role of directRoles) add(role);
  return [...byId.values()];
}

/** docs/design.md §3 step 5: the union of the permissions (names or ids, as `permissionsOf` gives them) of `roleIds`. */
export function effectivePermissions<P>(roleIds: Iterable<string>, permissionsOf: LinksOf<P>): Set<P> {
  const permissions = new Set<P>();
  for (const roleId of roleIds) for (const permission of permissionsOf(roleId) ?? []) permissions.add(permission);
  return permissions;
}
