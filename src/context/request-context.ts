import type { LoginRead } from "../authorization/login-reader";
import type { BaseRequestContext } from "../common/context";
import type { Loaders } from "./loaders";

export type { Actor } from "../common/context";

/** Gatehouse's request context: the generic one with its per-request loaders and login read. */
export type RequestContext = BaseRequestContext<Loaders, LoginRead>;
