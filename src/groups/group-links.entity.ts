import { Field, ID, ObjectType } from "type-graphql";
import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from "typeorm";
import { epochMs, WINDOWED_WHERE } from "../common/grant-window";
import { LIMITS } from "../common/limits";
import { Group } from "./group.entity";
import { User } from "../users/user.entity";
import { Role } from "../roles/role.entity";

/** Direct membership of a user in a group. */
@Entity("group_members")
// Covering: a login reads (userId → groupId and the window) from the index alone.
@Index("IDX_group_members_user_group", ["userId", "groupId", "validFrom", "expiresAt"])
// The windowed memberships (few): member counts subtract the inactive ones from the index alone
// (it carries the window), member pages skip them, the sweep walks their boundaries.
@Index("IDX_group_members_windowed", ["groupId", "userId", "validFrom", "expiresAt"], { where: WINDOWED_WHERE })
@Index("IDX_group_members_valid_from", ["validFrom"], { where: `"validFrom" IS NOT NULL` })
@Index("IDX_group_members_expires_at", ["expiresAt"], { where: `"expiresAt" IS NOT NULL` })
export class GroupMember {
  @PrimaryColumn({ type: "varchar", length: LIMITS.entityId })
  groupId: string;

  @PrimaryColumn({ type: "varchar", length: LIMITS.externalId })
  userId: string;

  @ManyToOne(() => Group, { onDelete: "CASCADE" })
  @JoinColumn({ name: "groupId" })
  group?: Group;

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

/** Nesting edge: `childId` is nested in `parentId`, so the child's members belong to the parent too. */
@Entity("group_nestings")
@Index("IDX_group_nestings_child", ["childId"])
export class GroupNesting {
  @PrimaryColumn({ type: "varchar", length: LIMITS.entityId })
  parentId: string;

  @PrimaryColumn({ type: "varchar", length: LIMITS.entityId })
  childId: string;

  @ManyToOne(() => Group, { onDelete: "CASCADE" })
  @JoinColumn({ name: "parentId" })
  parent?: Group;

  @ManyToOne(() => Group, { onDelete: "CASCADE" })
  @JoinColumn({ name: "childId" })
  child?: Group;

  @CreateDateColumn()
  createdAt: Date;
}

/** A role granted to every (effective) member of a group. */
@Entity("group_roles")
@Index("IDX_group_roles_role", ["roleId"])
export class GroupRole {
  @PrimaryColumn({ type: "varchar", length: LIMITS.entityId })
  groupId: string;

  @PrimaryColumn({ type: "varchar", length: LIMITS.entityId })
  roleId: string;

  @ManyToOne(() => Group, { onDelete: "CASCADE" })
  @JoinColumn({ name: "groupId" })
  group?: Group;

  @ManyToOne(() => Role, { onDelete: "CASCADE" })
  @JoinColumn({ name: "roleId" })
  role?: Role;

  @CreateDateColumn()
  createdAt: Date;
}

/** Makes users who log in through `connectionName` with IdP group `groupName` members of the group. */
@ObjectType()
@Entity("group_mappings")
@Index("UQ_group_mappings_group_connection_name", ["groupId", "connectionName", "groupName"], { unique: true })
@Index("IDX_group_mappings_connection_name", ["connectionName", "groupName"])
export class GroupMapping {
  @Field(() => ID)
  @PrimaryColumn({ type: "varchar", length: LIMITS.entityId })
  id: string;

  @Column({ type: "varchar", length: LIMITS.entityId })
  groupId: string;

  @ManyToOne(() => Group, { onDelete: "CASCADE" })
  @JoinColumn({ name: "groupId" })
  group?: Group;

  @Field()
  @Column({ type: "varchar", length: LIMITS.mappingName })
  connectionName: string;

  @Field()
  @Column({ type: "varchar", length: LIMITS.mappingName })
  groupName: string;

  @CreateDateColumn()
  createdAt: Date;
}
