import { ArrayMaxSize, IsOptional, Length, MaxLength, ValidateNested } from "class-validator";
import { ArgsType, Field, ID, InputType } from "type-graphql";
import { IdList, IsNotBlank, IsOptionalNotNull, MAX_IDS_PER_CALL } from "../common/validators";

@InputType()
export class CreateGroupInput {
  @Field({ description: "1–50 characters, unique ignoring case." })
  @Length(1, 50)
  @IsNotBlank()
  name: string;

  @Field({ nullable: true, description: "At most 500 characters." })
  @IsOptional()
  @MaxLength(500)
  description?: string;
}

@InputType()
export class UpdateGroupInput {
  @Field({ nullable: true })
  @IsOptionalNotNull()
  @Length(1, 50)
  @IsNotBlank()
  name?: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(500)
  description?: string | null;
}

@InputType()
export class GroupMappingInput {
  @Field({ description: "The identity provider connection, e.g. corp-ad." })
  @Length(1, 256)
  @IsNotBlank()
  connectionName: string;

  @Field({ description: "The group name as the identity provider sends it (exact, case-sensitive)." })
  @Length(1, 256)
  @IsNotBlank()
  groupName: string;
}

@ArgsType()
export class GroupMembersArgs {
  @Field(() => ID)
  @MaxLength(255)
  groupId: string;

  @Field(() => [ID], { description: `User ids (at most ${MAX_IDS_PER_CALL}); unknown ones are created as stubs when adding.` })
  @IdList()
  userIds: string[];
}

@ArgsType()
export class NestedGroupsArgs {
  @Field(() => ID, { description: "The parent group." })
  @MaxLength(255)
  groupId: string;

  @Field(() => [ID], { description: "Groups that become (or stop being) children of `groupId`." })
  @IdList()
  groupIds: string[];
}

@ArgsType()
export class GroupRolesArgs {
  @Field(() => ID)
  @MaxLength(255)
  groupId: string;

  @Field(() => [ID])
  @IdList()
  roleIds: string[];
}

@ArgsType()
export class AddGroupMappingsArgs {
  @Field(() => ID)
  @MaxLength(255)
  groupId: string;

  @Field(() => [GroupMappingInput])
  @ArrayMaxSize(MAX_IDS_PER_CALL)
  @ValidateNested({ each: true })
  mappings: GroupMappingInput[];
}

@ArgsType()
export class RemoveGroupMappingsArgs {
  @Field(() => ID)
  @MaxLength(255)
  groupId: string;

  @Field(() => [ID])
  @IdList()
  mappingIds: string[];
}
