/** The two databases Gatehouse runs on. */
export type DatabaseKind = "sqlite" | "postgres";

/**
 * Collects bound parameters for a hand-written statement, emitting the driver's placeholder
 * (`?` for SQLite, `$n` for PostgreSQL). Values are never spliced into SQL text.
 * SQLite's `?` is positional: call `add` in the order the placeholders appear in the text, and
 * never reuse a placeholder string (add the value again instead).
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

  /**
   * "`column` is one of `values`", the values bound as one parameter (an array on PostgreSQL,
   * JSON read by `json_each` on SQLite): for lists of any length, beyond a statement's limit on
   * parameters (a subtree of thousands of groups).
   */
  oneOf(column: string, values: readonly string[]): string {
    return this.kind === "postgres" ? `${column} = ANY(${this.add(values)})` : `${column} IN (SELECT "value" FROM json_each(${this.add(JSON.stringify(values))}))`;
  }
}
