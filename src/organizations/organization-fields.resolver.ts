import { Args, Ctx, FieldResolver, Resolver, Root } from "type-graphql";
import { GrantListArgs, GrantSearchPageArgs } from "../common/grants";
import { SearchPageArgs } from "../common/pagination";
import type { RequestContext } from "../context/request-context";
import { User } from "../users/user.entity";
import { UserRoleGrant } from "../users/user.types";
import { Organization } from "./organization.entity";
import { OrganizationRelationsService } from "./organization-relations.service";
import { OrganizationMember, OrganizationMemberConnection, UserOrganization } from "./organization.types";

@Resolver(() => Organization)
export class OrganizationFieldsResolver {
  constructor(private readonly relations: OrganizationRelationsService) {}

  @FieldResolver(() => OrganizationMemberConnection, {
    description: "Members by user id (memberships active now), with their roles here; `search` matches ids (and e-mails and names with read:users).",
  })
  members(@Ctx() ctx: RequestContext, @Root() organization: Organization, @Args() args: SearchPageArgs) {
    return this.relations.members(ctx, organization, args);
  }

  @FieldResolver(() => OrganizationMemberConnection, {
    description: "Memberships with their windows (docs/design.md §13) by user id: the active ones, or every one with includeInactive; `search` as in members.",
  })
  memberGrants(@Ctx() ctx: RequestContext, @Root() organization: Organization, @Args() args: GrantSearchPageArgs) {
    return this.relations.memberGrants(ctx, organization, args);
  }
}

@Resolver(() => OrganizationMember)
export class OrganizationMemberFieldsResolver {
  @FieldResolver(() => [UserRoleGrant], {
    description:
      "Member roles with their windows (docs/design.md §13), sorted by role name: the active ones, or every one with includeInactive; a role is active only while the membership is.",
  })
  roleGrants(@Root() member: OrganizationMember, @Args() args: GrantListArgs): UserRoleGrant[] {
    return args.includeInactive ? member.grants : member.grants.filter((grant) => grant.active);
  }
}

/** `User.organizations`: the organization side of a user (kept here so users/ does not know organizations). */
@Resolver(() => User)
export class UserOrganizationsResolver {
  constructor(private readonly relations: OrganizationRelationsService) {}

  @FieldResolver(() => [UserOrganization], { description: "Organizations the user is a member of, with the roles held in each." })
  organizations(@Ctx() ctx: RequestContext, @Root() user: User) {
    return this.relations.organizations(ctx, user);
  }
}
