import { Field, ID, ObjectType } from "type-graphql";
import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, UpdateDateColumn } from "typeorm";
import { Application } from "../applications/application.entity";
import { LIMITS } from "../common/limits";

/** A named bundle of permissions of one application. */
@ObjectType()
@Entity("roles")
@Index("UQ_roles_application_name_key", ["applicationId", "nameKey"], { unique: true })
export class Role {
  @Field(() => ID)
  @PrimaryColumn({ type: "varchar", length: LIMITS.entityId })
  id: string;

  @Field(() => ID, { description: "Immutable: a role belongs to one application for life." })
  @Column({ type: "varchar", length: LIMITS.externalId })
  applicationId: string;

  @ManyToOne(() => Application, { onDelete: "CASCADE" })
  @JoinColumn({ name: "applicationId" })
  applicationRef?: Application;

  @Field()
  @Column({ type: "varchar", length: LIMITS.roleName })
  name: string;

  @Column({ type: "varchar", length: LIMITS.roleNameKey })
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
