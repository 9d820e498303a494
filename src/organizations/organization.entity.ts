import { GraphQLJSONObject } from "graphql-scalars";
import { Field, ID, ObjectType } from "type-graphql";
import { Column, CreateDateColumn, Entity, Index, PrimaryColumn, UpdateDateColumn } from "typeorm";
import { LIMITS } from "../common/limits";

/** A B2B tenant (docs/design.md §12): users are its members and hold roles there; a login may be made for it. */
@ObjectType()
@Entity("organizations")
export class Organization {
  @Field(() => ID, { description: `Given (1–${LIMITS.organizationId} of [A-Za-z0-9_-]) or generated ("org_" + 16 letters and digits).` })
  @PrimaryColumn({ type: "varchar", length: LIMITS.organizationId })
  id: string;

  /** Names are lower case by rule, so the name itself is the unique key (unique ignoring case). */
  @Field({ description: `1–${LIMITS.organizationName} of [a-z0-9_-], unique; the org_name claim.` })
  @Index("UQ_organizations_name", { unique: true })
  @Column({ type: "varchar", length: LIMITS.organizationName })
  name: string;

  @Field({ description: "Shown to people; defaults to the name." })
  @Column({ type: "varchar", length: LIMITS.organizationDisplayName })
  displayName: string;

  @Field(() => GraphQLJSONObject, { description: `String keys (1–${LIMITS.metadataKey}) and values (≤ ${LIMITS.metadataValue}), at most ${LIMITS.metadataKeys}.` })
  @Column({ type: "simple-json" })
  metadata: Record<string, string>;

  @Field()
  @CreateDateColumn()
  createdAt: Date;

  @Field()
  @UpdateDateColumn()
  updatedAt: Date;
}
