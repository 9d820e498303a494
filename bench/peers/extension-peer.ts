import { Answer, LoginQuery, ModelSnapshot } from "./model-snapshot";

interface ExtGroup {
  _id: string;
  name: string;
  members: string[];
  roles: string[];
  nested: string[];
  mappings: Array<{ _id: string; groupName: string; connectionName: string }>;
}
interface ExtRole {
  _id: string;
  name: string;
  applicationId: string;
  permissions: string[];
  users: string[];
}
interface ExtPermission {
  _id: string;
  name: string;
  applicationId: string;
}
interface ExtDocument {
  groups: ExtGroup[];
  roles: ExtRole[];
  permissions: ExtPermission[];
}

/**
 * A faithful re-implementation of the Auth0 Authorization Extension's whole-document policy
 * algorithm (`server/lib/queries.js` getUserData in the extension's source, auth0-extensions/auth0-authorization-extension): scan every group's members,
 * match mappings against IdP groups and explicit group names, walk parents by filtering all
 * groups, then filter roles and permissions by array scans. Measured with the document already
 * parsed in memory — kinder to it than the extension, which read and parsed it on every login.
 */
export class ExtensionPeer {
  private readonly doc: ExtDocument;

  constructor(snapshot: ModelSnapshot) {
    const groups = new Map<string, ExtGroup>(snapshot.groups.map((g) => [g.id, { _id: g.id, name: g.name, members: [], roles: [], nested: [], mappings: [] }]));
    for (const m of snapshot.members) groups.get(m.groupId)?.members.push(m.userId);
    for (const n of snapshot.nestings) groups.get(n.parentId)?.nested.push(n.childId);
    for (const r of snapshot.groupRoles) groups.get(r.groupId)?.roles.push(r.roleId);
    for (const m of snapshot.mappings) groups.get(m.groupId)?.mappings.push({ _id: m.id, groupName: m.groupName, connectionName: m.connectionName });
    const roles = new Map<string, ExtRole>(snapshot.roles.map((r) => [r.id, { _id: r.id, name: r.name, applicationId: r.applicationId, permissions: [], users: [] }]));
    for (const rp of snapshot.rolePermissions) roles.get(rp.roleId)?.permissions.push(rp.permissionId);
    for (const ur of snapshot.userRoles) roles.get(ur.roleId)?.users.push(ur.userId);
    this.doc = { groups: [...groups.values()], roles: [...roles.values()], permissions: snapshot.permissions.map((p) => ({ _id: p.id, ...p })) };
  }

  policy(query: LoginQuery): Answer {
    const { groups, roles, permissions } = this.doc;
    const { userId, clientId, connection, connectionGroups } = query;
    // 1. explicit groups
    const explicit = groups.filter((g) => g.members.includes(userId));
    // 2. membership names: IdP groups then the names of the explicit groups
    const memberships = (Array.isArray(connectionGroups) ? connectionGroups : []).concat(explicit.map((g) => g.name));
    // 3. dynamic groups, evaluated once
    const dynamic =
      !connection || memberships.length === 0 ? [] : groups.filter((g) => g.mappings.some((m) => m.connectionName === connection && memberships.includes(m.groupName)));
    // 4. ancestors: for each visited group, filter all groups whose `nested` holds it
    const visited: ExtGroup[] = [];
    const walk = (group: ExtGroup) => {
      if (visited.includes(group)) return;
      visited.push(group);
      for (const parent of groups.filter((p) => p.nested.includes(group._id))) walk(parent);
    };
    for (const g of [...new Set([...explicit, ...dynamic])]) walk(g);
    const expanded = groups.filter((g) => visited.includes(g));
    // 5. roles of expanded groups then direct roles, kept for the client
    const groupRoleIds = new Set(expanded.flatMap((g) => g.roles));
    const relevant = [...roles.filter((r) => groupRoleIds.has(r._id)), ...roles.filter((r) => r.users.includes(userId))].filter((r) => r.applicationId === clientId);
    // 6. permissions of those roles
    const permissionIds = relevant.flatMap((r) => r.permissions);
    const granted = permissions.filter((p) => permissionIds.includes(p._id));
    return {
      groups: [...new Set(expanded.map((g) => g.name))],
      roles: [...new Set(relevant.map((r) => r.name))],
      permissions: [...new Set(granted.map((p) => p.name))],
    };
  }
}
