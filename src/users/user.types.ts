import { Field, ObjectType } from "type-graphql";
import { Connection } from "../common/pagination";
import { WindowFields } from "../common/window-args";
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
export class UserGroupGrant extends WindowFields("membership") {
  @Field(() => Group)
  group: Group;
}

/** A role assignment (direct, or of an organization member) with its window (docs/design.md §13), active or not. */
@ObjectType()
export class UserRoleGrant extends WindowFields(
  "assignment",
  "Whether the assignment counts at the request's time (an organization member role: while the membership counts too).",
) {
  @Field(() => Role)
  role: Role;
}
