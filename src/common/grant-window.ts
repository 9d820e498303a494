import type { ValueTransformer } from "typeorm";
import { BadUserInputError } from "./errors";

/**
 * Time-bound grants (docs/design.md §13): a group membership, a direct user role, an
 * organization membership or an organization member role may carry a window
 * `[validFrom, expiresAt)`, each end optional (null: unbounded). The window is stored as epoch
 * milliseconds (bigint columns, compared the same way in SQL on SQLite and PostgreSQL) and
 * tested against the request's time — never cached as a yes/no, since an expiry changes the
 * answer without any write.
 */
export interface GrantWindow {
  validFrom: number | null;
  expiresAt: number | null;
}

/** The window of a grant without one. */
export const UNBOUNDED: GrantWindow = Object.freeze({ validFrom: null, expiresAt: null });

/** Epoch milliseconds in a bigint column, read back as a number (pg returns bigint as a string). */
export const epochMs: ValueTransformer = {
  to: (value: number | null | undefined) => value,
  from: (value: string | number | null) => (value === null || value === undefined ? null : Number(value)),
};

/** Whether `window` has a bound at all. */
export function isWindowed(window: GrantWindow): boolean {
  return window.validFrom !== null || window.expiresAt !== null;
}

/** Whether the grant counts at `now`: `validFrom <= now < expiresAt`, each end open when null. */
export function isActiveAt(window: GrantWindow, now: number): boolean {
  return (window.validFrom === null || window.validFrom <= now) && (window.expiresAt === null || window.expiresAt > now);
}

/**
 * The first instant after `now` at which this grant's standing changes: a pending grant's
 * `validFrom`, an active grant's `expiresAt`; null when it never changes again.
 */
export function nextBoundary(window: GrantWindow, now: number): number | null {
  if (window.validFrom !== null && window.validFrom > now) return window.validFrom;
  if (window.expiresAt !== null && window.expiresAt > now) return window.expiresAt;
  return null;
}

/** The earlier of two instants, null meaning "never". */
export function earliest(a: number | null, b: number | null): number | null {
  if (a === null) return b;
  if (b === null) return a;
  return a < b ? a : b;
}

/** A window as mutations receive it (GraphQL DateTimeISO values; absent or null: unbounded). */
export interface WindowInput {
  validFrom?: Date | null;
  expiresAt?: Date | null;
}

/**
 * The stored form of a mutation's window, checked (docs/design.md §13): `expiresAt` must be later
 * than `validFrom` and than `now`, otherwise BAD_USER_INPUT naming `expiresAt`. A `validFrom` in
 * the past is accepted. Imports take windows already past (history) and do not come here.
 */
export function windowOf(input: WindowInput, now: number): GrantWindow {
  const validFrom = input.validFrom ? input.validFrom.getTime() : null;
  const expiresAt = input.expiresAt ? input.expiresAt.getTime() : null;
  if (expiresAt !== null) {
    if (validFrom !== null && expiresAt <= validFrom) {
      throw new BadUserInputError(`expiresAt: must be later than validFrom (${new Date(validFrom).toISOString()}); got ${new Date(expiresAt).toISOString()}`, {
        field: "expiresAt",
      });
    }
    if (expiresAt <= now) {
      throw new BadUserInputError(`expiresAt: must be in the future (now is ${new Date(now).toISOString()}); got ${new Date(expiresAt).toISOString()}`, { field: "expiresAt" });
    }
  }
  return { validFrom, expiresAt };
}

/** The window as the API answers it: ISO 8601 dates (null: unbounded). */
export function windowDates(window: GrantWindow): { validFrom: Date | null; expiresAt: Date | null } {
  return {
    validFrom: window.validFrom === null ? null : new Date(window.validFrom),
    expiresAt: window.expiresAt === null ? null : new Date(window.expiresAt),
  };
}

/**
 * The SQL condition "the grant in `alias` is active at the bound instant `now`" (a placeholder
 * such as `$3` or `?`), over its `"validFrom"` and `"expiresAt"` columns.
 */
export function activeSql(alias: string, now: string): string {
  return `(${alias}."validFrom" IS NULL OR ${alias}."validFrom" <= ${now}) AND (${alias}."expiresAt" IS NULL OR ${alias}."expiresAt" > ${now})`;
}

/**
 * The SQL condition "the grant in `alias` is windowed and not active at `now`" — written with the
 * windowed partial indexes' own predicate as a term, so that SQLite can use them.
 */
export function inactiveSql(alias: string, now: string): string {
  return (
    `(${alias}."validFrom" IS NOT NULL OR ${alias}."expiresAt" IS NOT NULL) AND ` +
    `((${alias}."validFrom" IS NOT NULL AND ${alias}."validFrom" > ${now}) OR (${alias}."expiresAt" IS NOT NULL AND ${alias}."expiresAt" <= ${now}))`
  );
}

/** The partial-index predicate of the windowed grants of a table. */
export const WINDOWED_WHERE = `"validFrom" IS NOT NULL OR "expiresAt" IS NOT NULL`;

/**
 * The request's instant (docs/design.md §13: "by the server's clock at the moment of the
 * request"), fixed at first use so that every field of one request answers for the same time.
 */
export function requestTime(ctx: { now?: number }): number {
  ctx.now ??= Date.now();
  return ctx.now;
}
