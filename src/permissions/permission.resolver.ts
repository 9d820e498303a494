import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from "type-graphql";
import { Application } from "../applications/application.entity";
import type { RequestContext } from "../context/request-context";
import { loadExisting } from "../common/loader-utils";
import { byName } from "../common/names";
import { Role } from "../roles/role.entity";
import { Permission } from "./permission.entity";
import { CreatePermissionInput, PermissionListArgs, UpdatePermissionInput } from "./permission.inputs";
import { PermissionService } from "./permission.service";
import { PermissionConnection } from "./permission.types";

@Resolver(() => Permission)
export class PermissionResolver {
  constructor(private readonly service: PermissionService) {}

  @Authorized("read:permissions")
  @Query(() => PermissionConnection, { description: "Permissions sorted by name, optionally of one application." })
  permissions(@Ctx() ctx: RequestContext, @Args() args: PermissionListArgs) {
    return this.service.list(ctx, args);
  }

  @Authorized("read:permissions")
  @Query(() => Permission, { nullable: true })
  permission(@Ctx() ctx: RequestContext, @Arg("id", () => ID) id: string) {
    return this.service.get(ctx, id);
  }

  @Authorized("create:permissions")
  @Mutation(() => Permission)
  createPermission(@Ctx() ctx: RequestContext, @Arg("input") input: CreatePermissionInput) {
    return this.service.create(ctx, input);
  }

  @Authorized("update:permissions")
  @Mutation(() => Permission, { description: "Allowed while roles use the permission." })
  updatePermission(@Ctx() ctx: RequestContext, @Arg("id", () => ID) id: string, @Arg("input") input: UpdatePermissionInput) {
    return this.service.update(ctx, id, input);
  }

  @Authorized("delete:permissions")
  @Mutation(() => Boolean, { description: "Refused while roles use the permission unless `force` detaches it." })
  deletePermission(@Ctx() ctx: RequestContext, @Arg("id", () => ID) id: string, @Arg("force", { nullable: true, defaultValue: false }) force: boolean) {
    return this.service.delete(ctx, id, force);
  }

  @FieldResolver(() => Application)
  application(@Ctx() ctx: RequestContext, @Root() permission: Permission) {
    return ctx.loaders.applicationById.load(permission.applicationId);
  }

  @FieldResolver(() => [Role], { description: "Roles that contain this permission." })
  async roles(@Ctx() ctx: RequestContext, @Root() permission: Permission) {
    return (await loadExisting(ctx.loaders.roleById, await ctx.loaders.roleIdsByPermission.load(permission.id))).sort(byName);
  }
}
