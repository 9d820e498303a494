import { isEmail } from "class-validator";
import { CsvError, parse } from "csv-parse/sync";
import { LIMITS } from "../common/limits";
import { textProblem } from "../common/validators";

/** One user of an Auth0 user export, as Gatehouse stores it. */
export interface ExportedUser {
  id: string;
  email: string | null;
  name: string | null;
  connection: string | null;
}

/** A line of the file and what is wrong with it. */
export interface LineProblem {
  line: number;
  message: string;
}

export type UserExportFormat = "ndjson" | "csv";

/** The file could not be read as an Auth0 user export: every problem with its line, nothing was imported. */
export class UserExportProblemsError extends Error {
  constructor(readonly problems: LineProblem[]) {
    super(problems.map((p) => `line ${p.line}: ${p.message}`).join("\n"));
  }
}

/** Problems listed at most (a file of the wrong kind has one per line). */
const MAX_PROBLEMS = 100;

/**
 * Where each user field is found: the Management API's field names, which the export job writes
 * as keys (NDJSON) or column headers (CSV) unless the job renamed them with `export_as`; then
 * the names such a rename most likely chose.
 */
const FIELD_NAMES = {
  id: ["user_id", "id"],
  email: ["email"],
  name: ["name"],
  connection: ["identities[0].connection", "connection"],
} as const;

/** The format of `file`: by its extension, else by its first character (`{` is NDJSON). */
export function detectFormat(file: string, text: string): UserExportFormat {
  if (/\.csv(\.txt)?$/i.test(file)) return "csv";
  if (/\.(nd)?json(l)?$/i.test(file)) return "ndjson";
  return text.trimStart().startsWith("{") ? "ndjson" : "csv";
}

/** The export's users, or UserExportProblemsError naming each bad line (docs/design.md §14.2). */
export function readUserExport(text: string, format: UserExportFormat): ExportedUser[] {
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const problems: LineProblem[] = [];
  const users: ExportedUser[] = [];
  const lineOf = new Map<string, number>();
  const add = (line: number, record: Record<string, unknown>) => {
    const user = checkUser(record, (message) => problems.push({ line, message }));
    if (!user) return;
    const seen = lineOf.get(user.id);
    if (seen !== undefined) problems.push({ line, message: `user_id ${JSON.stringify(user.id)} is also on line ${seen}` });
    else {
      lineOf.set(user.id, line);
      users.push(user);
    }
  };
  if (format === "ndjson") readNdjson(text, add, problems);
  else readCsv(text, add, problems);
  if (problems.length > 0) throw new UserExportProblemsError(problems.slice(0, MAX_PROBLEMS));
  return users;
}

function readNdjson(text: string, add: (line: number, record: Record<string, unknown>) => void, problems: LineProblem[]): void {
  const lines = text.split("\n");
  for (let i = 0; i < lines.length && problems.length < MAX_PROBLEMS; i++) {
    const raw = lines[i].trim();
    if (raw === "") continue;
    let record: unknown;
    try {
      record = JSON.parse(raw);
    } catch (error) {
      problems.push({ line: i + 1, message: `not a JSON object: ${error instanceof Error ? error.message : String(error)}` });
      continue;
    }
    if (typeof record !== "object" || record === null || Array.isArray(record)) {
      problems.push({ line: i + 1, message: "not a JSON object (each line of an NDJSON export is one user)" });
      continue;
    }
    add(i + 1, record as Record<string, unknown>);
  }
}

/** Auth0 prefixes every string of a CSV export with `'` (CSV-injection mitigation): one is removed. */
function unprefix(value: string): string {
  return value.startsWith("'") ? value.slice(1) : value;
}

function readCsv(text: string, add: (line: number, record: Record<string, unknown>) => void, problems: LineProblem[]): void {
  let rows: Array<{ record: string[]; info: { lines: number } }>;
  try {
    rows = parse(text, { info: true, skip_empty_lines: true, relax_column_count: false }) as Array<{ record: string[]; info: { lines: number } }>;
  } catch (error) {
    const line = error instanceof CsvError ? Number((error as CsvError & { lines?: number }).lines ?? 1) : 1;
    problems.push({ line, message: `not valid CSV: ${error instanceof Error ? error.message.replace(/^[A-Z_]+: /, "") : String(error)}` });
    return;
  }
  if (rows.length === 0) return;
  const header = rows[0].record.map((name) => unprefix(name.trim()));
  if (!header.some((name) => (FIELD_NAMES.id as readonly string[]).includes(name))) {
    problems.push({ line: rows[0].info.lines, message: `the header names no user_id column (found: ${header.join(", ")})` });
    return;
  }
  for (const { record, info } of rows.slice(1)) {
    if (problems.length >= MAX_PROBLEMS) break;
    const values: Record<string, unknown> = {};
    header.forEach((name, i) => {
      values[name] = unprefix(record[i]);
    });
    add(info.lines, values);
  }
}

/** The first of `names` that `record` holds (NDJSON may also nest `identities[0].connection`). */
function field(record: Record<string, unknown>, names: readonly string[]): unknown {
  for (const name of names) if (record[name] !== undefined) return record[name];
  if (names === FIELD_NAMES.connection && Array.isArray(record.identities)) return (record.identities[0] as { connection?: unknown } | undefined)?.connection;
  return undefined;
}

/** One record as a user, reporting what is wrong through `problem` (then null). Empty values are absent. */
function checkUser(record: Record<string, unknown>, problem: (message: string) => void): ExportedUser | null {
  let ok = true;
  const text = (key: keyof typeof FIELD_NAMES, label: string, max: number): string | null => {
    const value = field(record, FIELD_NAMES[key]);
    if (value === undefined || value === null || value === "") return null;
    if (typeof value !== "string") {
      ok = false;
      problem(`${label} must be a string, not ${JSON.stringify(value)}`);
      return null;
    }
    const bad = textProblem(value) ?? (value.length > max ? `must be at most ${max} characters long` : null);
    if (bad) {
      ok = false;
      problem(`${label} ${bad}`);
      return null;
    }
    return value;
  };
  const id = text("id", "user_id", LIMITS.externalId);
  if (id === null && ok) {
    ok = false;
    problem("user_id is missing");
  } else if (id !== null && id.trim() === "") {
    ok = false;
    problem("user_id must not be blank");
  }
  const email = text("email", "email", LIMITS.email);
  if (email !== null && !isEmail(email)) {
    ok = false;
    problem(`email must be an email address, not ${JSON.stringify(email)}`);
  }
  const name = text("name", "name", LIMITS.userText);
  const connection = text("connection", "identities[0].connection", LIMITS.userText);
  return ok && id !== null ? { id, email, name, connection } : null;
}
