import Sqlite from "better-sqlite3";

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
  const snapshot: ModelSnapshot = {
    groups: all(`SELECT "id", "name" FROM "groups" ORDER BY "id"`),
    members: all(`SELECT "groupId", "userId" FROM "group_members"`),
    nestings: all(`SELECT "parentId", "childId" FROM "group_nestings"`),
    groupRoles: all(`SELECT "groupId", "roleId" FROM "group_roles"`),
    mappings: all(`SELECT "id", "groupId", "connectionName", "groupName" FROM "group_mappings"`),
    roles: all(`SELECT "id", "name", "applicationId" FROM "roles" ORDER BY "id"`),
    rolePermissions: all(`SELECT "roleId", "permissionId" FROM "role_permissions"`),
    userRoles: all(`SELECT "userId", "roleId" FROM "user_roles"`),
    permissions: all(`SELECT "id", "name", "applicationId" FROM "permissions" ORDER BY "id"`),
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
