import { ArrayMaxSize, IsEmail, IsOptional, Length, MaxLength, ValidateNested } from "class-validator";
import { ArgsType, Field, ID, InputType } from "type-graphql";
import { LIMITS } from "../common/limits";
import { Windowed } from "../common/window-args";
import type { LoginProfile } from "./user-profile";
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
export class AddUserToGroupsArgs extends Windowed(UserGroupsArgs) {}

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

@ArgsType()
export class AddUserRolesArgs extends Windowed(UserRolesArgs) {}

/** The profile of authorizationContext: checked by `profileProblems`, like the rest of its arguments (no class-validator on the login path). */
@InputType({ description: "What the identity provider says of the user at this login; the user's record is updated when it differs (docs/design.md §14.1)." })
export class LoginProfileInput implements LoginProfile {
  @Field(() => String, { nullable: true, description: `The user's e-mail address (at most ${LIMITS.email} characters). Absent or null keeps the stored value.` })
  email?: string | null;

  @Field(() => String, { nullable: true, description: `The user's display name (at most ${LIMITS.userText} characters). Absent or null keeps the stored value.` })
  name?: string | null;

  @Field(() => String, { nullable: true, description: `The connection the user logged in through (at most ${LIMITS.userText} characters). Absent or null keeps the stored value.` })
  connection?: string | null;
}
