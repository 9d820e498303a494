import { randomUUID } from "node:crypto";

/** The case-insensitive key that unique indexes are declared on. */
export function nameKey(name: string): string {
  return name.toLowerCase();
}

/** New ids for groups, roles, permissions and mappings (UUID v4, as the extension used). */
export function newId(): string {
  return randomUUID();
}

/** Sorts named things the way lists are shown: case-insensitively by name, then by id. */
export function byName<T extends { name: string; id: string }>(a: T, b: T): number {
  const ka = nameKey(a.name);
  const kb = nameKey(b.name);
  if (ka !== kb) return ka < kb ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** "A, B, C and 7 more": names in error messages stay readable when many things block a change. */
export function listNames(names: readonly string[], max = 10): string {
  const shown = names
    .slice(0, max)
    .map((n) => `"${n}"`)
    .join(", ");
  return names.length > max ? `${shown} and ${names.length - max} more` : shown;
}

/** De-duplicates while keeping the first occurrence's order. */
export function unique<T>(values: readonly T[]): T[] {
  return [...new Set(values)];
}
