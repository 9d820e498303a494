import { Adapter, DefaultRoleManager, Enforcer, Model, newEnforcer, newModelFromString } from "casbin";
import { Answer, LoginQuery, ModelSnapshot } from "./model-snapshot";

/**
 * RBAC with domains: `g` holds memberships and nesting (they hold in every application), `g2`
 * the roles of users and groups per domain (= application), `p` the permissions of a role in
 * its domain. (Memberships in one `g` with a "*" domain pattern made every lookup scan all
 * million users: minutes per login on `large`.)
 */
const MODEL = `
[request_definition]
r = sub, dom, obj

[policy_definition]
p = sub, dom, obj

[role_definition]
g = _, _
g2 = _, _, _

[policy_effect]
e = some(where (p.eft == allow))

[matchers]
m = (g(r.sub, p.sub) || g2(r.sub, p.sub, r.dom)) && r.dom == p.dom && r.obj == p.obj
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
    const memberships: string[][] = [];
    for (const m of snapshot.members) memberships.push([`u:${m.userId}`, `g:${m.groupId}`]);
    for (const n of snapshot.nestings) memberships.push([`g:${n.childId}`, `g:${n.parentId}`]);
    const roleAssignments: string[][] = [];
    for (const gr of snapshot.groupRoles) roleAssignments.push([`g:${gr.groupId}`, `r:${gr.roleId}`, roleApp.get(gr.roleId) ?? ""]);
    for (const ur of snapshot.userRoles) roleAssignments.push([`u:${ur.userId}`, `r:${ur.roleId}`, roleApp.get(ur.roleId) ?? ""]);
    const policyRules = snapshot.rolePermissions.map((rp) => [`r:${rp.roleId}`, roleApp.get(rp.roleId) ?? "", `p:${rp.permissionId}`]);

    // Rules are loaded the way a storage adapter loads them (casbin's add* API checks each new
    // rule against all stored ones: quadratic at millions of rules), and role links built once.
    const enforcer = await newEnforcer(newModelFromString(MODEL));
    enforcer.setRoleManager(new DefaultRoleManager(32));
    const adapter: Adapter = {
      async loadPolicy(model: Model) {
        const fill = (sec: string, key: string, rules: string[][]) => {
          const policy = model.model.get(sec)?.get(key)?.policy;
          for (const rule of rules) policy?.push(rule);
        };
        fill("g", "g", memberships);
        fill("g", "g2", roleAssignments);
        fill("p", "p", policyRules);
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
    // Groups: every subject's implicit roles through `g` (memberships and nesting).
    const groupSubjects = new Set<string>(subjects.filter((s) => s.startsWith("g:")));
    for (const subject of subjects) for (const group of await this.enforcer.getImplicitRolesForUser(subject)) groupSubjects.add(group);
    // Roles of the application: `g2` of the user and of every group, in the application's domain.
    const roles = this.enforcer.getNamedRoleManager("g2");
    const roleIds = new Set<string>();
    for (const subject of [`u:${query.userId}`, ...groupSubjects]) for (const role of (await roles?.getRoles(subject, query.clientId)) ?? []) roleIds.add(role);
    const permissions = new Set<string>();
    for (const role of roleIds) {
      for (const [, , obj] of await this.enforcer.getFilteredPolicy(0, role, query.clientId)) permissions.add(this.permissionName.get(obj.slice(2)) ?? obj);
    }
    return {
      groups: [...groupSubjects].map((g) => this.groupName.get(g.slice(2)) ?? g),
      roles: [...roleIds].map((r) => this.roleName.get(r.slice(2)) ?? r),
      permissions: [...permissions],
    };
  }
}
