import { EntityManager } from "typeorm";
import { RequestContext } from "../common/context";
import { Database } from "../db/database";
import { Configuration } from "./configuration.entity";
import { UpdateConfigurationInput } from "./configuration.inputs";

export const CONFIGURATION_ID = "v1";

/** Reads (and on first start creates) the single configuration record. */
export class ConfigurationService {
  constructor(private readonly db: Database) {}

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
    return this.db.write(ctx, async (manager) => {
      const configuration = await this.read(manager);
      const fields = Object.entries(input).filter(([, value]) => value !== undefined);
      for (const [key, value] of fields) (configuration as unknown as Record<string, unknown>)[key] = value;
      return manager.save(configuration);
    });
  }
}
