import { EntityManager, In } from "typeorm";
import { getSupportedApplication } from "../applications/application.service";
import { RequestContext } from "../context/request-context";
import { BadUserInputError, ConflictError } from "../common/errors";
import { byName, listNames, nameKey, newId } from "../common/names";
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

  create(ctx: RequestContext, input: CreateRoleInput): Promise<Role> {
    return this.db.write(ctx, async (manager) => {
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
