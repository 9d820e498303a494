import { EntityManager } from "typeorm";
import { ApplicationType, OrganizationUsage } from "../applications/application.entity";
import { SqlParams } from "../common/sql";
import { Configuration } from "../configuration/configuration.entity";
import { CONFIGURATION_ID } from "../configuration/configuration.service";
import { DatabaseKind } from "../db/data-source";
import { selectFrom, TABLES } from "../db/tables";
import { appendTo } from "../common/maps";
import { LinkTable } from "./transfer.format";

/** Most bound parameters per statement: under SQLite's 32,766 (PostgreSQL allows 65,535). */
export const MAX_PARAMETERS = 32_000;

export interface StoredApplication {
  id: string;
  name: string;
  type: ApplicationType;
  requiredRoles: string[];
  organizationUsage: OrganizationUsage;
  tenantRolesInOrganizations: boolean;
}
export interface StoredGroup {
  id: string;
  name: string;
  description: string;
}
export interface StoredRole {
  id: string;
  applicationId: string;
  name: string;
  description: string;
}
export type StoredPermission = StoredRole;
export interface StoredMapping {
  id: string;
  groupId: string;
  connectionName: string;
  groupName: string;
}
export interface StoredUser {
  id: string;
  email: string | null;
  name: string | null;
  connection: string | null;
}

/**
 * What the database holds that an import is checked and counted against. Everything but users
 * and the link tables is loaded whole (they are small next to users and memberships); users and
 * links are read in chunks by id when needed.
 */
export interface ExistingState {
  applications: Map<string, StoredApplication>;
  groups: Map<string, StoredGroup>;
  roles: Map<string, StoredRole>;
  permissions: Map<string, StoredPermission>;
  mappings: Map<string, StoredMapping>;
  /** Children of each parent group. */
  nestings: Map<string, string[]>;
  configuration: Configuration;
  userCount: number;
}

const { applications: APPLICATIONS, groups: GROUPS, roles: ROLES, permissions: PERMISSIONS } = TABLES;
const { groupMappings: MAPPINGS, groupNestings: NESTINGS, users: USERS } = TABLES;

/** The statements of `loadExistingState` and `loadUsers` (their rows are the Stored… shapes above). */
const STATE_SQL = {
  applications: selectFrom(APPLICATIONS, ["id", "name", "type", "requiredRoles", "organizationUsage", "tenantRolesInOrganizations"]),
  groups: selectFrom(GROUPS, ["id", "name", "description"]),
  roles: selectFrom(ROLES, ["id", "applicationId", "name", "description"]),
  permissions: selectFrom(PERMISSIONS, ["id", "applicationId", "name", "description"]),
  mappings: selectFrom(MAPPINGS, ["id", "groupId", "connectionName", "groupName"]),
  nestings: selectFrom(NESTINGS, ["parentId", "childId"]),
  userCount: `SELECT COUNT(*) AS "n" FROM ${USERS.table}`,
  users: selectFrom(USERS, ["id", "email", "name", "connection"]),
};

function byId<T extends { id: string }>(rows: T[]): Map<string, T> {
  return new Map(rows.map((row) => [row.id, row]));
}

/** Reads the existing model (inside the import's transaction, so that it cannot change meanwhile). */
export async function loadExistingState(manager: EntityManager): Promise<ExistingState> {
  const applications: Array<Omit<StoredApplication, "requiredRoles" | "tenantRolesInOrganizations"> & { requiredRoles: string; tenantRolesInOrganizations: unknown }> =
    await manager.query(STATE_SQL.applications);
  const groups: StoredGroup[] = await manager.query(STATE_SQL.groups);
  const roles: StoredRole[] = await manager.query(STATE_SQL.roles);
  const permissions: StoredPermission[] = await manager.query(STATE_SQL.permissions);
  const mappings: StoredMapping[] = await manager.query(STATE_SQL.mappings);
  const edges: Array<{ parentId: string; childId: string }> = await manager.query(STATE_SQL.nestings);
  const [{ n }]: Array<{ n: string | number }> = await manager.query(STATE_SQL.userCount);
  const nestings = new Map<string, string[]>();
  for (const { parentId, childId } of edges) appendTo(nestings, parentId, childId);
  const configuration = await manager.findOneByOrFail(Configuration, { id: CONFIGURATION_ID });
  return {
    applications: byId(
      applications.map((a) => ({ ...a, requiredRoles: JSON.parse(a.requiredRoles) as string[], tenantRolesInOrganizations: Boolean(a.tenantRolesInOrganizations) })),
    ),
    groups: byId(groups),
    roles: byId(roles),
    permissions: byId(permissions),
    mappings: byId(mappings),
    nestings,
    configuration,
    userCount: Number(n),
  };
}

/** Splits `items` into chunks of at most `size`. */
export function* chunks<T>(items: readonly T[], size: number): Generator<T[]> {
  for (let i = 0; i < items.length; i += size) yield items.slice(i, i + size);
}

/** The stored users among `ids`, read in chunks of `IN (…)`. */
export async function loadUsers(manager: EntityManager, kind: DatabaseKind, ids: readonly string[]): Promise<Map<string, StoredUser>> {
  const found = new Map<string, StoredUser>();
  for (const chunk of chunks(ids, MAX_PARAMETERS)) {
    const p = new SqlParams(kind);
    const rows: StoredUser[] = await manager.query(`${STATE_SQL.users} WHERE ${USERS.c.id} IN (${p.list(chunk)})`, p.values);
    for (const row of rows) found.set(row.id, row);
  }
  return found;
}

/** Every stored user id that `keep` rejects, read page by page (REPLACE deletes them). */
export async function storedUsersOutside(manager: EntityManager, kind: DatabaseKind, keep: (id: string) => boolean): Promise<string[]> {
  const outside: string[] = [];
  let after: string | null = null;
  for (;;) {
    const p = new SqlParams(kind);
    const where: string = after === null ? "" : `WHERE ${USERS.c.id} > ${p.add(after)}`;
    const rows: Array<{ id: string }> = await manager.query(`SELECT ${USERS.c.id} FROM ${USERS.table} ${where} ORDER BY ${USERS.c.id} LIMIT 10000`, p.values);
    for (const { id } of rows) if (!keep(id)) outside.push(id);
    if (rows.length < 10000) return outside;
    after = rows[rows.length - 1].id;
  }
}

/** The stored targets of each owner among `owners`, in chunks. */
export async function loadLinks(manager: EntityManager, kind: DatabaseKind, link: LinkTable, owners: readonly string[]): Promise<Map<string, string[]>> {
  const result = new Map<string, string[]>();
  for (const chunk of chunks(owners, MAX_PARAMETERS)) {
    const p = new SqlParams(kind);
    const rows: Array<{ o: string; t: string }> = await manager.query(
      `SELECT ${link.owner} AS "o", ${link.target} AS "t" FROM ${link.table} WHERE ${link.owner} IN (${p.list(chunk)})`,
      p.values,
    );
    for (const { o, t } of rows) appendTo(result, o, t);
  }
  return result;
}

/** Number of links per owner, for every owner that has any. */
export async function countLinksByOwner(manager: EntityManager, link: LinkTable): Promise<Map<string, number>> {
  const rows: Array<{ o: string; n: string | number }> = await manager.query(`SELECT ${link.owner} AS "o", COUNT(*) AS "n" FROM ${link.table} GROUP BY ${link.owner}`);
  return new Map(rows.map(({ o, n }) => [o, Number(n)]));
}
