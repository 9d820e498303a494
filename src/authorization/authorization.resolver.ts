import { Args, Authorized, Ctx, Query, Resolver } from "type-graphql";
import type { RequestContext } from "../context/request-context";
import { AuthorizationArgs, AuthorizationContext, AuthorizationExplanation, checkAuthorizationArgs } from "./authorization.types";
import { AuthorizationService } from "./authorization.service";

@Resolver()
export class AuthorizationResolver {
  constructor(private readonly service: AuthorizationService) {}

  @Authorized("read:authorization")
  @Query(() => AuthorizationContext, {
    description: "What the user holds for the application at this login, and the token claims. Also allowed with the login-hook API key.",
  })
  authorizationContext(@Ctx() ctx: RequestContext, @Args({ validate: false }) args: AuthorizationArgs) {
    checkAuthorizationArgs(args);
    return this.service.authorize(ctx, args);
  }

  @Authorized("read:authorization")
  @Query(() => AuthorizationExplanation, { description: "Every derivation path of each group, role and permission of the context." })
  explainAuthorization(@Ctx() ctx: RequestContext, @Args({ validate: false }) args: AuthorizationArgs) {
    checkAuthorizationArgs(args);
    return this.service.explain(ctx, args);
  }
}
