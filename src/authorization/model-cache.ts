import Sqlite from "better-sqlite3";
import { SUPPORTED_APPLICATION_TYPES, ApplicationType } from "../applications/application.entity";
import { Configuration, CONFIGURATION_SWITCHES, ORGANIZATION_SWITCHES } from "../configuration/configuration.entity";
import { BACKGROUND } from "../db/data-source";
import { Database } from "../db/database";
import { MODEL_REVISION_ID } from "../db/model-revision.entity";
import { selectFrom, TABLES } from "../db/tables";
import { CompiledModel, ModelRows, UserRows } from "./compiled-model";
import { finishPolicy, organizationDecisionOf, PolicyApplication, PolicyRequest, PolicyResult } from "./policy";
import { appendTo, entryOf } from "../common/maps";
import { GrantWindow } from "../common/grant-window";
import { activeGrants, grantKey } from "./effective";

/**
 * The small, hot part of the model every login reads — configuration, applications, group names,
 * nesting, mappings, group roles, role permissions — as of one committed revision, compiled for
 * logins (see CompiledModel). Memberships (the large part: one row per user and group) are cached
 * only for small models; otherwise they are read per login.
 */
export interface HotModel {
  revision: number;
  configuration: Configuration;
  applications: Map<string, PolicyApplication>;
  compiled: CompiledModel;
  /**
   * Every user's direct groups (user id → group ids) while there are at most `limits.memberships`
   * memberships (the Auth0 extension's ceiling is 9,000); null above: read per login.
   */
  memberships: Map<string, string[]> | null;
  /** Every user's directly assigned roles, likewise, while there are at most `limits.directRoles`. */
  directRoles: Map<string, string[]> | null;
  /**
   * The windows of the windowed rows among those held above (user id → `grantKey` → window;
   * docs/design.md §13). They are kept, never their standing: a login tests them at its own time.
   */
  grantWindows: Map<string, Map<string, GrantWindow>>;
}

/** One login answered from a current cached model and the user's rows: docs/design.md §3 on the compiled model. */
export function policyFromModel(model: HotModel, request: PolicyRequest, rows: UserRows): PolicyResult {
  const application = model.applications.get(request.clientId) ?? null;
  const decision = organizationDecisionOf(request, { application, organization: model.compiled.organizationSlice(request, rows) });
  return finishPolicy(request, model.compiled.collect(request, rows, decision), application, model.configuration, decision);
}

/**
 * One login at `now` (docs/design.md §13): the answer from the grants of `rows` active then, and
 * `validUntil`, until when it holds at least. The model holds rows and windows, never whether a
 * grant is active, so every caller goes through here with its request's time.
 */
export function loginAt(model: HotModel, request: PolicyRequest, rows: UserRows, now: number): { result: PolicyResult; validUntil: number | null } {
  const active = activeGrants(rows, now);
  return { result: policyFromModel(model, request, active.rows), validUntil: active.validUntil };
}

/** How many rows of each per-user table the cache keeps in memory at most. */
export interface UserRowLimits {
  memberships: number;
  directRoles: number;
}

/**
 * Rows of each per-user table kept in memory at most (beyond: read per login). Direct role
 * assignments are rare next to memberships (1 % of users on the `large` benchmark), so a model
 * whose memberships are read per login usually still has its direct roles in memory, and a login
 * reads one index instead of two.
 */
export const USER_ROW_CACHE_LIMITS: UserRowLimits = { memberships: 250_000, directRoles: 250_000 };

export type { UserRows } from "./compiled-model";

/** Reads the statements of a reload: `all(sql)` returns plain rows. */
type RowReader = (sql: string) => Promise<Array<Record<string, unknown>>>;

/** Lets waiting requests run: a reload is background work and must not stall logins for its whole length. */
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));
/** Rows a reload reads on SQLite between two turns of the event loop (~5 ms of reading on `large`). */
const RELOAD_SLICE = 5_000;

const { modelRevision: REVISION, configuration: CONFIG, applications: APPLICATIONS, groups: GROUPS, groupNestings: NESTINGS } = TABLES;
const { groupMappings: MAPPINGS, roles: ROLES, groupRoles: GROUP_ROLES, rolePermissions: ROLE_PERMISSIONS, permissions: PERMISSIONS } = TABLES;
const { groupMembers: MEMBERS, userRoles: USER_ROLES, users: USERS, organizations: ORGANIZATIONS, organizationMembers: ORG_MEMBERS, organizationMemberRoles: ORG_ROLES } = TABLES;

/** A reload's statements, built once like the per-login ones. */
const CONFIGURATION_SQL = `SELECT * FROM ${CONFIG.table} WHERE ${CONFIG.c.id} = 'v1'`;
const APPLICATIONS_SQL = selectFrom(APPLICATIONS, ["id", "name", "type", "requiredRoles", "organizationUsage", "tenantRolesInOrganizations"]);
const MODEL_ROWS_SQL: { [K in keyof ModelRows]-?: string } = {
  groups: selectFrom(GROUPS, ["id", "name"]),
  nestings: selectFrom(NESTINGS, ["parentId", "childId"]),
  mappings: selectFrom(MAPPINGS, ["groupId", "connectionName", "groupName"]),
  roles: selectFrom(ROLES, ["id", "name", "applicationId"]),
  groupRoles: selectFrom(GROUP_ROLES, ["groupId", "roleId"]),
  rolePermissions:
    `SELECT rp.${ROLE_PERMISSIONS.c.roleId} AS "roleId", p.${PERMISSIONS.c.name} AS "name" ` +
    `FROM ${ROLE_PERMISSIONS.table} rp JOIN ${PERMISSIONS.table} p ON p.${PERMISSIONS.c.id} = rp.${ROLE_PERMISSIONS.c.permissionId}`,
  organizations: selectFrom(ORGANIZATIONS, ["id", "name", "displayName", "metadata"]),
};
/**
 * The per-user tables the cache may hold: the quoted table, the statement reading it whole as
 * (userId, id, validFrom, expiresAt) rows, and the key of a row's window.
 */
const USER_ROW_TABLES: Record<keyof UserRowLimits, { table: string; all: string; key: (id: string) => string }> = {
  memberships: {
    table: MEMBERS.table,
    all: `SELECT ${MEMBERS.c.userId}, ${MEMBERS.c.groupId} AS "id", ${MEMBERS.c.validFrom} AS "validFrom", ${MEMBERS.c.expiresAt} AS "expiresAt" FROM ${MEMBERS.table}`,
    key: grantKey.group,
  },
  directRoles: {
    table: USER_ROLES.table,
    all: `SELECT ${USER_ROLES.c.userId}, ${USER_ROLES.c.roleId} AS "id", ${USER_ROLES.c.validFrom} AS "validFrom", ${USER_ROLES.c.expiresAt} AS "expiresAt" FROM ${USER_ROLES.table}`,
    key: grantKey.role,
  },
};

/** A bigint epoch-milliseconds column as read (a number on SQLite, a string on PostgreSQL), or null. */
function epoch(value: unknown): number | null {
  return value === null || value === undefined ? null : Number(value);
}

async function readModel(all: RowReader, limits: UserRowLimits): Promise<HotModel> {
  const [revisionRow] = await all(REVISION_SQL);
  const [configRow] = await all(CONFIGURATION_SQL);
  const configuration = Object.assign(new Configuration(), configRow);
  for (const key of [...CONFIGURATION_SWITCHES, ...ORGANIZATION_SWITCHES]) configuration[key] = Boolean(configRow?.[key]);
  configuration.tokenLifetimeSeconds = Number(configuration.tokenLifetimeSeconds);

  const applications = new Map<string, PolicyApplication>();
  for (const row of await all(APPLICATIONS_SQL)) {
    const type = String(row.type) as ApplicationType;
    applications.set(String(row.id), {
      id: String(row.id),
      name: String(row.name),
      type,
      supported: SUPPORTED_APPLICATION_TYPES.has(type),
      requiredRoles: JSON.parse(String(row.requiredRoles)) as string[],
      organizationUsage: String(row.organizationUsage) as PolicyApplication["organizationUsage"],
      tenantRolesInOrganizations: Boolean(row.tenantRolesInOrganizations),
    });
  }
  // Every column read here is text on both databases.
  const rows = async <K extends keyof ModelRows>(key: K) => (await all(MODEL_ROWS_SQL[key])) as unknown as ModelRows[K];
  const compiled = await CompiledModel.inSteps(
    {
      groups: await rows("groups"),
      nestings: await rows("nestings"),
      mappings: await rows("mappings"),
      roles: await rows("roles"),
      groupRoles: await rows("groupRoles"),
      rolePermissions: await rows("rolePermissions"),
      organizations: await rows("organizations"),
    },
    nextTurn,
  );
  const grantWindows = new Map<string, Map<string, GrantWindow>>();
  const byUser = async (kind: keyof UserRowLimits): Promise<Map<string, string[]> | null> => {
    const { table, all: everyRow, key } = USER_ROW_TABLES[kind];
    const limit = limits[kind];
    // Counted up to the limit only: a full COUNT(*) scans the whole table (3 million rows on `large`).
    const [{ n }] = await all(`SELECT COUNT(*) AS "n" FROM (SELECT 1 FROM ${table} LIMIT ${limit + 1}) AS "rows"`);
    if (Number(n) > limit) return null;
    const map = new Map<string, string[]>();
    for (const row of await all(everyRow)) {
      const userId = String(row.userId);
      appendTo(map, userId, String(row.id));
      const validFrom = epoch(row.validFrom);
      const expiresAt = epoch(row.expiresAt);
      if (validFrom !== null || expiresAt !== null) entryOf(grantWindows, userId, () => new Map<string, GrantWindow>()).set(key(String(row.id)), { validFrom, expiresAt });
    }
    return map;
  };
  const memberships = await byUser("memberships");
  const directRoles = await byUser("directRoles");
  return {
    revision: Number(revisionRow?.revision ?? 0),
    memberships,
    directRoles,
    grantWindows,
    configuration,
    applications,
    compiled,
  };
}

const EMPTY: readonly string[] = [];
/** A login's profile check (docs/design.md §14.1): the user's record by its key. */
const USER_PROFILE_SQL = `SELECT ${USERS.c.email} AS "email", ${USERS.c.name} AS "name", ${USERS.c.connection} AS "connection" FROM ${USERS.table} WHERE ${USERS.c.id} = $1`;
const REVISION_SQL = `SELECT ${REVISION.c.revision} FROM ${REVISION.table} WHERE ${REVISION.c.id} = ${MODEL_REVISION_ID}`;
// Every part answers (kind, id, validFrom, expiresAt): the windows (docs/design.md §13) are read
// with the rows and tested at the request's time, never cached as a standing.
const REVISION_PART =
  `SELECT 'v' AS "kind", CAST(${REVISION.c.revision} AS VARCHAR(20)) AS "id", CAST(NULL AS BIGINT) AS "validFrom", CAST(NULL AS BIGINT) AS "expiresAt" ` +
  `FROM ${REVISION.table} WHERE ${REVISION.c.id} = ${MODEL_REVISION_ID}`;
/** A part's window columns. */
const WINDOW_OF = (table: { c: { validFrom: string; expiresAt: string } }) => `${table.c.validFrom} AS "validFrom", ${table.c.expiresAt} AS "expiresAt"`;
// Index-only lookups: group_members by its (userId, groupId, validFrom, expiresAt) index, user_roles by its key.
const MEMBERSHIPS_PART = `SELECT 'g' AS "kind", ${MEMBERS.c.groupId} AS "id", ${WINDOW_OF(MEMBERS)} FROM ${MEMBERS.table} WHERE ${MEMBERS.c.userId} = $1`;
const DIRECT_ROLES_PART = `SELECT 'r' AS "kind", ${USER_ROLES.c.roleId} AS "id", ${WINDOW_OF(USER_ROLES)} FROM ${USER_ROLES.table} WHERE ${USER_ROLES.c.userId} = $1`;
// Organization memberships ('m': the organization id) and member roles ('o': organization id, a
// space, role id — organization ids have no spaces), by the (userId, …) covering indexes.
const ORG_MEMBERS_PART = `SELECT 'm' AS "kind", ${ORG_MEMBERS.c.organizationId} AS "id", ${WINDOW_OF(ORG_MEMBERS)} FROM ${ORG_MEMBERS.table} WHERE ${ORG_MEMBERS.c.userId} = $1`;
const ORG_ROLES_PART =
  `SELECT 'o' AS "kind", ${ORG_ROLES.c.organizationId} || ' ' || ${ORG_ROLES.c.roleId} AS "id", ${WINDOW_OF(ORG_ROLES)} ` +
  `FROM ${ORG_ROLES.table} WHERE ${ORG_ROLES.c.userId} = $1`;

type HeldRows = Pick<HotModel, "memberships" | "directRoles" | "compiled">;

/** A statement of the hot connection (none on PostgreSQL) and how many `$n` placeholders it binds. */
interface PreparedRead {
  statement?: Sqlite.Statement;
  placeholders: number;
}

function buildUserRowsSql(revision: boolean, memberships: boolean, directRoles: boolean, organizations: boolean): string | null {
  const parts = [
    revision ? REVISION_PART : null,
    memberships ? MEMBERSHIPS_PART : null,
    directRoles ? DIRECT_ROLES_PART : null,
    organizations ? ORG_MEMBERS_PART : null,
    organizations ? ORG_ROLES_PART : null,
  ];
  const sql = parts.filter((part) => part !== null).join(" UNION ALL ");
  return sql === "" ? null : sql;
}

/** Every combination built once, indexed by `userRowsSql` (logins do not assemble SQL). */
const USER_ROWS_SQL = Array.from({ length: 16 }, (_, k) => buildUserRowsSql(Boolean(k & 4), Boolean(k & 2), Boolean(k & 1), Boolean(k & 8)));

/**
 * The one statement that reads what a login needs beyond `model`: the user's memberships and
 * direct roles that `model` does not hold, the user's organizations and member roles when
 * `organizations` (a login for an organization), and — with `revision` — the model revision, so
 * that a caller who knows the user up front proves the cache fresh in the same statement.
 */
function userRowsSql(model: HeldRows | null, revision: boolean, organizations: boolean): string | null {
  // Only a login for an organization reads organization rows, and only while the model has an
  // organization at all: other logins, and deployments without organizations, pay nothing.
  const withOrganizations = organizations && model?.compiled.hasOrganizations === true;
  return USER_ROWS_SQL[(withOrganizations ? 8 : 0) | (revision ? 4 : 0) | (model?.memberships ? 0 : 2) | (model?.directRoles ? 0 : 1)];
}

/**
 * One row of a `userRowsSql` statement: its kind ('v' revision, 'g' group, 'r' role, 'm'
 * organization, 'o' organization member role), the id, and the grant's window (epoch ms or null).
 */
type KindAndId = [kind: string, id: string, validFrom: unknown, expiresAt: unknown];

/** The rows of a `userRowsSql` statement: the revision (when asked for) and the user's ids, with the windows of the windowed ones. */
function splitRows(rows: KindAndId[]): { revision: number; read: UserRows } {
  let revision = 0;
  const read: UserRows = { groupIds: [], roleIds: [] };
  let organizations: Map<string, string[]> | undefined;
  let windows: Map<string, GrantWindow> | undefined;
  for (const [kind, id, from, until] of rows) {
    if (from !== null || until !== null) (windows ??= new Map()).set(`${kind} ${id}`, { validFrom: epoch(from), expiresAt: epoch(until) });
    if (kind === "v") revision = Number(id);
    else if (kind === "g") read.groupIds.push(String(id));
    else if (kind === "r") read.roleIds.push(String(id));
    else if (kind === "m") {
      organizations ??= new Map();
      if (!organizations.has(id)) organizations.set(id, []);
    } else {
      const space = id.indexOf(" ");
      organizations ??= new Map();
      appendTo(organizations, id.slice(0, space), id.slice(space + 1));
    }
  }
  if (organizations) read.organizations = organizations;
  if (windows) read.windows = windows;
  return { revision, read };
}

/**
 * Keeps the hot model in memory and proves it fresh on every use: each request reads the
 * revision (one indexed single-row statement) and uses the cache only when it was built at
 * exactly that revision; otherwise the request takes the uncached path and a reload starts in
 * the background. Since every write bumps the revision in its own transaction, the cache never
 * serves data older than the last committed write — from this process or any other. Time-bound
 * grants need nothing more: the cache holds their windows, never whether they are active, and
 * each login tests them at its own time (docs/design.md §13.2), so a boundary passing changes
 * the answer of a current cache without any write or reload.
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
  private readonly statements = new Map<string, PreparedRead>();
  private readonly rawStatements = new Map<string, PreparedRead>();

  constructor(private readonly db: Database) {
    const file = db.kind === "sqlite" ? String((db.dataSource.options as { database?: unknown }).database) : null;
    if (file && file !== ":memory:") {
      this.hot = new Sqlite(file, { readonly: true, fileMustExist: true });
      this.loader = new Sqlite(file, { readonly: true, fileMustExist: true });
      for (const connection of [this.hot, this.loader]) {
        connection.pragma("busy_timeout = 5000");
        // Logins read random users' index pages: a larger page cache than SQLite's 2 MB default.
        // (Memory-mapping the file saved ~3 µs per login on `large` but put up to the whole file
        // into the server's RSS.)
        connection.pragma("cache_size = -65536");
      }
    }
  }

  private limits: UserRowLimits = USER_ROW_CACHE_LIMITS;

  /** Changes the limits and drops the cached model (tests use 0 to take the large-model paths). */
  setUserRowLimits(limits: UserRowLimits): void {
    this.limits = limits;
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
    return (await this.check()).model;
  }

  /**
   * The committed revision (one indexed single-row statement) and the cached model if it was built
   * at exactly that revision; otherwise `model` is null and a reload starts.
   */
  async check(): Promise<{ revision: number; model: HotModel | null }> {
    const revision = Number((await this.read(REVISION_SQL))[0]?.revision ?? 0);
    return { revision, model: this.enabled ? this.at(revision) : null };
  }

  /**
   * The same, read together with the user's rows — one statement, which also reads the revision.
   * Which of the user's rows it reads depends on what the model held so far keeps in memory, and
   * on `organizations`: the user's organization rows are read only for a login for an
   * organization (otherwise `rows.organizations` is absent). `rows` is null when that model is
   * not current (or the cache is off).
   */
  async checkFor(userId: string, organizations = false): Promise<{ revision: number; model: HotModel | null; rows: UserRows | null }> {
    if (!this.enabled) return { ...(await this.check()), rows: null };
    const held = this.model;
    const { revision, read } = splitRows(await this.readUserRows(userRowsSql(held, true, organizations) as string, userId));
    const model = this.at(revision);
    // A reload that finished during the read (PostgreSQL) may keep other rows in memory than the
    // statement assumed: answer this login uncached rather than from a mix.
    if (!model || model !== held) return { revision, model: null, rows: null };
    return { revision, model, rows: this.fromModel(model, userId, read) };
  }

  /** The user's stored e-mail, name and connection (null for an unknown user): one keyed read on the hot connection, no transaction. */
  async userProfile(userId: string): Promise<{ email: string | null; name: string | null; connection: string | null } | null> {
    const [row] = await this.read(USER_PROFILE_SQL, userId);
    if (!row) return null;
    const text = (value: unknown) => (value === null || value === undefined ? null : String(value));
    return { email: text(row.email), name: text(row.name), connection: text(row.connection) };
  }

  /** `read` completed with what `model` keeps in memory (rows and their windows). */
  private fromModel(model: HotModel, userId: string, read: UserRows): UserRows {
    const rows: UserRows = {
      groupIds: model.memberships ? (model.memberships.get(userId) ?? (EMPTY as string[])) : read.groupIds,
      roleIds: model.directRoles ? (model.directRoles.get(userId) ?? (EMPTY as string[])) : read.roleIds,
      organizations: read.organizations,
    };
    const held = model.grantWindows.get(userId);
    if (held && read.windows) rows.windows = new Map([...held, ...read.windows]);
    else if (held ?? read.windows) rows.windows = held ?? read.windows;
    return rows;
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
          // The driver is synchronous: let waiting requests run between the reload's statements
          // and every RELOAD_SLICE rows within one (reading the 50,000 groups of `large` at once
          // held the event loop for ~55 ms, its nestings ~70 ms). The connection is the reload's own.
          await nextTurn();
          this.db.stats.recordBackground();
          const rows: Array<Record<string, unknown>> = [];
          for (const row of loader.prepare(sql).iterate() as IterableIterator<Record<string, unknown>>) {
            if (rows.push(row) % RELOAD_SLICE === 0) await nextTurn();
          }
          return rows;
        }, this.limits);
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
        return await readModel((sql) => runner.query(sql) as Promise<Array<Record<string, unknown>>>, this.limits);
      } finally {
        await runner.commitTransaction();
      }
    } finally {
      await runner.release();
    }
  }

  /**
   * A `userRowsSql` statement's rows as `[kind, id]` pairs: on SQLite straight from a raw-mode
   * statement (no object per row; ~10 % of the statement's cost on `large`).
   */
  private async readUserRows(sql: string, userId: string): Promise<KindAndId[]> {
    if (this.hot) return (await this.read(sql, userId, true)) as unknown as KindAndId[];
    return (await this.read(sql, userId)).map((row) => [String(row.kind), String(row.id), row.validFrom ?? null, row.expiresAt ?? null]);
  }

  /**
   * One statement on the hot connection (SQLite: cached prepared statement; `$n` → `?`; with
   * `raw`, rows as arrays), each placeholder bound to `userId`.
   */
  private async read(sql: string, userId?: string, raw = false): Promise<Array<Record<string, unknown>>> {
    const statements = raw ? this.rawStatements : this.statements;
    let prepared = statements.get(sql);
    if (!prepared) {
      const placeholders = sql.match(/\$\d+/g)?.length ?? 0;
      // `+?`, not `?`: the user id must not steer the plan (docs/design.md §8.1). Once ANALYZE
      // has written sqlite_stat4, SQLite re-prepares a statement whose bound value is compared
      // with a non-unique index on each new value — about 3 µs per part of a login's statement
      // on `large`, more than the lookups. Unary plus leaves the value (and the index) as it is.
      prepared = { statement: this.hot?.prepare(sql.replace(/\$\d+/g, "+?")).raw(raw), placeholders };
      statements.set(sql, prepared);
    }
    const { statement, placeholders } = prepared;
    if (statement) {
      this.db.stats.record();
      return (placeholders === 0 ? statement.all() : placeholders === 1 ? statement.all(userId) : statement.all(...Array(placeholders).fill(userId))) as Array<
        Record<string, unknown>
      >;
    }
    // PostgreSQL: `$1` may appear several times and is bound once.
    return this.db.dataSource.query(sql, placeholders === 0 ? [] : [userId]);
  }
}
