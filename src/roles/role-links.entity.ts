import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from "typeorm";
import { epochMs, WINDOWED_WHERE } from "../common/grant-window";
import { LIMITS } from "../common/limits";
import { Role } from "./role.entity";
import { Permission } from "../permissions/permission.entity";
import { User } from "../users/user.entity";

/** A permission contained in a role (same application, enforced by the role service). */
@Entity("role_permissions")
@Index("IDX_role_permissions_permission", ["permissionId"])
export class RolePermission {
  @PrimaryColumn({ type: "varchar", length: LIMITS.entityId })
  roleId: string;

  @PrimaryColumn({ type: "varchar", length: LIMITS.entityId })
  permissionId: string;

  @ManyToOne(() => Role, { onDelete: "CASCADE" })
  @JoinColumn({ name: "roleId" })
  role?: Role;

  @ManyToOne(() => Permission, { onDelete: "CASCADE" })
  @JoinColumn({ name: "permissionId" })
  permission?: Permission;

  @CreateDateColumn()
  createdAt: Date;
}

/** A role assigned directly to a user, outside any group. */
@Entity("user_roles")
@Index("IDX_user_roles_role", ["roleId"])
// The windowed assignments (few), for the sweep and the listings of expired grants.
@Index("IDX_user_roles_windowed", ["userId", "roleId"], { where: WINDOWED_WHERE })
export class UserRole {
  @PrimaryColumn({ type: "varchar", length: LIMITS.externalId })
  userId: string;

  @PrimaryColumn({ type: "varchar", length: LIMITS.entityId })
  roleId: string;

  @ManyToOne(() => User, { onDelete: "CASCADE" })
  @JoinColumn({ name: "userId" })
  user?: User;

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
