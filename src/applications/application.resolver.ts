import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from "type-graphql";
import type { RequestContext } from "../context/request-context";
import { loadExisting } from "../common/loader-utils";
import { byName } from "../common/names";
import { SearchPageArgs } from "../common/pagination";
import { Permission } from "../permissions/permission.entity";
import { Role } from "../roles/role.entity";
import { Application } from "./application.entity";
import { CreateApplicationInput, UpdateApplicationInput } from "./application.inputs";
import { ApplicationService } from "./application.service";
import { ApplicationConnection } from "./application.types";

@Resolver(() => Application)
export class ApplicationResolver {
  constructor(private readonly service: ApplicationService) {}

  @Authorized("read:applications")
  @Query(() => ApplicationConnection, { description: "Applications sorted by name; `search` matches name and id." })
  applications(@Ctx() ctx: RequestContext, @Args() args: SearchPageArgs) {
    return this.service.list(ctx, args);
  }

  @Authorized("read:applications")
  @Query(() => Application, { nullable: true })
  application(@Ctx() ctx: RequestContext, @Arg("id", () => ID) id: string) {
    return this.service.get(ctx, id);
  }

  @Authorized("update:applications")
  @Mutation(() => Application)
  createApplication(@Ctx() ctx: RequestContext, @Arg("input") input: CreateApplicationInput) {
    return this.service.create(ctx, input);
  }

  @Authorized("update:applications")
  @Mutation(() => Application)
  updateApplication(@Ctx() ctx: RequestContext, @Arg("id", () => ID) id: string, @Arg("input") input: UpdateApplicationInput) {
    return this.service.update(ctx, id, input);
  }

  @Authorized("update:applications")
  @Mutation(() => Boolean, { description: "Refused while it has roles or permissions unless `force` deletes them." })
  deleteApplication(@Ctx() ctx: RequestContext, @Arg("id", () => ID) id: string, @Arg("force", { nullable: true, defaultValue: false }) force: boolean) {
    return this.service.delete(ctx, id, force);
  }

  @FieldResolver(() => [Role])
  async roles(@Ctx() ctx: RequestContext, @Root() application: Application) {
    return (await loadExisting(ctx.loaders.roleById, await ctx.loaders.roleIdsByApplication.load(application.id))).sort(byName);
  }

  @FieldResolver(() => [Permission])
  async permissions(@Ctx() ctx: RequestContext, @Root() application: Application) {
    const ids = await ctx.loaders.permissionIdsByApplication.load(application.id);
    return (await loadExisting(ctx.loaders.permissionById, ids)).sort(byName);
  }
}
