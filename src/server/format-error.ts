import { unwrapResolverError } from "@apollo/server/errors";
import { GraphQLError, GraphQLFormattedError } from "graphql";
import type { Logger } from "pino";
import { ArgumentValidationError } from "type-graphql";
import { QueryFailedError } from "typeorm";
import type { ValidationError } from "class-validator";
import { GatehouseError } from "../common/errors";

/** Flattens class-validator errors into "field.path: rule message" sentences. */
export function describeValidation(errors: ValidationError[], prefix = ""): Array<{ field: string; message: string }> {
  return errors.flatMap((error) => {
    const field = prefix ? `${prefix}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) => ({ field, message }));
    return [...own, ...describeValidation(error.children ?? [], field)];
  });
}

/**
 * Driver refusals of a value the caller sent, not of the server: PostgreSQL stores no NUL in
 * text (SQLite does) and enforces varchar lengths (SQLite does not), so a validator that lets
 * such a value through would otherwise turn the caller's text into an internal error.
 */
const valueRefusals: Record<string, string> = {
  "22021": "Invalid input: text must not contain NUL (\\u0000) characters",
  "22001": "Invalid input: a value is longer than its field allows",
};

/** The caller-facing message when `error` is the database refusing a value the caller sent. */
export function valueRefusal(error: unknown): string | undefined {
  if (!(error instanceof QueryFailedError)) return undefined;
  const code = (error.driverError as { code?: string } | undefined)?.code;
  return code ? valueRefusals[code] : undefined;
}

const callerCodes = new Set([
  "GRAPHQL_PARSE_FAILED",
  "GRAPHQL_VALIDATION_FAILED",
  "BAD_USER_INPUT",
  "BAD_REQUEST",
  "PERSISTED_QUERY_NOT_FOUND",
  "PERSISTED_QUERY_NOT_SUPPORTED",
  "OPERATION_RESOLUTION_FAILURE",
]);

/**
 * Maps every error onto the closed catalogue of codes: Gatehouse errors pass through,
 * validation becomes BAD_USER_INPUT naming the fields, anything unknown is logged whole and
 * masked as INTERNAL_SERVER_ERROR.
 */
export function createFormatError(log: Logger) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = unwrapResolverError(error);
    const base = { locations: formatted.locations, path: formatted.path };
    if (original instanceof GatehouseError) {
      return { ...base, message: original.message, extensions: original.publicExtensions };
    }
    if (original instanceof ArgumentValidationError) {
      const problems = describeValidation(original.extensions.validationErrors);
      const message = `Invalid input: ${problems.map((p) => `${p.field}: ${p.message}`).join("; ")}`;
      return { ...base, message, extensions: { code: "BAD_USER_INPUT", fields: problems } };
    }
    const refusal = valueRefusal(original);
    if (refusal) {
      log.warn({ err: original }, "database refused a value the caller sent");
      return { ...base, message: refusal, extensions: { code: "BAD_USER_INPUT" } };
    }
    const code = formatted.extensions?.code;
    if (typeof code === "string" && callerCodes.has(code)) {
      return { ...base, message: formatted.message, extensions: { code: "BAD_USER_INPUT", reason: code } };
    }
    if (code === "UNAUTHORIZED" || code === "FORBIDDEN") {
      return { ...base, message: formatted.message, extensions: { code: "FORBIDDEN" } };
    }
    if (original instanceof GraphQLError && original.originalError === undefined && !original.path) {
      // Request-level GraphQL errors (e.g. variable coercion) are the caller's.
      return { ...base, message: formatted.message, extensions: { code: "BAD_USER_INPUT" } };
    }
    log.error({ err: original }, "unexpected error");
    return { ...base, message: "Internal server error", extensions: { code: "INTERNAL_SERVER_ERROR" } };
  };
}
