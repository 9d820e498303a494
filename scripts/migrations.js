#!/usr/bin/env node
// Generates or drift-checks the TypeORM migrations on a scratch database (run after `npm run build`).
//   node scripts/migrations.js generate <Name>   writes migrations/sqlite/<timestamp>-<Name>.ts
//   node scripts/migrations.js check             exits 1 if the entities differ from the migrations
const { execFileSync } = require("node:child_process");
const { mkdtempSync, rmSync } = require("node:fs");
const { tmpdir } = require("node:os");
const path = require("node:path");

const root = path.join(__dirname, "..");
const cli = path.join(root, "node_modules", "typeorm", "cli.js");
const dataSource = path.join(root, "dist", "src", "db", "cli-data-source.js");
const [command, name] = process.argv.slice(2);

function typeorm(args, env) {
  execFileSync(process.execPath, [cli, ...args, "-d", dataSource], { cwd: root, env, stdio: "inherit" });
}

function withScratchDatabase(kind, work) {
  if (kind === "postgres") {
    const url = process.env.POSTGRES_SCRATCH_URL;
    if (!url) throw new Error("set POSTGRES_SCRATCH_URL to an empty PostgreSQL database");
    return work({ ...process.env, DATABASE_URL: url });
  }
  const dir = mkdtempSync(path.join(tmpdir(), "gatehouse-migrations-"));
  try {
    return work({ ...process.env, DATABASE_URL: `sqlite:${path.join(dir, "scratch.sqlite")}` });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const kinds = (process.env.MIGRATION_KINDS ?? "sqlite").split(",");
for (const kind of kinds) {
  withScratchDatabase(kind, (env) => {
    typeorm(["migration:run"], env);
    if (command === "generate") {
      if (!name) throw new Error("usage: migrations.js generate <Name>");
      typeorm(["migration:generate", path.join("migrations", kind, name), "--pretty"], env);
    } else if (command === "check") {
      typeorm(["migration:generate", path.join("migrations", kind, "Drift"), "--check"], env);
    } else {
      throw new Error("usage: migrations.js generate <Name> | check");
    }
  });
}
