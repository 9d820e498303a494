import { Args, Ctx, FieldResolver, Resolver, Root } from "type-graphql";
import { SearchPageArgs } from "../common/pagination";
import type { RequestContext } from "../context/request-context";
import { User } from "../users/user.entity";
import { Organization } from "./organization.entity";
import { OrganizationRelationsService } from "./organization-relations.service";
import { OrganizationMemberConnection, UserOrganization } from "./organization.types";

@Resolver(() => Organization)
export class OrganizationFieldsResolver {
  constructor(private readonly relations: OrganizationRelationsService) {}

  @FieldResolver(() => OrganizationMemberConnection, { description: "Members by user id, with their roles here; `search` matches ids (and e-mails and names with read:users)." })
  members(@Ctx() ctx: RequestContext, @Root() organization: Organization, @Args() args: SearchPageArgs) {
    return this.relations.members(ctx, organization, args);
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
