import { GrantWindow } from "../common/grant-window";

/*
 * Windows of time-bound grants in an import file (docs/design.md §13.3): `memberGrants` beside
 * a group's `members`, `userGrants` beside a role's `users`, `validFrom`/`expiresAt` on an
 * organization member and `roleGrants` beside its `roles`. A window names a grant that the plain
 * list holds too (so that the extension still reads the file). Windows already past are
 * accepted (history); `expiresAt` must still be later than `validFrom`.
 */

type Problem = (path: string, message: string) => void;

/** ISO 8601 date-time with a time zone, as the export writes it (`2026-12-01T21:00:00.000Z`) or with an offset. */
const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

const describe = (value: unknown) => (value === null ? "null" : Array.isArray(value) ? "an array" : typeof value === "string" ? `"${value.slice(0, 40)}"` : typeof value);

/** An instant of the file: absent or null (unbounded), or an ISO 8601 date-time; undefined after a problem. */
function instant(value: unknown, path: string, problem: Problem): number | null | undefined {
  if (value === undefined || value === null) return null;
  const ms = typeof value === "string" && ISO_DATE_TIME.test(value) ? Date.parse(value) : NaN;
  if (Number.isNaN(ms)) {
    problem(path, `must be an ISO 8601 date-time such as 2026-12-01T21:00:00.000Z (or null), not ${describe(value)}`);
    return undefined;
  }
  return ms;
}

/** The window of `record` (its `validFrom` and `expiresAt` keys); undefined after a problem, reported at `path.validFrom` / `path.expiresAt`. */
export function windowOfRecord(record: Record<string, unknown>, path: string, problem: Problem): GrantWindow | undefined {
  const validFrom = instant(record.validFrom, `${path}.validFrom`, problem);
  const expiresAt = instant(record.expiresAt, `${path}.expiresAt`, problem);
  if (validFrom === undefined || expiresAt === undefined) return undefined;
  if (validFrom !== null && expiresAt !== null && expiresAt <= validFrom) {
    problem(`${path}.expiresAt`, `must be later than validFrom (${new Date(validFrom).toISOString()}), not ${new Date(expiresAt).toISOString()}`);
    return undefined;
  }
  return { validFrom, expiresAt };
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

/**
 * A list of windows `[{<idKey>, validFrom, expiresAt}]` at `path` (e.g. `groups[2].memberGrants`),
 * each naming an id of `plain` (the list beside it, named `plainKey`): the windows by id, or
 * undefined when the key is absent.
 */
export function checkGrantList(
  value: unknown,
  path: string,
  idKey: string,
  plain: ReadonlyArray<string | undefined> | undefined,
  plainKey: string,
  problem: Problem,
): Map<string, GrantWindow> | undefined {
  if (value === undefined) return undefined;
  const windows = new Map<string, GrantWindow>();
  if (!Array.isArray(value)) {
    problem(path, `must be an array of {${idKey}, validFrom, expiresAt}, not ${describe(value)}`);
    return windows;
  }
  const listed = new Set(plain ?? []);
  const seen = new Set<string>();
  value.forEach((item, i) => {
    const at = `${path}[${i}]`;
    if (!isObject(item)) return problem(at, `must be an object {${idKey}, validFrom, expiresAt}, not ${describe(item)}`);
    for (const key of Object.keys(item))
      if (key !== idKey && key !== "validFrom" && key !== "expiresAt") problem(`${at}.${key}`, `unknown key (expected ${idKey}, validFrom, expiresAt)`);
    const id = item[idKey];
    if (typeof id !== "string" || id.length === 0) return problem(`${at}.${idKey}`, `must be an id (a string), not ${describe(id)}`);
    if (!listed.has(id)) return problem(`${at}.${idKey}`, `"${id}" is not in ${plainKey}: a windowed grant is listed there too`);
    if (seen.has(id)) return problem(`${at}.${idKey}`, `duplicate "${id}"`);
    seen.add(id);
    const window = windowOfRecord(item, at, problem);
    if (window) windows.set(id, window);
  });
  return windows;
}

/** A window as the export writes it: ISO 8601 strings, null for an open end. */
export function exportedWindow(validFrom: number | string | null, expiresAt: number | string | null): { validFrom: string | null; expiresAt: string | null } {
  const iso = (value: number | string | null) => (value === null ? null : new Date(Number(value)).toISOString());
  return { validFrom: iso(validFrom), expiresAt: iso(expiresAt) };
}
