import { CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from "typeorm";
import { LIMITS } from "../common/limits";
import { Role } from "../roles/role.entity";
import { User } from "../users/user.entity";
import { Organization } from "./organization.entity";

/** A user's membership of an organization. */
@Entity("organization_members")
// Covering: a login reads (userId → organizationId) from the index alone.
@Index("IDX_organization_members_user_organization", ["userId", "organizationId"])
export class OrganizationMembership {
  @PrimaryColumn({ type: "varchar", length: LIMITS.organizationId })
  organizationId: string;

  @PrimaryColumn({ type: "varchar", length: LIMITS.externalId })
  userId: string;

  @ManyToOne(() => Organization, { onDelete: "CASCADE" })
  @JoinColumn({ name: "organizationId" })
  organization?: Organization;

  @ManyToOne(() => User, { onDelete: "CASCADE" })
  @JoinColumn({ name: "userId" })
  user?: User;

  @CreateDateColumn()
  createdAt: Date;
}

/** A role (of any application) a member holds in one organization; the membership must exist. */
@Entity("organization_member_roles")
@Index("IDX_organization_member_roles_user", ["userId", "organizationId", "roleId"])
@Index("IDX_organization_member_roles_role", ["roleId"])
export class OrganizationMemberRole {
  @PrimaryColumn({ type: "varchar", length: LIMITS.organizationId })
  organizationId: string;

  @PrimaryColumn({ type: "varchar", length: LIMITS.externalId })
  userId: string;

  @PrimaryColumn({ type: "varchar", length: LIMITS.entityId })
  roleId: string;

  @ManyToOne(() => OrganizationMembership, { onDelete: "CASCADE" })
  @JoinColumn([
    { name: "organizationId", referencedColumnName: "organizationId" },
    { name: "userId", referencedColumnName: "userId" },
  ])
  membership?: OrganizationMembership;

  @ManyToOne(() => Role, { onDelete: "CASCADE" })
  @JoinColumn({ name: "roleId" })
  role?: Role;

  @CreateDateColumn()
  createdAt: Date;
}
