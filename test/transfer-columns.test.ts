import { EntityMetadata } from "typeorm";
import type { ColumnMetadata } from "typeorm/metadata/ColumnMetadata";
import { cliContext } from "../src/cli/cli-context";
import { IMPORT } from "./helpers/transfer";
import { startTestServer, TestServer } from "./helpers/server";

/*
 * Every column of every entity the transfer carries survives export and import. Walking
 * TypeORM's metadata, the source database gets every column of every such entity filled with a
 * distinctive non-default value; it is exported, imported (REPLACE) into a fresh database, and
 * both databases are compared column by column. A column (or entity) added and forgotten by the
 * export or the import fails here, without this test being touched. What is deliberately left
 * out is listed below, each with its reason.
 */

/** Entities (by table) the transfer does not carry at all. */
const NOT_CARRIED_ENTITIES: Record<string, string> = {
  signing_keys: "the token signing key is a secret that stays with its database",
  audit_entries: "the audit log is this database's history, not part of the model",
  audit_targets: "the audit log's index by target id",
  authorization_snapshots: "written by logins (the persist… switches); the next login rewrites them",
  model_revision: "this database's change counter (the model cache's freshness proof)",
  admin_login_codes: "the admin console's one-time sign-in codes: credentials of this database, short-lived",
  admin_sessions: "the admin console's sessions: credentials of this database (docs/design.md §11)",
  admin_oidc_flows: "the admin console's OIDC sign-ins in progress: short-lived, bound to a browser (docs/design.md §11)",
  grant_sweeps: "the grant sweep's mark: how far this database's audit log has recorded grant boundaries (docs/design.md §13.3)",
};

/** Columns (`table.column`, `*` for every table) of carried entities that are deliberately not carried. */
const NOT_CARRIED_COLUMNS: Record<string, string> = {
  "*.createdAt": "timestamps: the import stamps its own writes",
  "*.updatedAt": "timestamps: the import stamps its own writes",
  "applications.nameKey": "derived from the name (lower-cased); the import computes it",
  "groups.nameKey": "derived from the name (lower-cased); the import computes it",
  "roles.nameKey": "derived from the name (lower-cased); the import computes it",
  "permissions.nameKey": "derived from the name (lower-cased); the import computes it",
  "configuration.apiKeyHash": "the API key is a secret that stays with its database (only its hash is stored)",
  "configuration.previousApiKeyHash": "the API key is a secret that stays with its database",
  "configuration.previousApiKeyValidUntil": "belongs to the previous API key",
  "configuration.apiKeyCreatedAt": "belongs to the API key",
};

/** Values the import's checks constrain (an e-mail address, an application type, …), by row index; every other column gets a generic one. */
const CONSTRAINED: Record<string, (row: number) => unknown> = {
  "configuration.id": () => "v1",
  "configuration.claimNamespace": () => "https://transfer.example/claims/",
  "applications.type": (row) => ["SPA", "NATIVE"][row],
  "users.email": (row) => `user${row}@transfer.example`,
  "applications.organizationUsage": (row) => ["DENY", "REQUIRE"][row],
  "organizations.id": (row) => `org_columns${row}`,
  "organizations.name": (row) => `org-columns-${row}`,
  "organizations.metadata": (row) => ({ column: `organizations.metadata#${row}` }),
  // Windows of time-bound grants (docs/design.md §13.3): expiresAt later than validFrom, whole milliseconds.
  ...Object.fromEntries(
    ["group_members", "user_roles", "organization_members", "organization_member_roles"].flatMap((table) => [
      [`${table}.validFrom`, (row: number) => Date.UTC(2030, 0, 1) + row],
      [`${table}.expiresAt`, (row: number) => Date.UTC(2031, 0, 1) + row],
    ]),
  ),
};

/** Rows per table: the configuration is one record; a link table one row (a second nesting would close a cycle). */
function rowCount(meta: EntityMetadata): number {
  if (meta.tableName === "configuration") return 1;
  return meta.primaryColumns.every((column) => column.relationMetadata) ? 1 : 2;
}

function carried(column: ColumnMetadata): boolean {
  const { tableName } = column.entityMetadata;
  return !(`*.${column.databaseName}` in NOT_CARRIED_COLUMNS) && !(`${tableName}.${column.databaseName}` in NOT_CARRIED_COLUMNS);
}

/** A value of the column's type that no default, stub or reset gives: it names the table, column and row. */
function distinctive(column: ColumnMetadata, row: number): unknown {
  const key = `${column.entityMetadata.tableName}.${column.databaseName}`;
  if (CONSTRAINED[key]) return CONSTRAINED[key](row);
  const text = `${key}#${row}`;
  switch (column.type) {
    case "boolean":
      return column.default !== true;
    case "integer":
    case "int":
    case "bigint":
      return 4000 + row;
    case "simple-json":
      return [text];
    default:
      return column.length ? text.slice(0, Number(column.length)) : text;
  }
}

/** Carried entities, each after the entities its foreign keys reference. */
function carriedEntities(t: TestServer): EntityMetadata[] {
  const pending = t.server.app.db.dataSource.entityMetadatas.filter((meta) => !(meta.tableName in NOT_CARRIED_ENTITIES));
  const ordered: EntityMetadata[] = [];
  while (pending.length > 0) {
    const ready = (meta: EntityMetadata) => meta.foreignKeys.every((fk) => fk.referencedEntityMetadata === meta || ordered.includes(fk.referencedEntityMetadata));
    const next = pending.findIndex(ready);
    if (next < 0) throw new Error(`foreign keys form a cycle among ${pending.map((meta) => meta.tableName).join(", ")}`);
    ordered.push(...pending.splice(next, 1));
  }
  return ordered;
}

/** Fills every column of every carried entity (foreign keys point at rows filled before). */
async function fillEveryColumn(t: TestServer): Promise<void> {
  const { db } = t.server.app;
  const rows = new Map<EntityMetadata, Array<Record<string, unknown>>>();
  await db.write(cliContext(db, "test:fill"), async (manager) => {
    for (const meta of carriedEntities(t)) {
      const made: Array<Record<string, unknown>> = [];
      for (let i = 0; i < rowCount(meta); i++) {
        const row: Record<string, unknown> = {};
        for (const column of meta.columns) if (!column.isCreateDate && !column.isUpdateDate) row[column.propertyName] = distinctive(column, i);
        // The k-th foreign key to an entity points at its row i + k: the two ends of a nesting differ.
        const seen = new Map<EntityMetadata, number>();
        for (const fk of meta.foreignKeys) {
          const k = seen.get(fk.referencedEntityMetadata) ?? 0;
          seen.set(fk.referencedEntityMetadata, k + 1);
          const targets = rows.get(fk.referencedEntityMetadata)!;
          const target = targets[(i + k) % targets.length];
          fk.columns.forEach((column, j) => (row[column.propertyName] = target[fk.referencedColumns[j].propertyName]));
        }
        made.push(row);
        await manager.save(meta.target, row);
      }
      rows.set(meta, made);
    }
  });
}

/** Every carried column's values (`table.column` → values in primary-key order). */
async function carriedColumns(t: TestServer): Promise<Record<string, unknown[]>> {
  const { dataSource } = t.server.app.db;
  const snapshot: Record<string, unknown[]> = {};
  for (const meta of carriedEntities(t)) {
    const key = (row: object) => meta.primaryColumns.map((column) => String(column.getEntityValue(row))).join("\u0000");
    const rows = (await dataSource.manager.find(meta.target)).sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
    for (const column of meta.columns.filter(carried)) {
      snapshot[`${meta.tableName}.${column.databaseName}`] = rows.map((row) => column.getEntityValue(row));
    }
  }
  return snapshot;
}

/** Export through the API, with a token minted now (the filled configuration has another issuer and audience). */
async function exportWithFreshToken(t: TestServer): Promise<unknown> {
  return (await t.ok<{ exportData: unknown }>("{ exportData }", {}, { token: await t.token() })).exportData;
}

describe("every column of the transferred entities round-trips", () => {
  let source: TestServer;
  let target: TestServer;
  beforeAll(async () => {
    [source, target] = await Promise.all([startTestServer(), startTestServer()]);
  });
  afterAll(() => Promise.all([source.stop(), target.stop()]));

  it("names only entities and columns that exist, and leaves the others to the round trip", () => {
    const metas = source.server.app.db.dataSource.entityMetadatas;
    for (const table of Object.keys(NOT_CARRIED_ENTITIES)) expect(metas.map((meta) => meta.tableName)).toContain(table);
    for (const key of [...Object.keys(NOT_CARRIED_COLUMNS), ...Object.keys(CONSTRAINED)]) {
      const [table, column] = key.split(".");
      const owners = metas.filter((meta) => (table === "*" || meta.tableName === table) && meta.columns.some((c) => c.databaseName === column));
      expect([key, owners.length > 0]).toEqual([key, true]);
    }
  });

  it("fills every column, exports, imports into a fresh database: the same values, and the same export", async () => {
    await fillEveryColumn(source);
    const filled = await carriedColumns(source);
    // Each column holds a value of its own (a null would round-trip trivially).
    const empty = Object.entries(filled).filter(([, values]) => values.length === 0 || values.some((v) => v === null || v === undefined));
    expect(empty.map(([key]) => key)).toEqual([]);

    const exported = await exportWithFreshToken(source);
    const result = await target.gql(IMPORT, { data: exported, mode: "REPLACE" });
    expect(result.errors).toBeUndefined();
    expect(await carriedColumns(target)).toEqual(filled);
    expect(JSON.stringify(await exportWithFreshToken(target))).toBe(JSON.stringify(exported));
  });
});
