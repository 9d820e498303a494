import { EntityManager } from "typeorm";
import { nameKey } from "../common/names";
import { SqlParams } from "../common/sql";
import { Configuration } from "../configuration/configuration.entity";
import { CONFIGURATION_ID } from "../configuration/configuration.service";
import { DatabaseKind } from "../db/data-source";
import { ImportPlan, LinkKind, LinkSet } from "./import.plan";
import { chunks, LINK_TABLES, MAX_PARAMETERS } from "./import.state";
import { TransferProgress } from "./transfer.format";

type Row = readonly unknown[];

const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** A row's unique key can never equal a real name key: those are lower-cased, this has capitals. */
const PARKED_PREFIX = "#IMPORT#";

/** Rows from which an insert into an SQLite table rebuilds its secondary indexes afterwards. */
const REBUILD_INDEXES_FROM = 50_000;

/**
 * Writes an import plan inside the caller's transaction with multi-row statements: inserts and
 * upserts (`INSERT … ON CONFLICT ("id") DO UPDATE`, valid on SQLite and PostgreSQL) in chunks of
 * as many rows as fit under the parameter limit, deletes by chunks of ids. Never row by row.
 */
export class ImportWriter {
  constructor(
    private readonly manager: EntityManager,
    private readonly kind: DatabaseKind,
    private readonly progress: TransferProgress,
  ) {}

  async write(plan: ImportPlan): Promise<void> {
    await this.clearLinks(plan);
    if (plan.replace) {
      // The links are gone already; applications go after the roles and permissions that may hold them.
      for (const [table, ids] of [
        ["roles", plan.deleted.roles],
        ["permissions", plan.deleted.permissions],
        ["groups", plan.deleted.groups],
        ["applications", plan.deleted.applications],
        ["users", plan.deleted.users],
      ] as const) {
        // Explicit, not by cascade, so that the import is right with foreign-key enforcement off too (the CLI).
        if (table === "users") await this.deleteWhereIn("delete snapshots", "authorization_snapshots", "userId", ids);
        await this.deleteWhereIn(`delete ${table}`, table, "id", ids);
      }
    }
    for (const table of ["groups", "roles", "permissions"] as const) await this.park(table, plan.renamed[table]);

    await this.upsert(
      "applications",
      ["id", "name", "nameKey", "type", "requiredRoles"],
      plan.applications.map((a) => [a.id, a.name, nameKey(a.name), a.type, JSON.stringify(a.requiredRoles)]),
      plan.applications.length,
    );
    await this.upsert("users", ["id", "email", "name", "connection"], rowsOf(plan.users.sort(byId), (u) => [u.id, u.email, u.name, u.connection]), plan.users.length);
    await this.insert("users", ["id"], rowsOf(plan.stubUsers, (id) => [id]), plan.stubUsers.length, "", "stub users");
    await this.upsert("groups", ["id", "name", "nameKey", "description"], plan.groups.map((g) => [g.id, g.name, nameKey(g.name), g.description]), plan.groups.length);
    for (const table of ["roles", "permissions"] as const) {
      await this.upsert(
        table,
        ["id", "applicationId", "name", "nameKey", "description"],
        plan[table].map((r) => [r.id, r.applicationId, r.name, nameKey(r.name), r.description]),
        plan[table].length,
      );
    }

    await this.insert(
      "group_mappings",
      ["id", "groupId", "connectionName", "groupName"],
      plan.mappings.rows.map((m) => [m.id, m.groupId, m.connectionName, m.groupName]),
      plan.mappings.rows.length,
      "",
      "mappings",
    );
    for (const kind of Object.keys(LINK_TABLES) as LinkKind[]) {
      const { table, owner, target } = LINK_TABLES[kind];
      await this.insert(table, [owner, target], linkRows(plan.links[kind]), plan.links[kind].size, "", kind);
    }
    if (plan.configuration) await this.manager.update(Configuration, { id: CONFIGURATION_ID }, plan.configuration as Partial<Configuration>);
  }

  /** REPLACE empties every link table; MERGE removes the links of the owners the file rewrites. */
  private async clearLinks(plan: ImportPlan): Promise<void> {
    if (plan.replace) {
      for (const table of ["group_mappings", ...Object.values(LINK_TABLES).map((l) => l.table)]) await this.manager.query(`DELETE FROM "${table}"`);
      return;
    }
    await this.deleteWhereIn("clear mappings", "group_mappings", "groupId", plan.mappings.owners);
    for (const kind of Object.keys(LINK_TABLES) as LinkKind[]) {
      const { table, owner } = LINK_TABLES[kind];
      await this.deleteWhereIn(`clear ${kind}`, table, owner, plan.links[kind].owners);
    }
  }

  private async deleteWhereIn(step: string, table: string, column: string, ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    this.progress.start(step, ids.length);
    for (const chunk of chunks(ids, MAX_PARAMETERS)) {
      const p = new SqlParams(this.kind);
      await this.manager.query(`DELETE FROM "${table}" WHERE "${column}" IN (${p.list(chunk)})`, p.values);
      this.progress.advance(chunk.length);
    }
  }

  /** Moves renamed rows off their old name key so that names can move between rows in one import. */
  private async park(table: "groups" | "roles" | "permissions", ids: readonly string[]): Promise<void> {
    for (const chunk of chunks(ids, MAX_PARAMETERS - 1)) {
      const p = new SqlParams(this.kind);
      const prefix = p.add(PARKED_PREFIX);
      await this.manager.query(`UPDATE "${table}" SET "nameKey" = ${prefix} || "id" WHERE "id" IN (${p.list(chunk)})`, p.values);
    }
  }

  /** Inserts new rows and updates existing ones (by id) in multi-row statements. */
  private async upsert(table: string, columns: readonly string[], rows: Iterable<Row>, total: number): Promise<void> {
    const updates = columns.filter((c) => c !== "id").map((c) => `"${c}" = excluded."${c}"`);
    const conflict = ` ON CONFLICT ("id") DO UPDATE SET ${[...updates, `"updatedAt" = CURRENT_TIMESTAMP`].join(", ")}`;
    await this.insert(table, columns, rows, total, conflict);
  }

  private async insert(table: string, columns: readonly string[], rows: Iterable<Row>, total: number, suffix = "", step = table): Promise<void> {
    if (total === 0) return;
    this.progress.start(step, total);
    const rebuild = total >= REBUILD_INDEXES_FROM ? await this.dropSecondaryIndexes(table) : [];
    const perStatement = Math.floor(MAX_PARAMETERS / columns.length);
    // The statement text depends only on the number of rows: built once per size (the driver caches it prepared).
    const texts = new Map<number, string>();
    const textFor = (count: number) => {
      let text = texts.get(count);
      if (!text) {
        const p = new SqlParams(this.kind);
        const tuples = Array.from({ length: count }, () => `(${columns.map(() => p.add(null)).join(", ")})`);
        text = `INSERT INTO "${table}" (${columns.map((c) => `"${c}"`).join(", ")}) VALUES ${tuples.join(", ")}${suffix}`;
        texts.set(count, text);
      }
      return text;
    };
    let values: unknown[] = [];
    let count = 0;
    const flush = async () => {
      await this.manager.query(textFor(count), values);
      this.progress.advance(count);
      values = [];
      count = 0;
    };
    for (const row of rows) {
      for (const value of row) values.push(value);
      count += 1;
      if (count === perStatement) await flush();
    }
    if (count > 0) await flush();
    for (const sql of rebuild) await this.manager.query(sql);
  }

  /**
   * SQLite: drops the table's non-unique secondary indexes (in this transaction) and returns
   * the statements that recreate them. Building an index once over the loaded rows is several
   * times faster than updating it row by row in random key order (the million-membership load).
   */
  private async dropSecondaryIndexes(table: string): Promise<string[]> {
    if (this.kind !== "sqlite") return [];
    const indexes: Array<{ name: string; sql: string }> = await this.manager.query(
      `SELECT "name", "sql" FROM "sqlite_master" WHERE "type" = 'index' AND "tbl_name" = ? AND "sql" IS NOT NULL`,
      [table],
    );
    const plain = indexes.filter((index) => !/^\s*CREATE\s+UNIQUE\b/i.test(index.sql));
    for (const index of plain) await this.manager.query(`DROP INDEX "${index.name.replace(/"/g, '""')}"`);
    return plain.map((index) => index.sql);
  }
}

function* rowsOf<T>(items: readonly T[], toRow: (item: T) => Row): Generator<Row> {
  for (const item of items) yield toRow(item);
}

/** In primary-key order, so that the B-trees grow by appending (much faster than random inserts). */
function* linkRows(set: LinkSet): Generator<Row> {
  for (const owner of [...set.targets.keys()].sort()) for (const target of set.targets.get(owner)!) yield [owner, target];
}
