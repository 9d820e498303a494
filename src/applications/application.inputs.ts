import { ArrayMaxSize, IsOptional, Length } from "class-validator";
import { Field, ID, InputType } from "type-graphql";
import { LIMITS } from "../common/limits";
import { IsNotBlank, IsOptionalNotNull } from "../common/validators";
import { ApplicationType, OrganizationUsage } from "./application.entity";

@InputType()
export class CreateApplicationInput {
  @Field(() => ID, { description: "The identity provider's client id." })
  @Length(1, LIMITS.externalId)
  @IsNotBlank()
  id: string;

  @Field()
  @Length(1, LIMITS.applicationName)
  @IsNotBlank()
  name: string;

  @Field(() => ApplicationType)
  type: ApplicationType;

  @Field(() => [String], { nullable: true, description: "Role names of which a user must hold one to be granted access." })
  @IsOptional()
  @ArrayMaxSize(LIMITS.requiredRoles)
  @Length(1, LIMITS.roleName, { each: true })
  requiredRoles?: string[];

  @Field(() => OrganizationUsage, { nullable: true, description: "Default ALLOW." })
  @IsOptionalNotNull()
  organizationUsage?: OrganizationUsage;

  @Field({ nullable: true, description: "Default false." })
  @IsOptionalNotNull()
  tenantRolesInOrganizations?: boolean;
}

@InputType()
export class UpdateApplicationInput {
  @Field({ nullable: true })
  @IsOptionalNotNull()
  @Length(1, LIMITS.applicationName)
  @IsNotBlank()
  name?: string;

  @Field(() => ApplicationType, { nullable: true })
  @IsOptionalNotNull()
  type?: ApplicationType;

  @Field(() => [String], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(LIMITS.requiredRoles)
  @Length(1, LIMITS.roleName, { each: true })
  requiredRoles?: string[];

  @Field(() => OrganizationUsage, { nullable: true, description: "Default ALLOW." })
  @IsOptionalNotNull()
  organizationUsage?: OrganizationUsage;

  @Field({ nullable: true, description: "Default false." })
  @IsOptionalNotNull()
  tenantRolesInOrganizations?: boolean;
}
