import { EntityManager } from "typeorm";
import { RequestContext } from "../context/request-context";
import { BadUserInputError } from "../common/errors";
import { Database } from "../db/database";
import { Configuration } from "./configuration.entity";
import { UpdateConfigurationInput } from "./configuration.inputs";

export const CONFIGURATION_ID = "v1";

/** Reads (and on first start creates) the single configuration record. */
export class ConfigurationService {
  constructor(private readonly db: Database) {}

  /** Creates the record with defaults when missing; safe when several processes start at once. */
  async ensure(): Promise<void> {
    await this.db.manager.createQueryBuilder().insert().into(Configuration).values({ id: CONFIGURATION_ID }).orIgnore().updateEntity(false).execute();
  }

  /** The configuration as of the last commit (logins read it through LoginReader, from the model cache). */
  async read(manager: EntityManager = this.db.manager): Promise<Configuration> {
    const configuration = await manager.findOneBy(Configuration, { id: CONFIGURATION_ID });
    if (!configuration) throw new Error("configuration record missing: migrations not run?");
    return configuration;
  }

  /** Applies the given fields; `claimNamespace: null` removes the namespace. */
  update(ctx: RequestContext, input: UpdateConfigurationInput): Promise<Configuration> {
    // Only the namespace may be removed; null for a switch or a token setting is the caller's mistake
    // (it used to reach the NOT NULL constraint and come back as an internal error).
    const nulled = Object.entries(input).filter(([key, value]) => value === null && key !== "claimNamespace");
    if (nulled.length > 0) {
      const problems = nulled.map(([field]) => ({ field, message: `${field} must not be null (omit it to leave it unchanged)` }));
      const message = `Invalid input: ${problems.map((p) => `${p.field}: ${p.message}`).join("; ")}`;
      return Promise.reject(new BadUserInputError(message, { field: problems[0].field, fields: problems }));
    }
    return this.db.write(ctx, async (manager) => {
      const configuration = await this.read(manager);
      const fields = Object.entries(input).filter(([, value]) => value !== undefined);
      for (const [key, value] of fields) (configuration as unknown as Record<string, unknown>)[key] = value;
      return manager.save(configuration);
    });
  }
}
