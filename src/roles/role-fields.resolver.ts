import { Ctx, FieldResolver, Resolver, Root } from "type-graphql";
import { Application } from "../applications/application.entity";
import type { RequestContext } from "../context/request-context";
import { requestTime } from "../common/grant-window";
import { activeIds } from "../common/grants";
import { loadExisting } from "../common/loader-utils";
import { byName } from "../common/names";
import { Group } from "../groups/group.entity";
import { Permission } from "../permissions/permission.entity";
import { User } from "../users/user.entity";
import { Role } from "./role.entity";

@Resolver(() => Role)
export class RoleFieldsResolver {
  @FieldResolver(() => Application)
  application(@Ctx() ctx: RequestContext, @Root() role: Role) {
    return ctx.loaders.applicationById.load(role.applicationId);
  }

  @FieldResolver(() => [Permission])
  async permissions(@Ctx() ctx: RequestContext, @Root() role: Role) {
    return (await loadExisting(ctx.loaders.permissionById, await ctx.loaders.permissionIdsByRole.load(role.id))).sort(byName);
  }

  @FieldResolver(() => [Group], { description: "Groups the role is assigned to." })
  async groups(@Ctx() ctx: RequestContext, @Root() role: Role) {
    return (await loadExisting(ctx.loaders.groupById, await ctx.loaders.groupIdsByRole.load(role.id))).sort(byName);
  }

  @FieldResolver(() => [User], { description: "Users the role is assigned to directly, by assignments active now (docs/design.md §13)." })
  async users(@Ctx() ctx: RequestContext, @Root() role: Role) {
    return loadExisting(ctx.loaders.userById, activeIds(await ctx.loaders.userGrantsByRole.load(role.id), requestTime(ctx)));
  }
}
