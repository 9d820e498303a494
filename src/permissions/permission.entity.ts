import { Field, ID, ObjectType } from "type-graphql";
import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, UpdateDateColumn } from "typeorm";
import { Application } from "../applications/application.entity";

/** A named right of one application (e.g. `add:expense`). */
@ObjectType()
@Entity("permissions")
@Index("UQ_permissions_application_name_key", ["applicationId", "nameKey"], { unique: true })
export class Permission {
  @Field(() => ID)
  @PrimaryColumn({ type: "varchar", length: 36 })
  id: string;

  @Field(() => ID)
  @Column({ type: "varchar", length: 255 })
  applicationId: string;

  @ManyToOne(() => Application, { onDelete: "CASCADE" })
  @JoinColumn({ name: "applicationId" })
  applicationRef?: Application;

  @Field()
  @Column({ type: "varchar", length: 100 })
  name: string;

  @Column({ type: "varchar", length: 400 })
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
