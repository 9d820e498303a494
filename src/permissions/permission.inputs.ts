import { IsOptional, Length, MaxLength } from "class-validator";
import { ArgsType, Field, ID, InputType } from "type-graphql";
import { SearchPageArgs } from "../common/pagination";
import { IsNotBlank, IsOptionalNotNull } from "../common/validators";

@InputType()
export class CreatePermissionInput {
  @Field(() => ID, { description: "A NATIVE, SPA or REGULAR_WEB application." })
  @Length(1, 255)
  applicationId: string;

  @Field({ description: "1–100 characters, unique per application ignoring case." })
  @Length(1, 100)
  @IsNotBlank()
  name: string;

  @Field({ nullable: true })
  @IsOptional()
  @MaxLength(500)
  description?: string;
}

@InputType()
export class UpdatePermissionInput {
  @Field({ nullable: true })
  @IsOptionalNotNull()
  @Length(1, 100)
  @IsNotBlank()
  name?: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(500)
  description?: string | null;
}

@ArgsType()
export class PermissionListArgs extends SearchPageArgs {
  @Field(() => ID, { nullable: true, description: "Only permissions of this application." })
  @IsOptional()
  @MaxLength(255)
  applicationId?: string;
}
