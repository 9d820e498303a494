import { GraphQLJSONObject } from "graphql-scalars";
import { Field, ID, ObjectType } from "type-graphql";
import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, PrimaryGeneratedColumn } from "typeorm";
import { LIMITS } from "../common/limits";

/** One mutation: who, what, which ids, when — written in the mutation's own transaction. */
@ObjectType()
@Entity("audit_entries")
@Index("IDX_audit_entries_actor", ["actor"])
export class AuditEntry {
  @Field(() => ID, { description: "Increases with time; the log is listed newest first." })
  @PrimaryGeneratedColumn("increment")
  id: number;

  @Field({ description: "When the mutation committed." })
  @CreateDateColumn()
  at: Date;

  @Field({ description: "The token's `sub`, the console session's subject, `api-key`, `cli`, or `system` (the grant sweep)." })
  @Column({ type: "varchar", length: LIMITS.actor })
  actor: string;

  @Field({ description: "token, session (the admin console), apikey, cli, or system (the grant sweep: grantActivated, grantExpired, grantDeleted)." })
  @Column({ type: "varchar", length: 16 })
  actorKind: string;

  @Field({ description: "The mutation (e.g. addGroupMembers), CLI command (e.g. cli:import), or the grant sweep's grantActivated, grantExpired, grantDeleted." })
  @Column({ type: "varchar", length: 100 })
  operation: string;

  @Field(() => [ID], { description: "Ids the mutation named or returned." })
  @Column({ type: "simple-json" })
  targetIds: string[];

  @Field(() => GraphQLJSONObject, { description: "Compact summary: the input (long lists shortened) and the result." })
  @Column({ type: "simple-json" })
  details: Record<string, unknown>;

  @Field(() => String, { nullable: true })
  @Column({ type: "varchar", length: LIMITS.requestId, nullable: true })
  requestId: string | null;
}

/** Index of audit entries by target id, for `auditLog(targetId:)`. */
@Entity("audit_targets")
@Index("IDX_audit_targets_target", ["targetId", "entryId"])
export class AuditTarget {
  @PrimaryColumn({ type: "integer" })
  entryId: number;

  @PrimaryColumn({ type: "varchar", length: LIMITS.id })
  targetId: string;

  @ManyToOne(() => AuditEntry, { onDelete: "CASCADE" })
  @JoinColumn({ name: "entryId" })
  entry?: AuditEntry;
}
