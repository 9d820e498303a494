import { Field, ID, ObjectType, registerEnumType } from "type-graphql";
import { Column, CreateDateColumn, Entity, Index, PrimaryColumn, UpdateDateColumn } from "typeorm";
import { LIMITS } from "../common/limits";

/** Application types of the identity provider; only interactive ones may own roles and permissions. */
export enum ApplicationType {
  NATIVE = "NATIVE",
  SPA = "SPA",
  REGULAR_WEB = "REGULAR_WEB",
  NON_INTERACTIVE = "NON_INTERACTIVE",
}

registerEnumType(ApplicationType, {
  name: "ApplicationType",
  description: "NATIVE, SPA and REGULAR_WEB applications may have roles and permissions; NON_INTERACTIVE may not.",
});

/** Whether logins to an application may, or must, be made for an organization (docs/design.md §12). */
export enum OrganizationUsage {
  DENY = "DENY",
  ALLOW = "ALLOW",
  REQUIRE = "REQUIRE",
}

registerEnumType(OrganizationUsage, {
  name: "OrganizationUsage",
  description: "DENY: a login for an organization is refused; ALLOW: with or without one; REQUIRE: only logins for an organization are granted.",
});

export const SUPPORTED_APPLICATION_TYPES: ReadonlySet<ApplicationType> = new Set([ApplicationType.NATIVE, ApplicationType.SPA, ApplicationType.REGULAR_WEB]);

/** A client of the identity provider; its id is the IdP's client id. */
@ObjectType()
@Entity("applications")
export class Application {
  @Field(() => ID, { description: "The identity provider's client id." })
  @PrimaryColumn({ type: "varchar", length: LIMITS.externalId })
  id: string;

  @Field()
  @Column({ type: "varchar", length: LIMITS.applicationName })
  name: string;

  /** Lower-cased name, the sort key of the applications list. */
  @Index("IDX_applications_name_key")
  @Column({ type: "varchar", length: LIMITS.applicationNameKey })
  nameKey: string;

  @Field(() => ApplicationType)
  @Column({ type: "varchar", length: 20 })
  type: ApplicationType;

  @Field(() => [String], { description: "Role names; a user holding none of them is denied access." })
  @Column({ type: "simple-json" })
  requiredRoles: string[];

  @Field(() => OrganizationUsage, { description: "Whether logins may (ALLOW, the default), must (REQUIRE) or may not (DENY) be made for an organization." })
  @Column({ type: "varchar", length: 10, default: OrganizationUsage.ALLOW })
  organizationUsage: OrganizationUsage;

  @Field({ description: "In an organization login, add the tenant roles (from groups and direct assignments) to the member roles." })
  @Column({ type: "boolean", default: false })
  tenantRolesInOrganizations: boolean;

  @Field({ description: "Whether roles and permissions can be created for this application type." })
  get supported(): boolean {
    return SUPPORTED_APPLICATION_TYPES.has(this.type);
  }

  @Field()
  @CreateDateColumn()
  createdAt: Date;

  @Field()
  @UpdateDateColumn()
  updatedAt: Date;
}
