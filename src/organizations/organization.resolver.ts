import { Arg, Args, Authorized, Ctx, ID, Mutation, Query, Resolver } from "type-graphql";
import { SearchPageArgs } from "../common/pagination";
import type { RequestContext } from "../context/request-context";
import { Organization } from "./organization.entity";
import {
  AddOrganizationMemberRolesArgs,
  AddOrganizationMembersArgs,
  CreateOrganizationInput,
  OrganizationMemberRolesArgs,
  OrganizationMembersArgs,
  UpdateOrganizationInput,
} from "./organization.inputs";
import { OrganizationService } from "./organization.service";
import { OrganizationConnection } from "./organization.types";

@Resolver(() => Organization)
export class OrganizationResolver {
  constructor(private readonly service: OrganizationService) {}

  @Authorized("read:organizations")
  @Query(() => OrganizationConnection, { description: "Organizations sorted by name; `search` matches name and display name." })
  organizations(@Ctx() ctx: RequestContext, @Args() args: SearchPageArgs) {
    return this.service.list(ctx, args);
  }

  @Authorized("read:organizations")
  @Query(() => Organization, { nullable: true })
  organization(@Ctx() ctx: RequestContext, @Arg("id", () => ID) id: string) {
    return this.service.get(ctx, id);
  }

  @Authorized("create:organizations")
  @Mutation(() => Organization)
  createOrganization(@Ctx() ctx: RequestContext, @Arg("input") input: CreateOrganizationInput) {
    return this.service.create(ctx, input);
  }

  @Authorized("update:organizations")
  @Mutation(() => Organization)
  updateOrganization(@Ctx() ctx: RequestContext, @Arg("id", () => ID) id: string, @Arg("input") input: UpdateOrganizationInput) {
    return this.service.update(ctx, id, input);
  }

  @Authorized("delete:organizations")
  @Mutation(() => Organization, { description: "Returns the deleted organization. Refused while it has members unless `force`." })
  deleteOrganization(@Ctx() ctx: RequestContext, @Arg("id", () => ID) id: string, @Arg("force", { nullable: true, defaultValue: false }) force: boolean) {
    return this.service.delete(ctx, id, force);
  }

  @Authorized("update:organizations")
  @Mutation(() => Organization)
  addOrganizationMembers(@Ctx() ctx: RequestContext, @Args() { organizationId, userIds, validFrom, expiresAt }: AddOrganizationMembersArgs) {
    return this.service.addMembers(ctx, organizationId, userIds, { validFrom, expiresAt });
  }

  @Authorized("update:organizations")
  @Mutation(() => Organization, { description: "Also removes the members' roles there." })
  removeOrganizationMembers(@Ctx() ctx: RequestContext, @Args() { organizationId, userIds }: OrganizationMembersArgs) {
    return this.service.removeMembers(ctx, organizationId, userIds);
  }

  @Authorized("update:organizations")
  @Mutation(() => Organization, { description: "The user must be a member; roles of any application." })
  addOrganizationMemberRoles(@Ctx() ctx: RequestContext, @Args() { organizationId, userId, roleIds, validFrom, expiresAt }: AddOrganizationMemberRolesArgs) {
    return this.service.addMemberRoles(ctx, organizationId, userId, roleIds, { validFrom, expiresAt });
  }

  @Authorized("update:organizations")
  @Mutation(() => Organization)
  removeOrganizationMemberRoles(@Ctx() ctx: RequestContext, @Args() { organizationId, userId, roleIds }: OrganizationMemberRolesArgs) {
    return this.service.removeMemberRoles(ctx, organizationId, userId, roleIds);
  }
}
