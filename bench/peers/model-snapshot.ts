import Sqlite from "better-sqlite3";
import { selectFrom, TABLES } from "../../src/db/tables";

/** The whole model as plain rows, read once from a Gatehouse SQLite file (for the peers). */
export interface ModelSnapshot {
  groups: Array<{ id: string; name: string }>;
  members: Array<{ groupId: string; userId: string }>;
  nestings: Array<{ parentId: string; childId: string }>;
  groupRoles: Array<{ groupId: string; roleId: string }>;
  mappings: Array<{ id: string; groupId: string; connectionName: string; groupName: string }>;
  roles: Array<{ id: string; name: string; applicationId: string }>;
  rolePermissions: Array<{ roleId: string; permissionId: string }>;
  userRoles: Array<{ userId: string; roleId: string }>;
  permissions: Array<{ id: string; name: string; applicationId: string }>;
}

export function readSnapshot(file: string): ModelSnapshot {
  const db = new Sqlite(file, { readonly: true });
  const all = <T>(sql: string) => db.prepare(sql).all() as T[];
  const { groups, roles, permissions } = TABLES;
  const snapshot: ModelSnapshot = {
    groups: all(`${selectFrom(groups, ["id", "name"])} ORDER BY ${groups.c.id}`),
    members: all(selectFrom(TABLES.groupMembers, ["groupId", "userId"])),
    nestings: all(selectFrom(TABLES.groupNestings, ["parentId", "childId"])),
    groupRoles: all(selectFrom(TABLES.groupRoles, ["groupId", "roleId"])),
    mappings: all(selectFrom(TABLES.groupMappings, ["id", "groupId", "connectionName", "groupName"])),
    roles: all(`${selectFrom(roles, ["id", "name", "applicationId"])} ORDER BY ${roles.c.id}`),
    rolePermissions: all(selectFrom(TABLES.rolePermissions, ["roleId", "permissionId"])),
    userRoles: all(selectFrom(TABLES.userRoles, ["userId", "roleId"])),
    permissions: all(`${selectFrom(permissions, ["id", "name", "applicationId"])} ORDER BY ${permissions.c.id}`),
  };
  db.close();
  return snapshot;
}

/** One login's inputs and the lists every engine must answer. */
export interface LoginQuery {
  userId: string;
  clientId: string;
  connection: string;
  connectionGroups: string[];
}

export interface Answer {
  groups: string[];
  roles: string[];
  permissions: string[];
}

export function sortedAnswer(answer: Answer): Answer {
  const sort = (list: string[]) => [...new Set(list)].sort();
  return { groups: sort(answer.groups), roles: sort(answer.roles), permissions: sort(answer.permissions) };
}
