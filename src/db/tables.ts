import { DefaultNamingStrategy, getMetadataArgsStorage, type NamingStrategyInterface } from "typeorm";
import { Application } from "../applications/application.entity";
import { Configuration } from "../configuration/configuration.entity";
import { GroupMapping, GroupMember, GroupNesting, GroupRole } from "../groups/group-links.entity";
import { Group } from "../groups/group.entity";
import { OrganizationMemberRole, OrganizationMembership } from "../organizations/organization-links.entity";
import { Organization } from "../organizations/organization.entity";
import { Permission } from "../permissions/permission.entity";
import { RolePermission, UserRole } from "../roles/role-links.entity";
import { Role } from "../roles/role.entity";
import { AuthorizationSnapshot } from "../users/authorization-snapshot.entity";
import { User } from "../users/user.entity";
import { ModelRevision } from "./model-revision.entity";

/*
 * Table and column names for the hand-written SQL, taken from the entities' decorators so that
 * a rename in an entity reaches every statement. Read from TypeORM's metadata arguments at module
 * load rather than from a DataSource's metadata: the hot statements are module-level constants,
 * built before any data source exists, and the names are the same on both drivers. The data
 * source uses TypeORM's default naming strategy, which this applies the same way
 * (tables.test.ts checks the result against the metadata TypeORM builds for each driver).
 */

/** Quotes an identifier for SQLite and PostgreSQL alike (both double quotes, `"` doubled, as TypeORM's drivers escape). */
export function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/**
 * The properties of `T` that can be columns: relations (class-typed properties) are not. A
 * getter such as `Application.supported` still passes the type; it is absent at run time.
 */
export type ColumnProperty<T> = {
  [K in keyof T & string]-?: NonNullable<T[K]> extends Date | readonly unknown[] | Record<string, unknown> ? K : NonNullable<T[K]> extends object ? never : K;
}[keyof T & string];

/** Column name by entity property. */
export type ColumnNames<T> = { readonly [K in ColumnProperty<T>]: string };

/** One entity's names as TypeORM maps them. */
export interface TableNames<T> {
  /** The table name as stored (for catalogue lookups, where it is a bound value). */
  readonly name: string;
  /** The table name quoted for SQL text, e.g. `"group_members"`. */
  readonly table: string;
  /** Column names as stored. */
  readonly columns: ColumnNames<T>;
  /** Column names quoted for SQL text, e.g. `"groupId"` (short: statements are full of them). */
  readonly c: ColumnNames<T>;
}

/** Just a table's name, stored and quoted: what statements that work on any table take. */
export type TableRef = Pick<TableNames<unknown>, "name" | "table">;

// Typed as the interface, which (as TypeORM calls it) allows no custom column name.
const naming: NamingStrategyInterface = new DefaultNamingStrategy();

/** `entity`'s table and column names from its decorators (throws for a class that is not an entity). */
export function tableNames<T>(entity: new () => T): TableNames<T> {
  const storage = getMetadataArgsStorage();
  const [table] = storage.filterTables(entity);
  if (!table) throw new Error(`${entity.name} is not a TypeORM entity`);
  const name = naming.tableName(entity.name, table.name);
  const columns: Record<string, string> = {};
  const c: Record<string, string> = {};
  for (const column of storage.filterColumns(entity)) {
    columns[column.propertyName] = naming.columnName(column.propertyName, column.options.name, []);
    c[column.propertyName] = quoteIdentifier(columns[column.propertyName]);
  }
  return Object.freeze({
    name,
    table: quoteIdentifier(name),
    columns: Object.freeze(columns) as ColumnNames<T>,
    c: Object.freeze(c) as ColumnNames<T>,
  });
}

/** The quoted names of `properties`' columns, in that order: a column list of an INSERT or SELECT. */
export function quotedColumns<T>(names: TableNames<T>, properties: readonly ColumnProperty<T>[]): string[] {
  return properties.map((property) => names.c[property]);
}

/** `SELECT "a", "b" FROM "t"`: the given columns of the whole table. */
export function selectFrom<T>(names: TableNames<T>, properties: readonly ColumnProperty<T>[]): string {
  return `SELECT ${quotedColumns(names, properties).join(", ")} FROM ${names.table}`;
}

/** Every table the hand-written SQL reads or writes. */
export const TABLES = {
  applications: tableNames(Application),
  users: tableNames(User),
  groups: tableNames(Group),
  groupMembers: tableNames(GroupMember),
  groupNestings: tableNames(GroupNesting),
  groupRoles: tableNames(GroupRole),
  groupMappings: tableNames(GroupMapping),
  roles: tableNames(Role),
  rolePermissions: tableNames(RolePermission),
  userRoles: tableNames(UserRole),
  permissions: tableNames(Permission),
  configuration: tableNames(Configuration),
  authorizationSnapshots: tableNames(AuthorizationSnapshot),
  modelRevision: tableNames(ModelRevision),
  organizations: tableNames(Organization),
  organizationMembers: tableNames(OrganizationMembership),
  organizationMemberRoles: tableNames(OrganizationMemberRole),
} as const;

/**
 * Each group's number of direct members, kept by triggers on group_members
 * (migrations/…-GroupMemberCounts; docs/design.md §10.1). No entity: nothing but those triggers
 * writes it — and a bulk import on SQLite, which sets the triggers aside and recounts.
 */
/**
 * Indexes that queries name (SQLite `INDEXED BY`): a bulk import keeps them, since on SQLite the
 * server's reads share the import's connection and would see them gone ("no such index").
 */
export const MEMBERSHIPS_BY_USER_INDEX = "IDX_group_members_user_group";
/** The windowed memberships (docs/design.md §13): the active-member reads probe them. */
export const GROUP_MEMBERS_WINDOWED_INDEX = "IDX_group_members_windowed";
export const ORGANIZATION_MEMBERS_WINDOWED_INDEX = "IDX_organization_members_windowed";
export const INDEXES_NAMED_BY_QUERIES: ReadonlySet<string> = new Set([MEMBERSHIPS_BY_USER_INDEX, GROUP_MEMBERS_WINDOWED_INDEX, ORGANIZATION_MEMBERS_WINDOWED_INDEX]);

export const MEMBER_COUNTS = { table: `"group_member_counts"`, c: { groupId: `"groupId"`, members: `"members"` } } as const;

/** Recounts MEMBER_COUNTS from group_members (after a bulk load that bypassed the triggers). */
export const RECOUNT_MEMBERS_SQL = [
  `DELETE FROM ${MEMBER_COUNTS.table}`,
  `INSERT INTO ${MEMBER_COUNTS.table} (${MEMBER_COUNTS.c.groupId}, ${MEMBER_COUNTS.c.members}) ` +
    `SELECT ${TABLES.groupMembers.c.groupId}, COUNT(*) FROM ${TABLES.groupMembers.table} GROUP BY ${TABLES.groupMembers.c.groupId}`,
];
