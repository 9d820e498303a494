import { Field, Int, ObjectType } from "type-graphql";
import { Column, Entity, PrimaryColumn, UpdateDateColumn } from "typeorm";
import { LIMITS } from "../common/limits";

/** The Auth0 extension's nine switches (token claims, IdP passthrough, persistence), in its order. */
export const CONFIGURATION_SWITCHES = [
  "groupsInToken",
  "rolesInToken",
  "permissionsInToken",
  "groupsPassthrough",
  "rolesPassthrough",
  "permissionsPassthrough",
  "persistGroups",
  "persistRoles",
  "persistPermissions",
] as const;

/** Gatehouse's own switches of organization logins (docs/design.md §12); they travel in import and export beside the nine. */
export const ORGANIZATION_SWITCHES = ["organizationInToken", "organizationMetadataInToken"] as const;

/** The single configuration record (id "v1", as in the Auth0 extension). */
@ObjectType()
@Entity("configuration")
export class Configuration {
  @PrimaryColumn({ type: "varchar", length: 16 })
  id: string;

  @Field({ description: "Put the user's groups in the `groups` claim." })
  @Column({ type: "boolean", default: false })
  groupsInToken: boolean;

  @Field()
  @Column({ type: "boolean", default: false })
  rolesInToken: boolean;

  @Field()
  @Column({ type: "boolean", default: false })
  permissionsInToken: boolean;

  @Field({ description: "Merge the identity provider's groups into the result." })
  @Column({ type: "boolean", default: false })
  groupsPassthrough: boolean;

  @Field()
  @Column({ type: "boolean", default: false })
  rolesPassthrough: boolean;

  @Field()
  @Column({ type: "boolean", default: false })
  permissionsPassthrough: boolean;

  @Field({ description: "Store the computed groups on the user, per application." })
  @Column({ type: "boolean", default: false })
  persistGroups: boolean;

  @Field()
  @Column({ type: "boolean", default: false })
  persistRoles: boolean;

  @Field()
  @Column({ type: "boolean", default: false })
  persistPermissions: boolean;

  @Field({ description: "In an organization login, put `org_id` and `org_name` claims in the answer (default on)." })
  @Column({ type: "boolean", default: true })
  organizationInToken: boolean;

  @Field({ description: "In an organization login, put the organization's metadata in an `org_metadata` claim (default off)." })
  @Column({ type: "boolean", default: false })
  organizationMetadataInToken: boolean;

  @Field(() => String, { nullable: true, description: "Absolute http(s) URL prefixed to claim names." })
  @Column({ type: "varchar", length: LIMITS.setting, nullable: true })
  claimNamespace: string | null;

  @Field({ description: "`iss` of the API tokens Gatehouse issues and accepts." })
  @Column({ type: "varchar", length: LIMITS.setting, default: "urn:gatehouse" })
  tokenIssuer: string;

  @Field({ description: "`aud` of the API tokens Gatehouse issues and accepts." })
  @Column({ type: "varchar", length: LIMITS.setting, default: "urn:gatehouse:api" })
  tokenAudience: string;

  @Field(() => Int, { description: "Default lifetime of API tokens Gatehouse issues." })
  @Column({ type: "integer", default: 86400 })
  tokenLifetimeSeconds: number;

  /** SHA-256 of the current login-hook API key; never exposed. */
  @Column({ type: "varchar", length: 128, nullable: true })
  apiKeyHash: string | null;

  /** SHA-256 of the previous key, valid until `previousApiKeyValidUntil`. */
  @Column({ type: "varchar", length: 128, nullable: true })
  previousApiKeyHash: string | null;

  @Column({ type: "bigint", nullable: true })
  previousApiKeyValidUntil: string | null;

  @Column({ type: "bigint", nullable: true })
  apiKeyCreatedAt: string | null;

  @Field()
  @UpdateDateColumn()
  updatedAt: Date;
}
