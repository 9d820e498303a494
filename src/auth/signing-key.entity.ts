import { Column, CreateDateColumn, Entity, PrimaryColumn } from "typeorm";

/** The key pair Gatehouse signs its own API tokens with, generated on first start. */
@Entity("signing_keys")
export class SigningKey {
  @PrimaryColumn({ type: "varchar", length: 64 })
  kid: string;

  @Column({ type: "varchar", length: 16 })
  alg: string;

  @Column({ type: "text" })
  privateJwk: string;

  @Column({ type: "text" })
  publicJwk: string;

  @CreateDateColumn()
  createdAt: Date;
}
