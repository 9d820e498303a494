import { ArrayMaxSize, IsEmail, IsOptional, Length, MaxLength, ValidateNested } from "class-validator";
import { ArgsType, Field, ID, InputType } from "type-graphql";
import { IdList, IsNotBlank, MAX_IDS_PER_CALL } from "../common/validators";

@InputType()
export class UpsertUserInput {
  @Field(() => ID, { description: "The identity provider's user id." })
  @Length(1, 255)
  @IsNotBlank()
  id: string;

  @Field(() => String, { nullable: true, description: "Omitted keeps the stored value; null clears it." })
  @IsOptional()
  @MaxLength(320)
  @IsEmail()
  email?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(255)
  name?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(255)
  connection?: string | null;
}

@ArgsType()
export class UpsertUsersArgs {
  @Field(() => [UpsertUserInput], { description: `At most ${MAX_IDS_PER_CALL} users per call.` })
  @ArrayMaxSize(MAX_IDS_PER_CALL)
  @ValidateNested({ each: true })
  users: UpsertUserInput[];
}

@ArgsType()
export class UserGroupsArgs {
  @Field(() => ID)
  @Length(1, 255)
  @IsNotBlank()
  userId: string;

  @Field(() => [ID])
  @IdList()
  groupIds: string[];
}

@ArgsType()
export class UserRolesArgs {
  @Field(() => ID)
  @Length(1, 255)
  @IsNotBlank()
  userId: string;

  @Field(() => [ID])
  @IdList()
  roleIds: string[];
}
