import { Args, Authorized, Ctx, Query, Resolver } from "type-graphql";
import type { RequestContext } from "../context/request-context";
import { AuditEntryConnection, AuditLogArgs, AuditService } from "./audit.service";

@Resolver()
export class AuditResolver {
  constructor(private readonly service: AuditService) {}

  @Authorized("read:audit")
  @Query(() => AuditEntryConnection, { description: "Every mutation, newest first; filter by an id it named or by actor." })
  auditLog(@Ctx() ctx: RequestContext, @Args() args: AuditLogArgs) {
    return this.service.list(ctx, args);
  }
}
