import { reachable } from "../common/graph";
import { earliest, GrantWindow, isActiveAt, nextBoundary } from "../common/grant-window";

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

/**
 * What one login read of a user's own grants (docs/design.md §13): the ids of the user's groups
 * and direct roles, the organizations (id → role ids held there; a key is a membership), and the
 * windows of those grants that have one, keyed by `grantKey`. A row without an entry in `windows`
 * is unbounded: plain rows cost nothing more than before.
 */
export interface GrantRows {
  groupIds: string[];
  roleIds: string[];
  organizations?: ReadonlyMap<string, readonly string[]>;
  windows?: ReadonlyMap<string, GrantWindow>;
}

/**
 * The key of a grant's window in `GrantRows.windows`: the login statement's kind ('g' group
 * membership, 'r' direct role, 'm' organization membership, 'o' organization member role), a
 * space, and its id ('o': organization id, a space, role id — organization ids have no spaces).
 */
export const grantKey = {
  group: (groupId: string) => `g ${groupId}`,
  role: (roleId: string) => `r ${roleId}`,
  organization: (organizationId: string) => `m ${organizationId}`,
  memberRole: (organizationId: string, roleId: string) => `o ${organizationId} ${roleId}`,
};

/** The earliest `nextBoundary` of `windows` after `now`: until then no grant among them changes its standing; null for none. */
export function grantsValidUntil(windows: Iterable<GrantWindow>, now: number): number | null {
  let until: number | null = null;
  for (const window of windows) until = earliest(until, nextBoundary(window, now));
  return until;
}

/**
 * docs/design.md §13: the grants of `rows` that count at `now` — a grant counts while its window
 * is active, an organization member role only while the membership is active too — and
 * `validUntil`, the earliest boundary ahead of any of the user's windowed grants (null: none), so
 * that the answer computed from the active rows holds at least until then. Rows without windows
 * are returned as they are.
 */
export function activeGrants<R extends GrantRows>(rows: R, now: number): { rows: R; validUntil: number | null } {
  const windows = rows.windows;
  if (!windows || windows.size === 0) return { rows, validUntil: null };
  const live = (key: string) => {
    const window = windows.get(key);
    return window === undefined || isActiveAt(window, now);
  };
  let organizations: Map<string, string[]> | undefined;
  if (rows.organizations) {
    organizations = new Map();
    for (const [organizationId, roleIds] of rows.organizations) {
      if (!live(grantKey.organization(organizationId))) continue;
      organizations.set(
        organizationId,
        roleIds.filter((roleId) => live(grantKey.memberRole(organizationId, roleId))),
      );
    }
  }
  const active: R = {
    ...rows,
    groupIds: rows.groupIds.filter((id) => live(grantKey.group(id))),
    roleIds: rows.roleIds.filter((id) => live(grantKey.role(id))),
  };
  if (organizations) active.organizations = organizations;
  return { rows: active, validUntil: grantsValidUntil(windows.values(), now) };
}
