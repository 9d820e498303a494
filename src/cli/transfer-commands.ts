import { createWriteStream, existsSync, readFileSync, statSync, WriteStream } from "node:fs";
import { once } from "node:events";
import { Command, InvalidArgumentError, Option } from "commander";
import { SingleBar } from "cli-progress";
import { App } from "../server/app";
import { AppConfig, loadConfig } from "../server/config";
import { JsonTextSink } from "../transfer/export.json";
import { ImportProblemsError, ReplaceNeedsConfirmationError } from "../transfer/import.service";
import { TransferProgress } from "../transfer/transfer.format";
import { COUNT_KINDS, ImportCounts, ImportMode, ImportResult } from "../transfer/transfer.types";
import { cliContext } from "./cli-context";

export type WithApp = <T>(config: AppConfig, work: (app: App) => Promise<T>) => Promise<T>;

/** Seconds between progress lines when stderr is not a terminal. */
const PLAIN_INTERVAL_MS = 2000;

/**
 * Progress on stderr: a bar per step when stderr is a terminal (cli-progress), otherwise a line
 * with the counts every couple of seconds and at the end of each step (logs stay readable).
 */
export class CliProgress implements TransferProgress {
  private readonly tty = Boolean(process.stderr.isTTY);
  private bar?: SingleBar;
  private step = "";
  private total = 0;
  private done = 0;
  private lastLine = 0;

  constructor(private readonly verb: string) {}

  start(step: string, total: number): void {
    this.finish();
    this.step = step;
    this.total = total;
    this.done = 0;
    if (total === 0) {
      process.stderr.write(`${this.verb}: ${step}…\n`);
      return;
    }
    if (this.tty) {
      this.bar = new SingleBar({
        format: `${this.verb}: ${step.padEnd(18)} {bar} {percentage}% | {value}/{total} | {duration_formatted}`,
        stream: process.stderr,
        hideCursor: true,
        barsize: 30,
      });
      this.bar.start(total, 0);
    } else {
      this.lastLine = Date.now();
    }
  }

  advance(count: number): void {
    this.done += count;
    if (this.bar) this.bar.update(this.done);
    else if (this.total > 0 && Date.now() - this.lastLine >= PLAIN_INTERVAL_MS) {
      this.lastLine = Date.now();
      process.stderr.write(`${this.verb}: ${this.step} ${this.done}/${this.total}\n`);
    }
  }

  /** Ends the current step (a bar stays on screen; plain output gets its final count). */
  finish(): void {
    if (this.bar) {
      this.bar.update(this.done);
      this.bar.stop();
      this.bar = undefined;
    } else if (this.total > 0) {
      process.stderr.write(`${this.verb}: ${this.step} ${this.done}/${this.total} done\n`);
    }
    this.total = 0;
  }
}

function parseMode(value: string): ImportMode {
  const mode = value.toUpperCase();
  if (mode !== ImportMode.MERGE && mode !== ImportMode.REPLACE) throw new InvalidArgumentError("must be merge or replace");
  return mode;
}

/** "line 3, column 14" for the character offset a JSON.parse error names, when it names one. */
function locate(text: string, message: string): string {
  const match = /position (\d+)/.exec(message);
  if (!match) return "";
  const offset = Number(match[1]);
  const before = text.slice(0, offset);
  const line = before.split("\n").length;
  return ` (line ${line}, column ${offset - before.lastIndexOf("\n")})`;
}

/** Reads and parses the file; a clear error for a missing, unreadable or malformed file. */
function readJsonFile(file: string): unknown {
  let size: number;
  try {
    size = statSync(file).size;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new Error(`cannot read ${file}: ${code === "ENOENT" ? "no such file" : error instanceof Error ? error.message : String(error)}`);
  }
  process.stderr.write(`import: reading ${file} (${(size / 1_048_576).toFixed(1)} MiB)…\n`);
  let text = readFileSync(file, "utf8");
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  try {
    return JSON.parse(text);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new Error(`${file} is not valid JSON: ${message}${locate(text, message)}`);
  }
}

function summary(result: ImportResult): string {
  const rows = COUNT_KINDS.filter((kind) => result.created[kind] + result.updated[kind] + result.deleted[kind] > 0);
  const table = [
    `  ${"".padEnd(16)}${"created".padStart(10)}${"updated".padStart(10)}${"deleted".padStart(10)}`,
    ...rows.map(
      (kind) => `  ${kind.padEnd(16)}${String(result.created[kind]).padStart(10)}${String(result.updated[kind]).padStart(10)}${String(result.deleted[kind]).padStart(10)}`,
    ),
  ];
  return rows.length > 0 ? table.join("\n") : "  nothing to change";
}

/** "3 groups, 2 roles" for the non-zero counts; "nothing" when all are zero. */
function countList(counts: ImportCounts): string {
  const parts = COUNT_KINDS.filter((kind) => counts[kind] > 0).map((kind) => `${counts[kind]} ${kind}`);
  return parts.length > 0 ? parts.join(", ") : "nothing";
}

/**
 * A dry run on SQLite must not create the database file (docs/design.md §7): when it does not
 * exist yet, the dry run checks against an empty in-memory database instead, which is what the
 * file would be created as.
 */
function dryRunConfig(config: AppConfig): AppConfig {
  if (!config.databaseUrl.startsWith("sqlite:")) return config;
  const file = config.databaseUrl.slice("sqlite:".length);
  if (file === ":memory:" || existsSync(file)) return config;
  return { ...config, databaseUrl: "sqlite::memory:" };
}

/** A file stream, opened before the export starts so that a bad path fails at once. */
async function openForWriting(file: string): Promise<WriteStream> {
  const stream = createWriteStream(file);
  try {
    await once(stream, "open");
  } catch (error) {
    throw new Error(`cannot write ${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
  return stream;
}

async function writeTo(stream: NodeJS.WritableStream, text: string): Promise<void> {
  if (!stream.write(text)) await once(stream, "drain");
}

/** `gatehouse import` and `gatehouse export` (docs/design.md §6, §7; docs/transfer.md). */
export function registerTransferCommands(program: Command, withApp: WithApp): void {
  program
    .command("import")
    .description("import a Gatehouse export or an Auth0 Authorization Extension export (one transaction; nothing is written if any problem is found)")
    .argument("<file>", "the JSON file")
    .addOption(
      new Option("--mode <mode>", "merge: upsert by id, keep the rest; replace: make the model exactly the file's").argParser(parseMode).default(ImportMode.MERGE, "merge"),
    )
    .option("--dry-run", "check the file and print what would change, without writing (creates no database file)", false)
    .option("--repair", "drop dangling ids and self-nesting and break nesting cycles, each with a warning (docs/transfer.md), instead of refusing the file", false)
    .option("--yes", "confirm --mode replace into a database that already holds data (without it, the import prints what it would delete and stops)", false)
    .action(async (file: string, options: { mode: ImportMode; dryRun: boolean; repair: boolean; yes: boolean }) => {
      const config = options.dryRun ? dryRunConfig(loadConfig()) : loadConfig();
      const started = Date.now();
      // Held in a box that the import empties, so that the parsed file can be collected once checked.
      const parsed = { data: readJsonFile(file) as unknown };
      const progress = new CliProgress("import");
      let result: ImportResult;
      try {
        result = await withApp(config, (app) =>
          app.services.imports.import(cliContext(app.db, "cli:import", { file, mode: options.mode, dryRun: options.dryRun, repair: options.repair }), parsed, {
            mode: options.mode,
            dryRun: options.dryRun,
            repair: options.repair,
            requireReplaceConfirmation: !options.yes,
            progress,
            exclusive: true,
          }),
        );
      } catch (error) {
        progress.finish();
        if (error instanceof ReplaceNeedsConfirmationError) {
          const warnings = error.warnings.length > 0 ? `\nWarnings:\n${error.warnings.map((w) => `  - ${w}`).join("\n")}` : "";
          throw new Error(
            `the database already holds data: --mode replace would delete ${countList(error.deleted)}; nothing was imported.\n` +
              `Run \`gatehouse export <backup.json>\` first if you may need it, check with --dry-run, then repeat the command with --yes to replace.${warnings}`,
          );
        }
        if (!(error instanceof ImportProblemsError)) throw error;
        const lines = error.problems.map((p) => `  ${p.path}: ${p.message}`);
        throw new Error(`${file} has ${error.problems.length} problem${error.problems.length === 1 ? "" : "s"}; nothing was imported:\n${lines.join("\n")}`);
      }
      progress.finish();
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      const what = result.dryRun
        ? `Dry run of ${file} (${options.mode.toLowerCase()}): nothing was written; it would change`
        : `Imported ${file} (${options.mode.toLowerCase()}) in ${seconds} s`;
      process.stdout.write(`${what}:\n${summary(result)}\n`);
      if (result.warnings.length > 0) process.stdout.write(`Warnings:\n${result.warnings.map((w) => `  - ${w}`).join("\n")}\n`);
    });

  program
    .command("export")
    .description("write the whole model in the Auth0 extension's format plus applications and users (never the API key)")
    .argument("[file]", "the JSON file to write (default: standard output)")
    .action(async (file: string | undefined) => {
      const config = loadConfig();
      const started = Date.now();
      const out = file ? await openForWriting(file) : process.stdout;
      const progress = new CliProgress("export");
      const sink = new JsonTextSink((text) => writeTo(out, text));
      const counts = await withApp(config, (app) => app.services.exports.write(sink, progress));
      await sink.end();
      progress.finish();
      if (out !== process.stdout) {
        (out as WriteStream).end();
        await once(out, "finish");
      }
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      const what = Object.entries(counts)
        .filter(([key]) => key !== "configuration")
        .map(([key, n]) => `${n} ${key}`)
        .join(", ");
      process.stderr.write(`Exported ${what} to ${file ?? "standard output"} in ${seconds} s.\n`);
    });
}
