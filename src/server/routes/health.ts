import type { Logger } from "pino";
import type { App } from "../app";
import { sendJson } from "../http-utils";
import type { Metrics } from "../metrics";
import { exactPath, Failure, Route } from "./route";

/** Plain JSON errors for the operational routes. */
function plainFail(res: Parameters<Route["fail"]>[0], failure: Failure): void {
  sendJson(res, failure.status, { error: failure.code, message: failure.message });
}

/** `GET /healthz`: the process is up. */
export function healthzRoute(): Route {
  return {
    label: "/healthz",
    match: exactPath("/healthz"),
    authenticate: false,
    logLevel: "debug",
    handle: async ({ res }) => sendJson(res, 200, { status: "ok" }),
    fail: plainFail,
  };
}

/** `GET /readyz`: the database answers. */
export function readyzRoute(app: App, log: Logger): Route {
  return {
    label: "/readyz",
    match: exactPath("/readyz"),
    authenticate: false,
    logLevel: "debug",
    async handle({ res }) {
      try {
        await app.db.dataSource.query("SELECT 1");
        sendJson(res, 200, { status: "ready" });
      } catch (error) {
        log.warn({ err: error }, "readiness check failed");
        sendJson(res, 503, { status: "unavailable" });
      }
    },
    fail: plainFail,
  };
}

/** `GET /metrics`: Prometheus text format. */
export function metricsRoute(metrics: Metrics): Route {
  return {
    label: "/metrics",
    match: exactPath("/metrics"),
    authenticate: false,
    logLevel: "debug",
    async handle({ res }) {
      const text = await metrics.registry.metrics();
      res.writeHead(200, { "content-type": metrics.registry.contentType });
      res.end(text);
    },
    fail: plainFail,
  };
}

/** Anything else: 404 naming the method and path. */
export function notFound(res: Parameters<Route["fail"]>[0], method: string, pathname: string): void {
  sendJson(res, 404, { error: "Not Found", message: `No route for ${method} ${pathname}` });
}
