import { loadExisting } from "../common/loader-utils";
import { byName } from "../common/names";
import { decodeCursor, Page, pageSize, SearchPageArgs, toPage } from "../common/pagination";
import { RequestContext } from "../context/request-context";
import { Role } from "../roles/role.entity";
import { User } from "../users/user.entity";
import { Organization } from "./organization.entity";
import { membershipKey } from "./organization.loaders";
import { OrganizationMember, UserOrganization } from "./organization.types";

/** Reads memberships through the request's loaders: a list of organizations or users costs the same statements as one. */
export class OrganizationRelationsService {
  /** Members by user id, each with their roles there. */
  async members(ctx: RequestContext, organization: Organization, args: SearchPageArgs): Promise<Page<OrganizationMember>> {
    const size = pageSize(args.first);
    const afterUserId = args.after ? decodeCursor(args.after, 1)[0] : undefined;
    const searchProfiles = args.search ? ctx.actor.scopes.has("read:users") : undefined;
    const slice = await ctx.loaders.organizationMemberSlices({ search: args.search, searchProfiles, afterUserId, limit: size + 1 }).load(organization.id);
    const [users, roles] = await Promise.all([
      loadExisting(ctx.loaders.userById, slice.userIds),
      Promise.all(slice.userIds.map((userId) => this.roles(ctx, organization.id, userId))),
    ]);
    const rolesOf = new Map(slice.userIds.map((userId, i) => [userId, roles[i]]));
    const nodes = users.map((user) => ({ user, roles: rolesOf.get(user.id) ?? [] }));
    return toPage(nodes, size, slice.total, (node) => [node.user.id]);
  }

  /** The user's organizations (sorted by name), each with the roles held there. */
  async organizations(ctx: RequestContext, user: User): Promise<UserOrganization[]> {
    const organizations = await loadExisting(ctx.loaders.organizationById, await ctx.loaders.organizationIdsByUser.load(user.id));
    const roles = await Promise.all(organizations.map((organization) => this.roles(ctx, organization.id, user.id)));
    return organizations.map((organization, i) => ({ organization, roles: roles[i] })).sort((a, b) => byName(a.organization, b.organization));
  }

  private async roles(ctx: RequestContext, organizationId: string, userId: string): Promise<Role[]> {
    return (await loadExisting(ctx.loaders.roleById, await ctx.loaders.memberRoleIds.load(membershipKey(organizationId, userId)))).sort(byName);
  }
}
