import { GraphQLJSONObject } from "graphql-scalars";
import { ArgsType, Field, ID, ObjectType } from "type-graphql";
import { BadUserInputError } from "../common/errors";
import { LIMITS } from "../common/limits";
import { profileProblems } from "../users/user-profile";
import { LoginProfileInput } from "../users/user.inputs";
import { OrganizationRef } from "../organizations/organization.types";

/**
 * The arguments of authorizationContext and explainAuthorization. Checked by
 * `checkAuthorizationArgs` rather than class-validator: this runs at every login, and the
 * generic validator cost more than the rest of the resolver's work.
 */
@ArgsType()
export class AuthorizationArgs {
  @Field(() => ID, { description: `The identity provider's user id (1–${LIMITS.externalId} characters); an unknown user simply has no memberships.` })
  userId: string;

  @Field(() => ID, { description: `The application (client id, 1–${LIMITS.externalId} characters) the user is logging in to.` })
  clientId: string;

  @Field(() => String, { nullable: true, description: `The login's connection (at most ${LIMITS.mappingName} characters); mappings on it apply.` })
  connection?: string | null;

  @Field(() => [String], {
    nullable: true,
    description: `Groups the identity provider sent (mappings, groups passthrough); any number and length, as on the REST policy route (a name over ${LIMITS.mappingName} characters matches no mapping).`,
  })
  connectionGroups?: string[] | null;

  @Field(() => [String], { nullable: true, description: "Roles the identity provider sent (roles passthrough)." })
  connectionRoles?: string[] | null;

  @Field(() => [String], { nullable: true, description: "Permissions the identity provider sent (permissions passthrough)." })
  connectionPermissions?: string[] | null;

  @Field(() => LoginProfileInput, {
    nullable: true,
    description:
      "What the identity provider says of the user (e-mail, name, connection): the user's record is updated when it differs, created when the user is unknown; nothing is written when it matches.",
  })
  profile?: LoginProfileInput | null;
  @Field(() => ID, {
    nullable: true,
    description: "The organization the login is made for (docs/design.md §12): the user must be a member, and the roles are the member roles there.",
  })
  organizationId?: string | null;
}

/** BAD_USER_INPUT naming every field that breaks AuthorizationArgs' rules. */
export function checkAuthorizationArgs(args: AuthorizationArgs): void {
  const problems: Array<{ field: string; message: string }> = [];
  for (const field of ["userId", "clientId"] as const) {
    const value = args[field];
    if (value.length < 1 || value.length > LIMITS.externalId) problems.push({ field, message: `${field} must be 1 to ${LIMITS.externalId} characters long` });
    else if (value.trim().length === 0) problems.push({ field, message: `${field} must not be blank` });
  }
  if (args.organizationId !== undefined && args.organizationId !== null && (args.organizationId.length < 1 || args.organizationId.length > LIMITS.id)) {
    problems.push({ field: "organizationId", message: `organizationId must be 1 to ${LIMITS.id} characters long (omit it for a login without an organization)` });
  }
  if (args.connection && args.connection.length > LIMITS.mappingName) {
    problems.push({ field: "connection", message: `connection must be at most ${LIMITS.mappingName} characters long` });
  }
  problems.push(...profileProblems(args.profile, "profile"));
  if (problems.length > 0) {
    throw new BadUserInputError(`Invalid input: ${problems.map((p) => `${p.field}: ${p.message}`).join("; ")}`, {
      field: problems[0].field,
      fields: problems,
    });
  }
}

/** The login-time answer: what the user holds for the application and the claims that carry it. */
@ObjectType()
export class AuthorizationContext {
  @Field(() => ID)
  userId: string;

  @Field(() => ID)
  clientId: string;

  @Field(() => [String], { description: "Effective group names (explicit, mapped, ancestors; passthrough), sorted." })
  groups: string[];

  @Field(() => [String], { description: "Role names of this application, sorted." })
  roles: string[];

  @Field(() => [String], { description: "Permission names of those roles, sorted." })
  permissions: string[];

  @Field(() => GraphQLJSONObject, { description: "Claims to copy into the ID or access token, keyed by claimNamespace + list name (and org_id, org_name, org_metadata)." })
  claims: Record<string, unknown>;

  @Field({ description: "False when the application requires roles and the user holds none of them." })
  accessGranted: boolean;

  @Field(() => String, { nullable: true })
  denialReason: string | null;

  @Field(() => [String], { description: "Configuration problems that affect this answer, in plain sentences." })
  warnings: string[];

  @Field(() => GraphQLJSONObject, {
    nullable: true,
    description:
      "The lists the persist switches select ({groups, roles, permissions}, only the switched-on keys), stored as this application's snapshot; what a login hook writes to Auth0's app_metadata.authorization. Null when every persist switch is off.",
  })
  persisted: Record<string, string[]> | null;
  @Field(() => OrganizationRef, { nullable: true, description: "The organization the login was granted for; null without one or when it was refused." })
  organization: OrganizationRef | null;

  @Field(() => Date, {
    nullable: true,
    description:
      "The earliest instant after this request at which one of the user's time-bound grants starts or ends (docs/design.md §13): the answer may change then without any write, so a token built from it should not outlive it. Null when no boundary lies ahead.",
  })
  validUntil: Date | null;
}

@ObjectType()
export class ExplainedItem {
  @Field()
  name: string;

  @Field(() => [String], { description: "One readable derivation per way the item was obtained, at most EXPLAIN_MAX_PATHS (default 50)." })
  paths: string[];

  @Field({ description: "True when the item has more derivations than `paths` lists (a wide group DAG can have exponentially many)." })
  truncated: boolean;
}

@ObjectType()
export class AuthorizationExplanation {
  @Field(() => [ExplainedItem])
  groups: ExplainedItem[];

  @Field(() => [ExplainedItem])
  roles: ExplainedItem[];

  @Field(() => [ExplainedItem])
  permissions: ExplainedItem[];
}
