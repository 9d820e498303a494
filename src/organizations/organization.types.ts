import { GraphQLJSONObject } from "graphql-scalars";
import { Field, ID, ObjectType } from "type-graphql";
import { Connection } from "../common/pagination";
import { WindowFields } from "../common/window-args";
import { Role } from "../roles/role.entity";
import { User } from "../users/user.entity";
import { UserRoleGrant } from "../users/user.types";
import { Organization } from "./organization.entity";

@ObjectType()
export class OrganizationConnection extends Connection(Organization) {}

/** A member of an organization with the roles they hold there, and the membership's window (docs/design.md §13). */
@ObjectType()
export class OrganizationMember extends WindowFields("membership") {
  @Field(() => User)
  user: User;

  @Field(() => [Role], { description: "Roles held in this organization and active now (none while the membership is not), sorted by name." })
  roles: Role[];

  /** Every member role with its window, `active` already including the membership's (read by `roleGrants`). */
  grants: UserRoleGrant[];
}

@ObjectType()
export class OrganizationMemberConnection extends Connection(OrganizationMember) {}

/** One of a user's organizations with the roles held there. */
@ObjectType()
export class UserOrganization extends WindowFields("membership", "Whether the membership counts at the request's time (User.organizations lists active memberships only).") {
  @Field(() => Organization)
  organization: Organization;

  @Field(() => [Role], { description: "Roles held in this organization and active now, sorted by name." })
  roles: Role[];
}

/**
 * The organization a login was made for, as a plain record of the login answer: read with the
 * answer's credential (the API key included), not under read:organizations (docs/design.md §12).
 */
@ObjectType()
export class OrganizationRef {
  @Field(() => ID)
  id: string;

  @Field()
  name: string;

  @Field()
  displayName: string;

  @Field(() => GraphQLJSONObject)
  metadata: Record<string, string>;
}
