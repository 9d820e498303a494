import { Field, ObjectType } from "type-graphql";
import { Connection } from "../common/pagination";
import { WindowFields } from "../common/window-args";
import { Role } from "../roles/role.entity";
import { User } from "../users/user.entity";
import { Group } from "./group.entity";

/** A role that applies to a group, and the group (itself or an ancestor) that holds it. */
@ObjectType()
export class EffectiveRole {
  @Field(() => Role)
  role: Role;

  @Field(() => Group, { description: "The group the role is assigned to: this group or one of its ancestors." })
  group: Group;
}

/** A member of a group or of one of its descendants, and the group the membership comes through. */
@ObjectType()
export class CalculatedMember {
  @Field(() => User)
  user: User;

  @Field(() => Group, { description: "The group the user is a direct member of." })
  group: Group;
}

/** A direct membership of a group with its window (docs/design.md §13), active or not. */
@ObjectType()
export class GroupMemberGrant extends WindowFields("membership") {
  @Field(() => User)
  user: User;
}

@ObjectType()
export class GroupMemberGrantConnection extends Connection(GroupMemberGrant) {}

@ObjectType()
export class GroupConnection extends Connection(Group) {}

@ObjectType()
export class CalculatedMemberConnection extends Connection(CalculatedMember) {}
