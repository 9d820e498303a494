import DataLoader from "dataloader";
import { EntityManager } from "typeorm";
import { groupValues, linksFrom, MAX_BATCH } from "../common/loader-utils";
import { SqlParams } from "../common/sql";
import { Database } from "../db/database";
import { MappingHit, NamedRef, PolicyRequest } from "./policy";
import { appendTo } from "../common/maps";

interface GroupRow {
  id: string;
  name: string;
  connectionName: string | null;
  idpGroup: string | null;
}

/** Parents (with names) of each child group: one query per batch, i.e. per level of a walk. */
export function createParentRefsLoader(db: Database): DataLoader<string, NamedRef[]> {
  const manager = db.manager;
  return new DataLoader<string, NamedRef[]>(
    async (childIds) => {
      const p = new SqlParams(db.kind);
      const rows: Array<{ childId: string; id: string; name: string }> = await manager.query(
        `SELECT n."childId" AS "childId", g."id" AS "id", g."name" AS "name" FROM "group_nestings" n ` +
          `JOIN "groups" g ON g."id" = n."parentId" WHERE n."childId" IN (${p.list(childIds)})`,
        p.values,
      );
      return groupValues(childIds, rows, (r) => r.childId, (r) => ({ id: r.id, name: r.name }));
    },
    { maxBatchSize: MAX_BATCH },
  );
}

/**
 * Reads what one login needs with a fixed number of statements plus one per nesting level:
 * groups (explicit and mapped, one query), ancestors (per level), the client's roles of those
 * groups and of the user (one query), their permissions (one query).
 */
export class PolicyStore {
  constructor(private readonly db: Database) {}

  private get manager(): EntityManager {
    return this.db.manager;
  }

  /** Explicit groups and the candidate mappings on the login's connection, in one statement. */
  async startGroups(request: PolicyRequest): Promise<{ explicitGroups: NamedRef[]; mappings: MappingHit[] }> {
    const p = new SqlParams(this.db.kind);
    let sql =
      `SELECT g."id" AS "id", g."name" AS "name", NULL AS "connectionName", NULL AS "idpGroup" ` +
      `FROM "group_members" m JOIN "groups" g ON g."id" = m."groupId" WHERE m."userId" = ${p.add(request.userId)}`;
    if (request.connection) {
      // SQLite's placeholders are positional: add parameters in the order they appear in the text.
      const connection = p.add(request.connection);
      const idpGroups = request.connectionGroups ?? [];
      const byIdpGroup = idpGroups.length > 0 ? `mp."groupName" IN (${p.list(idpGroups)}) OR ` : "";
      sql +=
        ` UNION ALL SELECT g."id", g."name", mp."connectionName", mp."groupName" ` +
        `FROM "group_mappings" mp JOIN "groups" g ON g."id" = mp."groupId" ` +
        `WHERE mp."connectionName" = ${connection} AND (${byIdpGroup}mp."groupName" IN (` +
        `SELECT g2."name" FROM "group_members" m2 JOIN "groups" g2 ON g2."id" = m2."groupId" WHERE m2."userId" = ${p.add(request.userId)}))`;
    }
    const rows: GroupRow[] = await this.manager.query(sql, p.values);
    const explicitGroups: NamedRef[] = [];
    const mappings: MappingHit[] = [];
    for (const row of rows) {
      if (row.connectionName === null || row.idpGroup === null) explicitGroups.push({ id: row.id, name: row.name });
      else mappings.push({ group: { id: row.id, name: row.name }, connectionName: row.connectionName, idpGroup: row.idpGroup });
    }
    return { explicitGroups, mappings };
  }

  /** Parents of every group reachable upwards from `start`, level by level through `loader`. */
  ancestry(start: readonly string[], loader: DataLoader<string, NamedRef[]>): Promise<Map<string, NamedRef[]>> {
    return linksFrom(start, loader, (parent) => parent.id);
  }

  /** The client's roles held by each of `groupIds`, and those assigned to the user directly. */
  async roles(
    clientId: string,
    userId: string,
    groupIds: readonly string[],
  ): Promise<{ groupRoles: Map<string, NamedRef[]>; directRoles: NamedRef[] }> {
    const p = new SqlParams(this.db.kind);
    const parts: string[] = [];
    if (groupIds.length > 0) {
      parts.push(
        `SELECT gr."groupId" AS "groupId", r."id" AS "id", r."name" AS "name" FROM "group_roles" gr JOIN "roles" r ON r."id" = gr."roleId" ` +
          `WHERE r."applicationId" = ${p.add(clientId)} AND gr."groupId" IN (${p.list(groupIds)})`,
      );
    }
    parts.push(
      `SELECT NULL AS "groupId", r."id" AS "id", r."name" AS "name" FROM "user_roles" ur JOIN "roles" r ON r."id" = ur."roleId" ` +
        `WHERE r."applicationId" = ${p.add(clientId)} AND ur."userId" = ${p.add(userId)}`,
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

  async permissions(roleIds: readonly string[]): Promise<Map<string, string[]>> {
    const result = new Map<string, string[]>();
    if (roleIds.length === 0) return result;
    const p = new SqlParams(this.db.kind);
    const rows: Array<{ roleId: string; name: string }> = await this.manager.query(
      `SELECT rp."roleId" AS "roleId", pm."name" AS "name" FROM "role_permissions" rp JOIN "permissions" pm ON pm."id" = rp."permissionId" ` +
        `WHERE rp."roleId" IN (${p.list(roleIds)})`,
      p.values,
    );
    for (const row of rows) appendTo(result, row.roleId, row.name);
    return result;
  }
}
