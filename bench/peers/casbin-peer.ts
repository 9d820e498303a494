import { Adapter, DefaultRoleManager, Enforcer, Model, newEnforcer, newModelFromString } from "casbin";
import { Answer, LoginQuery, ModelSnapshot } from "./model-snapshot";

/** RBAC with domains: one domain per application; memberships and nesting hold in every domain ("*"). */
const MODEL = `
[request_definition]
r = sub, dom, obj

[policy_definition]
p = sub, dom, obj

[role_definition]
g = _, _, _

[policy_effect]
e = some(where (p.eft == allow))

[matchers]
m = g(r.sub, p.sub, r.dom) && r.dom == p.dom && r.obj == p.obj
`;

/**
 * node-casbin computing the same answer: users → groups → parent groups (domain "*"),
 * groups/users → roles (domain = application), roles → permissions (p rules). Casbin has no
 * IdP-group mappings, so the wrapper resolves them (same rule as Gatehouse) and asks casbin for
 * each mapped group too.
 */
export class CasbinPeer {
  private constructor(
    private readonly enforcer: Enforcer,
    private readonly groupName: Map<string, string>,
    private readonly roleName: Map<string, string>,
    private readonly permissionName: Map<string, string>,
    private readonly mappings: Map<string, string[]>,
    private readonly explicitNames: (userId: string) => string[],
  ) {}

  static async create(snapshot: ModelSnapshot): Promise<CasbinPeer> {
    const roleApp = new Map(snapshot.roles.map((r) => [r.id, r.applicationId]));
    const groupingRules: string[][] = [];
    for (const m of snapshot.members) groupingRules.push([`u:${m.userId}`, `g:${m.groupId}`, "*"]);
    for (const n of snapshot.nestings) groupingRules.push([`g:${n.childId}`, `g:${n.parentId}`, "*"]);
    for (const gr of snapshot.groupRoles) groupingRules.push([`g:${gr.groupId}`, `r:${gr.roleId}`, roleApp.get(gr.roleId) ?? ""]);
    for (const ur of snapshot.userRoles) groupingRules.push([`u:${ur.userId}`, `r:${ur.roleId}`, roleApp.get(ur.roleId) ?? ""]);
    const policyRules = snapshot.rolePermissions.map((rp) => [`r:${rp.roleId}`, roleApp.get(rp.roleId) ?? "", `p:${rp.permissionId}`]);

    // Rules are loaded the way a storage adapter loads them (casbin's add* API checks each new
    // rule against all stored ones: quadratic at millions of rules), and role links built once.
    const enforcer = await newEnforcer(newModelFromString(MODEL));
    const roleManager = new DefaultRoleManager(32);
    await roleManager.addDomainMatchingFunc((requested: string, pattern: string) => pattern === "*" || requested === pattern);
    enforcer.setRoleManager(roleManager);
    const adapter: Adapter = {
      async loadPolicy(model: Model) {
        const grouping = model.model.get("g")?.get("g")?.policy;
        const policies = model.model.get("p")?.get("p")?.policy;
        for (const rule of groupingRules) grouping?.push(rule);
        for (const rule of policyRules) policies?.push(rule);
      },
      savePolicy: async () => false,
      addPolicy: async () => undefined,
      removePolicy: async () => undefined,
      removeFilteredPolicy: async () => undefined,
    };
    enforcer.setAdapter(adapter);
    await enforcer.loadPolicy();

    const mappings = new Map<string, string[]>();
    for (const m of snapshot.mappings) {
      const key = `${m.connectionName}\u0000${m.groupName}`;
      mappings.set(key, [...(mappings.get(key) ?? []), m.groupId]);
    }
    const groupName = new Map(snapshot.groups.map((g) => [g.id, g.name]));
    const explicitByUser = new Map<string, string[]>();
    for (const m of snapshot.members) explicitByUser.set(m.userId, [...(explicitByUser.get(m.userId) ?? []), groupName.get(m.groupId) ?? ""]);
    return new CasbinPeer(
      enforcer,
      groupName,
      new Map(snapshot.roles.map((r) => [r.id, r.name])),
      new Map(snapshot.permissions.map((p) => [p.id, p.name])),
      mappings,
      (userId) => explicitByUser.get(userId) ?? [],
    );
  }

  async policy(query: LoginQuery): Promise<Answer> {
    const subjects = [`u:${query.userId}`];
    const idpNames = new Set([...query.connectionGroups, ...this.explicitNames(query.userId)]);
    for (const name of idpNames) for (const groupId of this.mappings.get(`${query.connection}\u0000${name}`) ?? []) subjects.push(`g:${groupId}`);
    const groups = new Set<string>();
    const roles = new Set<string>();
    const permissions = new Set<string>();
    for (const subject of subjects) {
      if (subject.startsWith("g:")) groups.add(this.groupName.get(subject.slice(2)) ?? subject);
      for (const role of await this.enforcer.getImplicitRolesForUser(subject, query.clientId)) {
        if (role.startsWith("g:")) groups.add(this.groupName.get(role.slice(2)) ?? role);
        else if (role.startsWith("r:")) roles.add(this.roleName.get(role.slice(2)) ?? role);
      }
      for (const [, , obj] of await this.enforcer.getImplicitPermissionsForUser(subject, query.clientId)) {
        permissions.add(this.permissionName.get(obj.slice(2)) ?? obj);
      }
    }
    return { groups: [...groups], roles: [...roles], permissions: [...permissions] };
  }
}
