import { EntityManager } from "typeorm";
import { RequestContext } from "../context/request-context";
import { BadUserInputError, ConflictError } from "../common/errors";
import { byName, listNames, nameKey, unique } from "../common/names";
import { likePattern, Page, paginate, SearchPageArgs } from "../common/pagination";
import { getOrThrow } from "../common/repository";
import { Database } from "../db/database";
import { Permission } from "../permissions/permission.entity";
import { Role } from "../roles/role.entity";
import { Application, ApplicationType, OrganizationUsage, SUPPORTED_APPLICATION_TYPES } from "./application.entity";
import { CreateApplicationInput, UpdateApplicationInput } from "./application.inputs";

/**
 * The application, or NOT_FOUND; BAD_USER_INPUT when its type cannot own roles and
 * permissions (`what` says what was being created).
 */
export async function getSupportedApplication(manager: EntityManager, id: string, what: string): Promise<Application> {
  const application = await getOrThrow(manager, Application, "Application", id);
  if (!application.supported) {
    throw new BadUserInputError(
      `Application "${application.name}" is of type ${application.type}, which is not supported: ${what} can only be created for NATIVE, SPA and REGULAR_WEB applications`,
      { field: "applicationId" },
    );
  }
  return application;
}

/**
 * Creates the application as a stub (type REGULAR_WEB, name = id), as an import does for an
 * application its roles reference, when it does not exist; true when it did that.
 */
export async function ensureApplication(manager: EntityManager, id: string): Promise<boolean> {
  if (await manager.findOneBy(Application, { id })) return false;
  await manager.save(manager.create(Application, { id, name: id, nameKey: nameKey(id), type: ApplicationType.REGULAR_WEB, requiredRoles: [] }));
  return true;
}

/** Owns applications: unique client ids, supported types, deletion blocked by roles and permissions. */
export class ApplicationService {
  constructor(private readonly db: Database) {}

  list(_ctx: RequestContext, args: SearchPageArgs): Promise<Page<Application>> {
    const query = this.db.manager.getRepository(Application).createQueryBuilder("a");
    if (args.search) {
      query.where("(a.nameKey LIKE :pattern ESCAPE '\\' OR LOWER(a.id) LIKE :pattern ESCAPE '\\')", {
        pattern: likePattern(args.search),
      });
    }
    return paginate(query, { alias: "a", sortColumn: "nameKey", args });
  }

  get(ctx: RequestContext, id: string): Promise<Application | null> {
    return ctx.loaders.applicationById.load(id);
  }

  create(ctx: RequestContext, input: CreateApplicationInput): Promise<Application> {
    return this.db.write(ctx, async (manager) => {
      const existing = await manager.findOneBy(Application, { id: input.id });
      if (existing) throw new ConflictError(`Application "${input.id}" already exists`, { field: "id" });
      const name = input.name.trim();
      const application = manager.create(Application, {
        id: input.id,
        name,
        nameKey: nameKey(name),
        type: input.type,
        requiredRoles: unique(input.requiredRoles ?? []),
        organizationUsage: input.organizationUsage ?? OrganizationUsage.ALLOW,
        tenantRolesInOrganizations: input.tenantRolesInOrganizations ?? false,
      });
      return manager.save(application);
    });
  }

  update(ctx: RequestContext, id: string, input: UpdateApplicationInput): Promise<Application> {
    return this.db.write(ctx, async (manager) => {
      const application = await getOrThrow(manager, Application, "Application", id);
      if (input.type !== undefined && !SUPPORTED_APPLICATION_TYPES.has(input.type) && application.supported) {
        await this.assertUnreferenced(manager, application, `its type cannot become ${ApplicationType.NON_INTERACTIVE}`);
      }
      if (input.name !== undefined) {
        application.name = input.name.trim();
        application.nameKey = nameKey(application.name);
      }
      if (input.type !== undefined) application.type = input.type;
      if (input.requiredRoles !== undefined) application.requiredRoles = unique(input.requiredRoles);
      if (input.organizationUsage !== undefined) application.organizationUsage = input.organizationUsage;
      if (input.tenantRolesInOrganizations !== undefined) application.tenantRolesInOrganizations = input.tenantRolesInOrganizations;
      return manager.save(application);
    });
  }

  /** Refused while the application has roles or permissions, unless `force` deletes them too. */
  delete(ctx: RequestContext, id: string, force: boolean): Promise<boolean> {
    return this.db.write(ctx, async (manager) => {
      const application = await getOrThrow(manager, Application, "Application", id);
      if (!force) await this.assertUnreferenced(manager, application, "delete it with force: true to remove them too");
      // Role and permission links cascade from roles and permissions.
      await manager.delete(Role, { applicationId: id });
      await manager.delete(Permission, { applicationId: id });
      await manager.delete(Application, { id });
      return true;
    });
  }

  private async assertUnreferenced(manager: EntityManager, application: Application, advice: string): Promise<void> {
    const [roles, permissions] = await Promise.all([manager.findBy(Role, { applicationId: application.id }), manager.findBy(Permission, { applicationId: application.id })]);
    if (roles.length === 0 && permissions.length === 0) return;
    const held = [
      roles.length > 0 ? `roles ${listNames(roles.sort(byName).map((r) => r.name))}` : "",
      permissions.length > 0 ? `permissions ${listNames(permissions.sort(byName).map((p) => p.name))}` : "",
    ].filter(Boolean);
    throw new ConflictError(`Application "${application.name}" has ${held.join(" and ")}; ${advice}`, {
      blockedBy: [...roles.map((r) => r.id), ...permissions.map((p) => p.id)],
    });
  }
}
