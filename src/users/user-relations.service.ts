import { RequestContext } from "../context/request-context";
import { loadExisting, walkLevels } from "../common/loader-utils";
import { byName, unique } from "../common/names";
import { Group } from "../groups/group.entity";
import { Permission } from "../permissions/permission.entity";
import { Role } from "../roles/role.entity";
import { AuthorizationSnapshot } from "./authorization-snapshot.entity";
import { User } from "./user.entity";

/**
 * Reads a user's relations through the request's loaders. "Effective" follows the stored model
 * only (explicit memberships and nesting); IdP mappings need a login and are the engine's job.
 */
export class UserRelationsService {
  async groups(ctx: RequestContext, user: User): Promise<Group[]> {
    return (await loadExisting(ctx.loaders.groupById, await ctx.loaders.groupIdsByUser.load(user.id))).sort(byName);
  }

  /** Direct groups and every ancestor of them. */
  async effectiveGroups(ctx: RequestContext, user: User): Promise<Group[]> {
    return (await loadExisting(ctx.loaders.groupById, await this.effectiveGroupIds(ctx, user))).sort(byName);
  }

  async roles(ctx: RequestContext, user: User): Promise<Role[]> {
    return (await loadExisting(ctx.loaders.roleById, await ctx.loaders.roleIdsByUser.load(user.id))).sort(byName);
  }

  /** Roles of effective groups plus direct roles, optionally only those of one application. */
  async effectiveRoles(ctx: RequestContext, user: User, applicationId?: string): Promise<Role[]> {
    const groupIds = await this.effectiveGroupIds(ctx, user);
    const [groupRoleLists, directRoleIds] = await Promise.all([
      ctx.loaders.roleIdsByGroup.loadMany(groupIds),
      ctx.loaders.roleIdsByUser.load(user.id),
    ]);
    const roleIds = unique([...groupRoleLists.flatMap((list) => (list instanceof Error ? [] : list)), ...directRoleIds]);
    const roles = await loadExisting(ctx.loaders.roleById, roleIds);
    return roles.filter((role) => applicationId === undefined || role.applicationId === applicationId).sort(byName);
  }

  /** The union of the permissions of the user's effective roles for one application. */
  async effectivePermissions(ctx: RequestContext, user: User, applicationId: string): Promise<Permission[]> {
    const roles = await this.effectiveRoles(ctx, user, applicationId);
    const lists = await ctx.loaders.permissionIdsByRole.loadMany(roles.map((r) => r.id));
    const ids = unique(lists.flatMap((list) => (list instanceof Error ? [] : list)));
    return (await loadExisting(ctx.loaders.permissionById, ids)).sort(byName);
  }

  async authorizationSnapshots(ctx: RequestContext, user: User): Promise<AuthorizationSnapshot[]> {
    const snapshots = await ctx.loaders.snapshotsByUser.load(user.id);
    return [...snapshots].sort((a, b) => (a.applicationId < b.applicationId ? -1 : 1));
  }

  private async effectiveGroupIds(ctx: RequestContext, user: User): Promise<string[]> {
    const direct = await ctx.loaders.groupIdsByUser.load(user.id);
    return [...(await walkLevels(direct, ctx.loaders.parentIds)).keys()];
  }
}
