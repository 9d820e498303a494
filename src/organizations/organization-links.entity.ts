import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from "typeorm";
import { epochMs, WINDOWED_WHERE } from "../common/grant-window";
import { LIMITS } from "../common/limits";
import { Role } from "../roles/role.entity";
import { User } from "../users/user.entity";
import { Organization } from "./organization.entity";

/** A user's membership of an organization. */
@Entity("organization_members")
// Covering: a login reads (userId → organizationId and the window) from the index alone.
@Index("IDX_organization_members_user_organization", ["userId", "organizationId", "validFrom", "expiresAt"])
@Index("IDX_organization_members_windowed", ["organizationId", "userId"], { where: WINDOWED_WHERE })
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

  /** docs/design.md §13: the grant counts from this instant (epoch ms; null: unbounded). */
  @Column({ type: "bigint", nullable: true, transformer: epochMs })
  validFrom: number | null;

  /** docs/design.md §13: the grant counts until just before this instant (epoch ms; null: unbounded). */
  @Column({ type: "bigint", nullable: true, transformer: epochMs })
  expiresAt: number | null;

  @CreateDateColumn()
  createdAt: Date;
}

/** A role (of any application) a member holds in one organization; the membership must exist. */
@Entity("organization_member_roles")
@Index("IDX_organization_member_roles_user", ["userId", "organizationId", "roleId", "validFrom", "expiresAt"])
@Index("IDX_organization_member_roles_role", ["roleId"])
@Index("IDX_organization_member_roles_windowed", ["organizationId", "userId", "roleId"], { where: WINDOWED_WHERE })
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

  /** docs/design.md §13: the grant counts from this instant (epoch ms; null: unbounded). */
  @Column({ type: "bigint", nullable: true, transformer: epochMs })
  validFrom: number | null;

  /** docs/design.md §13: the grant counts until just before this instant (epoch ms; null: unbounded). */
  @Column({ type: "bigint", nullable: true, transformer: epochMs })
  expiresAt: number | null;

  @CreateDateColumn()
  createdAt: Date;
}
