import { Arg, Args, Ctx, FieldResolver, ID, Resolver, Root } from "type-graphql";
import { GrantListArgs } from "../common/grants";
import type { RequestContext } from "../context/request-context";
import { Group } from "../groups/group.entity";
import { Permission } from "../permissions/permission.entity";
import { Role } from "../roles/role.entity";
import { AuthorizationSnapshot } from "./authorization-snapshot.entity";
import { User } from "./user.entity";
import { UserGroupGrant, UserRoleGrant } from "./user.types";
import { UserRelationsService } from "./user-relations.service";

@Resolver(() => User)
export class UserFieldsResolver {
  constructor(private readonly relations: UserRelationsService) {}

  @FieldResolver(() => [Group], { description: "Groups the user is a direct member of, by memberships active now." })
  groups(@Ctx() ctx: RequestContext, @Root() user: User) {
    return this.relations.groups(ctx, user);
  }

  @FieldResolver(() => [UserGroupGrant], {
    description: "Direct memberships with their windows (docs/design.md §13), sorted by group name: the active ones, or every one with includeInactive.",
  })
  groupGrants(@Ctx() ctx: RequestContext, @Root() user: User, @Args() args: GrantListArgs) {
    return this.relations.groupGrants(ctx, user, args.includeInactive ?? false);
  }

  @FieldResolver(() => [Group], { description: "Direct groups and all their ancestors." })
  effectiveGroups(@Ctx() ctx: RequestContext, @Root() user: User) {
    return this.relations.effectiveGroups(ctx, user);
  }

  @FieldResolver(() => [Role], { description: "Roles assigned directly to the user, by assignments active now." })
  roles(@Ctx() ctx: RequestContext, @Root() user: User) {
    return this.relations.roles(ctx, user);
  }

  @FieldResolver(() => [UserRoleGrant], {
    description: "Direct role assignments with their windows (docs/design.md §13), sorted by role name: the active ones, or every one with includeInactive.",
  })
  roleGrants(@Ctx() ctx: RequestContext, @Root() user: User, @Args() args: GrantListArgs) {
    return this.relations.roleGrants(ctx, user, args.includeInactive ?? false);
  }

  @FieldResolver(() => [Role], { description: "Direct roles and roles of effective groups; optionally of one application." })
  effectiveRoles(@Ctx() ctx: RequestContext, @Root() user: User, @Arg("applicationId", () => ID, { nullable: true }) applicationId?: string) {
    return this.relations.effectiveRoles(ctx, user, applicationId);
  }

  @FieldResolver(() => [Permission], { description: "Permissions of the effective roles for one application." })
  effectivePermissions(@Ctx() ctx: RequestContext, @Root() user: User, @Arg("applicationId", () => ID) applicationId: string) {
    return this.relations.effectivePermissions(ctx, user, applicationId);
  }

  @FieldResolver(() => [AuthorizationSnapshot], { description: "What logins stored per application (persist switches)." })
  authorizationSnapshots(@Ctx() ctx: RequestContext, @Root() user: User) {
    return this.relations.authorizationSnapshots(ctx, user);
  }
}
