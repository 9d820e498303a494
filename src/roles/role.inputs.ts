import { IsOptional, Length, MaxLength } from "class-validator";
import { ArgsType, Field, ID, InputType } from "type-graphql";
import { LIMITS } from "../common/limits";
import { SearchPageArgs } from "../common/pagination";
import { IdList, IsNotBlank, IsOptionalNotNull } from "../common/validators";

@InputType()
export class CreateRoleInput {
  @Field(() => ID, { description: "A NATIVE, SPA or REGULAR_WEB application; cannot change later." })
  @Length(1, LIMITS.externalId)
  applicationId: string;

  @Field({ description: `1–${LIMITS.roleName} characters, unique per application ignoring case.` })
  @Length(1, LIMITS.roleName)
  @IsNotBlank()
  name: string;

  @Field({ nullable: true })
  @IsOptional()
  @MaxLength(LIMITS.description)
  description?: string;

  @Field(() => [ID], { nullable: true, description: "Permissions of the same application." })
  @IsOptional()
  @IdList()
  permissionIds?: string[];
}

@InputType()
export class UpdateRoleInput {
  @Field({ nullable: true })
  @IsOptionalNotNull()
  @Length(1, LIMITS.roleName)
  @IsNotBlank()
  name?: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(LIMITS.description)
  description?: string | null;

  @Field(() => [ID], { nullable: true, description: "Replaces the role's permissions; omitted keeps them." })
  @IsOptional()
  @IdList()
  permissionIds?: string[];
}

@ArgsType()
export class RoleListArgs extends SearchPageArgs {
  @Field(() => ID, { nullable: true, description: "Only roles of this application." })
  @IsOptional()
  @MaxLength(LIMITS.externalId)
  applicationId?: string;
}
