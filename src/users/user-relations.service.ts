import { RequestContext } from "../context/request-context";
import { linksFrom, loadExisting, loadLinks } from "../common/loader-utils";
import { byName, unique } from "../common/names";
import { effectiveGroupIds, effectivePermissions, effectiveRoles } from "../authorization/effective";
import { Group } from "../groups/group.entity";
import { Permission } from "../permissions/permission.entity";
import { Role } from "../roles/role.entity";
import { AuthorizationSnapshot } from "./authorization-snapshot.entity";
import { User } from "./user.entity";

/**
 * Reads a user's relations through the request's loaders. "Effective" is the engine's definition
 * (authorization/effective.ts) over the stored model only (explicit memberships and nesting); IdP
 * mappings need a login and are the engine's job.
 */
export class UserRelationsService {
  async groups(ctx: RequestContext, user: User): Promise<Group[]> {
    return (await loadExisting(ctx.loaders.groupById, await ctx.loaders.groupIdsByUser.load(user.id))).sort(byName);
  }

  /** Direct groups and every ancestor of them. */
  async effectiveGroups(ctx: RequestContext, user: User): Promise<Group[]> {
    return (await loadExisting(ctx.loaders.groupById, [...(await this.effectiveGroupIds(ctx, user))])).sort(byName);
  }

  async roles(ctx: RequestContext, user: User): Promise<Role[]> {
    return (await loadExisting(ctx.loaders.roleById, await ctx.loaders.roleIdsByUser.load(user.id))).sort(byName);
  }

  /** Roles of effective groups plus direct roles, optionally only those of one application. */
  async effectiveRoles(ctx: RequestContext, user: User, applicationId?: string): Promise<Role[]> {
    const groupIds = await this.effectiveGroupIds(ctx, user);
    const [roleIdsByGroup, directRoleIds] = await Promise.all([loadLinks(ctx.loaders.roleIdsByGroup, groupIds), ctx.loaders.roleIdsByUser.load(user.id)]);
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

  private async effectiveGroupIds(ctx: RequestContext, user: User): Promise<Set<string>> {
    const direct = await ctx.loaders.groupIdsByUser.load(user.id);
    const parents = await linksFrom(direct, ctx.loaders.parentIds);
    return effectiveGroupIds(direct, (id) => parents.get(id));
  }
}
