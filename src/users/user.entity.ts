import { Field, ID, ObjectType } from "type-graphql";
import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from "typeorm";
import { LIMITS } from "../common/limits";

/** A user of the identity provider, keyed by the IdP's user id (any string). */
@ObjectType()
@Entity("users")
export class User {
  @Field(() => ID, { description: "The identity provider's user id, e.g. auth0|5f… or ad|corp|jdoe." })
  @PrimaryColumn({ type: "varchar", length: LIMITS.externalId })
  id: string;

  @Field(() => String, { nullable: true })
  @Column({ type: "varchar", length: LIMITS.email, nullable: true })
  email: string | null;

  @Field(() => String, { nullable: true })
  @Column({ type: "varchar", length: LIMITS.userText, nullable: true })
  name: string | null;

  @Field(() => String, { nullable: true, description: "The connection the user logs in through." })
  @Column({ type: "varchar", length: LIMITS.userText, nullable: true })
  connection: string | null;

  @Field()
  @CreateDateColumn()
  createdAt: Date;

  @Field()
  @UpdateDateColumn()
  updatedAt: Date;
}
