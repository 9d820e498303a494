import { randomInt } from "node:crypto";
import { EntityManager, In } from "typeorm";
import { BadUserInputError, ConflictError } from "../common/errors";
import { LIMITS } from "../common/limits";
import { unique } from "../common/names";
import { likePattern, Page, paginate, SearchPageArgs } from "../common/pagination";
import { getAllOrThrow, getOrThrow, upsertGrants } from "../common/repository";
import { requestTime, windowOf, WindowInput } from "../common/grant-window";
import { textProblem } from "../common/validators";
import { RequestContext } from "../context/request-context";
import { Database } from "../db/database";
import { Role } from "../roles/role.entity";
import { ensureUsers } from "../users/user-stubs";
import { OrganizationMemberRole, OrganizationMembership } from "./organization-links.entity";
import { Organization } from "./organization.entity";
import { CreateOrganizationInput, UpdateOrganizationInput } from "./organization.inputs";

const ID_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

/** A generated organization id: "org_" + 16 random letters and digits (Auth0's form). */
export function newOrganizationId(): string {
  let id = "org_";
  for (let i = 0; i < 16; i++) id += ID_ALPHABET[randomInt(ID_ALPHABET.length)];
  return id;
}

/**
 * Why `metadata` is not a valid organization metadata object (docs/design.md §12: a JSON object
 * of at most 25 string keys of 1–100 characters and string values of at most 255), or null.
 * Shared with the import, which reports the same problems with their paths.
 */
export function metadataProblem(metadata: unknown): string | null {
  if (typeof metadata !== "object" || metadata === null || Array.isArray(metadata)) return "must be a JSON object";
  const entries = Object.entries(metadata);
  if (entries.length > LIMITS.metadataKeys) return `must have at most ${LIMITS.metadataKeys} keys (has ${entries.length})`;
  for (const [key, value] of entries) {
    if (key.length < 1 || key.length > LIMITS.metadataKey) return `keys must be 1 to ${LIMITS.metadataKey} characters long ("${key.slice(0, 40)}")`;
    if (typeof value !== "string") return `the value of "${key}" must be a string`;
    if (value.length > LIMITS.metadataValue) return `the value of "${key}" must be at most ${LIMITS.metadataValue} characters long`;
    const problem = textProblem(key) ?? textProblem(value);
    if (problem) return `"${key.slice(0, 40)}" ${problem}`;
  }
  return null;
}

function checkedMetadata(metadata: Record<string, unknown> | null | undefined): Record<string, string> {
  if (metadata === undefined || metadata === null) return {};
  const problem = metadataProblem(metadata);
  if (problem) throw new BadUserInputError(`Invalid input: metadata ${problem}`, { field: "metadata" });
  return { ...(metadata as Record<string, string>) };
}

/** Owns organizations, memberships and member roles (docs/design.md §12). */
export class OrganizationService {
  constructor(private readonly db: Database) {}

  list(_ctx: RequestContext, args: SearchPageArgs): Promise<Page<Organization>> {
    const query = this.db.manager.getRepository(Organization).createQueryBuilder("o");
    if (args.search) {
      query.andWhere("(o.name LIKE :pattern ESCAPE '\\' OR LOWER(o.displayName) LIKE :pattern ESCAPE '\\')", { pattern: likePattern(args.search) });
    }
    return paginate(query, { alias: "o", sortColumn: "name", args });
  }

  get(ctx: RequestContext, id: string): Promise<Organization | null> {
    return ctx.loaders.organizationById.load(id);
  }

  create(ctx: RequestContext, input: CreateOrganizationInput): Promise<Organization> {
    const metadata = checkedMetadata(input.metadata);
    return this.db.write(ctx, async (manager) => {
      const id = input.id ?? newOrganizationId();
      if (await manager.findOneBy(Organization, { id })) throw new ConflictError(`Organization with id "${id}" already exists`, { field: "id", existingId: id });
      await this.assertNameFree(manager, input.name);
      return manager.save(manager.create(Organization, { id, name: input.name, displayName: input.displayName ?? input.name, metadata }));
    });
  }

  update(ctx: RequestContext, id: string, input: UpdateOrganizationInput): Promise<Organization> {
    const metadata = input.metadata !== undefined ? checkedMetadata(input.metadata) : undefined;
    return this.db.write(ctx, async (manager) => {
      const organization = await getOrThrow(manager, Organization, "Organization", id);
      if (input.name !== undefined) {
        await this.assertNameFree(manager, input.name, id);
        // A display name that only followed the name keeps following it.
        if (input.displayName === undefined && organization.displayName === organization.name) organization.displayName = input.name;
        organization.name = input.name;
      }
      if (input.displayName !== undefined) organization.displayName = input.displayName ?? organization.name;
      if (metadata !== undefined) organization.metadata = metadata;
      return manager.save(organization);
    });
  }

  /** Refused while the organization has members, unless `force`; returns what was deleted. */
  delete(ctx: RequestContext, id: string, force: boolean): Promise<Organization> {
    return this.db.write(ctx, async (manager) => {
      const organization = await getOrThrow(manager, Organization, "Organization", id);
      if (!force) {
        const members = await manager.countBy(OrganizationMembership, { organizationId: id });
        if (members > 0) {
          throw new ConflictError(`Organization "${organization.name}" has ${members} member${members === 1 ? "" : "s"}; remove them or delete with force: true`, {
            members,
          });
        }
      }
      await manager.delete(OrganizationMemberRole, { organizationId: id });
      await manager.delete(OrganizationMembership, { organizationId: id });
      await manager.delete(Organization, { id });
      return organization;
    });
  }

  addMembers(ctx: RequestContext, organizationId: string, userIds: string[], window: WindowInput = {}): Promise<Organization> {
    const grant = windowOf(window, requestTime(ctx));
    return this.db.write(ctx, async (manager) => {
      const organization = await getOrThrow(manager, Organization, "Organization", organizationId);
      await ensureUsers(manager, userIds);
      await upsertGrants(
        manager,
        OrganizationMembership,
        unique(userIds).map((userId) => ({ organizationId, userId })),
        grant,
        ["organizationId", "userId"],
      );
      return organization;
    });
  }

  /** Removing a member removes their roles there too; ids that are no members are ignored. */
  removeMembers(ctx: RequestContext, organizationId: string, userIds: string[]): Promise<Organization> {
    return this.db.write(ctx, async (manager) => {
      const organization = await getOrThrow(manager, Organization, "Organization", organizationId);
      const ids = unique(userIds);
      if (ids.length > 0) {
        await manager.delete(OrganizationMemberRole, { organizationId, userId: In(ids) });
        await manager.delete(OrganizationMembership, { organizationId, userId: In(ids) });
      }
      return organization;
    });
  }

  addMemberRoles(ctx: RequestContext, organizationId: string, userId: string, roleIds: string[], window: WindowInput = {}): Promise<Organization> {
    const grant = windowOf(window, requestTime(ctx));
    return this.db.write(ctx, async (manager) => {
      const organization = await this.membership(manager, organizationId, userId);
      const roles = await getAllOrThrow(manager, Role, "Role", roleIds);
      await upsertGrants(
        manager,
        OrganizationMemberRole,
        roles.map((role) => ({ organizationId, userId, roleId: role.id })),
        grant,
        ["organizationId", "userId", "roleId"],
      );
      return organization;
    });
  }

  removeMemberRoles(ctx: RequestContext, organizationId: string, userId: string, roleIds: string[]): Promise<Organization> {
    return this.db.write(ctx, async (manager) => {
      const organization = await this.membership(manager, organizationId, userId);
      await getAllOrThrow(manager, Role, "Role", roleIds);
      const ids = unique(roleIds);
      if (ids.length > 0) await manager.delete(OrganizationMemberRole, { organizationId, userId, roleId: In(ids) });
      return organization;
    });
  }

  /** The organization, after checking `userId` is its member: member roles need the membership. */
  private async membership(manager: EntityManager, organizationId: string, userId: string): Promise<Organization> {
    const organization = await getOrThrow(manager, Organization, "Organization", organizationId);
    if (!(await manager.findOneBy(OrganizationMembership, { organizationId, userId }))) {
      throw new BadUserInputError(`userId: user "${userId}" is not a member of organization "${organization.name}"; add them with addOrganizationMembers first`, {
        field: "userId",
        userId,
      });
    }
    return organization;
  }

  private async assertNameFree(manager: EntityManager, name: string, exceptId?: string): Promise<void> {
    const existing = await manager.findOneBy(Organization, { name });
    if (existing && existing.id !== exceptId) {
      throw new ConflictError(`Organization with name "${name}" already exists`, { field: "name", existingId: existing.id });
    }
  }
}
