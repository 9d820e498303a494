import { Field, ID, ObjectType } from "type-graphql";
import { Column, CreateDateColumn, Entity, Index, PrimaryColumn, UpdateDateColumn } from "typeorm";

/** A named set of users; groups nest (children inherit their ancestors' roles). */
@ObjectType()
@Entity("groups")
export class Group {
  @Field(() => ID)
  @PrimaryColumn({ type: "varchar", length: 36 })
  id: string;

  @Field()
  @Column({ type: "varchar", length: 50 })
  name: string;

  /** Lower-cased name: the unique key that makes names unique ignoring case. */
  @Index("UQ_groups_name_key", { unique: true })
  @Column({ type: "varchar", length: 200 })
  nameKey: string;

  @Field()
  @Column({ type: "varchar", length: 500, default: "" })
  description: string;

  @Field()
  @CreateDateColumn()
  createdAt: Date;

  @Field()
  @UpdateDateColumn()
  updatedAt: Date;
}
