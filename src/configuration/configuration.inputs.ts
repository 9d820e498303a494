import { IsBoolean, IsInt, IsOptional, Length, Max, Min, registerDecorator } from "class-validator";
import { ArgsType, Field, InputType, Int } from "type-graphql";
import { LIMITS } from "../common/limits";
import { isHttpUrl } from "../common/validators";

/** Longest grace period for a rotated-out API key: 30 days. */
export const MAX_GRACE_SECONDS = 30 * 24 * 3600;

/** An absolute http(s) URL (claim namespaces must be, for OIDC-conformant tokens). */
function IsHttpUrl(): PropertyDecorator {
  return (target: object, propertyName: string | symbol) => {
    registerDecorator({
      name: "isHttpUrl",
      target: target.constructor,
      propertyName: propertyName as string,
      options: { message: `${String(propertyName)} must be an absolute http(s) URL, e.g. https://example.com/claims/` },
      validator: {
        validate(value: unknown) {
          return value === null || value === undefined || (typeof value === "string" && isHttpUrl(value));
        },
      },
    });
  };
}

@InputType()
export class UpdateConfigurationInput {
  @Field({ nullable: true }) @IsOptional() @IsBoolean() groupsInToken?: boolean;
  @Field({ nullable: true }) @IsOptional() @IsBoolean() rolesInToken?: boolean;
  @Field({ nullable: true }) @IsOptional() @IsBoolean() permissionsInToken?: boolean;
  @Field({ nullable: true }) @IsOptional() @IsBoolean() groupsPassthrough?: boolean;
  @Field({ nullable: true }) @IsOptional() @IsBoolean() rolesPassthrough?: boolean;
  @Field({ nullable: true }) @IsOptional() @IsBoolean() permissionsPassthrough?: boolean;
  @Field({ nullable: true }) @IsOptional() @IsBoolean() persistGroups?: boolean;
  @Field({ nullable: true }) @IsOptional() @IsBoolean() persistRoles?: boolean;
  @Field({ nullable: true }) @IsOptional() @IsBoolean() persistPermissions?: boolean;
  @Field({ nullable: true }) @IsOptional() @IsBoolean() organizationInToken?: boolean;
  @Field({ nullable: true }) @IsOptional() @IsBoolean() organizationMetadataInToken?: boolean;

  @Field(() => String, { nullable: true, description: "Absolute http(s) URL prefixed to claim names; null removes it." })
  @IsOptional()
  @Length(1, LIMITS.setting)
  @IsHttpUrl()
  claimNamespace?: string | null;

  @Field({ nullable: true, description: "`iss` of API tokens; changing it invalidates issued tokens." })
  @IsOptional()
  @Length(1, LIMITS.setting)
  tokenIssuer?: string;

  @Field({ nullable: true, description: "`aud` of API tokens; changing it invalidates issued tokens." })
  @IsOptional()
  @Length(1, LIMITS.setting)
  tokenAudience?: string;

  @Field(() => Int, { nullable: true, description: "Default lifetime of issued API tokens: 60 s to 1 year." })
  @IsOptional()
  @IsInt()
  @Min(60)
  @Max(31_536_000)
  tokenLifetimeSeconds?: number;
}

@ArgsType()
export class RotateApiKeyArgs {
  @Field(() => Int, { nullable: true, description: `Seconds the previous key stays valid (0–${MAX_GRACE_SECONDS}; default 0).` })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MAX_GRACE_SECONDS)
  gracePeriodSeconds?: number;
}
