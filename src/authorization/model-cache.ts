import Sqlite from "better-sqlite3";
import { SUPPORTED_APPLICATION_TYPES, ApplicationType } from "../applications/application.entity";
import { Configuration, CONFIGURATION_SWITCHES } from "../configuration/configuration.entity";
import { BACKGROUND } from "../db/data-source";
import { Database } from "../db/database";
import { MODEL_REVISION_ID } from "../db/model-revision.entity";
import { NamedRef, PolicyApplication } from "./policy";

/** A role as the cache keeps it: with its application, so one map serves every client. */
export interface CachedRole extends NamedRef {
  applicationId: string;
}

/**
 * The small, hot part of the model every login reads — configuration, applications, group names,
 * nesting, mappings, group roles, role permissions — as of one committed revision. Memberships
 * (the large part: one row per user and group) are not cached; they are read per login.
 */
export interface HotModel {
  revision: number;
  configuration: Configuration;
  applications: Map<string, PolicyApplication>;
  groupNames: Map<string, string>;
  parents: Map<string, NamedRef[]>;
  /** connection → IdP group name → mapped groups. */
  mappings: Map<string, Map<string, NamedRef[]>>;
  groupRoles: Map<string, CachedRole[]>;
  roles: Map<string, CachedRole>;
  rolePermissions: Map<string, string[]>;
  /**
   * Every user's direct groups and roles — only while the model has at most
   * MEMBERSHIP_CACHE_LIMIT of them (the Auth0 extension's ceiling is 9,000); null above.
   */
  users: Map<string, UserRows> | null;
}

/** Memberships plus direct role assignments kept in memory at most (beyond: read per login). */
export const MEMBERSHIP_CACHE_LIMIT = 250_000;

/** What one login reads that is not cached: the ids of the user's groups and direct roles. */
export interface UserRows {
  groupIds: string[];
  roleIds: string[];
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** Reads the statements of a reload: `all(sql)` returns plain rows. */
type RowReader = (sql: string) => Promise<Array<Record<string, unknown>>>;

async function readModel(all: RowReader, membershipLimit: number): Promise<HotModel> {
  const [revisionRow] = await all(`SELECT "revision" FROM "model_revision" WHERE "id" = ${MODEL_REVISION_ID}`);
  const [configRow] = await all(`SELECT * FROM "configuration" WHERE "id" = 'v1'`);
  const configuration = Object.assign(new Configuration(), configRow);
  for (const key of CONFIGURATION_SWITCHES) configuration[key] = Boolean(configRow?.[key]);
  configuration.tokenLifetimeSeconds = Number(configuration.tokenLifetimeSeconds);

  const applications = new Map<string, PolicyApplication>();
  for (const row of await all(`SELECT "id", "name", "type", "requiredRoles" FROM "applications"`)) {
    const type = String(row.type) as ApplicationType;
    applications.set(String(row.id), {
      id: String(row.id),
      name: String(row.name),
      type,
      supported: SUPPORTED_APPLICATION_TYPES.has(type),
      requiredRoles: JSON.parse(String(row.requiredRoles)) as string[],
    });
  }
  const groupNames = new Map<string, string>();
  for (const row of await all(`SELECT "id", "name" FROM "groups"`)) groupNames.set(String(row.id), String(row.name));
  const parents = new Map<string, NamedRef[]>();
  for (const row of await all(`SELECT "parentId", "childId" FROM "group_nestings"`)) {
    const parentId = String(row.parentId);
    push(parents, String(row.childId), { id: parentId, name: groupNames.get(parentId) ?? parentId });
  }
  const mappings = new Map<string, Map<string, NamedRef[]>>();
  for (const row of await all(`SELECT "groupId", "connectionName", "groupName" FROM "group_mappings"`)) {
    const connection = String(row.connectionName);
    let byName = mappings.get(connection);
    if (!byName) mappings.set(connection, (byName = new Map()));
    const groupId = String(row.groupId);
    push(byName, String(row.groupName), { id: groupId, name: groupNames.get(groupId) ?? groupId });
  }
  const roles = new Map<string, CachedRole>();
  for (const row of await all(`SELECT "id", "name", "applicationId" FROM "roles"`)) {
    roles.set(String(row.id), { id: String(row.id), name: String(row.name), applicationId: String(row.applicationId) });
  }
  const groupRoles = new Map<string, CachedRole[]>();
  for (const row of await all(`SELECT "groupId", "roleId" FROM "group_roles"`)) {
    const role = roles.get(String(row.roleId));
    if (role) push(groupRoles, String(row.groupId), role);
  }
  const rolePermissions = new Map<string, string[]>();
  for (const row of await all(
    `SELECT rp."roleId" AS "roleId", p."name" AS "name" FROM "role_permissions" rp JOIN "permissions" p ON p."id" = rp."permissionId"`,
  )) {
    push(rolePermissions, String(row.roleId), String(row.name));
  }
  const [{ n }] = await all(
    `SELECT (SELECT COUNT(*) FROM "group_members") + (SELECT COUNT(*) FROM "user_roles") AS "n"`,
  );
  let users: Map<string, UserRows> | null = null;
  if (Number(n) <= membershipLimit) {
    const byUser = new Map<string, UserRows>();
    const rowsOf = (userId: string): UserRows => {
      let rows = byUser.get(userId);
      if (!rows) byUser.set(userId, (rows = { groupIds: [], roleIds: [] }));
      return rows;
    };
    for (const row of await all(`SELECT "userId", "groupId" FROM "group_members"`)) rowsOf(String(row.userId)).groupIds.push(String(row.groupId));
    for (const row of await all(`SELECT "userId", "roleId" FROM "user_roles"`)) rowsOf(String(row.userId)).roleIds.push(String(row.roleId));
    users = byUser;
  }
  return {
    revision: Number(revisionRow?.revision ?? 0),
    users,
    configuration,
    applications,
    groupNames,
    parents,
    mappings,
    groupRoles,
    roles,
    rolePermissions,
  };
}

// Two index-only lookups (group_members by its (userId, groupId) index, user_roles by its key).
const NO_ROWS: UserRows = { groupIds: [], roleIds: [] };

const USER_ROWS_SQL =
  `SELECT 'g' AS "kind", "groupId" AS "id" FROM "group_members" WHERE "userId" = $1 ` +
  `UNION ALL SELECT 'r', "roleId" FROM "user_roles" WHERE "userId" = $2`;
const REVISION_SQL = `SELECT "revision" FROM "model_revision" WHERE "id" = ${MODEL_REVISION_ID}`;
// The revision and the user's rows in one statement, for callers that know the user up front.
const LOGIN_SQL =
  `SELECT 'v' AS "kind", CAST("revision" AS VARCHAR(20)) AS "id" FROM "model_revision" WHERE "id" = ${MODEL_REVISION_ID} ` +
  `UNION ALL ${USER_ROWS_SQL}`;

/**
 * Keeps the hot model in memory and proves it fresh on every use: each request reads the
 * revision (one indexed single-row statement) and uses the cache only when it was built at
 * exactly that revision; otherwise the request takes the uncached path and a reload starts in
 * the background. Since every write bumps the revision in its own transaction, the cache never
 * serves data older than the last committed write — from this process or any other.
 *
 * On SQLite it reads through two read-only connections of its own (WAL: they see committed data
 * only): one for the per-request statements, one for reloads, whose read transaction must not
 * hide newer commits from the per-request reads. On PostgreSQL both go through the pool, the
 * reload in a REPEATABLE READ transaction (one consistent snapshot).
 */
export class ModelCache {
  private model: HotModel | null = null;
  private reloading: Promise<void> | null = null;
  private hot?: Sqlite.Database;
  private loader?: Sqlite.Database;
  private readonly statements = new Map<string, Sqlite.Statement>();

  constructor(private readonly db: Database) {
    const file = db.kind === "sqlite" ? String((db.dataSource.options as { database?: unknown }).database) : null;
    if (file && file !== ":memory:") {
      this.hot = new Sqlite(file, { readonly: true, fileMustExist: true });
      this.loader = new Sqlite(file, { readonly: true, fileMustExist: true });
      for (const connection of [this.hot, this.loader]) {
        connection.pragma("busy_timeout = 5000");
        // Logins read random users' index pages: map the file (no read syscall per page) and keep
        // a larger page cache than SQLite's 2 MB default.
        connection.pragma("mmap_size = 1073741824");
        connection.pragma("cache_size = -65536");
      }
    }
  }

  /** Most memberships + direct roles cached in memory (see HotModel.users). */
  private membershipLimit = MEMBERSHIP_CACHE_LIMIT;

  /** Changes the limit and drops the cached model (tests use 0 to take the large-model path). */
  setMembershipLimit(limit: number): void {
    this.membershipLimit = limit;
    this.model = null;
  }

  /** Logins answered from the cache, and those that were not (a metric). */
  hits = 0;
  misses = 0;

  /** The revision the cache holds, if any (a metric). */
  get cachedRevision(): number | null {
    return this.model?.revision ?? null;
  }

  /** Whether the cache can be used at all (not for an in-memory SQLite database). */
  get enabled(): boolean {
    return this.db.kind === "postgres" || this.hot !== undefined;
  }

  /** The cached model if it is current; otherwise null (and a reload is started). */
  async current(): Promise<HotModel | null> {
    if (!this.enabled) return null;
    return this.at(Number((await this.read(REVISION_SQL, []))[0]?.revision ?? 0));
  }

  /**
   * The revision, the cached model if current, and the user's rows — one statement. The REST
   * policy endpoint knows the user before it authenticates, so a warm login costs just this.
   */
  async currentFor(userId: string): Promise<{ model: HotModel | null; rows: UserRows }> {
    if (!this.enabled) return { model: null, rows: await this.userRows(userId) };
    if (this.model?.users) {
      // Memberships are cached too: the revision alone decides.
      const model = await this.current();
      return { model, rows: await this.userRows(userId, model ?? undefined) };
    }
    let revision = 0;
    const groupIds: string[] = [];
    const roleIds: string[] = [];
    for (const row of await this.read(LOGIN_SQL, [userId, userId])) {
      if (row.kind === "v") revision = Number(row.id);
      else (row.kind === "g" ? groupIds : roleIds).push(String(row.id));
    }
    return { model: this.at(revision), rows: { groupIds, roleIds } };
  }

  /** The cached model if it was built at `revision`; otherwise null, and a reload starts. */
  private at(revision: number): HotModel | null {
    if (this.model && this.model.revision === revision) return this.model;
    this.reload();
    return null;
  }

  /**
   * Waits until the cache is current (tests and benchmarks use it to start warm). A reload that
   * began before the latest commit finishes one revision behind, so it may take more than one.
   */
  async warm(): Promise<HotModel | null> {
    if (!this.enabled) return null;
    for (let attempt = 0; attempt < 10; attempt++) {
      const model = await this.current();
      if (model) return model;
      await this.reloading;
    }
    return this.current();
  }


  /** The ids of the user's direct groups and directly assigned roles: from `model` when it holds them, else one statement. */
  async userRows(userId: string, model?: HotModel): Promise<UserRows> {
    if (model?.users) return model.users.get(userId) ?? NO_ROWS;
    const rows = await this.read(USER_ROWS_SQL, [userId, userId]);
    const groupIds: string[] = [];
    const roleIds: string[] = [];
    for (const row of rows) (row.kind === "g" ? groupIds : roleIds).push(String(row.id));
    return { groupIds, roleIds };
  }

  close(): void {
    this.hot?.close();
    this.loader?.close();
  }

  private reload(): void {
    if (this.reloading) return;
    this.reloading = this.load()
      .then((model) => {
        if (!this.model || model.revision >= this.model.revision) this.model = model;
      })
      .catch(() => {
        this.model = null;
      })
      .finally(() => {
        this.reloading = null;
      });
  }

  private async load(): Promise<HotModel> {
    if (this.loader) {
      const loader = this.loader;
      loader.exec("BEGIN");
      try {
        return await readModel(async (sql) => {
          this.db.stats.recordBackground();
          return loader.prepare(sql).all() as Array<Record<string, unknown>>;
        }, this.membershipLimit);
      } finally {
        loader.exec("COMMIT");
      }
    }
    // A runner of its own, marked before its first statement, so that BEGIN and COMMIT count as
    // background work too.
    const runner = this.db.dataSource.createQueryRunner();
    runner.data = { [BACKGROUND]: true };
    await runner.connect();
    try {
      await runner.startTransaction("REPEATABLE READ");
      try {
        return await readModel((sql) => runner.query(sql) as Promise<Array<Record<string, unknown>>>, this.membershipLimit);
      } finally {
        await runner.commitTransaction();
      }
    } finally {
      await runner.release();
    }
  }

  /** One statement on the hot connection (SQLite: cached prepared statement; `$n` → `?`). */
  private async read(sql: string, params: unknown[]): Promise<Array<Record<string, unknown>>> {
    if (this.hot) {
      let statement = this.statements.get(sql);
      if (!statement) this.statements.set(sql, (statement = this.hot.prepare(sql.replace(/\$\d+/g, "?"))));
      this.db.stats.record();
      return statement.all(...params) as Array<Record<string, unknown>>;
    }
    return this.db.dataSource.query(sql, params);
  }
}
