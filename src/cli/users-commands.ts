import { readFileSync, statSync } from "node:fs";
import { Command, InvalidArgumentError, Option } from "commander";
import { loadConfig } from "../server/config";
import { detectFormat, readUserExport, UserExportFormat, UserExportProblemsError } from "../transfer/users-import.reader";
import { cliContext } from "./cli-context";
import { CliProgress, WithApp } from "./transfer-commands";

function parseFormat(value: string): UserExportFormat {
  const format = value.toLowerCase();
  if (format !== "ndjson" && format !== "csv") throw new InvalidArgumentError("must be ndjson or csv");
  return format;
}

function readText(file: string): string {
  let size: number;
  try {
    size = statSync(file).size;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new Error(`cannot read ${file}: ${code === "ENOENT" ? "no such file" : error instanceof Error ? error.message : String(error)}`);
  }
  process.stderr.write(`users import: reading ${file} (${(size / 1_048_576).toFixed(1)} MiB)…\n`);
  return readFileSync(file, "utf8");
}

/** `gatehouse users import <file>` (docs/design.md §14.2; docs/migrating-from-the-auth0-extension.md, step 1). */
export function registerUsersCommands(program: Command, withApp: WithApp): void {
  const users = program.command("users").description("the user directory");
  users
    .command("import")
    .description(
      "merge Auth0's user export (the Management API's users-exports job, NDJSON or CSV: user_id, email, name, identities[0].connection) into the users by id; " +
        "creates unknown users, leaves memberships and roles alone; one transaction: a bad line fails the whole file",
    )
    .argument("<file>", "the export, decompressed (Auth0 delivers it gzipped: gunzip it first)")
    .addOption(new Option("--format <format>", "ndjson or csv (default: by the file's extension, else by its first character)").argParser(parseFormat))
    .action(async (file: string, options: { format?: UserExportFormat }) => {
      const config = loadConfig();
      const started = Date.now();
      const text = readText(file);
      const format = options.format ?? detectFormat(file, text);
      let list;
      try {
        list = readUserExport(text, format);
      } catch (error) {
        if (!(error instanceof UserExportProblemsError)) throw error;
        const lines = error.problems.map((p) => `  line ${p.line}: ${p.message}`);
        throw new Error(
          `${file} (${format}) has ${error.problems.length === 100 ? "at least 100" : error.problems.length} bad line${error.problems.length === 1 ? "" : "s"}; nothing was imported:\n${lines.join("\n")}`,
        );
      }
      const progress = new CliProgress("users import");
      const result = await withApp(config, (app) => app.services.userImports.import(cliContext(app.db, "cli:users import", { file, format }), list, progress));
      progress.finish();
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      process.stdout.write(`Imported ${list.length} users from ${file} (${format}) in ${seconds} s: ${result.created} created, ${result.updated} merged with the stored ones.\n`);
    });
}
