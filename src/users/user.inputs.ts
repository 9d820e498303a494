import { ArrayMaxSize, IsEmail, IsOptional, Length, MaxLength, ValidateNested } from "class-validator";
import { ArgsType, Field, ID, InputType } from "type-graphql";
import { LIMITS } from "../common/limits";
import { IdList, IsNotBlank } from "../common/validators";

@InputType()
export class UpsertUserInput {
  @Field(() => ID, { description: "The identity provider's user id." })
  @Length(1, LIMITS.externalId)
  @IsNotBlank()
  id: string;

  @Field(() => String, { nullable: true, description: "Omitted keeps the stored value; null clears it." })
  @IsOptional()
  @MaxLength(LIMITS.email)
  @IsEmail()
  email?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(LIMITS.userText)
  name?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(LIMITS.userText)
  connection?: string | null;
}

@ArgsType()
export class UpsertUsersArgs {
  @Field(() => [UpsertUserInput], { description: `At most ${LIMITS.idsPerCall} users per call.` })
  @ArrayMaxSize(LIMITS.idsPerCall)
  @ValidateNested({ each: true })
  users: UpsertUserInput[];
}

@ArgsType()
export class UserGroupsArgs {
  @Field(() => ID)
  @Length(1, LIMITS.externalId)
  @IsNotBlank()
  userId: string;

  @Field(() => [ID])
  @IdList()
  groupIds: string[];
}

@ArgsType()
export class UserRolesArgs {
  @Field(() => ID)
  @Length(1, LIMITS.externalId)
  @IsNotBlank()
  userId: string;

  @Field(() => [ID])
  @IdList()
  roleIds: string[];
}
