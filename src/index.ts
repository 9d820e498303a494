import "reflect-metadata";

export { createServer } from "./server/create-server";
export { loadConfig } from "./server/config";
export type { AppConfig } from "./server/config";
export type { GatehouseServer } from "./server/http";
