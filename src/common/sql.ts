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
}
