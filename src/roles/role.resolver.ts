import { Arg, Args, Authorized, Ctx, ID, Mutation, Query, Resolver } from "type-graphql";
import type { RequestContext } from "../context/request-context";
import { Role } from "./role.entity";
import { CreateRoleInput, RoleListArgs, UpdateRoleInput } from "./role.inputs";
import { RoleService } from "./role.service";
import { RoleConnection } from "./role.types";

@Resolver(() => Role)
export class RoleResolver {
  constructor(private readonly service: RoleService) {}

  @Authorized("read:roles")
  @Query(() => RoleConnection, { description: "Roles sorted by name, optionally of one application." })
  roles(@Ctx() ctx: RequestContext, @Args() args: RoleListArgs) {
    return this.service.list(ctx, args);
  }

  @Authorized("read:roles")
  @Query(() => Role, { nullable: true })
  role(@Ctx() ctx: RequestContext, @Arg("id", () => ID) id: string) {
    return this.service.get(ctx, id);
  }

  @Authorized("create:roles")
  @Mutation(() => Role)
  createRole(@Ctx() ctx: RequestContext, @Arg("input") input: CreateRoleInput) {
    return this.service.create(ctx, input);
  }

  @Authorized("update:roles")
  @Mutation(() => Role)
  updateRole(@Ctx() ctx: RequestContext, @Arg("id", () => ID) id: string, @Arg("input") input: UpdateRoleInput) {
    return this.service.update(ctx, id, input);
  }

  @Authorized("delete:roles")
  @Mutation(() => Boolean, { description: "Refused while groups use the role unless `force` detaches it." })
  deleteRole(@Ctx() ctx: RequestContext, @Arg("id", () => ID) id: string, @Arg("force", { nullable: true, defaultValue: false }) force: boolean) {
    return this.service.delete(ctx, id, force);
  }
}
