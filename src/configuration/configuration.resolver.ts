import { Arg, Args, Authorized, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from "type-graphql";
import { ApiKeyService } from "../auth/api-key.service";
import type { RequestContext } from "../context/request-context";
import { Configuration } from "./configuration.entity";
import { RotateApiKeyArgs, UpdateConfigurationInput } from "./configuration.inputs";
import { ConfigurationService } from "./configuration.service";
import { ApiKeyRotation } from "./configuration.types";

function dateOf(epochMs: string | number | null): Date | null {
  return epochMs === null ? null : new Date(Number(epochMs));
}

@Resolver(() => Configuration)
export class ConfigurationResolver {
  constructor(
    private readonly service: ConfigurationService,
    private readonly apiKeys: ApiKeyService,
  ) {}

  @Authorized("read:configuration")
  @Query(() => Configuration, { description: "The switches, claim namespace, token settings and API key status (never the key)." })
  configuration() {
    return this.service.read();
  }

  @Authorized("update:configuration")
  @Mutation(() => Configuration)
  updateConfiguration(@Ctx() ctx: RequestContext, @Arg("input") input: UpdateConfigurationInput) {
    return this.service.update(ctx, input);
  }

  @Authorized("update:configuration")
  @Mutation(() => ApiKeyRotation, { description: "A new login-hook API key, shown this once; the old one may stay valid for a grace period." })
  rotateApiKey(@Ctx() ctx: RequestContext, @Args() { gracePeriodSeconds }: RotateApiKeyArgs) {
    return this.apiKeys.rotate(ctx, gracePeriodSeconds ?? 0);
  }

  @FieldResolver(() => Boolean, { description: "Whether a login-hook API key has been created." })
  apiKeyConfigured(@Root() configuration: Configuration) {
    return configuration.apiKeyHash !== null;
  }

  @FieldResolver(() => Date, { nullable: true })
  apiKeyCreatedAt(@Root() configuration: Configuration) {
    return dateOf(configuration.apiKeyCreatedAt);
  }

  @FieldResolver(() => Date, { nullable: true, description: "Until when the previous key is accepted after a rotation." })
  previousApiKeyValidUntil(@Root() configuration: Configuration) {
    return dateOf(configuration.previousApiKeyValidUntil);
  }
}
