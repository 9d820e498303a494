import "reflect-metadata";
import { createDataSource } from "../db/data-source";
import { entities } from "../entities";

/** The data source the TypeORM CLI uses to generate and check migrations (scripts/migrations.js). */
export default createDataSource(process.env.DATABASE_URL ?? "sqlite:./data/migrations-scratch.sqlite", { entities });
