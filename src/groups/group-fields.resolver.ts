import { Args, Ctx, FieldResolver, Int, Resolver, Root } from "type-graphql";
import type { RequestContext } from "../context/request-context";
import { PageArgs, SearchPageArgs } from "../common/pagination";
import { Role } from "../roles/role.entity";
import { UserConnection } from "../users/user.types";
import { GroupMapping } from "./group-links.entity";
import { GrantPageArgs } from "../common/grants";
import { CalculatedMemberConnection, EffectiveRole, GroupMemberGrantConnection } from "./group-relations.types";
import { GroupRelationsService } from "./group-relations.service";
import { Group } from "./group.entity";

@Resolver(() => Group)
export class GroupFieldsResolver {
  constructor(private readonly relations: GroupRelationsService) {}

  @FieldResolver(() => UserConnection, { description: "Direct members whose membership is active now, sorted by user id." })
  members(@Ctx() ctx: RequestContext, @Root() group: Group, @Args() args: SearchPageArgs) {
    return this.relations.members(ctx, group, args);
  }

  @FieldResolver(() => GroupMemberGrantConnection, {
    description: "Direct memberships with their windows (docs/design.md §13), sorted by user id: the active ones, or every one with includeInactive.",
  })
  memberGrants(@Ctx() ctx: RequestContext, @Root() group: Group, @Args() args: GrantPageArgs) {
    return this.relations.memberGrants(ctx, group, args);
  }

  @FieldResolver(() => CalculatedMemberConnection, {
    description: "Members of this group and of every descendant (active memberships), one node per (user, group it comes through).",
  })
  calculatedMembers(@Ctx() ctx: RequestContext, @Root() group: Group, @Args() args: PageArgs) {
    return this.relations.calculatedMembers(ctx, group, args);
  }

  @FieldResolver(() => Int, { description: "Number of direct members whose membership is active now." })
  memberCount(@Ctx() ctx: RequestContext, @Root() group: Group) {
    return this.relations.memberCount(ctx, group);
  }

  @FieldResolver(() => [Group], { description: "Children: their members are members of this group too." })
  nestedGroups(@Ctx() ctx: RequestContext, @Root() group: Group) {
    return this.relations.nestedGroups(ctx, group);
  }

  @FieldResolver(() => [Group], { description: "Groups this group is nested in." })
  parentGroups(@Ctx() ctx: RequestContext, @Root() group: Group) {
    return this.relations.parentGroups(ctx, group);
  }

  @FieldResolver(() => [Role], { description: "Roles assigned to this group itself." })
  roles(@Ctx() ctx: RequestContext, @Root() group: Group) {
    return this.relations.roles(ctx, group);
  }

  @FieldResolver(() => [EffectiveRole], { description: "Own roles and those inherited from ancestors." })
  effectiveRoles(@Ctx() ctx: RequestContext, @Root() group: Group) {
    return this.relations.effectiveRoles(ctx, group);
  }

  @FieldResolver(() => [GroupMapping])
  mappings(@Ctx() ctx: RequestContext, @Root() group: Group) {
    return this.relations.mappings(ctx, group);
  }
}
