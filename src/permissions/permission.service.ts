import { EntityManager, In } from "typeorm";
import { ensureApplication, getSupportedApplication } from "../applications/application.service";
import { RequestContext } from "../context/request-context";
import { ConflictError } from "../common/errors";
import { byName, listNames, nameKey, newId } from "../common/names";
import { likePattern, Page, paginate } from "../common/pagination";
import { getOrThrow } from "../common/repository";
import { Database } from "../db/database";
import { RolePermission } from "../roles/role-links.entity";
import { Role } from "../roles/role.entity";
import type { StubOptions } from "../roles/role.service";
import { Permission } from "./permission.entity";
import { CreatePermissionInput, PermissionListArgs, UpdatePermissionInput } from "./permission.inputs";

/** Owns permissions: per-application unique names; deletion blocked by roles (updates are allowed). */
export class PermissionService {
  constructor(private readonly db: Database) {}

  list(_ctx: RequestContext, args: PermissionListArgs): Promise<Page<Permission>> {
    const query = this.db.manager.getRepository(Permission).createQueryBuilder("p");
    if (args.applicationId !== undefined) query.andWhere("p.applicationId = :applicationId", { applicationId: args.applicationId });
    if (args.search) query.andWhere("p.nameKey LIKE :pattern ESCAPE '\\'", { pattern: likePattern(args.search) });
    return paginate(query, { alias: "p", sortColumn: "nameKey", args });
  }

  get(ctx: RequestContext, id: string): Promise<Permission | null> {
    return ctx.loaders.permissionById.load(id);
  }

  /** `options`: as for roles (RoleService.create). */
  create(ctx: RequestContext, input: CreatePermissionInput, options: StubOptions = {}): Promise<Permission> {
    return this.db.write(ctx, async (manager) => {
      if (options.stubApplication && (await ensureApplication(manager, input.applicationId))) options.onStub?.(input.applicationId);
      await getSupportedApplication(manager, input.applicationId, "permissions");
      const name = input.name.trim();
      await this.assertNameFree(manager, input.applicationId, name);
      return manager.save(
        manager.create(Permission, {
          id: newId(),
          applicationId: input.applicationId,
          name,
          nameKey: nameKey(name),
          description: input.description ?? "",
        }),
      );
    });
  }

  update(ctx: RequestContext, id: string, input: UpdatePermissionInput): Promise<Permission> {
    return this.db.write(ctx, async (manager) => {
      const permission = await getOrThrow(manager, Permission, "Permission", id);
      if (input.name !== undefined) {
        const name = input.name.trim();
        await this.assertNameFree(manager, permission.applicationId, name, id);
        permission.name = name;
        permission.nameKey = nameKey(name);
      }
      // null clears the description (it is never null in storage).
      if (input.description !== undefined) permission.description = input.description ?? "";
      return manager.save(permission);
    });
  }

  /** Refused while roles contain the permission, unless `force` removes it from them. */
  delete(ctx: RequestContext, id: string, force: boolean): Promise<boolean> {
    return this.db.write(ctx, async (manager) => {
      const permission = await getOrThrow(manager, Permission, "Permission", id);
      if (!force) {
        const roleIds = (await manager.findBy(RolePermission, { permissionId: id })).map((link) => link.roleId);
        if (roleIds.length > 0) {
          const roles = (await manager.findBy(Role, { id: In(roleIds) })).sort(byName);
          throw new ConflictError(`Permission "${permission.name}" is used by roles ${listNames(roles.map((r) => r.name))}; remove it from them or delete with force: true`, {
            blockedBy: roles.map((r) => r.id),
          });
        }
      }
      await manager.delete(RolePermission, { permissionId: id });
      await manager.delete(Permission, { id });
      return true;
    });
  }

  private async assertNameFree(manager: EntityManager, applicationId: string, name: string, exceptId?: string): Promise<void> {
    const existing = await manager.findOneBy(Permission, { applicationId, nameKey: nameKey(name) });
    if (existing && existing.id !== exceptId) {
      throw new ConflictError(`Permission with name "${existing.name}" already exists for application "${applicationId}" (names are unique per application ignoring case)`, {
        field: "name",
        existingId: existing.id,
      });
    }
  }
}
