import { EntityManager } from "typeorm";
import { nameKey } from "../common/names";
import { SqlParams } from "../common/sql";
import { Configuration } from "../configuration/configuration.entity";
import { CONFIGURATION_ID } from "../configuration/configuration.service";
import { DatabaseKind } from "../db/data-source";
import { INDEXES_NAMED_BY_QUERIES, MEMBER_COUNTS, quoteIdentifier, quotedColumns, RECOUNT_MEMBERS_SQL, TableRef, TABLES } from "../db/tables";
import { GrantWindow } from "../common/grant-window";
import { ImportPlan, LinkKind, linkKey, LinkSet } from "./import.plan";
import { chunks, MAX_PARAMETERS } from "./import.state";
import { LINK_TABLES, TransferProgress } from "./transfer.format";

type Row = readonly unknown[];

const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** A row's unique key can never equal a real name key: those are lower-cased, this has capitals. */
const PARKED_PREFIX = "#IMPORT#";

/** Rows from which an insert into an SQLite table rebuilds its secondary indexes afterwards. */
const REBUILD_INDEXES_FROM = 50_000;

const { applications: APPLICATIONS, users: USERS, groups: GROUPS, roles: ROLES, permissions: PERMISSIONS } = TABLES;
const { groupMappings: MAPPINGS, authorizationSnapshots: SNAPSHOTS } = TABLES;

/** A table keyed by `id` with an `updatedAt` stamp: what an upsert writes. */
type UpsertTable = TableRef & { readonly c: { readonly id: string; readonly updatedAt: string } };

/** The written columns of each table, in the order of the rows' values below. */
const COLUMNS = {
  applications: quotedColumns(APPLICATIONS, ["id", "name", "nameKey", "type", "requiredRoles", "organizationUsage", "tenantRolesInOrganizations"]),
  users: quotedColumns(USERS, ["id", "email", "name", "connection"]),
  stubUsers: quotedColumns(USERS, ["id"]),
  groups: quotedColumns(GROUPS, ["id", "name", "nameKey", "description"]),
  roles: quotedColumns(ROLES, ["id", "applicationId", "name", "nameKey", "description"]),
  permissions: quotedColumns(PERMISSIONS, ["id", "applicationId", "name", "nameKey", "description"]),
  mappings: quotedColumns(MAPPINGS, ["id", "groupId", "connectionName", "groupName"]),
};

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

  /** A boolean as the driver binds it (better-sqlite3 takes no JS booleans). */
  private boolean(value: boolean): boolean | number {
    return this.kind === "sqlite" ? Number(value) : value;
  }

  async write(plan: ImportPlan): Promise<void> {
    await this.clearLinks(plan);
    if (plan.replace) {
      // The links are gone already; applications go after the roles and permissions that may hold them.
      for (const [table, ids] of [
        [ROLES, plan.deleted.roles],
        [PERMISSIONS, plan.deleted.permissions],
        [GROUPS, plan.deleted.groups],
        [APPLICATIONS, plan.deleted.applications],
        [USERS, plan.deleted.users],
      ] as const) {
        // Explicit, not by cascade, so that the import is right with foreign-key enforcement off too (the CLI).
        if (table === USERS) await this.deleteWhereIn("delete snapshots", SNAPSHOTS, SNAPSHOTS.c.userId, ids);
        await this.deleteWhereIn(`delete ${table.name}`, table, table.c.id, ids);
      }
    }
    for (const [table, key] of [
      [GROUPS, "groups"],
      [ROLES, "roles"],
      [PERMISSIONS, "permissions"],
    ] as const) {
      await this.park(table, plan.renamed[key]);
    }

    await this.upsert(
      APPLICATIONS,
      COLUMNS.applications,
      plan.applications.map((a) => [a.id, a.name, nameKey(a.name), a.type, JSON.stringify(a.requiredRoles), a.organizationUsage, this.boolean(a.tenantRolesInOrganizations)]),
      plan.applications.length,
    );
    await this.upsert(
      USERS,
      COLUMNS.users,
      rowsOf(plan.users.sort(byId), (u) => [u.id, u.email, u.name, u.connection]),
      plan.users.length,
    );
    await this.insert(
      USERS,
      COLUMNS.stubUsers,
      rowsOf(plan.stubUsers, (id) => [id]),
      plan.stubUsers.length,
      "",
      "stub users",
    );
    await this.upsert(
      GROUPS,
      COLUMNS.groups,
      plan.groups.map((g) => [g.id, g.name, nameKey(g.name), g.description]),
      plan.groups.length,
    );
    for (const [table, key] of [
      [ROLES, "roles"],
      [PERMISSIONS, "permissions"],
    ] as const) {
      await this.upsert(
        table,
        COLUMNS[key],
        plan[key].map((r) => [r.id, r.applicationId, r.name, nameKey(r.name), r.description]),
        plan[key].length,
      );
    }

    await this.insert(
      MAPPINGS,
      COLUMNS.mappings,
      plan.mappings.rows.map((m) => [m.id, m.groupId, m.connectionName, m.groupName]),
      plan.mappings.rows.length,
      "",
      "mappings",
    );
    for (const kind of Object.keys(LINK_TABLES) as LinkKind[]) {
      const link = LINK_TABLES[kind];
      if (kind === "memberships" || kind === "userRoles") {
        // Time-bound grants (docs/design.md §13.3): the window goes in with the row.
        const windows = plan.windows[kind];
        await this.insert(
          link,
          [link.owner, link.target, WINDOW_COLUMNS.validFrom, WINDOW_COLUMNS.expiresAt],
          windowedLinkRows(plan.links[kind], windows),
          plan.links[kind].size,
          "",
          kind,
        );
      } else await this.insert(link, [link.owner, link.target], linkRows(plan.links[kind]), plan.links[kind].size, "", kind);
    }
    if (plan.configuration) await this.manager.update(Configuration, { id: CONFIGURATION_ID }, plan.configuration as Partial<Configuration>);
  }

  /**
   * `gatehouse users import` (docs/design.md §14.2): inserts unknown users and gives known ones
   * the fields the export states (a missing one keeps the stored value), in id order and
   * multi-row statements like `write`. Memberships and roles are not touched.
   */
  async mergeUsers(users: ReadonlyArray<{ id: string; email: string | null; name: string | null; connection: string | null }>): Promise<void> {
    const { c, table } = USERS;
    const kept = [c.email, c.name, c.connection].map((column) => `${column} = COALESCE(excluded.${column}, ${table}.${column})`);
    const conflict = ` ON CONFLICT (${c.id}) DO UPDATE SET ${[...kept, `${c.updatedAt} = CURRENT_TIMESTAMP`].join(", ")}`;
    const rows = rowsOf([...users].sort(byId), (u) => [u.id, u.email, u.name, u.connection]);
    await this.insert(USERS, COLUMNS.users, rows, users.length, conflict, "users");
  }

  /** REPLACE empties every link table; MERGE removes the links of the owners the file rewrites. */
  private async clearLinks(plan: ImportPlan): Promise<void> {
    if (plan.replace) {
      // Emptying group_members row by row would bump each group's count down once per membership (3,000,000 on `large`): the counts are emptied with it instead.
      const restore = await this.setTriggersAside(TABLES.groupMembers.name);
      for (const { table } of [MAPPINGS, ...Object.values(LINK_TABLES)]) await this.manager.query(`DELETE FROM ${table}`);
      if (this.kind === "sqlite") await this.manager.query(`DELETE FROM ${MEMBER_COUNTS.table}`);
      for (const sql of restore) await this.manager.query(sql);
      return;
    }
    await this.deleteWhereIn("clear mappings", MAPPINGS, MAPPINGS.c.groupId, plan.mappings.owners);
    for (const kind of Object.keys(LINK_TABLES) as LinkKind[]) {
      const link = LINK_TABLES[kind];
      await this.deleteWhereIn(`clear ${kind}`, link, link.owner, plan.links[kind].owners);
    }
  }

  /** `column` is quoted. */
  private async deleteWhereIn(step: string, target: TableRef, column: string, ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    this.progress.start(step, ids.length);
    for (const chunk of chunks(ids, MAX_PARAMETERS)) {
      const p = new SqlParams(this.kind);
      await this.manager.query(`DELETE FROM ${target.table} WHERE ${column} IN (${p.list(chunk)})`, p.values);
      this.progress.advance(chunk.length);
    }
  }

  /** Moves renamed rows off their old name key so that names can move between rows in one import. */
  private async park(target: typeof GROUPS | typeof ROLES | typeof PERMISSIONS, ids: readonly string[]): Promise<void> {
    const { id, nameKey: key } = target.c;
    for (const chunk of chunks(ids, MAX_PARAMETERS - 1)) {
      const p = new SqlParams(this.kind);
      const prefix = p.add(PARKED_PREFIX);
      await this.manager.query(`UPDATE ${target.table} SET ${key} = ${prefix} || ${id} WHERE ${id} IN (${p.list(chunk)})`, p.values);
    }
  }

  /** Inserts new rows and updates existing ones (by id) in multi-row statements; `columns` are quoted. */
  private async upsert(target: UpsertTable, columns: readonly string[], rows: Iterable<Row>, total: number): Promise<void> {
    const { id, updatedAt } = target.c;
    const updates = columns.filter((c) => c !== id).map((c) => `${c} = excluded.${c}`);
    const conflict = ` ON CONFLICT (${id}) DO UPDATE SET ${[...updates, `${updatedAt} = CURRENT_TIMESTAMP`].join(", ")}`;
    await this.insert(target, columns, rows, total, conflict);
  }

  /** `columns` are quoted. */
  private async insert(target: TableRef, columns: readonly string[], rows: Iterable<Row>, total: number, suffix = "", step = target.name): Promise<void> {
    if (total === 0) return;
    this.progress.start(step, total);
    const rebuild = total >= REBUILD_INDEXES_FROM ? await this.dropSecondaryIndexes(target.name) : [];
    if (this.kind === "sqlite" && total >= REBUILD_INDEXES_FROM && target.name === TABLES.groupMembers.name) {
      rebuild.push(...(await this.setTriggersAside(target.name)), ...RECOUNT_MEMBERS_SQL);
    }
    const perStatement = Math.floor(MAX_PARAMETERS / columns.length);
    // The statement text depends only on the number of rows: built once per size (the driver caches it prepared).
    const texts = new Map<number, string>();
    const textFor = (count: number) => {
      let text = texts.get(count);
      if (!text) {
        const p = new SqlParams(this.kind);
        const tuples = Array.from({ length: count }, () => `(${columns.map(() => p.add(null)).join(", ")})`);
        text = `INSERT INTO ${target.table} (${columns.join(", ")}) VALUES ${tuples.join(", ")}${suffix}`;
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
   * SQLite: drops the triggers of `table` (in this transaction) and returns the statements that
   * recreate them, for a bulk load after which the caller recomputes what they maintain: 3,000,000
   * memberships bump their group's count one row at a time, where one GROUP BY recounts them all
   * (docs/design.md §10.1). All in the import's transaction: no other writer sees the gap.
   */
  private async setTriggersAside(table: string): Promise<string[]> {
    if (this.kind !== "sqlite") return [];
    const triggers: Array<{ name: string; sql: string }> = await this.manager.query(
      `SELECT "name", "sql" FROM "sqlite_master" WHERE "type" = 'trigger' AND "tbl_name" = ? AND "sql" IS NOT NULL`,
      [table],
    );
    for (const trigger of triggers) await this.manager.query(`DROP TRIGGER ${quoteIdentifier(trigger.name)}`);
    return triggers.map((trigger) => trigger.sql);
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
    const plain = indexes.filter((index) => !/^\s*CREATE\s+UNIQUE\b/i.test(index.sql) && !INDEXES_NAMED_BY_QUERIES.has(index.name));
    for (const index of plain) await this.manager.query(`DROP INDEX ${quoteIdentifier(index.name)}`);
    return plain.map((index) => index.sql);
  }
}

function* rowsOf<T>(items: readonly T[], toRow: (item: T) => Row): Generator<Row> {
  for (const item of items) yield toRow(item);
}

/** The window columns of group_members and user_roles, quoted (the same names on both). */
const WINDOW_COLUMNS = { validFrom: TABLES.groupMembers.c.validFrom, expiresAt: TABLES.groupMembers.c.expiresAt };

/** Like linkRows, with each link's window (unbounded when the file gives none). */
function* windowedLinkRows(set: LinkSet, windows: ReadonlyMap<string, GrantWindow>): Generator<Row> {
  for (const owner of [...set.targets.keys()].sort())
    for (const target of set.targets.get(owner)!) {
      const window = windows.size === 0 ? undefined : windows.get(linkKey(owner, target));
      yield [owner, target, window?.validFrom ?? null, window?.expiresAt ?? null];
    }
}

/** In primary-key order, so that the B-trees grow by appending (much faster than random inserts). */
function* linkRows(set: LinkSet): Generator<Row> {
  for (const owner of [...set.targets.keys()].sort()) for (const target of set.targets.get(owner)!) yield [owner, target];
}
