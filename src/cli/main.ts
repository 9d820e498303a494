import "reflect-metadata";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { Command, InvalidArgumentError } from "commander";
import { MAX_GRACE_SECONDS } from "../configuration/configuration.inputs";
import { isScope, SCOPES } from "../auth/scopes";
import { cliContext } from "./cli-context";
import { createApp } from "../server/app";
import { LOGIN_CODE_SECONDS, MAX_LOGIN_CODE_SECONDS } from "../auth/admin-session.service";
import { AppConfig, ConfigError, loadConfig, publicUrlOf } from "../server/config";
import { createServer } from "../server/create-server";
import { createLogger } from "../server/logger";
import { seedDemo } from "./seed-demo";
import { registerTransferCommands } from "./transfer-commands";
import { registerUsersCommands } from "./users-commands";

function positiveInteger(value: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed <= 0) throw new InvalidArgumentError("must be a positive whole number of seconds");
  return parsed;
}

function nonNegativeInteger(value: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0 || parsed > MAX_GRACE_SECONDS) {
    throw new InvalidArgumentError(`must be a whole number of seconds from 0 to ${MAX_GRACE_SECONDS}`);
  }
  return parsed;
}

/** `--scopes`: space (or comma) separated scopes of docs/design.md §5, or `all` for every one of them. */
function parseScopes(value: string): string[] {
  if (value.trim().toLowerCase() === "all") return [...SCOPES];
  const scopes = value.split(/[\s,]+/).filter(Boolean);
  const unknown = scopes.filter((s) => !isScope(s));
  if (unknown.length > 0) throw new InvalidArgumentError(`unknown scope(s) ${unknown.join(", ")}; known: ${SCOPES.join(" ")}`);
  if (scopes.length === 0) throw new InvalidArgumentError("give at least one scope");
  return scopes;
}

/** Runs `work` with the app (database migrated), closing it afterwards. */
async function withApp<T>(config: AppConfig, work: (app: Awaited<ReturnType<typeof createApp>>) => Promise<T>): Promise<T> {
  const app = await createApp(config, createLogger(config.logLevel === "info" ? "warn" : config.logLevel));
  try {
    return await work(app);
  } finally {
    await app.close();
  }
}

/** The version in package.json (two folders up from src/cli, three from dist/src/cli). */
function packageVersion(): string {
  for (const root of [path.join(__dirname, "..", ".."), path.join(__dirname, "..", "..", "..")]) {
    const file = path.join(root, "package.json");
    if (!existsSync(file)) continue;
    const pkg = JSON.parse(readFileSync(file, "utf8")) as { name?: string; version?: string };
    if (pkg.name === "gatehouse" && pkg.version) return pkg.version;
  }
  return "unknown";
}

function buildProgram(): Command {
  const program = new Command("gatehouse")
    .description("Gatehouse: a self-hosted GraphQL authorization gateway. Reads DATABASE_URL, PORT, HOST, LOG_LEVEL, AUTH_*.")
    .version(packageVersion(), "-V, --version", "print Gatehouse's version")
    .showHelpAfterError();

  program
    .command("serve")
    .description("run pending migrations and serve the API (POST /graphql, GET /graphql playground, /admin/ console, /healthz, /readyz)")
    .action(async () => {
      const config = loadConfig();
      const server = await createServer(config);
      process.stderr.write(`Gatehouse is serving ${server.url}\n`);
      const origin = config.publicUrl ? publicUrlOf(config) : new URL(server.url).origin;
      const viaIdp = server.app.oidc ? `with ${server.app.oidc.issuerHost} (IdP redirect URI ${origin}/admin/oidc/callback), or ` : "";
      process.stderr.write(`Admin console: ${origin}/admin/ (sign in ${viaIdp}with a link from: npx gatehouse admin login-link)\n`);
      const shutdown = () => {
        void server.stop().then(() => process.exit(0));
      };
      process.once("SIGINT", shutdown);
      process.once("SIGTERM", shutdown);
    });

  program
    .command("migrate")
    .description("apply pending database migrations and exit")
    .action(async () => {
      await withApp(loadConfig(), async () => {
        process.stderr.write("Database is up to date.\n");
      });
    });

  const token = program.command("token").description("API tokens");
  token
    .command("create")
    .description("print a signed API token (JWT) that this Gatehouse accepts")
    .requiredOption("--scopes <scopes>", `space separated scopes, e.g. "read:groups update:groups", or all; known: ${SCOPES.join(" ")}`, parseScopes)
    .option("--expires-in <seconds>", "lifetime (default: the configured tokenLifetimeSeconds)", positiveInteger)
    .option("--subject <sub>", "the token's subject, recorded as the actor", "gatehouse-cli")
    .action(async (options: { scopes: string[]; expiresIn?: number; subject: string }) => {
      const jwt = await withApp(loadConfig(), (app) => app.tokens.issue({ scopes: options.scopes, expiresInSeconds: options.expiresIn, subject: options.subject }));
      process.stdout.write(`${jwt}\n`);
    });

  // Console sign-in, way 1 (docs/design.md §11): a one-time link traded for a session cookie.
  const admin = program.command("admin").description("the admin console at /admin/");
  admin
    .command("login-link")
    .description(`print a one-time sign-in link for the admin console: <PUBLIC_URL>/admin/login?code=… (valid ${LOGIN_CODE_SECONDS} s by default, single use)`)
    .option("--scopes <scopes>", `the session's scopes, space separated, or all (default); known: ${SCOPES.join(" ")}`, parseScopes, [...SCOPES])
    .option("--subject <name>", "who signs in: recorded as the actor of what the session does", "admin")
    .option("--expires-in <seconds>", `how long the link may be used (at most ${MAX_LOGIN_CODE_SECONDS})`, positiveInteger, LOGIN_CODE_SECONDS)
    .action(async (options: { scopes: string[]; subject: string; expiresIn: number }) => {
      const config = loadConfig();
      const { code, expiresAt } = await withApp(config, (app) =>
        app.sessions.createLoginCode({ subject: options.subject, scopes: options.scopes, expiresInSeconds: options.expiresIn }),
      );
      process.stdout.write(`${publicUrlOf(config)}/admin/login?code=${code}\n`);
      process.stderr.write(`Open it within ${options.expiresIn} s (until ${expiresAt.toISOString()}); it works once.\n`);
    });

  const apikey = program.command("apikey").description("the login-hook API key (x-api-key)");
  apikey
    .command("rotate")
    .description("print a new API key (shown once); the previous key stays valid for --grace seconds")
    .option("--grace <seconds>", "keep the previous key valid this long", nonNegativeInteger, 0)
    .action(async (options: { grace: number }) => {
      const rotation = await withApp(loadConfig(), (app) =>
        app.services.apiKeys.rotate(cliContext(app.db, "cli:apikey rotate", { gracePeriodSeconds: options.grace }), options.grace),
      );
      process.stdout.write(`${rotation.apiKey}\n`);
      if (rotation.previousKeyValidUntil) process.stderr.write(`The previous key stays valid until ${rotation.previousKeyValidUntil.toISOString()}.\n`);
    });

  const seed = program.command("seed").description("load example data");
  seed
    .command("demo")
    .description("load the example company (groups, Expense Management Tool roles and permissions, two users)")
    .action(async () => {
      const result = await withApp(loadConfig(), (app) => seedDemo(app));
      if (!result) {
        process.stderr.write('The demo data is already there (group "Example Company" exists).\n');
        return;
      }
      process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    });

  registerTransferCommands(program, withApp);
  registerUsersCommands(program, withApp);

  return program;
}

/** `gatehouse <command>`; exits non-zero with a readable message on any failure. */
export function main(argv: string[]): void {
  buildProgram()
    .parseAsync(argv)
    .catch((error: unknown) => {
      if (error instanceof ConfigError) process.stderr.write(`${error.message}\n`);
      else process.stderr.write(`gatehouse: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exit(1);
    });
}
