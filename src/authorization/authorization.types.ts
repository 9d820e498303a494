import { ArrayMaxSize, IsOptional, Length, MaxLength } from "class-validator";
import { GraphQLJSONObject } from "graphql-scalars";
import { ArgsType, Field, ID, ObjectType } from "type-graphql";
import { IsNotBlank } from "../common/validators";

const MAX_IDP_VALUES = 1000;

@ArgsType()
export class AuthorizationArgs {
  @Field(() => ID, { description: "The identity provider's user id; an unknown user simply has no memberships." })
  @Length(1, 255)
  @IsNotBlank()
  userId: string;

  @Field(() => ID, { description: "The application (client id) the user is logging in to." })
  @Length(1, 255)
  @IsNotBlank()
  clientId: string;

  @Field(() => String, { nullable: true, description: "The login's connection; mappings on it apply." })
  @IsOptional()
  @MaxLength(256)
  connection?: string | null;

  @Field(() => [String], { nullable: true, description: "Groups the identity provider sent (mappings, groups passthrough)." })
  @IsOptional()
  @ArrayMaxSize(MAX_IDP_VALUES)
  @MaxLength(256, { each: true })
  connectionGroups?: string[] | null;

  @Field(() => [String], { nullable: true, description: "Roles the identity provider sent (roles passthrough)." })
  @IsOptional()
  @ArrayMaxSize(MAX_IDP_VALUES)
  @MaxLength(256, { each: true })
  connectionRoles?: string[] | null;

  @Field(() => [String], { nullable: true, description: "Permissions the identity provider sent (permissions passthrough)." })
  @IsOptional()
  @ArrayMaxSize(MAX_IDP_VALUES)
  @MaxLength(256, { each: true })
  connectionPermissions?: string[] | null;
}

/** The login-time answer: what the user holds for the application and the claims that carry it. */
@ObjectType()
export class AuthorizationContext {
  @Field(() => ID)
  userId: string;

  @Field(() => ID)
  clientId: string;

  @Field(() => [String], { description: "Effective group names (explicit, mapped, ancestors; passthrough), sorted." })
  groups: string[];

  @Field(() => [String], { description: "Role names of this application, sorted." })
  roles: string[];

  @Field(() => [String], { description: "Permission names of those roles, sorted." })
  permissions: string[];

  @Field(() => GraphQLJSONObject, { description: "Claims to copy into the ID or access token, keyed by claimNamespace + list name." })
  claims: Record<string, string[]>;

  @Field({ description: "False when the application requires roles and the user holds none of them." })
  accessGranted: boolean;

  @Field(() => String, { nullable: true })
  denialReason: string | null;

  @Field(() => [String], { description: "Configuration problems that affect this answer, in plain sentences." })
  warnings: string[];
}

@ObjectType()
export class ExplainedItem {
  @Field()
  name: string;

  @Field(() => [String], { description: "One readable derivation per way the item was obtained." })
  paths: string[];
}

@ObjectType()
export class AuthorizationExplanation {
  @Field(() => [ExplainedItem])
  groups: ExplainedItem[];

  @Field(() => [ExplainedItem])
  roles: ExplainedItem[];

  @Field(() => [ExplainedItem])
  permissions: ExplainedItem[];
}
