import { RequestContext } from "../context/request-context";
import { isActiveAt, requestTime, windowDates } from "../common/grant-window";
import { activeIds, Grant } from "../common/grants";
import { linksFrom, loadExisting, loadLinks } from "../common/loader-utils";
import { byName, unique } from "../common/names";
import { effectiveGroupIds, effectivePermissions, effectiveRoles } from "../authorization/effective";
import { Group } from "../groups/group.entity";
import { Permission } from "../permissions/permission.entity";
import { Role } from "../roles/role.entity";
import { AuthorizationSnapshot } from "./authorization-snapshot.entity";
import { User } from "./user.entity";
import { UserGroupGrant, UserRoleGrant } from "./user.types";

/**
 * Reads a user's relations through the request's loaders. "Effective" is the engine's definition
 * (authorization/effective.ts) over the stored model only (explicit memberships and nesting); IdP
 * mappings need a login and are the engine's job.
 */
export class UserRelationsService {
  /** Groups of the direct memberships active at the request's time (docs/design.md §13). */
  async groups(ctx: RequestContext, user: User): Promise<Group[]> {
    return (await loadExisting(ctx.loaders.groupById, await this.activeGroupIds(ctx, user))).sort(byName);
  }

  /** Direct memberships with their windows, sorted by group name: the active ones, or every one. */
  async groupGrants(ctx: RequestContext, user: User, includeInactive: boolean): Promise<UserGroupGrant[]> {
    const now = requestTime(ctx);
    const grants = listed(await ctx.loaders.groupGrantsByUser.load(user.id), now, includeInactive);
    const groups = await ctx.loaders.groupById.loadMany(grants.map((grant) => grant.id));
    const result: UserGroupGrant[] = [];
    grants.forEach((grant, i) => {
      const group = groups[i];
      if (group && !(group instanceof Error)) result.push({ group, ...windowDates(grant), active: isActiveAt(grant, now) });
    });
    return result.sort((a, b) => byName(a.group, b.group));
  }

  /** Direct groups and every ancestor of them. */
  async effectiveGroups(ctx: RequestContext, user: User): Promise<Group[]> {
    return (await loadExisting(ctx.loaders.groupById, [...(await this.effectiveGroupIds(ctx, user))])).sort(byName);
  }

  /** Direct roles whose assignment is active at the request's time. */
  async roles(ctx: RequestContext, user: User): Promise<Role[]> {
    return (await loadExisting(ctx.loaders.roleById, await this.activeRoleIds(ctx, user))).sort(byName);
  }

  /** Direct role assignments with their windows, sorted by role name: the active ones, or every one. */
  async roleGrants(ctx: RequestContext, user: User, includeInactive: boolean): Promise<UserRoleGrant[]> {
    const now = requestTime(ctx);
    const grants = listed(await ctx.loaders.roleGrantsByUser.load(user.id), now, includeInactive);
    const roles = await ctx.loaders.roleById.loadMany(grants.map((grant) => grant.id));
    const result: UserRoleGrant[] = [];
    grants.forEach((grant, i) => {
      const role = roles[i];
      if (role && !(role instanceof Error)) result.push({ role, ...windowDates(grant), active: isActiveAt(grant, now) });
    });
    return result.sort((a, b) => byName(a.role, b.role));
  }

  /** Roles of effective groups plus direct roles, optionally only those of one application. */
  async effectiveRoles(ctx: RequestContext, user: User, applicationId?: string): Promise<Role[]> {
    const groupIds = await this.effectiveGroupIds(ctx, user);
    const [roleIdsByGroup, directRoleIds] = await Promise.all([loadLinks(ctx.loaders.roleIdsByGroup, groupIds), this.activeRoleIds(ctx, user)]);
    const held = await loadExisting(ctx.loaders.roleById, unique([...[...roleIdsByGroup.values()].flat(), ...directRoleIds]));
    const roleById = new Map(held.map((role) => [role.id, role]));
    const rolesOf = (ids: readonly string[] = []) => ids.flatMap((id) => roleById.get(id) ?? []);
    return effectiveRoles(groupIds, (id) => rolesOf(roleIdsByGroup.get(id)), rolesOf(directRoleIds), applicationId).sort(byName);
  }

  /** The union of the permissions of the user's effective roles for one application. */
  async effectivePermissions(ctx: RequestContext, user: User, applicationId: string): Promise<Permission[]> {
    const roleIds = (await this.effectiveRoles(ctx, user, applicationId)).map((role) => role.id);
    const permissionIdsByRole = await loadLinks(ctx.loaders.permissionIdsByRole, roleIds);
    const ids = effectivePermissions(roleIds, (id) => permissionIdsByRole.get(id));
    return (await loadExisting(ctx.loaders.permissionById, [...ids])).sort(byName);
  }

  async authorizationSnapshots(ctx: RequestContext, user: User): Promise<AuthorizationSnapshot[]> {
    const snapshots = await ctx.loaders.snapshotsByUser.load(user.id);
    return [...snapshots].sort((a, b) => (a.applicationId < b.applicationId ? -1 : 1));
  }

  private async activeGroupIds(ctx: RequestContext, user: User): Promise<string[]> {
    return activeIds(await ctx.loaders.groupGrantsByUser.load(user.id), requestTime(ctx));
  }

  private async activeRoleIds(ctx: RequestContext, user: User): Promise<string[]> {
    return activeIds(await ctx.loaders.roleGrantsByUser.load(user.id), requestTime(ctx));
  }

  /** Active direct groups and every ancestor of them (nesting has no window). */
  private async effectiveGroupIds(ctx: RequestContext, user: User): Promise<Set<string>> {
    const direct = await this.activeGroupIds(ctx, user);
    const parents = await linksFrom(direct, ctx.loaders.parentIds);
    return effectiveGroupIds(direct, (id) => parents.get(id));
  }
}

/** The grants a listing shows at `now`: every one with `includeInactive`, otherwise the active ones. */
function listed(grants: readonly Grant[], now: number, includeInactive: boolean): Grant[] {
  return includeInactive ? [...grants] : grants.filter((grant) => isActiveAt(grant, now));
}
