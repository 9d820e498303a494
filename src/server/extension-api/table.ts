import type { ApiRoute } from "./api-route";
import { configurationRoutes } from "./configuration.routes";
import { groupRoutes } from "./groups.routes";
import { openApiRoute } from "./openapi";
import { roleRoutes } from "./roles.routes";
import { userRoutes } from "./users.routes";

/**
 * The extension's REST API under /api (docs/design.md §14), every route in one list: the router
 * serves it (server/routes/extension-api.ts) and the OpenAPI document is generated from it. The
 * policy route (`POST /api/users/{userId}/policy/{clientId}`) is the login hook's and has its own
 * entry in the router (server/routes/policy.ts); it is described in the document too.
 */
export const EXTENSION_API: readonly ApiRoute[] = [...groupRoutes, ...roleRoutes, ...userRoutes, ...configurationRoutes, openApiRoute(() => EXTENSION_API)];
