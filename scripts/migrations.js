#!/usr/bin/env node
// Generates or drift-checks the TypeORM migrations, per driver, on a throw-away scratch database.
// Run it after `npm run build` (it uses the compiled data source and migrations in dist/).
//
//   node scripts/migrations.js generate <Name>   writes migrations/<kind>/<timestamp>-<Name>.ts
//   node scripts/migrations.js check             exits 1 if the entities differ from the migrations
//
// MIGRATION_KINDS selects the drivers (comma separated; default "sqlite"): "sqlite", "postgres".
// POSTGRES_SCRATCH_URL (needed for "postgres") is a URL to any database on a PostgreSQL server
// whose role may CREATE DATABASE, e.g. postgres://gatehouse:gatehouse@127.0.0.1:5432/postgres:
// the script creates a fresh database beside it, works there and drops it afterwards. (If the
// role cannot create databases, the URL's own database is used instead, and must be empty.)
//
// After changing the entity set, regenerate both migrations and commit them:
//   npm run build && \
//   MIGRATION_KINDS=sqlite,postgres \
//   POSTGRES_SCRATCH_URL=postgres://gatehouse:gatehouse@127.0.0.1:5432/postgres \
//   node scripts/migrations.js generate <DescriptiveName>
//   npm run build && MIGRATION_KINDS=sqlite,postgres POSTGRES_SCRATCH_URL=… node scripts/migrations.js check
// (`generate` writes a migration for the difference between the existing migrations and the
// entities; with no difference TypeORM exits 1 with "No changes in database schema were found".)
const { execFileSync } = require("node:child_process");
const { randomBytes } = require("node:crypto");
const { mkdtempSync, rmSync } = require("node:fs");
const { tmpdir } = require("node:os");
const path = require("node:path");

const root = path.join(__dirname, "..");
const cli = path.join(root, "node_modules", "typeorm", "cli.js");
const dataSource = path.join(root, "dist", "src", "cli", "migrations-data-source.js");
const [command, name] = process.argv.slice(2);

function typeorm(args, env) {
  execFileSync(process.execPath, [cli, ...args, "-d", dataSource], { cwd: root, env, stdio: "inherit" });
}

/** Runs `work` with a connected pg client on `url`, then closes it. */
async function withClient(url, work) {
  const { Client } = require("pg");
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

async function withPostgresScratch(work) {
  const adminUrl = process.env.POSTGRES_SCRATCH_URL;
  if (!adminUrl) throw new Error("set POSTGRES_SCRATCH_URL to a PostgreSQL URL whose role may CREATE DATABASE");
  const database = `gatehouse_migrations_${randomBytes(6).toString("hex")}`;
  const created = await withClient(adminUrl, async (client) => {
    try {
      await client.query(`CREATE DATABASE "${database}"`);
      return true;
    } catch (error) {
      if (error.code !== "42501") throw error; // insufficient_privilege: fall back to the URL's database
      const { rows } = await client.query("SELECT count(*)::int AS n FROM pg_tables WHERE schemaname = current_schema()");
      if (rows[0].n > 0) throw new Error("POSTGRES_SCRATCH_URL: cannot CREATE DATABASE and its database is not empty");
      return false;
    }
  });
  if (!created) return work({ ...process.env, DATABASE_URL: adminUrl });
  const url = new URL(adminUrl);
  url.pathname = `/${database}`;
  try {
    return work({ ...process.env, DATABASE_URL: url.toString() });
  } finally {
    await withClient(adminUrl, (client) => client.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`));
  }
}

async function withSqliteScratch(work) {
  const dir = mkdtempSync(path.join(tmpdir(), "gatehouse-migrations-"));
  try {
    return work({ ...process.env, DATABASE_URL: `sqlite:${path.join(dir, "scratch.sqlite")}` });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main() {
  if (command === "generate" ? !name : command !== "check") throw new Error("usage: migrations.js generate <Name> | check");
  const kinds = (process.env.MIGRATION_KINDS ?? "sqlite")
    .split(",")
    .map((kind) => kind.trim())
    .filter(Boolean);
  for (const kind of kinds) {
    if (kind !== "sqlite" && kind !== "postgres") throw new Error(`MIGRATION_KINDS: unknown kind "${kind}" (sqlite, postgres)`);
    const scratch = kind === "postgres" ? withPostgresScratch : withSqliteScratch;
    process.stderr.write(`migrations (${kind}): ${command}\n`);
    await scratch((env) => {
      typeorm(["migration:run"], env);
      if (command === "generate") typeorm(["migration:generate", path.join("migrations", kind, name), "--pretty"], env);
      else typeorm(["migration:generate", path.join("migrations", kind, "Drift"), "--check"], env);
    });
  }
}

main().catch((error) => {
  // execFileSync already showed TypeORM's own output; just keep its exit status.
  if (error && typeof error.status === "number") process.exit(error.status || 1);
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
