/**
 * Reading Gatehouse's GraphQL errors (DESIGN §4): every error carries `extensions.code`;
 * BAD_USER_INPUT names its field (`field`, or `fields: [{field, message}]` for validation), a
 * CONFLICT about a value names it too (`field: "name"`), FORBIDDEN names the missing scope
 * (`scopes`, and the message), and a field-level FORBIDDEN comes back beside partial data.
 */
import type { CombinedError } from "@urql/core";

export type ErrorCode = "BAD_USER_INPUT" | "NOT_FOUND" | "CONFLICT" | "UNAUTHENTICATED" | "FORBIDDEN" | "INTERNAL_SERVER_ERROR";

export interface GatehouseErrorInfo {
  message: string;
  /** `extensions.code`, or "NETWORK" when no GraphQL answer arrived. */
  code: ErrorCode | "NETWORK" | string;
  path?: ReadonlyArray<string | number>;
  extensions: Record<string, unknown>;
}

/** Every error of a result, GraphQL ones first; a network failure as one "NETWORK" error. */
export function errorsOf(error: CombinedError | undefined | null): GatehouseErrorInfo[] {
  if (!error) return [];
  const list: GatehouseErrorInfo[] = error.graphQLErrors.map((e) => ({
    message: e.message,
    code: typeof e.extensions?.code === "string" ? e.extensions.code : "UNKNOWN",
    path: e.path ?? undefined,
    extensions: (e.extensions ?? {}) as Record<string, unknown>,
  }));
  if (list.length === 0 && error.networkError) {
    list.push({ message: `The server could not be reached: ${error.networkError.message}`, code: "NETWORK", extensions: {} });
  }
  if (list.length === 0) list.push({ message: error.message.replace(/^\[\w+\]\s*/, ""), code: "UNKNOWN", extensions: {} });
  return list;
}

function lastSegment(field: string): string {
  const parts = field.split(".");
  return parts[parts.length - 1];
}

/** The message `e` gives about input field `field` (e.g. "name"), if it is about that field. */
function messageAboutField(e: GatehouseErrorInfo, field: string): string | undefined {
  if (e.code !== "BAD_USER_INPUT" && e.code !== "CONFLICT") return undefined;
  if (typeof e.extensions.field === "string" && lastSegment(e.extensions.field) === field) return e.message;
  const fields = e.extensions.fields;
  if (!Array.isArray(fields)) return undefined;
  const hit = (fields as Array<{ field?: unknown; message?: unknown }>).find((f) => typeof f.field === "string" && lastSegment(f.field) === field);
  if (!hit) return undefined;
  return typeof hit.message === "string" ? hit.message : e.message;
}

/** The message of an error about input field `field` (e.g. "name"), for the input's error slot. */
export function fieldErrorOf(error: CombinedError | undefined | null, field: string): string | undefined {
  for (const e of errorsOf(error)) {
    const message = messageAboutField(e, field);
    if (message) return message;
  }
  return undefined;
}

/** Errors not tied to one of `fields` (those are shown beside their inputs). */
export function formErrorsOf(error: CombinedError | undefined | null, fields: readonly string[]): GatehouseErrorInfo[] {
  return errorsOf(error).filter((e) => !fields.some((field) => messageAboutField(e, field)));
}

/** The scope a FORBIDDEN error names (`extensions.scopes[0]`, or `"scope"` in the message). */
export function missingScopeOf(e: GatehouseErrorInfo): string | undefined {
  const scopes = e.extensions.scopes;
  if (Array.isArray(scopes) && typeof scopes[0] === "string") return scopes[0];
  return /scope "?([a-z]+:[a-z]+)"?/.exec(e.message)?.[1];
}

/**
 * Field-level FORBIDDEN errors of a partial answer, as "field name → scope" (e.g. email →
 * read:users): the page shows such values as hidden instead of failing.
 */
export function hiddenFieldsOf(error: CombinedError | undefined | null): Map<string, string> {
  const hidden = new Map<string, string>();
  for (const e of errorsOf(error)) {
    if (e.code !== "FORBIDDEN" || !e.path || e.path.length < 2) continue;
    const field = e.path[e.path.length - 1];
    if (typeof field === "string") hidden.set(field, missingScopeOf(e) ?? "a read scope");
  }
  return hidden;
}

/** Errors other than field-level FORBIDDEN ones on the given fields (the page handles those). */
export function blockingErrorsOf(error: CombinedError | undefined | null, tolerated: readonly string[]): GatehouseErrorInfo[] {
  return errorsOf(error).filter((e) => {
    if (e.code !== "FORBIDDEN" || !e.path || e.path.length < 2) return true;
    const field = e.path[e.path.length - 1];
    return !(typeof field === "string" && tolerated.includes(field));
  });
}

/** True when the answer says the caller is not signed in (HTTP 401 or UNAUTHENTICATED). */
export function isUnauthenticated(error: CombinedError | undefined | null): boolean {
  if (!error) return false;
  const status = (error.response as { status?: number } | undefined)?.status;
  return status === 401 || error.graphQLErrors.some((e) => e.extensions?.code === "UNAUTHENTICATED");
}
