import { EntityManager, In } from "typeorm";
import { RequestContext } from "../context/request-context";
import { ConflictError, NotFoundError } from "../common/errors";
import { byName, listNames, nameKey, newId, unique } from "../common/names";
import { likePattern, Page, paginate, SearchPageArgs } from "../common/pagination";
import { getAllOrThrow, getOrThrow, insertLinks, upsertGrants } from "../common/repository";
import { requestTime, windowOf, WindowInput } from "../common/grant-window";
import { ensureUsers } from "../users/user-stubs";
import { Database } from "../db/database";
import { Role } from "../roles/role.entity";
import { User } from "../users/user.entity";
import { GroupMapping, GroupMember, GroupNesting, GroupRole } from "./group-links.entity";
import { Group } from "./group.entity";
import { CreateGroupInput, GroupMappingInput, UpdateGroupInput } from "./group.inputs";

/** Owns the rules of groups: unique names, memberships, group roles, mappings, deletion blocks. */
export class GroupService {
  constructor(private readonly db: Database) {}

  list(_ctx: RequestContext, args: SearchPageArgs): Promise<Page<Group>> {
    const query = this.db.manager.getRepository(Group).createQueryBuilder("g");
    if (args.search) query.where("g.nameKey LIKE :pattern ESCAPE '\\'", { pattern: likePattern(args.search) });
    return paginate(query, { alias: "g", sortColumn: "nameKey", args });
  }

  get(ctx: RequestContext, id: string): Promise<Group | null> {
    return ctx.loaders.groupById.load(id);
  }

  /**
   * The groups named by `idsOrNames`: a value that is a group id is that group, any other the
   * group of that name (ignoring case); NOT_FOUND lists the values that are neither.
   */
  async resolve(ctx: RequestContext, idsOrNames: string[]): Promise<Group[]> {
    const wanted = unique(idsOrNames);
    const byId = await ctx.loaders.groupById.loadMany(wanted);
    const found = byId.filter((group): group is Group => group instanceof Group);
    const rest = wanted.filter((_, i) => !(byId[i] instanceof Group));
    if (rest.length === 0) return found;
    const named = await this.db.manager.findBy(Group, { nameKey: In(rest.map(nameKey)) });
    const missing = rest.filter((value) => !named.some((group) => group.nameKey === nameKey(value)));
    if (missing.length > 0) throw new NotFoundError("Group", missing);
    return [...found, ...named];
  }

  create(ctx: RequestContext, input: CreateGroupInput): Promise<Group> {
    return this.db.write(ctx, async (manager) => {
      const name = input.name.trim();
      await this.assertNameFree(manager, name);
      const group = manager.create(Group, { id: newId(), name, nameKey: nameKey(name), description: input.description ?? "" });
      return manager.save(group);
    });
  }

  update(ctx: RequestContext, id: string, input: UpdateGroupInput): Promise<Group> {
    return this.db.write(ctx, async (manager) => {
      const group = await getOrThrow(manager, Group, "Group", id);
      if (input.name !== undefined) {
        const name = input.name.trim();
        await this.assertNameFree(manager, name, id);
        group.name = name;
        group.nameKey = nameKey(name);
      }
      // null clears the description (it is never null in storage).
      if (input.description !== undefined) group.description = input.description ?? "";
      return manager.save(group);
    });
  }

  /** Refused while the group is nested in others, unless `force` (which detaches it first). */
  delete(ctx: RequestContext, id: string, force: boolean): Promise<boolean> {
    return this.db.write(ctx, async (manager) => {
      const group = await getOrThrow(manager, Group, "Group", id);
      if (!force) {
        const parentIds = (await manager.findBy(GroupNesting, { childId: id })).map((edge) => edge.parentId);
        if (parentIds.length > 0) {
          const parents = (await manager.findBy(Group, { id: In(parentIds) })).sort(byName);
          throw new ConflictError(`Group "${group.name}" is nested in ${listNames(parents.map((p) => p.name))}; remove it from them or delete with force: true`, {
            blockedBy: parents.map((p) => p.id),
          });
        }
      }
      // Links cascade in the database; deleting them explicitly keeps SQLite and PostgreSQL alike.
      await manager.delete(GroupNesting, { childId: id });
      await manager.delete(GroupNesting, { parentId: id });
      await manager.delete(GroupMember, { groupId: id });
      await manager.delete(GroupRole, { groupId: id });
      await manager.delete(GroupMapping, { groupId: id });
      await manager.delete(Group, { id });
      return true;
    });
  }

  addMembers(ctx: RequestContext, groupId: string, userIds: string[], window: WindowInput = {}): Promise<Group> {
    const grant = windowOf(window, requestTime(ctx));
    return this.db.write(ctx, async (manager) => {
      const group = await getOrThrow(manager, Group, "Group", groupId);
      await ensureUsers(manager, userIds);
      await upsertGrants(
        manager,
        GroupMember,
        unique(userIds).map((userId) => ({ groupId, userId })),
        grant,
        ["groupId", "userId"],
      );
      return group;
    });
  }

  removeMembers(ctx: RequestContext, groupId: string, userIds: string[]): Promise<Group> {
    return this.db.write(ctx, async (manager) => {
      const group = await getOrThrow(manager, Group, "Group", groupId);
      await getAllOrThrow(manager, User, "User", userIds);
      if (userIds.length > 0) await manager.delete(GroupMember, { groupId, userId: In(unique(userIds)) });
      return group;
    });
  }

  addRoles(ctx: RequestContext, groupId: string, roleIds: string[]): Promise<Group> {
    return this.db.write(ctx, async (manager) => {
      const group = await getOrThrow(manager, Group, "Group", groupId);
      const roles = await getAllOrThrow(manager, Role, "Role", roleIds);
      await insertLinks(
        manager,
        GroupRole,
        roles.map((role) => ({ groupId, roleId: role.id })),
      );
      return group;
    });
  }

  removeRoles(ctx: RequestContext, groupId: string, roleIds: string[]): Promise<Group> {
    return this.db.write(ctx, async (manager) => {
      const group = await getOrThrow(manager, Group, "Group", groupId);
      await getAllOrThrow(manager, Role, "Role", roleIds);
      if (roleIds.length > 0) await manager.delete(GroupRole, { groupId, roleId: In(unique(roleIds)) });
      return group;
    });
  }

  /** Duplicates of an existing mapping on the same group are ignored. */
  addMappings(ctx: RequestContext, groupId: string, mappings: GroupMappingInput[]): Promise<Group> {
    return this.db.write(ctx, async (manager) => {
      const group = await getOrThrow(manager, Group, "Group", groupId);
      const rows = mappings.map((m) => ({
        id: newId(),
        groupId,
        connectionName: m.connectionName.trim(),
        groupName: m.groupName,
      }));
      await insertLinks(manager, GroupMapping, rows);
      return group;
    });
  }

  /** Every id must be a mapping of this group. */
  removeMappings(ctx: RequestContext, groupId: string, mappingIds: string[]): Promise<Group> {
    return this.db.write(ctx, async (manager) => {
      const group = await getOrThrow(manager, Group, "Group", groupId);
      const wanted = unique(mappingIds);
      if (wanted.length === 0) return group;
      const found = await manager.findBy(GroupMapping, { groupId, id: In(wanted) });
      const foundIds = new Set(found.map((m) => m.id));
      const missing = wanted.filter((id) => !foundIds.has(id));
      if (missing.length > 0) throw new NotFoundError(`Mapping of group "${group.name}"`, missing);
      await manager.delete(GroupMapping, { id: In(wanted) });
      return group;
    });
  }

  private async assertNameFree(manager: EntityManager, name: string, exceptId?: string): Promise<void> {
    const existing = await manager.findOneBy(Group, { nameKey: nameKey(name) });
    if (existing && existing.id !== exceptId) {
      throw new ConflictError(`Group with name "${existing.name}" already exists (names are unique ignoring case)`, {
        field: "name",
        existingId: existing.id,
      });
    }
  }
}
