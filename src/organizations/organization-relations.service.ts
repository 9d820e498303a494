import { isActiveAt, requestTime, windowDates } from "../common/grant-window";
import { Grant, GrantSearchPageArgs } from "../common/grants";
import { byName } from "../common/names";
import { decodeCursor, Page, pageSize, SearchPageArgs, toPage } from "../common/pagination";
import { RequestContext } from "../context/request-context";
import { Role } from "../roles/role.entity";
import { User } from "../users/user.entity";
import { UserRoleGrant } from "../users/user.types";
import { Organization } from "./organization.entity";
import { membershipKey } from "./organization.loaders";
import { OrganizationMember, UserOrganization } from "./organization.types";

/**
 * Reads memberships through the request's loaders: a list of organizations or users costs the
 * same statements as one. Memberships and member roles count at the request's time
 * (docs/design.md §13); a member role only while the membership counts too.
 */
export class OrganizationRelationsService {
  /** Members whose membership is active now, by user id, each with their active roles there. */
  members(ctx: RequestContext, organization: Organization, args: SearchPageArgs): Promise<Page<OrganizationMember>> {
    return this.memberPage(ctx, organization, args, false);
  }

  /** Memberships with their windows, by user id: the active ones, or every one with `includeInactive`. */
  memberGrants(ctx: RequestContext, organization: Organization, args: GrantSearchPageArgs): Promise<Page<OrganizationMember>> {
    return this.memberPage(ctx, organization, args, args.includeInactive ?? false);
  }

  /** The user's organizations of active memberships (sorted by name), each with the roles active there. */
  async organizations(ctx: RequestContext, user: User): Promise<UserOrganization[]> {
    const now = requestTime(ctx);
    const memberships = (await ctx.loaders.organizationGrantsByUser.load(user.id)).filter((grant) => isActiveAt(grant, now));
    const [organizations, grants] = await Promise.all([
      ctx.loaders.organizationById.loadMany(memberships.map((membership) => membership.id)),
      Promise.all(memberships.map((membership) => this.roleGrants(ctx, membership.id, user.id, true))),
    ]);
    const result: UserOrganization[] = [];
    memberships.forEach((membership, i) => {
      const organization = organizations[i];
      if (!organization || organization instanceof Error) return;
      result.push({ organization, ...windowDates(membership), active: true, roles: activeRoles(grants[i]) });
    });
    return result.sort((a, b) => byName(a.organization, b.organization));
  }

  private async memberPage(ctx: RequestContext, organization: Organization, args: SearchPageArgs, includeInactive: boolean): Promise<Page<OrganizationMember>> {
    const size = pageSize(args.first);
    const afterUserId = args.after ? decodeCursor(args.after, 1)[0] : undefined;
    const searchProfiles = args.search ? ctx.actor.scopes.has("read:users") : undefined;
    const now = requestTime(ctx);
    const slice = await ctx.loaders
      .organizationMemberSlices({ search: args.search, searchProfiles, afterUserId, limit: size + 1, now: includeInactive ? undefined : now })
      .load(organization.id);
    const [users, grants] = await Promise.all([
      ctx.loaders.userById.loadMany(slice.members.map((member) => member.id)),
      Promise.all(slice.members.map((member) => this.roleGrants(ctx, organization.id, member.id, isActiveAt(member, now)))),
    ]);
    const nodes: OrganizationMember[] = [];
    slice.members.forEach((member, i) => {
      const user = users[i];
      if (!user || user instanceof Error) return;
      const active = isActiveAt(member, now);
      nodes.push({ user, ...windowDates(member), active, roles: activeRoles(grants[i]), grants: grants[i] });
    });
    return toPage(nodes, size, slice.total, (node) => [node.user.id]);
  }

  /** A membership's roles with their windows, sorted by role name; `active` only while the membership is. */
  private async roleGrants(ctx: RequestContext, organizationId: string, userId: string, membershipActive: boolean): Promise<UserRoleGrant[]> {
    const now = requestTime(ctx);
    const grants: Grant[] = await ctx.loaders.memberRoleGrants.load(membershipKey(organizationId, userId));
    const roles = await ctx.loaders.roleById.loadMany(grants.map((grant) => grant.id));
    const result: UserRoleGrant[] = [];
    grants.forEach((grant, i) => {
      const role = roles[i];
      if (role && !(role instanceof Error)) result.push({ role, ...windowDates(grant), active: membershipActive && isActiveAt(grant, now) });
    });
    return result.sort((a, b) => byName(a.role, b.role));
  }
}

/** The roles of the active grants, sorted by name. */
function activeRoles(grants: readonly UserRoleGrant[]): Role[] {
  return grants.filter((grant) => grant.active).map((grant) => grant.role);
}
