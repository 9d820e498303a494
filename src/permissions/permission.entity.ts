import { Field, ID, ObjectType } from "type-graphql";
import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, UpdateDateColumn } from "typeorm";
import { Application } from "../applications/application.entity";
import { LIMITS } from "../common/limits";

/** A named right of one application (e.g. `add:expense`). */
@ObjectType()
@Entity("permissions")
@Index("UQ_permissions_application_name_key", ["applicationId", "nameKey"], { unique: true })
export class Permission {
  @Field(() => ID)
  @PrimaryColumn({ type: "varchar", length: LIMITS.entityId })
  id: string;

  @Field(() => ID)
  @Column({ type: "varchar", length: LIMITS.externalId })
  applicationId: string;

  @ManyToOne(() => Application, { onDelete: "CASCADE" })
  @JoinColumn({ name: "applicationId" })
  applicationRef?: Application;

  @Field()
  @Column({ type: "varchar", length: LIMITS.permissionName })
  name: string;

  @Column({ type: "varchar", length: LIMITS.permissionNameKey })
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
