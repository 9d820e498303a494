import { GraphQLError } from "graphql";

/** The closed catalogue of error codes Gatehouse returns in `extensions.code`. */
export type ErrorCode = "BAD_USER_INPUT" | "NOT_FOUND" | "CONFLICT" | "UNAUTHENTICATED" | "FORBIDDEN" | "INTERNAL_SERVER_ERROR";

const httpStatus: Record<ErrorCode, number> = {
  BAD_USER_INPUT: 400,
  NOT_FOUND: 404,
  CONFLICT: 409,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  INTERNAL_SERVER_ERROR: 500,
};

/** Base of every error the caller is meant to see; the message is safe to show. */
export abstract class GatehouseError extends GraphQLError {
  constructor(
    readonly code: ErrorCode,
    message: string,
    extensions: Record<string, unknown> = {},
  ) {
    super(message, { extensions: { code, ...extensions } });
  }

  get httpStatus(): number {
    return httpStatus[this.code];
  }

  /** `extensions` as callers see them: without Apollo's `http` hint (status codes go on the response). */
  get publicExtensions(): Record<string, unknown> {
    const { http: _http, ...extensions } = this.extensions as Record<string, unknown>;
    return extensions;
  }
}

/** Validation failure: names the field and the rule it broke. */
export class BadUserInputError extends GatehouseError {
  constructor(message: string, extensions: { field?: string; [key: string]: unknown } = {}) {
    super("BAD_USER_INPUT", message, extensions);
  }
}

/** One or more ids do not exist; lists them all. */
export class NotFoundError extends GatehouseError {
  constructor(entity: string, ids: readonly string[]) {
    const list = ids.map((id) => `"${id}"`).join(", ");
    super("NOT_FOUND", `${entity} not found: ${list}`, { entity, ids: [...ids] });
  }
}

/** Uniqueness, cycles and references that block a change. */
export class ConflictError extends GatehouseError {
  constructor(message: string, extensions: Record<string, unknown> = {}) {
    super("CONFLICT", message, extensions);
  }
}

/** No credentials, or credentials that do not verify. */
export class UnauthenticatedError extends GatehouseError {
  constructor(message = "Authentication required: send Authorization: Bearer <token>") {
    super("UNAUTHENTICATED", message, { http: { status: 401 } });
  }
}

/** Authenticated, but the token lacks the scope the operation needs. */
export class ForbiddenError extends GatehouseError {
  constructor(message: string, extensions: Record<string, unknown> = {}) {
    super("FORBIDDEN", message, extensions);
  }
}

/** Masked server fault; details go to the log only. */
export class InternalServerError extends GatehouseError {
  constructor() {
    super("INTERNAL_SERVER_ERROR", "Internal server error");
  }
}

/** Narrows `condition` or throws `error` (keeps services linear). */
export function assertThat(condition: unknown, error: GatehouseError | (() => GatehouseError)): asserts condition {
  if (!condition) throw typeof error === "function" ? error() : error;
}
