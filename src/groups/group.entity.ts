import { Field, ID, ObjectType } from "type-graphql";
import { Column, CreateDateColumn, Entity, Index, PrimaryColumn, UpdateDateColumn } from "typeorm";
import { LIMITS } from "../common/limits";

/** A named set of users; groups nest (children inherit their ancestors' roles). */
@ObjectType()
@Entity("groups")
export class Group {
  @Field(() => ID)
  @PrimaryColumn({ type: "varchar", length: LIMITS.entityId })
  id: string;

  @Field()
  @Column({ type: "varchar", length: LIMITS.groupName })
  name: string;

  /** Lower-cased name: the unique key that makes names unique ignoring case. */
  @Index("UQ_groups_name_key", { unique: true })
  @Column({ type: "varchar", length: LIMITS.groupNameKey })
  nameKey: string;

  @Field()
  @Column({ type: "varchar", length: LIMITS.description, default: "" })
  description: string;

  @Field()
  @CreateDateColumn()
  createdAt: Date;

  @Field()
  @UpdateDateColumn()
  updatedAt: Date;
}
