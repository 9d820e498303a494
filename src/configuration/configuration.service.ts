import { EntityManager } from "typeorm";
import { RequestContext, RequestSnapshot } from "../common/context";
import { BadUserInputError } from "../common/errors";
import { LIMITS } from "../common/limits";
import type { ModelCache } from "../authorization/model-cache";
import { Database } from "../db/database";
import { Configuration } from "./configuration.entity";
import { UpdateConfigurationInput } from "./configuration.inputs";
import { hasNul } from "../common/validators";

export const CONFIGURATION_ID = "v1";

/** Reads (and on first start creates) the single configuration record. */
export class ConfigurationService {
  constructor(
    private readonly db: Database,
    private readonly cache?: ModelCache,
  ) {}

  /** The configuration as of the last commit: from the model cache when it is current (no statement beyond its revision check). */
  async current(): Promise<Configuration> {
    return (await this.snapshot()).configuration;
  }

  /** The cached model (null when not current) and the configuration: what one request reads once. */
  async snapshot(): Promise<RequestSnapshot> {
    const model = (await this.cache?.current()) ?? null;
    return { model, configuration: model?.configuration ?? (await this.read()) };
  }

  /**
   * The same, read together with a user's rows (one statement when the cache is warm). Callers
   * may pass an id they only expect to be asked about; one that cannot be a user id is not read.
   */
  async snapshotFor(userId: string): Promise<RequestSnapshot> {
    if (!this.cache?.enabled || userId.length === 0 || userId.length > LIMITS.externalId || hasNul(userId)) return this.snapshot();
    const current = await this.cache.currentFor(userId);
    if (!current) return { model: null, configuration: await this.read() };
    return { model: current.model, configuration: current.model.configuration, login: { userId, rows: current.rows } };
  }

  /** Creates the record with defaults when missing; safe when several processes start at once. */
  async ensure(): Promise<void> {
    await this.db.manager
      .createQueryBuilder()
      .insert()
      .into(Configuration)
      .values({ id: CONFIGURATION_ID })
      .orIgnore()
      .updateEntity(false)
      .execute();
  }

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
