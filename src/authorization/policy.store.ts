import DataLoader from "dataloader";
import { EntityManager } from "typeorm";
import { groupValues, linksFrom, MAX_BATCH } from "../common/loader-utils";
import { SqlParams } from "../common/sql";
import { Database } from "../db/database";
import { TABLES } from "../db/tables";
import { MappingHit, NamedRef, OrganizationSlice, PolicyRequest } from "./policy";
import { appendTo } from "../common/maps";
import { activeSql, GrantWindow, WINDOWED_WHERE } from "../common/grant-window";

const { groups: GROUPS, groupMembers: MEMBERS, groupNestings: NESTINGS, groupMappings: MAPPINGS } = TABLES;
const { roles: ROLES, groupRoles: GROUP_ROLES, userRoles: USER_ROLES, rolePermissions: ROLE_PERMISSIONS, permissions: PERMISSIONS } = TABLES;
const { organizations: ORGANIZATIONS, organizationMembers: ORG_MEMBERS, organizationMemberRoles: ORG_ROLES } = TABLES;

/** A row of the `startGroups` statement. */
interface GroupRow {
  kind: string;
  id: string;
  name: string | null;
  connectionName: string | null;
  idpGroup: string | null;
  validFrom: string | number | null;
  expiresAt: string | number | null;
}

/**
 * `activeSql` for `alias` at `now`, each of its placeholders a fresh parameter (SQLite's `?` is
 * positional and cannot be reused).
 */
function activeAt(alias: string, p: SqlParams, now: number): string {
  return activeSql(alias, "\u0000")
    .split("\u0000")
    .reduce((sql, part) => sql + p.add(now) + part);
}

/** `WINDOWED_WHERE` on the columns of `alias`. */
const windowedOf = (alias: string) => `(${WINDOWED_WHERE.replaceAll('"validFrom"', `${alias}."validFrom"`).replaceAll('"expiresAt"', `${alias}."expiresAt"`)})`;

/** Parents (with names) of each child group: one query per batch, i.e. per level of a walk. */
export function createParentRefsLoader(db: Database): DataLoader<string, NamedRef[]> {
  const manager = db.manager;
  return new DataLoader<string, NamedRef[]>(
    async (childIds) => {
      const p = new SqlParams(db.kind);
      const rows: Array<{ childId: string; id: string; name: string }> = await manager.query(
        `SELECT n.${NESTINGS.c.childId} AS "childId", g.${GROUPS.c.id} AS "id", g.${GROUPS.c.name} AS "name" FROM ${NESTINGS.table} n ` +
          `JOIN ${GROUPS.table} g ON g.${GROUPS.c.id} = n.${NESTINGS.c.parentId} WHERE n.${NESTINGS.c.childId} IN (${p.list(childIds)})`,
        p.values,
      );
      return groupValues(
        childIds,
        rows,
        (r) => r.childId,
        (r) => ({ id: r.id, name: r.name }),
      );
    },
    { maxBatchSize: MAX_BATCH },
  );
}

/**
 * Reads what one login needs with a fixed number of statements plus one per nesting level:
 * groups (explicit and mapped, with the windows of the user's windowed grants, one query), ancestors (per level), the client's roles of those
 * groups and of the user (one query), their permissions (one query).
 */
export class PolicyStore {
  constructor(private readonly db: Database) {}

  private get manager(): EntityManager {
    return this.db.manager;
  }

  /**
   * Explicit groups and the candidate mappings on the login's connection, and the windows of the
   * user's windowed grants, in one statement: the memberships active at `now` only
   * (docs/design.md §13), which alone feed mappings by name too; the windows of every windowed
   * grant (active or not: `validUntil`; explanations show those of live grants), keyed by
   * `grantKey`, through the four tables' (userId, …) indexes.
   */
  async startGroups(request: PolicyRequest, now: number): Promise<{ explicitGroups: NamedRef[]; mappings: MappingHit[]; grantWindows: Map<string, GrantWindow> }> {
    const p = new SqlParams(this.db.kind);
    // Every part answers (kind, id, name, connectionName, idpGroup, validFrom, expiresAt): 'e' an
    // explicit group, 'p' a mapping, 'g'/'r'/'m'/'o' a windowed grant. The NULL windows are typed
    // so that PostgreSQL can match the parts' column types.
    const noWindow = `CAST(NULL AS BIGINT) AS "validFrom", CAST(NULL AS BIGINT) AS "expiresAt"`;
    const parts = [
      `SELECT 'e' AS "kind", g.${GROUPS.c.id} AS "id", g.${GROUPS.c.name} AS "name", NULL AS "connectionName", NULL AS "idpGroup", ${noWindow} ` +
        `FROM ${MEMBERS.table} m JOIN ${GROUPS.table} g ON g.${GROUPS.c.id} = m.${MEMBERS.c.groupId} ` +
        `WHERE m.${MEMBERS.c.userId} = ${p.add(request.userId)} AND ${activeAt("m", p, now)}`,
    ];
    if (request.connection) {
      // SQLite's placeholders are positional: add parameters in the order they appear in the text.
      const connection = p.add(request.connection);
      const idpGroups = request.connectionGroups ?? [];
      const byIdpGroup = idpGroups.length > 0 ? `mp.${MAPPINGS.c.groupName} IN (${p.list(idpGroups)}) OR ` : "";
      parts.push(
        `SELECT 'p', g.${GROUPS.c.id}, g.${GROUPS.c.name}, mp.${MAPPINGS.c.connectionName}, mp.${MAPPINGS.c.groupName}, ${noWindow} ` +
          `FROM ${MAPPINGS.table} mp JOIN ${GROUPS.table} g ON g.${GROUPS.c.id} = mp.${MAPPINGS.c.groupId} ` +
          `WHERE mp.${MAPPINGS.c.connectionName} = ${connection} AND (${byIdpGroup}mp.${MAPPINGS.c.groupName} IN (` +
          `SELECT g2.${GROUPS.c.name} FROM ${MEMBERS.table} m2 JOIN ${GROUPS.table} g2 ON g2.${GROUPS.c.id} = m2.${MEMBERS.c.groupId} ` +
          `WHERE m2.${MEMBERS.c.userId} = ${p.add(request.userId)} AND ${activeAt("m2", p, now)}))`,
      );
    }
    const windowed = (kind: string, id: string, table: string, alias: string, userColumn: string) =>
      `SELECT '${kind}', ${id}, NULL, NULL, NULL, ${alias}."validFrom", ${alias}."expiresAt" FROM ${table} ${alias} ` +
      `WHERE ${alias}.${userColumn} = ${p.add(request.userId)} AND ${windowedOf(alias)}`;
    parts.push(
      windowed("g", `w.${MEMBERS.c.groupId}`, MEMBERS.table, "w", MEMBERS.c.userId),
      windowed("r", `w.${USER_ROLES.c.roleId}`, USER_ROLES.table, "w", USER_ROLES.c.userId),
    );
    // Organization grants only for a login for an organization: no other login's answer depends
    // on them, so neither does its validUntil (docs/design.md §13.2), as on the cached path.
    if (request.organizationId) {
      parts.push(
        windowed("m", `w.${ORG_MEMBERS.c.organizationId}`, ORG_MEMBERS.table, "w", ORG_MEMBERS.c.userId),
        windowed("o", `w.${ORG_ROLES.c.organizationId} || ' ' || w.${ORG_ROLES.c.roleId}`, ORG_ROLES.table, "w", ORG_ROLES.c.userId),
      );
    }
    const rows: GroupRow[] = await this.manager.query(parts.join(" UNION ALL "), p.values);
    const explicitGroups: NamedRef[] = [];
    const mappings: MappingHit[] = [];
    const grantWindows = new Map<string, GrantWindow>();
    const epoch = (value: string | number | null) => (value === null ? null : Number(value));
    for (const row of rows) {
      if (row.kind === "e") explicitGroups.push({ id: row.id, name: String(row.name) });
      else if (row.kind === "p") mappings.push({ group: { id: row.id, name: String(row.name) }, connectionName: String(row.connectionName), idpGroup: String(row.idpGroup) });
      else grantWindows.set(`${row.kind} ${row.id}`, { validFrom: epoch(row.validFrom), expiresAt: epoch(row.expiresAt) });
    }
    return { explicitGroups, mappings, grantWindows };
  }

  /** Parents of every group reachable upwards from `start`, level by level through `loader`. */
  ancestry(start: readonly string[], loader: DataLoader<string, NamedRef[]>): Promise<Map<string, NamedRef[]>> {
    return linksFrom(start, loader, (parent) => parent.id);
  }

  /** The client's roles held by each of `groupIds`, and those assigned to the user directly (active at `now`). */
  async roles(clientId: string, userId: string, groupIds: readonly string[], now: number): Promise<{ groupRoles: Map<string, NamedRef[]>; directRoles: NamedRef[] }> {
    const p = new SqlParams(this.db.kind);
    const parts: string[] = [];
    if (groupIds.length > 0) {
      parts.push(
        `SELECT gr.${GROUP_ROLES.c.groupId} AS "groupId", r.${ROLES.c.id} AS "id", r.${ROLES.c.name} AS "name" ` +
          `FROM ${GROUP_ROLES.table} gr JOIN ${ROLES.table} r ON r.${ROLES.c.id} = gr.${GROUP_ROLES.c.roleId} ` +
          `WHERE r.${ROLES.c.applicationId} = ${p.add(clientId)} AND gr.${GROUP_ROLES.c.groupId} IN (${p.list(groupIds)})`,
      );
    }
    parts.push(
      `SELECT NULL AS "groupId", r.${ROLES.c.id} AS "id", r.${ROLES.c.name} AS "name" ` +
        `FROM ${USER_ROLES.table} ur JOIN ${ROLES.table} r ON r.${ROLES.c.id} = ur.${USER_ROLES.c.roleId} ` +
        `WHERE r.${ROLES.c.applicationId} = ${p.add(clientId)} AND ur.${USER_ROLES.c.userId} = ${p.add(userId)} AND ${activeAt("ur", p, now)}`,
    );
    const rows: Array<{ groupId: string | null; id: string; name: string }> = await this.manager.query(parts.join(" UNION ALL "), p.values);
    const groupRoles = new Map<string, NamedRef[]>();
    const directRoles: NamedRef[] = [];
    for (const row of rows) {
      const ref = { id: row.id, name: row.name };
      if (row.groupId === null) directRoles.push(ref);
      else appendTo(groupRoles, row.groupId, ref);
    }
    return { groupRoles, directRoles };
  }

  /**
   * The login's organization (docs/design.md §12) in one statement: the record, whether the user
   * is a member, and the member roles of the client — the membership and the roles active at
   * `now`; a member role counts only while the membership does (docs/design.md §13).
   */
  async organization(request: PolicyRequest & { organizationId: string }, now: number): Promise<OrganizationSlice> {
    const p = new SqlParams(this.db.kind);
    const sql =
      `SELECT 'o' AS "kind", o.${ORGANIZATIONS.c.id} AS "id", o.${ORGANIZATIONS.c.name} AS "name", o.${ORGANIZATIONS.c.displayName} AS "displayName", o.${ORGANIZATIONS.c.metadata} AS "metadata" ` +
      `FROM ${ORGANIZATIONS.table} o WHERE o.${ORGANIZATIONS.c.id} = ${p.add(request.organizationId)} ` +
      `UNION ALL SELECT 'm', m.${ORG_MEMBERS.c.userId}, NULL, NULL, NULL FROM ${ORG_MEMBERS.table} m ` +
      `WHERE m.${ORG_MEMBERS.c.organizationId} = ${p.add(request.organizationId)} AND m.${ORG_MEMBERS.c.userId} = ${p.add(request.userId)} AND ${activeAt("m", p, now)} ` +
      `UNION ALL SELECT 'r', r.${ROLES.c.id}, r.${ROLES.c.name}, NULL, NULL FROM ${ORG_ROLES.table} mr JOIN ${ROLES.table} r ON r.${ROLES.c.id} = mr.${ORG_ROLES.c.roleId} ` +
      `WHERE mr.${ORG_ROLES.c.organizationId} = ${p.add(request.organizationId)} AND mr.${ORG_ROLES.c.userId} = ${p.add(request.userId)} AND r.${ROLES.c.applicationId} = ${p.add(request.clientId)} AND ${activeAt("mr", p, now)}`;
    const rows: Array<{ kind: string; id: string; name: string | null; displayName: string | null; metadata: string | null }> = await this.manager.query(sql, p.values);
    const slice: OrganizationSlice = { ref: null, member: false, memberRoles: [] };
    const memberRoles: NamedRef[] = [];
    for (const row of rows) {
      if (row.kind === "o")
        slice.ref = { id: row.id, name: String(row.name), displayName: String(row.displayName), metadata: JSON.parse(String(row.metadata)) as Record<string, string> };
      else if (row.kind === "m") slice.member = true;
      else memberRoles.push({ id: row.id, name: String(row.name) });
    }
    return { ...slice, memberRoles: slice.member ? memberRoles : [] };
  }

  async permissions(roleIds: readonly string[]): Promise<Map<string, string[]>> {
    const result = new Map<string, string[]>();
    if (roleIds.length === 0) return result;
    const p = new SqlParams(this.db.kind);
    const rows: Array<{ roleId: string; name: string }> = await this.manager.query(
      `SELECT rp.${ROLE_PERMISSIONS.c.roleId} AS "roleId", pm.${PERMISSIONS.c.name} AS "name" ` +
        `FROM ${ROLE_PERMISSIONS.table} rp JOIN ${PERMISSIONS.table} pm ON pm.${PERMISSIONS.c.id} = rp.${ROLE_PERMISSIONS.c.permissionId} ` +
        `WHERE rp.${ROLE_PERMISSIONS.c.roleId} IN (${p.list(roleIds)})`,
      p.values,
    );
    for (const row of rows) appendTo(result, row.roleId, row.name);
    return result;
  }
}
