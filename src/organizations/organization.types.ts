import { GraphQLJSONObject } from "graphql-scalars";
import { Field, ID, ObjectType } from "type-graphql";
import { Connection } from "../common/pagination";
import { Role } from "../roles/role.entity";
import { User } from "../users/user.entity";
import { Organization } from "./organization.entity";

@ObjectType()
export class OrganizationConnection extends Connection(Organization) {}

/** A member of an organization with the roles they hold there. */
@ObjectType()
export class OrganizationMember {
  @Field(() => User)
  user: User;

  @Field(() => [Role], { description: "Roles held in this organization, sorted by name." })
  roles: Role[];
}

@ObjectType()
export class OrganizationMemberConnection extends Connection(OrganizationMember) {}

/** One of a user's organizations with the roles held there. */
@ObjectType()
export class UserOrganization {
  @Field(() => Organization)
  organization: Organization;

  @Field(() => [Role], { description: "Roles held in this organization, sorted by name." })
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
