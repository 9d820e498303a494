import { OrganizationMemberRole, OrganizationMembership } from "../organizations/organization-links.entity";
import { In } from "typeorm";
import { RequestContext } from "../context/request-context";
import { BadUserInputError } from "../common/errors";
import { unique } from "../common/names";
import { paginate, SearchPageArgs } from "../common/pagination";
import { searchUsers, UserPage } from "./user-search";
import { getAllOrThrow, getOrThrow, upsertGrants } from "../common/repository";
import { requestTime, windowOf, WindowInput } from "../common/grant-window";
import { ensureUsers } from "./user-stubs";
import { Database } from "../db/database";
import { GroupMember } from "../groups/group-links.entity";
import { Group } from "../groups/group.entity";
import { UserRole } from "../roles/role-links.entity";
import { Role } from "../roles/role.entity";
import { User } from "./user.entity";
import { UpsertUserInput } from "./user.inputs";

/** Owns users: bulk upsert, deletion with all links, and a user's memberships and direct roles. */
export class UserService {
  constructor(private readonly db: Database) {}

  /** All users in id order, or those matching `search` (see user-search.ts: docs/design.md §10). */
  async list(_ctx: RequestContext, args: SearchPageArgs): Promise<UserPage> {
    if (args.search) return searchUsers(this.db, { ...args, search: args.search });
    const query = this.db.manager.getRepository(User).createQueryBuilder("u");
    return { ...(await paginate(query, { alias: "u", sortColumn: "id", args })), totalCountExact: true };
  }

  get(ctx: RequestContext, id: string): Promise<User | null> {
    return ctx.loaders.userById.load(id);
  }

  /** Creates or updates each user; an omitted field keeps its stored value, null clears it. */
  upsert(ctx: RequestContext, users: UpsertUserInput[]): Promise<User[]> {
    const firstIndex = new Map<string, number>();
    users.forEach((user, i) => {
      const seen = firstIndex.get(user.id);
      if (seen !== undefined) {
        throw new BadUserInputError(`users[${i}].id: "${user.id}" is listed twice (also users[${seen}])`, {
          field: `users[${i}].id`,
        });
      }
      firstIndex.set(user.id, i);
    });
    return this.db.write(ctx, async (manager) => {
      const ids = users.map((u) => u.id);
      const existing = new Map((await manager.findBy(User, { id: In(ids) })).map((u) => [u.id, u]));
      const saved = users.map((input) => {
        const user = existing.get(input.id) ?? manager.create(User, { id: input.id, email: null, name: null, connection: null });
        if (input.email !== undefined) user.email = input.email;
        if (input.name !== undefined) user.name = input.name;
        if (input.connection !== undefined) user.connection = input.connection;
        return user;
      });
      return manager.save(User, saved, { chunk: 200 });
    });
  }

  /** Removes the user with its memberships, direct roles and snapshots. */
  delete(ctx: RequestContext, id: string): Promise<boolean> {
    return this.db.write(ctx, async (manager) => {
      await getOrThrow(manager, User, "User", id);
      await manager.delete(GroupMember, { userId: id });
      await manager.delete(UserRole, { userId: id });
      await manager.delete(OrganizationMemberRole, { userId: id });
      await manager.delete(OrganizationMembership, { userId: id });
      await manager.delete(User, { id });
      return true;
    });
  }

  addToGroups(ctx: RequestContext, userId: string, groupIds: string[], window: WindowInput = {}): Promise<User> {
    const grant = windowOf(window, requestTime(ctx));
    return this.db.write(ctx, async (manager) => {
      const groups = await getAllOrThrow(manager, Group, "Group", groupIds);
      await ensureUsers(manager, [userId]);
      await upsertGrants(
        manager,
        GroupMember,
        groups.map((g) => ({ groupId: g.id, userId })),
        grant,
        ["groupId", "userId"],
      );
      return getOrThrow(manager, User, "User", userId);
    });
  }

  removeFromGroups(ctx: RequestContext, userId: string, groupIds: string[]): Promise<User> {
    return this.db.write(ctx, async (manager) => {
      const user = await getOrThrow(manager, User, "User", userId);
      await getAllOrThrow(manager, Group, "Group", groupIds);
      if (groupIds.length > 0) await manager.delete(GroupMember, { userId, groupId: In(unique(groupIds)) });
      return user;
    });
  }

  addRoles(ctx: RequestContext, userId: string, roleIds: string[], window: WindowInput = {}): Promise<User> {
    const grant = windowOf(window, requestTime(ctx));
    return this.db.write(ctx, async (manager) => {
      const roles = await getAllOrThrow(manager, Role, "Role", roleIds);
      await ensureUsers(manager, [userId]);
      await upsertGrants(
        manager,
        UserRole,
        roles.map((r) => ({ roleId: r.id, userId })),
        grant,
        ["userId", "roleId"],
      );
      return getOrThrow(manager, User, "User", userId);
    });
  }

  removeRoles(ctx: RequestContext, userId: string, roleIds: string[]): Promise<User> {
    return this.db.write(ctx, async (manager) => {
      const user = await getOrThrow(manager, User, "User", userId);
      await getAllOrThrow(manager, Role, "Role", roleIds);
      if (roleIds.length > 0) await manager.delete(UserRole, { userId, roleId: In(unique(roleIds)) });
      return user;
    });
  }
}
