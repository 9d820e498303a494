import { Arg, Args, Authorized, Ctx, ID, Mutation, Query, Resolver } from "type-graphql";
import type { RequestContext } from "../context/request-context";
import { SearchPageArgs } from "../common/pagination";
import { User } from "./user.entity";
import { AddUserRolesArgs, AddUserToGroupsArgs, UpsertUsersArgs, UserGroupsArgs, UserRolesArgs } from "./user.inputs";
import { UserService } from "./user.service";
import { UserConnection } from "./user.types";

@Resolver(() => User)
export class UserResolver {
  constructor(private readonly service: UserService) {}

  @Authorized("read:users")
  @Query(() => UserConnection, { description: "Users sorted by id; `search` matches id, email and name." })
  users(@Ctx() ctx: RequestContext, @Args() args: SearchPageArgs) {
    return this.service.list(ctx, args);
  }

  @Authorized("read:users")
  @Query(() => User, { nullable: true })
  user(@Ctx() ctx: RequestContext, @Arg("id", () => ID) id: string) {
    return this.service.get(ctx, id);
  }

  @Authorized("update:users")
  @Mutation(() => [User], { description: "Creates or updates users by id, in one transaction." })
  upsertUsers(@Ctx() ctx: RequestContext, @Args() { users }: UpsertUsersArgs) {
    return this.service.upsert(ctx, users);
  }

  @Authorized("delete:users")
  @Mutation(() => Boolean, { description: "Deletes the user with its memberships and direct role assignments." })
  deleteUser(@Ctx() ctx: RequestContext, @Arg("id", () => ID) id: string) {
    return this.service.delete(ctx, id);
  }

  @Authorized("update:users")
  @Mutation(() => User, { description: "validFrom/expiresAt bound the memberships (docs/design.md §13)." })
  addUserToGroups(@Ctx() ctx: RequestContext, @Args() { userId, groupIds, validFrom, expiresAt }: AddUserToGroupsArgs) {
    return this.service.addToGroups(ctx, userId, groupIds, { validFrom, expiresAt });
  }

  @Authorized("update:users")
  @Mutation(() => User)
  removeUserFromGroups(@Ctx() ctx: RequestContext, @Args() { userId, groupIds }: UserGroupsArgs) {
    return this.service.removeFromGroups(ctx, userId, groupIds);
  }

  @Authorized("update:users")
  @Mutation(() => User, { description: "validFrom/expiresAt bound the assignments (docs/design.md §13)." })
  addUserRoles(@Ctx() ctx: RequestContext, @Args() { userId, roleIds, validFrom, expiresAt }: AddUserRolesArgs) {
    return this.service.addRoles(ctx, userId, roleIds, { validFrom, expiresAt });
  }

  @Authorized("update:users")
  @Mutation(() => User)
  removeUserRoles(@Ctx() ctx: RequestContext, @Args() { userId, roleIds }: UserRolesArgs) {
    return this.service.removeRoles(ctx, userId, roleIds);
  }
}
