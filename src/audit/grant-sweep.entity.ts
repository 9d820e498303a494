import { Column, Entity, PrimaryColumn } from "typeorm";
import { epochMs } from "../common/grant-window";

/**
 * The grant sweep's mark (docs/design.md §13.3): one row, the instant up to which boundaries of
 * time-bound grants have been audited. Read and advanced in the write transaction that writes
 * the entries, so that of several instances on one database each boundary is recorded once.
 */
@Entity("grant_sweeps")
export class GrantSweep {
  @PrimaryColumn({ type: "integer" })
  id: number;

  /** Boundaries at or before this instant (epoch ms) are audited. */
  @Column({ type: "bigint", transformer: epochMs })
  sweptUntil: number;
}

export const GRANT_SWEEP_ID = 1;
