import { Field, ObjectType } from "type-graphql";

/** The result of `rotateApiKey`: the only time the key is ever shown. */
@ObjectType()
export class ApiKeyRotation {
  @Field({ description: "The new key for the x-api-key header. Store it now: it is not shown again." })
  apiKey: string;

  @Field(() => Date, { nullable: true, description: "Until when the previous key is still accepted (null: not at all)." })
  previousKeyValidUntil: Date | null;
}
