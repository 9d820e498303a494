import { IdList } from "./import.model";
import { ImportProblem } from "./transfer.format";
import { LIMITS } from "../common/limits";
import { textProblem } from "../common/validators";

export type Json = Record<string, unknown>;

export function isObject(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "object") return "an object";
  if (typeof value === "string") return `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  return `${typeof value === "number" ? "the number" : typeof value === "boolean" ? "the boolean" : typeof value} ${String(value)}`;
}

/** Length in characters (code points), as the database and class-validator count it. */
export function charLength(value: string): number {
  if (value.length < 2) return value.length;
  let n = 0;
  for (const _ of value) n += 1;
  return n;
}

/** A field's rules: `trim` for names (stored trimmed, as the services do). */
export interface TextRule {
  max: number;
  trim?: boolean;
  allowEmpty?: boolean;
}

/** Collects problems (with their JSON paths) and warnings while reading the file's fields. */
export class ShapeChecker {
  readonly problems: ImportProblem[] = [];
  readonly warnings: string[] = [];
  private readonly unknownKeys = new Map<string, { count: number; first: string }>();

  problem(path: string, message: string): void {
    this.problems.push({ path, message });
  }

  /** A string field, or undefined (with a problem unless it is simply absent and optional). */
  text(record: Json, key: string, path: string, rule: TextRule, required: boolean): string | undefined {
    const value = record[key];
    if (value === undefined) {
      if (required) this.problem(`${path}.${key}`, "is required");
      return undefined;
    }
    if (typeof value !== "string") {
      this.problem(`${path}.${key}`, `must be a string, not ${describe(value)}`);
      return undefined;
    }
    const unstorable = textProblem(value);
    if (unstorable) {
      this.problem(`${path}.${key}`, unstorable);
      return undefined;
    }
    const text = rule.trim ? value.trim() : value;
    if (!rule.allowEmpty && text.trim().length === 0) {
      this.problem(`${path}.${key}`, "must not be empty");
      return undefined;
    }
    const length = text.length <= rule.max ? text.length : charLength(text);
    if (length > rule.max) {
      this.problem(`${path}.${key}`, `must be at most ${rule.max} characters (it has ${length})`);
      return undefined;
    }
    return text;
  }

  /** An optional, nullable string (user profile fields): undefined when absent. */
  nullableText(record: Json, key: string, path: string, max: number): string | null | undefined {
    if (record[key] === null) return null;
    return this.text(record, key, path, { max, allowEmpty: true }, false);
  }

  /** A description: absent stays undefined, null means "". */
  description(record: Json, path: string): string | undefined {
    if (record.description === null) return "";
    return this.text(record, "description", path, { max: LIMITS.description, allowEmpty: true }, false);
  }

  /** A list of ids; bad items become undefined so that later paths keep their positions. */
  ids(record: Json, key: string, path: string, max: number): IdList | undefined {
    const value = record[key];
    if (value === undefined) return undefined;
    if (!Array.isArray(value)) {
      this.problem(`${path}.${key}`, `must be an array of ids, not ${describe(value)}`);
      return undefined;
    }
    const list: IdList = new Array(value.length);
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      if (typeof item !== "string") this.problem(`${path}.${key}[${i}]`, `must be an id (a string), not ${describe(item)}`);
      else if (item.trim().length === 0) this.problem(`${path}.${key}[${i}]`, "must not be empty");
      else if (item.length > max) this.problem(`${path}.${key}[${i}]`, `must be at most ${max} characters`);
      else if (textProblem(item)) this.problem(`${path}.${key}[${i}]`, textProblem(item) as string);
      else {
        list[i] = item;
        continue;
      }
      list[i] = undefined;
    }
    return list;
  }

  /** Remembers keys a record has that the format does not know; reported once per key as a warning. */
  extraKeys(record: Json, known: ReadonlySet<string>, collection: string, path: string): void {
    for (const key of Object.keys(record)) {
      if (known.has(key)) continue;
      const label = `${collection}|${key}`;
      const seen = this.unknownKeys.get(label);
      if (seen) seen.count += 1;
      else this.unknownKeys.set(label, { count: 1, first: `${path}.${key}` });
    }
  }

  flushUnknownKeys(): void {
    for (const [label, { count, first }] of this.unknownKeys) {
      const [collection, key] = label.split("|");
      const where = count === 1 ? first : `${count} entries, first ${first}`;
      this.warnings.push(`${collection}: unknown key "${key}" ignored (${where})`);
    }
  }

  /** The array under a top-level key, or undefined (with a problem when it is not an array). */
  topArray(doc: Json, key: string): unknown[] | undefined {
    const value = doc[key];
    if (value === undefined) return undefined;
    if (!Array.isArray(value)) {
      this.problem(key, `must be an array, not ${describe(value)}`);
      return undefined;
    }
    return value;
  }

  /** Each element must be an object; yields it with its index and path. */
  *records(list: unknown[] | undefined, key: string): Generator<[Json, number, string]> {
    if (!list) return;
    for (let i = 0; i < list.length; i++) {
      const path = `${key}[${i}]`;
      const item = list[i];
      if (!isObject(item)) this.problem(path, `must be an object, not ${describe(item)}`);
      else yield [item, i, path];
    }
  }

  /** The record's id, or undefined (problem) when missing, empty, too long or already used in the file. */
  recordId(record: Json, key: "_id" | "id", at: { path: string; index: number; collection: string }, max: number, seen: Map<string, number>): string | undefined {
    const id = this.text(record, key, at.path, { max }, true);
    if (id === undefined) return undefined;
    const first = seen.get(id);
    if (first !== undefined) {
      this.problem(`${at.path}.${key}`, `duplicate id "${id}" (also ${at.collection}[${first}])`);
      return undefined;
    }
    seen.set(id, at.index);
    return id;
  }
}
