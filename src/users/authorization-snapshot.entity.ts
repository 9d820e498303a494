import { Field, ID, ObjectType } from "type-graphql";
import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn, UpdateDateColumn } from "typeorm";
import { LIMITS } from "../common/limits";
import { User } from "./user.entity";

/** What the last login computed for a user and one application (the `persist…` switches). */
@ObjectType()
@Entity("authorization_snapshots")
export class AuthorizationSnapshot {
  @PrimaryColumn({ type: "varchar", length: LIMITS.externalId })
  userId: string;

  @Field(() => ID)
  @PrimaryColumn({ type: "varchar", length: LIMITS.externalId })
  applicationId: string;

  @ManyToOne(() => User, { onDelete: "CASCADE" })
  @JoinColumn({ name: "userId" })
  user?: User;

  @Field(() => [String], { nullable: true })
  @Column({ type: "simple-json", nullable: true })
  groups: string[] | null;

  @Field(() => [String], { nullable: true })
  @Column({ type: "simple-json", nullable: true })
  roles: string[] | null;

  @Field(() => [String], { nullable: true })
  @Column({ type: "simple-json", nullable: true })
  permissions: string[] | null;

  @Field()
  @UpdateDateColumn()
  updatedAt: Date;
}
