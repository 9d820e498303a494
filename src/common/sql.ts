import type { DatabaseKind } from "../db/data-source";

/**
 * Collects bound parameters for a hand-written statement, emitting the driver's placeholder
 * (`?` for SQLite, `$n` for PostgreSQL). Values are never spliced into SQL text.
 */
export class SqlParams {
  readonly values: unknown[] = [];

  constructor(private readonly kind: DatabaseKind) {}

  add(value: unknown): string {
    this.values.push(value);
    return this.kind === "postgres" ? `$${this.values.length}` : "?";
  }

  list(values: readonly unknown[]): string {
    return values.map((value) => this.add(value)).join(", ");
  }
}

/** Condition matching users whose id, email or name contains the pattern (see `likePattern`). */
export function userSearchSql(alias: string, pattern: string): { sql: string; pattern: string } {
  const esc = "ESCAPE '\\'";
  return {
    sql: `(LOWER(${alias}."id") LIKE :pattern ${esc} OR LOWER(COALESCE(${alias}."email", '')) LIKE :pattern ${esc} OR LOWER(COALESCE(${alias}."name", '')) LIKE :pattern ${esc})`,
    pattern,
  };
}
