import type { IncomingMessage, ServerResponse } from "node:http";
import type { Actor } from "../../common/context";
import type { ErrorCode } from "../../common/errors";
import type { Credential } from "../edge-auth";

/** A refusal or failure as the router maps it, before a route puts it in its clients' shape. */
export interface Failure {
  status: number;
  code: ErrorCode;
  message: string;
  extensions: Record<string, unknown>;
  /** What the router caught (routes may word some refusals their own way). */
  error?: unknown;
}

/** One request as a route sees it; `credential` is set when the route asked the router to authenticate. */
export interface RouteRequest {
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  requestId: string;
  /** The path's captured segments, still URL-encoded. */
  params: string[];
  credential?: Credential;
}

/**
 * One entry of the router's table (server/http.ts). The router does what every route needs once:
 * request id, access log and metrics, the method check, authentication on headers before any
 * body is read, and mapping whatever a handler throws to a status code; the route words that
 * status for its own clients (`fail`).
 */
export interface Route {
  /** The route's name in metrics and the access log (a closed set: never the raw path). */
  label: string;
  /** The path's captured segments when the route serves `pathname`, otherwise null. */
  match(pathname: string): string[] | null;
  /** Methods served (absent: any); any other is answered 405 before authentication. */
  methods?: readonly string[];
  /** Whether the router authenticates first (a function: per request, e.g. not for the playground page). */
  authenticate: boolean | ((req: IncomingMessage) => boolean);
  /**
   * `false`: the console's session cookie is no credential here (the login hook's endpoint, which
   * parses any body, so a sibling site's page could post in an admin's name; docs/design.md §11).
   */
  sessions?: false;
  /** Logged at info (the API) or debug (health checks, metrics). */
  logLevel: "info" | "debug";
  handle(request: RouteRequest): Promise<void>;
  /** Sends `failure` in this route's error shape. */
  fail(res: ServerResponse, failure: Failure): void;
}

/** A route for one exact path. */
export function exactPath(path: string): (pathname: string) => string[] | null {
  return (pathname) => (pathname === path ? [] : null);
}

/** The actor of a request the router authenticated (a route that asked for authentication always has one). */
export function actorOf(request: RouteRequest): Actor {
  if (!request.credential) throw new Error(`route ${request.url.pathname} was not authenticated by the router`);
  return request.credential.actor;
}
