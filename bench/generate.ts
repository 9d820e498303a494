import "reflect-metadata";
import { rmSync } from "node:fs";
import path from "node:path";
import Sqlite from "better-sqlite3";
import pino from "pino";
import { Command } from "commander";
import { createApp } from "../src/server/app";
import { loadConfig } from "../src/server/config";
import { registerSqliteFunctions } from "../src/db/data-source";
import { ColumnProperty, quotedColumns, quoteIdentifier, TableNames, TABLES } from "../src/db/tables";
import { CONNECTIONS, DATASETS, DatasetSpec, firstOfLevel, ids, IDP_GROUPS, levelOf, organizationMemberships, prng } from "./datasets";

/**
 * Writes a dataset straight into a fresh Gatehouse SQLite database: the real migrations first
 * (through the app), then one transaction of prepared multi-row inserts.
 */
export async function generate(dataset: string, file: string, seed = 42, log: (line: string) => void = () => undefined): Promise<void> {
  const spec = DATASETS[dataset];
  if (!spec) throw new Error(`unknown dataset "${dataset}"; known: ${Object.keys(DATASETS).join(", ")}`);
  for (const suffix of ["", "-wal", "-shm"]) rmSync(`${file}${suffix}`, { force: true });
  const app = await createApp(loadConfig({ ...process.env, DATABASE_URL: `sqlite:${file}` }), pino({ level: "warn" }));
  await app.close();

  const db = new Sqlite(file);
  registerSqliteFunctions(db);
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = OFF");
  db.pragma("foreign_keys = OFF");
  const started = Date.now();
  db.transaction(() => {
    fill(db, spec, seed, log);
    fillOrganizations(db, spec, seed, log);
  })();
  // The user search indexes (docs/design.md §10) were filled by their triggers: merge each into one segment.
  db.exec(`INSERT INTO "users_search" ("users_search") VALUES ('optimize')`);
  db.exec(`INSERT INTO "users_search_grams" ("users_search_grams") VALUES ('optimize')`);
  db.pragma("wal_checkpoint(TRUNCATE)");
  db.exec("ANALYZE");
  db.close();
  log(`${dataset}: written in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

/** Inserts rows in batches of `width`-column rows through one cached prepared statement per batch size. */
function inserter<T>(db: Sqlite.Database, names: TableNames<T>, properties: Array<ColumnProperty<T>>) {
  const columns = quotedColumns(names, properties);
  const perRow = `(${columns.map(() => "?").join(", ")})`;
  const rowsPerStatement = Math.floor(30_000 / columns.length);
  const insert = (rows: number) => `INSERT INTO ${names.table} (${columns.join(", ")}) VALUES ${Array(rows).fill(perRow).join(", ")}`;
  const full = db.prepare(insert(rowsPerStatement));
  let buffer: unknown[] = [];
  let rows = 0;
  const flush = () => {
    if (rows === 0) return;
    if (rows === rowsPerStatement) full.run(buffer);
    else db.prepare(insert(rows)).run(buffer);
    buffer = [];
    rows = 0;
  };
  return {
    add(...values: unknown[]) {
      buffer.push(...values);
      rows += 1;
      if (rows === rowsPerStatement) flush();
    },
    flush,
  };
}

function fill(db: Sqlite.Database, spec: DatasetSpec, seed: number, log: (line: string) => void): void {
  const random = prng(seed);
  const int = (n: number) => Math.floor(random() * n);

  const apps = inserter(db, TABLES.applications, ["id", "name", "nameKey", "type", "requiredRoles"]);
  for (let a = 0; a < spec.applications; a++) apps.add(ids.application(a), `Bench App ${a}`, `bench app ${a}`, "REGULAR_WEB", "[]");
  apps.flush();

  const permissions = inserter(db, TABLES.permissions, ["id", "applicationId", "name", "nameKey", "description"]);
  for (let a = 0, n = 0; a < spec.applications; a++) {
    for (let p = 0; p < spec.permissionsPerApplication; p++, n++) permissions.add(ids.permission(n), ids.application(a), `perm:${p}`, `perm:${p}`, "");
  }
  permissions.flush();

  const roles = inserter(db, TABLES.roles, ["id", "applicationId", "name", "nameKey", "description"]);
  const rolePermissions = inserter(db, TABLES.rolePermissions, ["roleId", "permissionId"]);
  for (let a = 0, n = 0; a < spec.applications; a++) {
    for (let r = 0; r < spec.rolesPerApplication; r++, n++) {
      roles.add(ids.role(n), ids.application(a), `Role ${r}`, `role ${r}`, "");
      const chosen = new Set<number>();
      while (chosen.size < Math.min(spec.permissionsPerRole, spec.permissionsPerApplication)) chosen.add(int(spec.permissionsPerApplication));
      for (const p of chosen) rolePermissions.add(ids.role(n), ids.permission(a * spec.permissionsPerApplication + p));
    }
  }
  roles.flush();
  rolePermissions.flush();
  const roleCount = spec.applications * spec.rolesPerApplication;

  const groups = inserter(db, TABLES.groups, ["id", "name", "nameKey", "description"]);
  const nestings = inserter(db, TABLES.groupNestings, ["parentId", "childId"]);
  const groupRoles = inserter(db, TABLES.groupRoles, ["groupId", "roleId"]);
  for (let g = 0; g < spec.groups; g++) {
    groups.add(ids.group(g), `Group ${g}`, `group ${g}`, "");
    const level = levelOf(spec, g);
    if (level > 0) {
      const from = firstOfLevel(spec, level - 1);
      const to = firstOfLevel(spec, level);
      const parent = from + int(to - from);
      nestings.add(ids.group(parent), ids.group(g));
      if (random() < spec.secondParentRate) {
        const other = int(firstOfLevel(spec, level));
        if (other !== parent) nestings.add(ids.group(other), ids.group(g));
      }
    }
    if (random() < spec.groupRoleRate) groupRoles.add(ids.group(g), ids.role(int(roleCount)));
  }
  groups.flush();
  nestings.flush();
  groupRoles.flush();

  const mappings = inserter(db, TABLES.groupMappings, ["id", "groupId", "connectionName", "groupName"]);
  const seen = new Set<string>();
  for (let m = 0; seen.size < spec.mappings; m++) {
    const group = int(spec.groups);
    const connection = CONNECTIONS[int(CONNECTIONS.length)];
    const idpGroup = `IdP Group ${int(IDP_GROUPS)}`;
    const key = `${group}|${connection}|${idpGroup}`;
    if (seen.has(key)) continue;
    seen.add(key);
    mappings.add(`00000004-0000-4000-8000-${seen.size.toString(16).padStart(12, "0")}`, ids.group(group), connection, idpGroup);
  }
  mappings.flush();
  log(`model written (${spec.groups} groups, ${roleCount} roles, ${spec.mappings} mappings)`);

  // Rows go in primary-key order and secondary indexes are rebuilt afterwards: B-tree appends
  // instead of random inserts make the million-user load several times faster.
  const buckets: number[][] = Array.from({ length: spec.groups }, () => []);
  const directRoles: Array<[number, number]> = [];
  for (let u = 0; u < spec.users; u++) {
    const chosen = new Set<number>();
    while (chosen.size < spec.membershipsPerUser) chosen.add(int(spec.groups));
    for (const g of chosen) buckets[g].push(u);
    if (random() < spec.directRoleRate) directRoles.push([u, int(roleCount)]);
  }
  const secondary = db
    .prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name IN (?, ?, ?) AND sql IS NOT NULL`)
    .all(TABLES.users.name, TABLES.groupMembers.name, TABLES.userRoles.name) as Array<{ name: string; sql: string }>;
  for (const index of secondary) db.exec(`DROP INDEX ${quoteIdentifier(index.name)}`);
  const users = inserter(db, TABLES.users, ["id", "email", "name", "connection"]);
  for (let u = 0; u < spec.users; u++) {
    users.add(ids.user(u), `user${u}@example.com`, `Bench User ${u}`, CONNECTIONS[u % CONNECTIONS.length]);
    if (u > 0 && u % 250_000 === 0) log(`${u} users`);
  }
  users.flush();
  const members = inserter(db, TABLES.groupMembers, ["groupId", "userId", "validFrom", "expiresAt"]);
  const windowOf = membershipWindows(seed);
  let windowed = 0;
  for (let g = 0; g < spec.groups; g++)
    for (const u of buckets[g]) {
      const window = windowOf();
      if (window) windowed += 1;
      members.add(ids.group(g), ids.user(u), window?.validFrom ?? null, window?.expiresAt ?? null);
    }
  members.flush();
  log(`${spec.users * spec.membershipsPerUser} memberships (${windowed} time-bound)`);
  const userRoles = inserter(db, TABLES.userRoles, ["userId", "roleId"]);
  for (const [u, r] of directRoles) userRoles.add(ids.user(u), ids.role(r));
  userRoles.flush();
  for (const index of secondary) db.exec(index.sql);
}

const DAY_MS = 86_400_000;

/** Share of group memberships with a window (docs/design.md §13.3, "bench"). */
export const WINDOWED_MEMBERSHIP_RATE = 0.05;

/**
 * The windows of the generated group memberships, one call per membership in insertion order:
 * 5 % are time-bound — of those a tenth expired (1–60 days ago, within the default retention), a
 * tenth pending (starting in 1–60 days, for 30 days) and the rest active with an expiry 1–365
 * days ahead. Which memberships and their offsets follow from the seed alone, through a PRNG of
 * their own (so the rest of the dataset is the same as without windows); the offsets count from
 * the generation day's midnight (UTC), so generating twice on one day gives the same file.
 */
function membershipWindows(seed: number): () => { validFrom: number | null; expiresAt: number | null } | null {
  const random = prng(seed ^ 0x77696e64);
  const today = Math.floor(Date.now() / DAY_MS) * DAY_MS;
  const days = (from: number, to: number) => (from + Math.floor(random() * (to - from + 1))) * DAY_MS;
  return () => {
    if (random() >= WINDOWED_MEMBERSHIP_RATE) return null;
    const kind = random();
    if (kind < 0.1) {
      const expiresAt = today - days(1, 60);
      return { validFrom: expiresAt - days(1, 90), expiresAt };
    }
    if (kind < 0.2) {
      const validFrom = today + days(1, 60);
      return { validFrom, expiresAt: validFrom + 30 * DAY_MS };
    }
    return { validFrom: null, expiresAt: today + days(1, 365) };
  };
}

/** docs/design.md §10: the organizations, their memberships and member roles (see organizationMemberships). */
function fillOrganizations(db: Sqlite.Database, spec: DatasetSpec, seed: number, log: (line: string) => void): void {
  const organizations = inserter(db, TABLES.organizations, ["id", "name", "displayName", "metadata"]);
  for (let o = 0; o < spec.organizations; o++)
    organizations.add(ids.organization(o), `bench-org-${o}`, `Bench Organization ${o}`, JSON.stringify({ tier: ["free", "pro", "enterprise"][o % 3] }));
  organizations.flush();
  const memberships = inserter(db, TABLES.organizationMembers, ["organizationId", "userId"]);
  const memberRoles = inserter(db, TABLES.organizationMemberRoles, ["organizationId", "userId", "roleId"]);
  let count = 0;
  for (const m of organizationMemberships(spec, seed)) {
    memberships.add(ids.organization(m.organization), ids.user(m.user));
    for (const r of m.roles) memberRoles.add(ids.organization(m.organization), ids.user(m.user), ids.role(r));
    count += 1;
  }
  memberships.flush();
  memberRoles.flush();
  log(`${spec.organizations} organizations, ${count} memberships`);
}

if (require.main === module) {
  const program = new Command("bench-generate")
    .option("--dataset <name>", `one of ${Object.keys(DATASETS).join(", ")}`, "ext-max")
    .option("--out <file>", "SQLite file to (re)create (default bench/.data/<dataset>.sqlite)")
    .option("--seed <n>", "PRNG seed", "42")
    .parse();
  const options = program.opts<{ dataset: string; out?: string; seed: string }>();
  const out = options.out ?? path.join("bench", ".data", `${options.dataset}.sqlite`);
  generate(options.dataset, out, Number(options.seed), (line) => process.stderr.write(`${line}\n`)).catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  });
}
