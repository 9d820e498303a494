import { Field, ObjectType } from "type-graphql";
import { Connection } from "../common/pagination";
import { Group } from "../groups/group.entity";
import { Role } from "../roles/role.entity";
import { User } from "./user.entity";

@ObjectType()
export class UserConnection extends Connection(User) {
  @Field({
    description: "False when `totalCount` is a lower bound: a search counts its matches up to 10,000 (docs/design.md §10). Always true without `search`.",
  })
  totalCountExact: boolean;
}

/** One of a user's direct group memberships with its window (docs/design.md §13), active or not. */
@ObjectType()
export class UserGroupGrant {
  @Field(() => Group)
  group: Group;

  @Field(() => Date, { nullable: true, description: "The membership counts from this instant; null: unbounded." })
  validFrom: Date | null;

  @Field(() => Date, { nullable: true, description: "The membership counts until just before this instant; null: unbounded." })
  expiresAt: Date | null;

  @Field({ description: "Whether the membership counts at the request's time: validFrom <= now < expiresAt." })
  active: boolean;
}

/** A role assignment (direct, or of an organization member) with its window (docs/design.md §13), active or not. */
@ObjectType()
export class UserRoleGrant {
  @Field(() => Role)
  role: Role;

  @Field(() => Date, { nullable: true, description: "The assignment counts from this instant; null: unbounded." })
  validFrom: Date | null;

  @Field(() => Date, { nullable: true, description: "The assignment counts until just before this instant; null: unbounded." })
  expiresAt: Date | null;

  @Field({ description: "Whether the assignment counts at the request's time (an organization member role: while the membership counts too)." })
  active: boolean;
}
