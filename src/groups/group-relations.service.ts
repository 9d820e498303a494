import DataLoader from "dataloader";
import { RequestContext } from "../context/request-context";
import { isActiveAt, requestTime, windowDates } from "../common/grant-window";
import { GrantPageArgs } from "../common/grants";
import { byName } from "../common/names";
import { decodeCursor, Page, PageArgs, pageSize, SearchPageArgs, toPage } from "../common/pagination";
import { linksFrom, loadExisting } from "../common/loader-utils";
import { effectiveGroupIds } from "../authorization/effective";
import type { ModelCache } from "../authorization/model-cache";
import { Role } from "../roles/role.entity";
import { User } from "../users/user.entity";
import { GroupMapping } from "./group-links.entity";
import { Group } from "./group.entity";
import { CalculatedMember, EffectiveRole, GroupMemberGrant } from "./group-relations.types";

/** Reads a group's relations through the request's loaders (batched across sibling groups). */
export class GroupRelationsService {
  /** `cache`: a group's descendants come from the current hot model when there is one (no statement per nesting level). */
  constructor(private readonly cache: ModelCache) {}

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
   * triggers, summed in one statement), the page one keyset read.
   */
  async calculatedMembers(ctx: RequestContext, group: Group, args: PageArgs): Promise<Page<CalculatedMember>> {
    const size = pageSize(args.first);
    const [afterUserId, afterGroupId] = args.after ? decodeCursor(args.after, 2) : [undefined, undefined];
    const groupIds = await this.subtree(ctx, group.id);
    const now = requestTime(ctx);
    const total = await ctx.loaders.subtreeTotals(now).load({ groupId: group.id, subtree: groupIds });
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

  private readonly subtreeLoaders = new WeakMap<RequestContext, DataLoader<string, string[]>>();

  /**
   * The group and its descendants, each once, batched with sibling groups asking in the same
   * request: from the hot model when it is current (one revision read per batch proves it, so
   * never older than the last commit), otherwise from the nesting links in one recursive
   * statement. Not cached: a later batch after a commit in the same request checks again.
   */
  private subtree(ctx: RequestContext, groupId: string): Promise<string[]> {
    let loader = this.subtreeLoaders.get(ctx);
    if (!loader) {
      loader = new DataLoader<string, string[]>(
        async (groupIds) => {
          const model = this.cache.enabled ? await this.cache.current() : null;
          const held = groupIds.map((id) => model?.compiled.subtree(id) ?? null);
          const missing = groupIds.filter((_, i) => held[i] === null);
          const read = missing.length > 0 ? await ctx.loaders.subtrees.loadMany(missing) : [];
          let next = 0;
          return groupIds.map((_, i) => held[i] ?? read[next++]);
        },
        { cache: false },
      );
      this.subtreeLoaders.set(ctx, loader);
    }
    return loader.load(groupId);
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
