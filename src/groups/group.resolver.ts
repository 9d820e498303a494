import { Arg, Args, Authorized, Ctx, ID, Mutation, Query, Resolver } from "type-graphql";
import type { RequestContext } from "../context/request-context";
import { SearchPageArgs } from "../common/pagination";
import { GroupNestingService } from "./group-nesting.service";
import { GroupConnection } from "./group-relations.types";
import { Group } from "./group.entity";
import {
  AddGroupMappingsArgs,
  AddGroupMembersArgs,
  CreateGroupInput,
  GroupMembersArgs,
  GroupRolesArgs,
  NestedGroupsArgs,
  RemoveGroupMappingsArgs,
  UpdateGroupInput,
} from "./group.inputs";
import { GroupService } from "./group.service";

@Resolver(() => Group)
export class GroupResolver {
  constructor(
    private readonly service: GroupService,
    private readonly nesting: GroupNestingService,
  ) {}

  @Authorized("read:groups")
  @Query(() => GroupConnection, { description: "Groups sorted by name; `search` matches the name." })
  groups(@Ctx() ctx: RequestContext, @Args() args: SearchPageArgs) {
    return this.service.list(ctx, args);
  }

  @Authorized("read:groups")
  @Query(() => Group, { nullable: true })
  group(@Ctx() ctx: RequestContext, @Arg("id", () => ID) id: string) {
    return this.service.get(ctx, id);
  }

  @Authorized("create:groups")
  @Mutation(() => Group)
  createGroup(@Ctx() ctx: RequestContext, @Arg("input") input: CreateGroupInput) {
    return this.service.create(ctx, input);
  }

  @Authorized("update:groups")
  @Mutation(() => Group)
  updateGroup(@Ctx() ctx: RequestContext, @Arg("id", () => ID) id: string, @Arg("input") input: UpdateGroupInput) {
    return this.service.update(ctx, id, input);
  }

  @Authorized("delete:groups")
  @Mutation(() => Boolean, { description: "Refused while nested in other groups unless `force` detaches it." })
  deleteGroup(@Ctx() ctx: RequestContext, @Arg("id", () => ID) id: string, @Arg("force", { nullable: true, defaultValue: false }) force: boolean) {
    return this.service.delete(ctx, id, force);
  }

  @Authorized("update:groups")
  @Mutation(() => Group, { description: "Unknown user ids are created as stub users. validFrom/expiresAt bound the memberships (docs/design.md §13)." })
  addGroupMembers(@Ctx() ctx: RequestContext, @Args() { groupId, userIds, validFrom, expiresAt }: AddGroupMembersArgs) {
    return this.service.addMembers(ctx, groupId, userIds, { validFrom, expiresAt });
  }

  @Authorized("update:groups")
  @Mutation(() => Group)
  removeGroupMembers(@Ctx() ctx: RequestContext, @Args() { groupId, userIds }: GroupMembersArgs) {
    return this.service.removeMembers(ctx, groupId, userIds);
  }

  @Authorized("update:groups")
  @Mutation(() => Group, { description: "`groupIds` become children of `groupId`; cycles are refused." })
  addNestedGroups(@Ctx() ctx: RequestContext, @Args() { groupId, groupIds }: NestedGroupsArgs) {
    return this.nesting.addNested(ctx, groupId, groupIds);
  }

  @Authorized("update:groups")
  @Mutation(() => Group)
  removeNestedGroups(@Ctx() ctx: RequestContext, @Args() { groupId, groupIds }: NestedGroupsArgs) {
    return this.nesting.removeNested(ctx, groupId, groupIds);
  }

  @Authorized("update:groups")
  @Mutation(() => Group)
  addGroupRoles(@Ctx() ctx: RequestContext, @Args() { groupId, roleIds }: GroupRolesArgs) {
    return this.service.addRoles(ctx, groupId, roleIds);
  }

  @Authorized("update:groups")
  @Mutation(() => Group)
  removeGroupRoles(@Ctx() ctx: RequestContext, @Args() { groupId, roleIds }: GroupRolesArgs) {
    return this.service.removeRoles(ctx, groupId, roleIds);
  }

  @Authorized("update:groups")
  @Mutation(() => Group, { description: "A mapping already on the group is ignored." })
  addGroupMappings(@Ctx() ctx: RequestContext, @Args() { groupId, mappings }: AddGroupMappingsArgs) {
    return this.service.addMappings(ctx, groupId, mappings);
  }

  @Authorized("update:groups")
  @Mutation(() => Group)
  removeGroupMappings(@Ctx() ctx: RequestContext, @Args() { groupId, mappingIds }: RemoveGroupMappingsArgs) {
    return this.service.removeMappings(ctx, groupId, mappingIds);
  }
}
