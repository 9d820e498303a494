import { GraphQLJSONObject } from "graphql-scalars";
import { IsOptional, Length, Matches, MaxLength } from "class-validator";
import { ArgsType, Field, ID, InputType } from "type-graphql";
import { LIMITS } from "../common/limits";
import { Windowed } from "../common/window-args";
import { IdList, IsOptionalNotNull } from "../common/validators";

/** A given organization id: 1–64 of [A-Za-z0-9_-] (docs/design.md §12). */
export const ORGANIZATION_ID = /^[A-Za-z0-9_-]+$/;
/** An organization name: lower case letters, digits, `_` and `-` (names are not lower-cased for the caller). */
export const ORGANIZATION_NAME = /^[a-z0-9_-]+$/;

@InputType()
export class CreateOrganizationInput {
  @Field(() => ID, { nullable: true, description: `1–${LIMITS.organizationId} of [A-Za-z0-9_-]; omitted: "org_" + 16 random letters and digits.` })
  @IsOptional()
  @Length(1, LIMITS.organizationId)
  @Matches(ORGANIZATION_ID, { message: "id may only contain letters, digits, _ and -" })
  id?: string;

  @Field({ description: `1–${LIMITS.organizationName} of [a-z0-9_-], unique.` })
  @Length(1, LIMITS.organizationName)
  @Matches(ORGANIZATION_NAME, { message: "name may only contain lower-case letters, digits, _ and -" })
  name: string;

  @Field(() => String, { nullable: true, description: `At most ${LIMITS.organizationDisplayName} characters; defaults to the name.` })
  @IsOptional()
  @MaxLength(LIMITS.organizationDisplayName)
  displayName?: string | null;

  @Field(() => GraphQLJSONObject, { nullable: true, description: `String values only; at most ${LIMITS.metadataKeys} keys. Defaults to {}.` })
  @IsOptional()
  metadata?: Record<string, unknown> | null;
}

@InputType()
export class UpdateOrganizationInput {
  @Field({ nullable: true })
  @IsOptionalNotNull()
  @Length(1, LIMITS.organizationName)
  @Matches(ORGANIZATION_NAME, { message: "name may only contain lower-case letters, digits, _ and -" })
  name?: string;

  @Field(() => String, { nullable: true, description: "null resets it to the name." })
  @IsOptional()
  @MaxLength(LIMITS.organizationDisplayName)
  displayName?: string | null;

  @Field(() => GraphQLJSONObject, { nullable: true, description: "Replaces the whole object; null clears it to {}." })
  @IsOptional()
  metadata?: Record<string, unknown> | null;
}

@ArgsType()
export class OrganizationMembersArgs {
  @Field(() => ID)
  @MaxLength(LIMITS.id)
  organizationId: string;

  @Field(() => [ID], { description: `User ids (at most ${LIMITS.idsPerCall}); unknown ones are created as stubs when adding.` })
  @IdList()
  userIds: string[];
}

@ArgsType()
export class AddOrganizationMembersArgs extends Windowed(OrganizationMembersArgs) {}

@ArgsType()
export class OrganizationMemberRolesArgs {
  @Field(() => ID)
  @MaxLength(LIMITS.id)
  organizationId: string;

  @Field(() => ID, { description: "A member of the organization." })
  @Length(1, LIMITS.id)
  userId: string;

  @Field(() => [ID], { description: "Roles of any application." })
  @IdList()
  roleIds: string[];
}

@ArgsType()
export class AddOrganizationMemberRolesArgs extends Windowed(OrganizationMemberRolesArgs) {}
