import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from "typeorm";

/** The key pair Gatehouse signs its own API tokens with, generated on first start. */
@Entity("signing_keys")
export class SigningKey {
  @PrimaryColumn({ type: "varchar", length: 64 })
  kid: string;

  /**
   * Always 1 for the active key: unique, so when several processes start at once on an empty
   * database exactly one generated key is stored and all of them load it.
   */
  @Index("UQ_signing_keys_slot", { unique: true })
  @Column({ type: "integer", default: 1 })
  slot: number;

  @Column({ type: "varchar", length: 16 })
  alg: string;

  @Column({ type: "text" })
  privateJwk: string;

  @Column({ type: "text" })
  publicJwk: string;

  @CreateDateColumn()
  createdAt: Date;
}
