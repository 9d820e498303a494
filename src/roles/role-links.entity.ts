import { CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from "typeorm";
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

  @CreateDateColumn()
  createdAt: Date;
}
