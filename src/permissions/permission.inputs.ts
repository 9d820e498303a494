import { IsOptional, Length, MaxLength } from "class-validator";
import { ArgsType, Field, ID, InputType } from "type-graphql";
import { LIMITS } from "../common/limits";
import { SearchPageArgs } from "../common/pagination";
import { IsNotBlank, IsOptionalNotNull } from "../common/validators";

@InputType()
export class CreatePermissionInput {
  @Field(() => ID, { description: "A NATIVE, SPA or REGULAR_WEB application." })
  @Length(1, LIMITS.externalId)
  applicationId: string;

  @Field({ description: `1–${LIMITS.permissionName} characters, unique per application ignoring case.` })
  @Length(1, LIMITS.permissionName)
  @IsNotBlank()
  name: string;

  @Field({ nullable: true })
  @IsOptional()
  @MaxLength(LIMITS.description)
  description?: string;
}

@InputType()
export class UpdatePermissionInput {
  @Field({ nullable: true })
  @IsOptionalNotNull()
  @Length(1, LIMITS.permissionName)
  @IsNotBlank()
  name?: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(LIMITS.description)
  description?: string | null;
}

@ArgsType()
export class PermissionListArgs extends SearchPageArgs {
  @Field(() => ID, { nullable: true, description: "Only permissions of this application." })
  @IsOptional()
  @MaxLength(LIMITS.externalId)
  applicationId?: string;
}
