import { RequestContext } from "../context/request-context";
import { isActiveAt, requestTime, windowDates } from "../common/grant-window";
import { GrantPageArgs } from "../common/grants";
import { byName } from "../common/names";
import { decodeCursor, Page, PageArgs, pageSize, SearchPageArgs, toPage } from "../common/pagination";
import { linksFrom, loadExisting } from "../common/loader-utils";
import { calculatedGroupIds, effectiveGroupIds } from "../authorization/effective";
import { Role } from "../roles/role.entity";
import { User } from "../users/user.entity";
import { GroupMapping } from "./group-links.entity";
import { Group } from "./group.entity";
import { CalculatedMember, EffectiveRole, GroupMemberGrant } from "./group-relations.types";

/** Reads a group's relations through the request's loaders (batched across sibling groups). */
export class GroupRelationsService {
  /** Direct members whose membership is active at the request's time (docs/design.md §13), paginated by user id. */
  async members(ctx: RequestContext, group: Group, args: SearchPageArgs): Promise<Page<User>> {
    const size = pageSize(args.first);
    const afterUserId = args.after ? decodeCursor(args.after, 1)[0] : undefined;
    const searchProfiles = args.search ? ctx.actor.scopes.has("read:users") : undefined;
    const slice = await ctx.loaders.membershipSlices({ search: args.search, searchProfiles, afterUserId, limit: size + 1, now: requestTime(ctx) }).load(group.id);
    const users = await loadExisting(
      ctx.loaders.userById,
      slice.rows.map((row) => row.userId),
    );
    return toPage(users, size, slice.total, (user) => [user.id]);
  }

  /**
   * Direct memberships with their windows, paginated by user id (docs/design.md §13): the active
   * ones, or with `includeInactive` every one, `active` telling them apart.
   */
  async memberGrants(ctx: RequestContext, group: Group, args: GrantPageArgs): Promise<Page<GroupMemberGrant>> {
    const size = pageSize(args.first);
    const afterUserId = args.after ? decodeCursor(args.after, 1)[0] : undefined;
    const now = requestTime(ctx);
    const slice = await ctx.loaders.membershipSlices({ afterUserId, limit: size + 1, now: args.includeInactive ? undefined : now, windows: true }).load(group.id);
    const users = await ctx.loaders.userById.loadMany(slice.rows.map((row) => row.userId));
    const nodes: GroupMemberGrant[] = [];
    slice.rows.forEach((row, i) => {
      const user = users[i];
      if (user && !(user instanceof Error)) nodes.push({ user, ...windowDates(row), active: isActiveAt(row, now) });
    });
    return toPage(nodes, size, slice.total, (node) => [node.user.id]);
  }

  /**
   * Members of the group and of all its descendants, one node per (user, group it comes
   * through), sorted by user id then group id (docs/design.md §10, "Calculated members"), active
   * memberships only (§13): the count is the sum of the active direct member counts of the group and its descendants (kept by
   * triggers, read by key, shared with `memberCount`), the page one keyset read.
   */
  async calculatedMembers(ctx: RequestContext, group: Group, args: PageArgs): Promise<Page<CalculatedMember>> {
    const size = pageSize(args.first);
    const [afterUserId, afterGroupId] = args.after ? decodeCursor(args.after, 2) : [undefined, undefined];
    const children = await linksFrom([group.id], ctx.loaders.childIds);
    const groupIds = [...calculatedGroupIds(group.id, (id) => children.get(id))];
    const now = requestTime(ctx);
    let total = 0;
    for (const count of await ctx.loaders.memberCounts(now).loadMany(groupIds)) {
      if (count instanceof Error) throw count;
      total += count;
    }
    const pageRows = await ctx.loaders.calculatedPages({ afterUserId, afterGroupId, limit: size + 1, now }).load({ groupId: group.id, subtree: groupIds, pairs: total });
    const [users, groups] = await Promise.all([ctx.loaders.userById.loadMany(pageRows.map((r) => r.userId)), ctx.loaders.groupById.loadMany(pageRows.map((r) => r.groupId))]);
    const nodes: CalculatedMember[] = [];
    pageRows.forEach((_, i) => {
      const user = users[i];
      const source = groups[i];
      if (user && source && !(user instanceof Error) && !(source instanceof Error)) nodes.push({ user, group: source });
    });
    return toPage(nodes, size, total, (node) => [node.user.id, node.group.id]);
  }

  /** Direct members active at the request's time. */
  memberCount(ctx: RequestContext, group: Group): Promise<number> {
    return ctx.loaders.memberCounts(requestTime(ctx)).load(group.id);
  }

  async nestedGroups(ctx: RequestContext, group: Group): Promise<Group[]> {
    return (await loadExisting(ctx.loaders.groupById, await ctx.loaders.childIds.load(group.id))).sort(byName);
  }

  async parentGroups(ctx: RequestContext, group: Group): Promise<Group[]> {
    return (await loadExisting(ctx.loaders.groupById, await ctx.loaders.parentIds.load(group.id))).sort(byName);
  }

  async roles(ctx: RequestContext, group: Group): Promise<Role[]> {
    return (await loadExisting(ctx.loaders.roleById, await ctx.loaders.roleIdsByGroup.load(group.id))).sort(byName);
  }

  /** The group's own roles and those of every ancestor, each with the group that holds it. */
  async effectiveRoles(ctx: RequestContext, group: Group): Promise<EffectiveRole[]> {
    const parents = await linksFrom([group.id], ctx.loaders.parentIds);
    const groupIds = [...effectiveGroupIds([group.id], (id) => parents.get(id))];
    const [groups, roleIdLists] = await Promise.all([loadExisting(ctx.loaders.groupById, groupIds), ctx.loaders.roleIdsByGroup.loadMany(groupIds)]);
    const groupById = new Map(groups.map((g) => [g.id, g]));
    const pairs: Array<{ roleId: string; group: Group }> = [];
    groupIds.forEach((groupId, i) => {
      const source = groupById.get(groupId);
      const roleIds = roleIdLists[i];
      if (!source || roleIds instanceof Error) return;
      for (const roleId of roleIds) pairs.push({ roleId, group: source });
    });
    const roles = await ctx.loaders.roleById.loadMany(pairs.map((p) => p.roleId));
    const result: EffectiveRole[] = [];
    pairs.forEach((pair, i) => {
      const role = roles[i];
      if (role && !(role instanceof Error)) result.push({ role, group: pair.group });
    });
    return result.sort((a, b) => byName(a.role, b.role) || byName(a.group, b.group));
  }

  async mappings(ctx: RequestContext, group: Group): Promise<GroupMapping[]> {
    const mappings = await ctx.loaders.mappingsByGroup.load(group.id);
    return [...mappings].sort((a, b) => compare(a.connectionName, b.connectionName) || compare(a.groupName, b.groupName) || compare(a.id, b.id));
  }
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
