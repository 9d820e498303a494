import { Column, Entity, PrimaryColumn } from "typeorm";

/**
 * One row counting committed changes to the model. Every write transaction bumps it before it
 * commits, so a process that reads the same number as its cache was built at knows its cache
 * holds the last committed state — across processes sharing the database.
 */
@Entity("model_revision")
export class ModelRevision {
  @PrimaryColumn({ type: "integer" })
  id: number;

  @Column({ type: "bigint", default: 0 })
  revision: string;
}

export const MODEL_REVISION_ID = 1;
