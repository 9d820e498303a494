import "reflect-metadata";
import type { Logger } from "pino";
import { createApp } from "./app";
import { AppConfig } from "./config";
import { tuneGcForServing } from "./gc-tuning";
import { GatehouseServer, startHttpServer } from "./http";
import { createLogger } from "./logger";

/** The one server factory used by `gatehouse serve`, the tests and the benchmarks. */
export async function createServer(config: AppConfig, log: Logger = createLogger(config.logLevel)): Promise<GatehouseServer> {
  tuneGcForServing();
  for (const warning of config.deprecations ?? []) log.warn(warning);
  const app = await createApp(config, log);
  try {
    return await startHttpServer(app, log);
  } catch (error) {
    await app.close();
    throw error;
  }
}
