import { EntityManager, In } from "typeorm";
import { ensureApplication, getSupportedApplication } from "../applications/application.service";
import { RequestContext } from "../context/request-context";
import { BadUserInputError, ConflictError, NotFoundError } from "../common/errors";
import { byName, listNames, nameKey, newId, unique } from "../common/names";
import { likePattern, Page, paginate } from "../common/pagination";
import { getAllOrThrow, getOrThrow, insertLinks } from "../common/repository";
import { Database } from "../db/database";
import { GroupRole } from "../groups/group-links.entity";
import { Group } from "../groups/group.entity";
import { OrganizationMemberRole } from "../organizations/organization-links.entity";
import { Permission } from "../permissions/permission.entity";
import { RolePermission, UserRole } from "./role-links.entity";
import { Role } from "./role.entity";
import { CreateRoleInput, RoleListArgs, UpdateRoleInput } from "./role.inputs";

/** How a create treats an application id Gatehouse does not know (default: NOT_FOUND). */
export interface StubOptions {
  stubApplication?: boolean;
  onStub?: (applicationId: string) => void;
}

/** Owns roles: per-application unique names, same-application permissions, deletion blocked by groups. */
export class RoleService {
  constructor(private readonly db: Database) {}

  list(_ctx: RequestContext, args: RoleListArgs): Promise<Page<Role>> {
    const query = this.db.manager.getRepository(Role).createQueryBuilder("r");
    if (args.applicationId !== undefined) query.andWhere("r.applicationId = :applicationId", { applicationId: args.applicationId });
    if (args.search) query.andWhere("r.nameKey LIKE :pattern ESCAPE '\\'", { pattern: likePattern(args.search) });
    return paginate(query, { alias: "r", sortColumn: "nameKey", args });
  }

  get(ctx: RequestContext, id: string): Promise<Role | null> {
    return ctx.loaders.roleById.load(id);
  }

  /**
   * `options.stubApplication`: an unknown application is created as a stub first (the extension's
   * API, whose application ids are the IdP's: docs/design.md §14), and `onStub` is told.
   */
  create(ctx: RequestContext, input: CreateRoleInput, options: StubOptions = {}): Promise<Role> {
    return this.db.write(ctx, async (manager) => {
      if (options.stubApplication && (await ensureApplication(manager, input.applicationId))) options.onStub?.(input.applicationId);
      await getSupportedApplication(manager, input.applicationId, "roles");
      const name = input.name.trim();
      await this.assertNameFree(manager, input.applicationId, name);
      const role = await manager.save(
        manager.create(Role, {
          id: newId(),
          applicationId: input.applicationId,
          name,
          nameKey: nameKey(name),
          description: input.description ?? "",
        }),
      );
      await this.setPermissions(manager, role, input.permissionIds ?? []);
      return role;
    });
  }

  /**
   * The roles named by `idsOrNames`: a value that is a role id is that role, any other the roles
   * of that name (ignoring case; one per application); NOT_FOUND lists the values that are neither.
   */
  async resolve(ctx: RequestContext, idsOrNames: string[]): Promise<Role[]> {
    const wanted = unique(idsOrNames);
    const byId = await ctx.loaders.roleById.loadMany(wanted);
    const found = byId.filter((role): role is Role => role instanceof Role);
    const rest = wanted.filter((_, i) => !(byId[i] instanceof Role));
    if (rest.length === 0) return found;
    const named = await this.db.manager.findBy(Role, { nameKey: In(rest.map(nameKey)) });
    const missing = rest.filter((value) => !named.some((role) => role.nameKey === nameKey(value)));
    if (missing.length > 0) throw new NotFoundError("Role", missing);
    return [...found, ...named];
  }

  update(ctx: RequestContext, id: string, input: UpdateRoleInput): Promise<Role> {
    return this.db.write(ctx, async (manager) => {
      const role = await getOrThrow(manager, Role, "Role", id);
      if (input.name !== undefined) {
        const name = input.name.trim();
        await this.assertNameFree(manager, role.applicationId, name, id);
        role.name = name;
        role.nameKey = nameKey(name);
      }
      // null clears the description (it is never null in storage).
      if (input.description !== undefined) role.description = input.description ?? "";
      await manager.save(role);
      if (input.permissionIds !== undefined) {
        await manager.delete(RolePermission, { roleId: id });
        await this.setPermissions(manager, role, input.permissionIds);
      }
      return role;
    });
  }

  /** Refused while groups hold the role, unless `force` (direct user assignments never block). */
  delete(ctx: RequestContext, id: string, force: boolean): Promise<boolean> {
    return this.db.write(ctx, async (manager) => {
      const role = await getOrThrow(manager, Role, "Role", id);
      if (!force) {
        const groupIds = (await manager.findBy(GroupRole, { roleId: id })).map((link) => link.groupId);
        if (groupIds.length > 0) {
          const groups = (await manager.findBy(Group, { id: In(groupIds) })).sort(byName);
          throw new ConflictError(`Role "${role.name}" is used by groups ${listNames(groups.map((g) => g.name))}; remove it from them or delete with force: true`, {
            blockedBy: groups.map((g) => g.id),
          });
        }
      }
      await manager.delete(GroupRole, { roleId: id });
      await manager.delete(UserRole, { roleId: id });
      await manager.delete(OrganizationMemberRole, { roleId: id });
      await manager.delete(RolePermission, { roleId: id });
      await manager.delete(Role, { id });
      return true;
    });
  }

  private async setPermissions(manager: EntityManager, role: Role, permissionIds: string[]): Promise<void> {
    const permissions = await getAllOrThrow(manager, Permission, "Permission", permissionIds);
    const foreign = permissions.filter((p) => p.applicationId !== role.applicationId);
    if (foreign.length > 0) {
      throw new BadUserInputError(`permissionIds: permissions ${listNames(foreign.map((p) => p.name))} belong to another application than the role's ("${role.applicationId}")`, {
        field: "permissionIds",
        ids: foreign.map((p) => p.id),
      });
    }
    await insertLinks(
      manager,
      RolePermission,
      permissions.map((p) => ({ roleId: role.id, permissionId: p.id })),
    );
  }

  private async assertNameFree(manager: EntityManager, applicationId: string, name: string, exceptId?: string): Promise<void> {
    const existing = await manager.findOneBy(Role, { applicationId, nameKey: nameKey(name) });
    if (existing && existing.id !== exceptId) {
      throw new ConflictError(`Role with name "${existing.name}" already exists for application "${applicationId}" (names are unique per application ignoring case)`, {
        field: "name",
        existingId: existing.id,
      });
    }
  }
}
