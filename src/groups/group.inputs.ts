import { ArrayMaxSize, IsOptional, Length, MaxLength, ValidateNested } from "class-validator";
import { ArgsType, Field, ID, InputType } from "type-graphql";
import { LIMITS } from "../common/limits";
import { Windowed } from "../common/window-args";
import { IdList, IsNotBlank, IsOptionalNotNull } from "../common/validators";

@InputType()
export class CreateGroupInput {
  @Field({ description: `1–${LIMITS.groupName} characters, unique ignoring case.` })
  @Length(1, LIMITS.groupName)
  @IsNotBlank()
  name: string;

  @Field({ nullable: true, description: `At most ${LIMITS.description} characters.` })
  @IsOptional()
  @MaxLength(LIMITS.description)
  description?: string;
}

@InputType()
export class UpdateGroupInput {
  @Field({ nullable: true })
  @IsOptionalNotNull()
  @Length(1, LIMITS.groupName)
  @IsNotBlank()
  name?: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(LIMITS.description)
  description?: string | null;
}

@InputType()
export class GroupMappingInput {
  @Field({ description: "The identity provider connection, e.g. corp-ad." })
  @Length(1, LIMITS.mappingName)
  @IsNotBlank()
  connectionName: string;

  @Field({ description: "The group name as the identity provider sends it (exact, case-sensitive)." })
  @Length(1, LIMITS.mappingName)
  @IsNotBlank()
  groupName: string;
}

@ArgsType()
export class GroupMembersArgs {
  @Field(() => ID)
  @MaxLength(LIMITS.id)
  groupId: string;

  @Field(() => [ID], { description: `User ids (at most ${LIMITS.idsPerCall}); unknown ones are created as stubs when adding.` })
  @IdList()
  userIds: string[];
}

@ArgsType()
export class AddGroupMembersArgs extends Windowed(GroupMembersArgs) {}

@ArgsType()
export class NestedGroupsArgs {
  @Field(() => ID, { description: "The parent group." })
  @MaxLength(LIMITS.id)
  groupId: string;

  @Field(() => [ID], { description: "Groups that become (or stop being) children of `groupId`." })
  @IdList()
  groupIds: string[];
}

@ArgsType()
export class GroupRolesArgs {
  @Field(() => ID)
  @MaxLength(LIMITS.id)
  groupId: string;

  @Field(() => [ID])
  @IdList()
  roleIds: string[];
}

@ArgsType()
export class AddGroupMappingsArgs {
  @Field(() => ID)
  @MaxLength(LIMITS.id)
  groupId: string;

  @Field(() => [GroupMappingInput])
  @ArrayMaxSize(LIMITS.idsPerCall)
  @ValidateNested({ each: true })
  mappings: GroupMappingInput[];
}

@ArgsType()
export class RemoveGroupMappingsArgs {
  @Field(() => ID)
  @MaxLength(LIMITS.id)
  groupId: string;

  @Field(() => [ID])
  @IdList()
  mappingIds: string[];
}
