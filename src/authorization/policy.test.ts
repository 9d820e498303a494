import {
  ancestorsOf,
  computePolicy,
  explainPolicy,
  matchMappings,
  MAX_PATHS_PER_ITEM,
  PATHS_PER_ANSWER_FACTOR,
  MappingHit,
  NamedRef,
  PolicyApplication,
  PolicyData,
  PolicyRequest,
  PolicySwitches,
} from "./policy";

/**
 * Unit tests of the pure policy engine (docs/design.md §3): no server, no database. The data is the
 * example company of docs/design.md §9, held in memory the way PolicyStore hands it over.
 */

const g = (id: string, name: string): NamedRef => ({ id, name });

const EC = g("g-ec", "Example Company");
const ACC = g("g-acc", "Accounting");
const EXT = g("g-ext", "External Accountants");
const HR = g("g-hr", "Human Resources");
const FIN = g("g-fin", "Finance");
const FITS = g("g-fits", "Finance IT Support");
const MGMT = g("g-mgmt", "Management");

const USER = g("r-user", "Expense User");
const ADMIN = g("r-admin", "Expense Admin");

const APP: PolicyApplication = { id: "expense-management-tool", name: "Expense Management Tool", supported: true, type: "REGULAR_WEB", requiredRoles: [] };

const ADMINISTRATIVE: MappingHit = { group: MGMT, connectionName: "corp-ad", idpGroup: "Administrative" };

function switches(overrides: Partial<PolicySwitches> = {}): PolicySwitches {
  return {
    groupsInToken: false,
    rolesInToken: false,
    permissionsInToken: false,
    groupsPassthrough: false,
    rolesPassthrough: false,
    permissionsPassthrough: false,
    claimNamespace: null,
    ...overrides,
  };
}

/** The example company's parents, roles and permissions; explicit groups and mappings per test. */
function company(overrides: Partial<PolicyData> = {}): PolicyData {
  return {
    explicitGroups: [],
    mappings: [ADMINISTRATIVE],
    parents: new Map<string, NamedRef[]>([
      [ACC.id, [EC]],
      [EXT.id, [ACC]],
      [HR.id, [EC]],
      [FIN.id, [EC]],
      [FITS.id, [FIN]],
      [MGMT.id, [EC]],
    ]),
    groupRoles: new Map<string, NamedRef[]>([
      [EC.id, [USER]],
      [FIN.id, [ADMIN]],
    ]),
    directRoles: [],
    rolePermissions: new Map<string, string[]>([
      [USER.id, ["view:own-expenses", "add:expense"]],
      [ADMIN.id, ["approve:expenses", "view:all-expenses", "delete:expenses", "add:expense"]],
    ]),
    application: APP,
    switches: switches(),
    ...overrides,
  };
}

function request(overrides: Partial<PolicyRequest> = {}): PolicyRequest {
  return { userId: "auth0|alice", clientId: APP.id, ...overrides };
}

const NO_NAMESPACE_WARNING = (key: string) =>
  `${key}InToken is on but no claimNamespace is set: OIDC-conformant ID and access tokens drop non-namespaced claims such as "${key}"; set claimNamespace to an absolute URL (e.g. https://example.com/claims/)`;

describe("computePolicy", () => {
  describe("explicit groups and ancestors", () => {
    it("a member of External Accountants gets its ancestors, Expense User and its two permissions (docs/design.md §9)", () => {
      const result = computePolicy(request(), company({ explicitGroups: [EXT] }));
      expect(result).toEqual({
        groups: ["Accounting", "Example Company", "External Accountants"],
        roles: ["Expense User"],
        permissions: ["add:expense", "view:own-expenses"],
        claims: {},
        accessGranted: true,
        denialReason: null,
        warnings: [],
        organization: null,
      });
    });

    it("a member of Finance IT Support holds both roles; permissions are the de-duplicated, sorted union", () => {
      const result = computePolicy(request(), company({ explicitGroups: [FITS] }));
      expect(result.groups).toEqual(["Example Company", "Finance", "Finance IT Support"]);
      expect(result.roles).toEqual(["Expense Admin", "Expense User"]);
      // add:expense comes from both roles and is listed once.
      expect(result.permissions).toEqual(["add:expense", "approve:expenses", "delete:expenses", "view:all-expenses", "view:own-expenses"]);
    });

    it("a user with no memberships and no mappings gets empty lists and is granted (no requiredRoles)", () => {
      const result = computePolicy(request({ userId: "nobody" }), company());
      expect(result).toEqual({ groups: [], roles: [], permissions: [], claims: {}, accessGranted: true, denialReason: null, warnings: [], organization: null });
    });

    it("several explicit groups: the union of their ancestors, each group once", () => {
      const result = computePolicy(request(), company({ explicitGroups: [EXT, HR, EC] }));
      expect(result.groups).toEqual(["Accounting", "Example Company", "External Accountants", "Human Resources"]);
      expect(result.roles).toEqual(["Expense User"]);
    });

    it("follows a DAG: a group with several parents reaches every ancestor of each, each once", () => {
      // leaf → {left, right}; left → {top}; right → {middle}; middle → {top, other}
      const [leaf, left, right, middle, top, other] = ["leaf", "left", "right", "middle", "top", "other"].map((n) => g(`g-${n}`, n));
      const roleTop = g("r-top", "Top Role");
      const roleOther = g("r-other", "Other Role");
      const data = company({
        explicitGroups: [leaf],
        parents: new Map([
          [leaf.id, [left, right]],
          [left.id, [top]],
          [right.id, [middle]],
          [middle.id, [top, other]],
        ]),
        groupRoles: new Map([
          [top.id, [roleTop]],
          [other.id, [roleOther]],
        ]),
        rolePermissions: new Map([
          [roleTop.id, ["b:perm", "a:perm"]],
          [roleOther.id, ["a:perm", "c:perm"]],
        ]),
      });
      const result = computePolicy(request(), data);
      expect(result.groups).toEqual(["leaf", "left", "middle", "other", "right", "top"]);
      expect(result.roles).toEqual(["Other Role", "Top Role"]);
      expect(result.permissions).toEqual(["a:perm", "b:perm", "c:perm"]);
    });

    it("takes group names from data.groupNames when given (the cached model's full name map)", () => {
      const names = new Map([
        [EXT.id, "External Accountants (renamed)"],
        [ACC.id, "Accounting (renamed)"],
        [EC.id, "Example Company (renamed)"],
      ]);
      const data = company({ explicitGroups: [EXT], groupNames: names });
      expect(computePolicy(request(), data).groups).toEqual(["Accounting (renamed)", "Example Company (renamed)", "External Accountants (renamed)"]);
      expect(explainPolicy(request(), data).groups.map((i) => i.name)).toEqual(["Accounting (renamed)", "Example Company (renamed)", "External Accountants (renamed)"]);
    });

    it("ancestorsOf returns the start ids and every ancestor id", () => {
      const parents = company().parents;
      expect([...ancestorsOf([EXT.id], parents)].sort()).toEqual([ACC.id, EC.id, EXT.id].sort());
      expect([...ancestorsOf([FITS.id, HR.id], parents)].sort()).toEqual([EC.id, FIN.id, FITS.id, HR.id].sort());
      expect([...ancestorsOf([], parents)]).toEqual([]);
    });
  });

  describe("mappings", () => {
    it("an IdP group on the mapping's connection maps into the group and its ancestors", () => {
      const result = computePolicy(request({ connection: "corp-ad", connectionGroups: ["Administrative"] }), company());
      expect(result.groups).toEqual(["Example Company", "Management"]);
      expect(result.roles).toEqual(["Expense User"]);
      expect(result.permissions).toEqual(["add:expense", "view:own-expenses"]);
    });

    it("the connection must match exactly: another connection, another case, or none maps nothing", () => {
      for (const connection of ["other-ad", "Corp-AD", "corp-ad ", undefined, null]) {
        const result = computePolicy(request({ connection, connectionGroups: ["Administrative"] }), company());
        expect({ connection, groups: result.groups, roles: result.roles }).toEqual({ connection, groups: [], roles: [] });
      }
    });

    it("IdP group names are case-sensitive", () => {
      for (const name of ["administrative", "ADMINISTRATIVE", "Administrative ", "Admin"]) {
        const result = computePolicy(request({ connection: "corp-ad", connectionGroups: [name] }), company());
        expect({ name, groups: result.groups }).toEqual({ name, groups: [] });
      }
    });

    it("the names of explicit groups feed mapping matches too", () => {
      const byExplicitName: MappingHit = { group: HR, connectionName: "corp-ad", idpGroup: "External Accountants" };
      const data = company({ explicitGroups: [EXT], mappings: [ADMINISTRATIVE, byExplicitName] });
      expect(computePolicy(request({ connection: "corp-ad" }), data).groups).toEqual(["Accounting", "Example Company", "External Accountants", "Human Resources"]);
      // …but only on the mapping's connection.
      expect(computePolicy(request({ connection: "other" }), data).groups).toEqual(["Accounting", "Example Company", "External Accountants"]);
    });

    it("is a single pass: a mapped group's name (or an ancestor's) does not trigger further mappings", () => {
      const fromMapped: MappingHit = { group: HR, connectionName: "corp-ad", idpGroup: "Management" };
      const fromAncestor: MappingHit = { group: FIN, connectionName: "corp-ad", idpGroup: "Example Company" };
      const data = company({ mappings: [ADMINISTRATIVE, fromMapped, fromAncestor] });
      const result = computePolicy(request({ connection: "corp-ad", connectionGroups: ["Administrative"] }), data);
      expect(result.groups).toEqual(["Example Company", "Management"]);
      expect(result.roles).toEqual(["Expense User"]);

      // An explicit group's ancestor's name does not feed mappings either.
      const viaAncestor: MappingHit = { group: HR, connectionName: "corp-ad", idpGroup: "Accounting" };
      const explicit = computePolicy(request({ connection: "corp-ad" }), company({ explicitGroups: [EXT], mappings: [viaAncestor] }));
      expect(explicit.groups).toEqual(["Accounting", "Example Company", "External Accountants"]);
    });

    it("several mappings, explicit membership and mapping into the same group: each group once", () => {
      const second: MappingHit = { group: MGMT, connectionName: "corp-ad", idpGroup: "Managers" };
      const toFits: MappingHit = { group: FITS, connectionName: "corp-ad", idpGroup: "IT" };
      const data = company({ explicitGroups: [MGMT], mappings: [ADMINISTRATIVE, second, toFits] });
      const result = computePolicy(request({ connection: "corp-ad", connectionGroups: ["Administrative", "Managers", "IT"] }), data);
      expect(result.groups).toEqual(["Example Company", "Finance", "Finance IT Support", "Management"]);
      expect(result.roles).toEqual(["Expense Admin", "Expense User"]);
    });

    it("matchMappings returns exactly the matching hits", () => {
      const other: MappingHit = { group: HR, connectionName: "other", idpGroup: "Administrative" };
      const byName: MappingHit = { group: FIN, connectionName: "corp-ad", idpGroup: "Accounting" };
      const data = { explicitGroups: [ACC], mappings: [ADMINISTRATIVE, other, byName] };
      expect(matchMappings(request({ connection: "corp-ad", connectionGroups: ["Administrative"] }), data)).toEqual([ADMINISTRATIVE, byName]);
      expect(matchMappings(request({ connection: "other", connectionGroups: ["Administrative"] }), data)).toEqual([other]);
      expect(matchMappings(request({ connectionGroups: ["Administrative"] }), data)).toEqual([]);
    });
  });

  describe("roles and permissions", () => {
    it("takes roles only from PolicyData: those of effective groups and the direct ones, never those of other groups", () => {
      const direct = g("r-direct", "Direct Role");
      const data = company({
        explicitGroups: [HR],
        directRoles: [direct],
        rolePermissions: new Map([...company().rolePermissions, [direct.id, ["direct:perm"]]]),
      });
      const result = computePolicy(request(), data);
      // Finance's Expense Admin is in the data but Finance is not an effective group.
      expect(result.roles).toEqual(["Direct Role", "Expense User"]);
      expect(result.permissions).toEqual(["add:expense", "direct:perm", "view:own-expenses"]);
    });

    it("a role held through a group and directly is listed once; a role without permissions adds none", () => {
      const empty = g("r-empty", "Empty Role");
      const data = company({ explicitGroups: [EXT], directRoles: [USER, empty] });
      const result = computePolicy(request(), data);
      expect(result.roles).toEqual(["Empty Role", "Expense User"]);
      expect(result.permissions).toEqual(["add:expense", "view:own-expenses"]);
    });

    it("outputs are sorted (code-unit order) and de-duplicated", () => {
      const [b, a, z] = [g("g-b", "beta"), g("g-a", "Alpha"), g("g-z", "Zulu")];
      const r1 = g("r-1", "zeta role");
      const r2 = g("r-2", "Beta Role");
      const data = company({
        explicitGroups: [b, a, z, a],
        parents: new Map(),
        groupRoles: new Map([
          [b.id, [r1, r2]],
          [a.id, [r1]],
        ]),
        rolePermissions: new Map([
          [r1.id, ["z:x", "a:y", "a:y"]],
          [r2.id, ["A:z", "a:y"]],
        ]),
      });
      const result = computePolicy(request(), data);
      expect(result.groups).toEqual(["Alpha", "Zulu", "beta"]);
      expect(result.roles).toEqual(["Beta Role", "zeta role"]);
      expect(result.permissions).toEqual(["A:z", "a:y", "z:x"]);
    });
  });

  describe("passthrough", () => {
    const req = request({
      connection: "corp-ad",
      connectionGroups: ["Administrative", "VPN Users"],
      connectionRoles: ["idp-role"],
      connectionPermissions: ["idp:perm", "add:expense"],
    });

    it("is off by default: IdP values only feed mappings", () => {
      const result = computePolicy(req, company({ explicitGroups: [EXT] }));
      expect(result.groups).toEqual(["Accounting", "Example Company", "External Accountants", "Management"]);
      expect(result.roles).toEqual(["Expense User"]);
      expect(result.permissions).toEqual(["add:expense", "view:own-expenses"]);
    });

    it("merges connectionGroups / connectionRoles / connectionPermissions per switch, sorted and de-duplicated", () => {
      const groupsOnly = computePolicy(req, company({ explicitGroups: [EXT], switches: switches({ groupsPassthrough: true }) }));
      expect(groupsOnly.groups).toEqual(["Accounting", "Administrative", "Example Company", "External Accountants", "Management", "VPN Users"]);
      expect(groupsOnly.roles).toEqual(["Expense User"]);
      expect(groupsOnly.permissions).toEqual(["add:expense", "view:own-expenses"]);

      const all = computePolicy(req, company({ explicitGroups: [EXT], switches: switches({ groupsPassthrough: true, rolesPassthrough: true, permissionsPassthrough: true }) }));
      expect(all.roles).toEqual(["Expense User", "idp-role"]);
      expect(all.permissions).toEqual(["add:expense", "idp:perm", "view:own-expenses"]);
    });

    it("an IdP group equal to a Gatehouse group name is listed once", () => {
      const result = computePolicy(
        request({ connectionGroups: ["Accounting", "Accounting"] }),
        company({ explicitGroups: [EXT], switches: switches({ groupsPassthrough: true }) }),
      );
      expect(result.groups).toEqual(["Accounting", "Example Company", "External Accountants"]);
    });

    it("passthrough needs no connection, and missing IdP lists are fine", () => {
      const on = switches({ groupsPassthrough: true, rolesPassthrough: true, permissionsPassthrough: true });
      expect(computePolicy(request({ connectionGroups: ["x"] }), company({ switches: on })).groups).toEqual(["x"]);
      expect(computePolicy(request(), company({ switches: on }))).toMatchObject({ groups: [], roles: [], permissions: [] });
    });
  });

  describe("claims", () => {
    const ns = "https://example.com/claims/";

    it("none when every InToken switch is off (even with a namespace)", () => {
      expect(computePolicy(request(), company({ explicitGroups: [EXT], switches: switches({ claimNamespace: ns }) })).claims).toEqual({});
    });

    it("one namespaced key per switch that is on, holding the (passthrough-merged) list", () => {
      const data = company({ explicitGroups: [EXT] });
      const groups = computePolicy(request(), { ...data, switches: switches({ claimNamespace: ns, groupsInToken: true }) });
      expect(groups.claims).toEqual({ "https://example.com/claims/groups": ["Accounting", "Example Company", "External Accountants"] });
      expect(groups.warnings).toEqual([]);

      const rolesAndPermissions = computePolicy(request({ connectionPermissions: ["idp:perm"] }), {
        ...data,
        switches: switches({ claimNamespace: ns, rolesInToken: true, permissionsInToken: true, permissionsPassthrough: true }),
      });
      expect(rolesAndPermissions.claims).toEqual({
        "https://example.com/claims/roles": ["Expense User"],
        "https://example.com/claims/permissions": ["add:expense", "idp:perm", "view:own-expenses"],
      });

      const all = computePolicy(request(), { ...data, switches: switches({ claimNamespace: ns, groupsInToken: true, rolesInToken: true, permissionsInToken: true }) });
      expect(all.claims).toEqual({
        "https://example.com/claims/groups": ["Accounting", "Example Company", "External Accountants"],
        "https://example.com/claims/roles": ["Expense User"],
        "https://example.com/claims/permissions": ["add:expense", "view:own-expenses"],
      });
    });

    it("the key is the namespace and the list name concatenated as they are", () => {
      const result = computePolicy(request(), company({ switches: switches({ claimNamespace: "http://gh.test/ns#", rolesInToken: true }) }));
      expect(result.claims).toEqual({ "http://gh.test/ns#roles": [] });
    });

    it("without a namespace: plain keys, and one warning per switch that is on", () => {
      const result = computePolicy(request(), company({ explicitGroups: [EXT], switches: switches({ groupsInToken: true, permissionsInToken: true }) }));
      expect(result.claims).toEqual({ groups: ["Accounting", "Example Company", "External Accountants"], permissions: ["add:expense", "view:own-expenses"] });
      expect(result.warnings).toEqual([NO_NAMESPACE_WARNING("groups"), NO_NAMESPACE_WARNING("permissions")]);
      // Switches that are off raise no warning.
      expect(computePolicy(request(), company()).warnings).toEqual([]);
    });
  });

  describe("application: warnings and required roles", () => {
    it("an unregistered client: a warning saying so, no roles", () => {
      const result = computePolicy(
        request({ clientId: "unknown-client" }),
        company({ explicitGroups: [EXT], application: null, groupRoles: new Map(), rolePermissions: new Map() }),
      );
      expect(result.groups).toEqual(["Accounting", "Example Company", "External Accountants"]);
      expect(result.roles).toEqual([]);
      expect(result.accessGranted).toBe(true);
      expect(result.warnings).toEqual([
        'Application "unknown-client" is not registered in Gatehouse: roles and permissions are defined per application, so none are returned for it',
      ]);
    });

    it("an unsupported application type: a warning naming the type", () => {
      const m2m: PolicyApplication = { id: "m2m", name: "Billing Batch", supported: false, type: "NON_INTERACTIVE", requiredRoles: [] };
      const result = computePolicy(request({ clientId: "m2m" }), company({ application: m2m, groupRoles: new Map() }));
      expect(result.warnings).toEqual([
        'Application "Billing Batch" is of type NON_INTERACTIVE, which is not supported: only NATIVE, SPA and REGULAR_WEB applications have roles and permissions',
      ]);
    });

    it("namespace and application warnings together, namespace first", () => {
      const result = computePolicy(request({ clientId: "x" }), company({ application: null, switches: switches({ rolesInToken: true }) }));
      expect(result.warnings).toEqual([
        NO_NAMESPACE_WARNING("roles"),
        'Application "x" is not registered in Gatehouse: roles and permissions are defined per application, so none are returned for it',
      ]);
    });

    it("requiredRoles: denied with the documented reason when the user holds none of them", () => {
      const strict = { ...APP, requiredRoles: ["Expense Admin"] };
      const result = computePolicy(request(), company({ explicitGroups: [EXT], application: strict }));
      expect(result.accessGranted).toBe(false);
      expect(result.denialReason).toBe("You do not have the required role to access Expense Management Tool");
      // The lists are still answered.
      expect(result.roles).toEqual(["Expense User"]);
      // A user with no roles at all is denied too.
      const nobody = computePolicy(request({ userId: "nobody" }), company({ application: strict }));
      expect([nobody.accessGranted, nobody.denialReason]).toEqual([false, "You do not have the required role to access Expense Management Tool"]);
    });

    it("requiredRoles: granted when the user holds one of them (through a group or directly)", () => {
      const strict = { ...APP, requiredRoles: ["Expense Admin", "Auditor"] };
      const viaGroup = computePolicy(request(), company({ explicitGroups: [FITS], application: strict }));
      expect([viaGroup.accessGranted, viaGroup.denialReason]).toEqual([true, null]);
      const direct = computePolicy(request(), company({ directRoles: [ADMIN], application: strict }));
      expect([direct.accessGranted, direct.denialReason]).toEqual([true, null]);
    });

    it("no requiredRoles (or an unregistered client): always granted", () => {
      expect(computePolicy(request(), company()).accessGranted).toBe(true);
      expect(computePolicy(request(), company({ application: null })).denialReason).toBeNull();
    });
  });

  describe("cycle safety (cycles cannot be stored, but the engine must survive them)", () => {
    const A = g("g-a", "A");
    const B = g("g-b", "B");
    const C = g("g-c", "C");
    const D = g("g-d", "D");
    const roleB = g("r-b", "Role B");
    const roleC = g("r-c", "Role C");
    const cyclic = (explicitGroups: NamedRef[]) =>
      company({
        explicitGroups,
        mappings: [],
        // A → B → A, C → C (self loop), D → A
        parents: new Map([
          [A.id, [B]],
          [B.id, [A]],
          [C.id, [C]],
          [D.id, [A]],
        ]),
        groupRoles: new Map([
          [B.id, [roleB]],
          [C.id, [roleC]],
        ]),
        rolePermissions: new Map([
          [roleB.id, ["b:perm"]],
          [roleC.id, ["c:perm"]],
        ]),
      });

    it("computePolicy terminates with the right result", () => {
      const result = computePolicy(request(), cyclic([D, C]));
      expect(result.groups).toEqual(["A", "B", "C", "D"]);
      expect(result.roles).toEqual(["Role B", "Role C"]);
      expect(result.permissions).toEqual(["b:perm", "c:perm"]);
      expect([...ancestorsOf([A.id], cyclic([]).parents)].sort()).toEqual([A.id, B.id]);
      expect([...ancestorsOf([C.id], cyclic([]).parents)]).toEqual([C.id]);
    });

    it("explainPolicy terminates and lists each simple path once", () => {
      const explanation = explainPolicy(request(), cyclic([A, C]));
      expect(explanation.groups).toEqual([
        { name: "A", paths: ["A ← direct membership"], truncated: false },
        { name: "B", paths: ["B ← member of A"], truncated: false },
        { name: "C", paths: ["C ← direct membership"], truncated: false },
      ]);
      expect(explanation.roles).toEqual([
        { name: "Role B", paths: ["Role B ← group B ← member of A"], truncated: false },
        { name: "Role C", paths: ["Role C ← member of C"], truncated: false },
      ]);
      expect(explanation.permissions).toEqual([
        { name: "b:perm", paths: ["b:perm ← role Role B ← group B ← member of A"], truncated: false },
        { name: "c:perm", paths: ["c:perm ← role Role C ← member of C"], truncated: false },
      ]);
    });

    it("explainPolicy: both ends of a cycle explicit — each reached directly and through the other", () => {
      const explanation = explainPolicy(request(), cyclic([A, B]));
      expect(explanation.groups).toEqual([
        { name: "A", paths: ["A ← direct membership", "A ← member of B"], truncated: false },
        { name: "B", paths: ["B ← direct membership", "B ← member of A"], truncated: false },
      ]);
      expect(explanation.roles).toEqual([{ name: "Role B", paths: ["Role B ← group B ← member of A", "Role B ← member of B"], truncated: false }]);
    });
  });
});

describe("explainPolicy", () => {
  it("gives the documented path strings for a member of External Accountants", () => {
    const explanation = explainPolicy(request(), company({ explicitGroups: [EXT] }));
    expect(explanation).toEqual({
      groups: [
        { name: "Accounting", paths: ["Accounting ← member of External Accountants"], truncated: false },
        { name: "Example Company", paths: ["Example Company ← group Accounting ← member of External Accountants"], truncated: false },
        { name: "External Accountants", paths: ["External Accountants ← direct membership"], truncated: false },
      ],
      roles: [{ name: "Expense User", paths: ["Expense User ← group Example Company ← group Accounting ← member of External Accountants"], truncated: false }],
      permissions: [
        { name: "add:expense", paths: ["add:expense ← role Expense User ← group Example Company ← group Accounting ← member of External Accountants"], truncated: false },
        {
          name: "view:own-expenses",
          paths: ["view:own-expenses ← role Expense User ← group Example Company ← group Accounting ← member of External Accountants"],
          truncated: false,
        },
      ],
    });
  });

  it("a permission reached through two roles lists both paths", () => {
    const explanation = explainPolicy(request(), company({ explicitGroups: [FITS] }));
    const addExpense = explanation.permissions.find((p) => p.name === "add:expense");
    expect(addExpense).toEqual({
      name: "add:expense",
      paths: [
        "add:expense ← role Expense Admin ← group Finance ← member of Finance IT Support",
        "add:expense ← role Expense User ← group Example Company ← group Finance ← member of Finance IT Support",
      ],
      truncated: false,
    });
    expect(explanation.permissions.find((p) => p.name === "approve:expenses")?.paths).toEqual([
      "approve:expenses ← role Expense Admin ← group Finance ← member of Finance IT Support",
    ]);
  });

  it("a group reached through two parents lists both paths (and so do its roles and permissions)", () => {
    const leaf = g("g-leaf", "Leaf");
    const p1 = g("g-p1", "Parent One");
    const p2 = g("g-p2", "Parent Two");
    const top = g("g-top", "Top");
    const role = g("r-top", "Top Role");
    const data = company({
      explicitGroups: [leaf],
      parents: new Map([
        [leaf.id, [p1, p2]],
        [p1.id, [top]],
        [p2.id, [top]],
      ]),
      groupRoles: new Map([[top.id, [role]]]),
      rolePermissions: new Map([[role.id, ["top:perm"]]]),
    });
    const explanation = explainPolicy(request(), data);
    expect(explanation.groups).toEqual([
      { name: "Leaf", paths: ["Leaf ← direct membership"], truncated: false },
      { name: "Parent One", paths: ["Parent One ← member of Leaf"], truncated: false },
      { name: "Parent Two", paths: ["Parent Two ← member of Leaf"], truncated: false },
      { name: "Top", paths: ["Top ← group Parent One ← member of Leaf", "Top ← group Parent Two ← member of Leaf"], truncated: false },
    ]);
    expect(explanation.roles).toEqual([
      { name: "Top Role", paths: ["Top Role ← group Top ← group Parent One ← member of Leaf", "Top Role ← group Top ← group Parent Two ← member of Leaf"], truncated: false },
    ]);
    expect(explanation.permissions).toEqual([
      {
        name: "top:perm",
        paths: ["top:perm ← role Top Role ← group Top ← group Parent One ← member of Leaf", "top:perm ← role Top Role ← group Top ← group Parent Two ← member of Leaf"],
        truncated: false,
      },
    ]);
  });

  it("mapping paths name the connection and the IdP group", () => {
    const explanation = explainPolicy(request({ connection: "corp-ad", connectionGroups: ["Administrative"] }), company());
    expect(explanation.groups).toEqual([
      { name: "Example Company", paths: ["Example Company ← mapping (corp-ad, Administrative) into Management"], truncated: false },
      { name: "Management", paths: ["Management ← mapping (corp-ad, Administrative)"], truncated: false },
    ]);
    expect(explanation.roles).toEqual([
      { name: "Expense User", paths: ["Expense User ← group Example Company ← mapping (corp-ad, Administrative) into Management"], truncated: false },
    ]);
  });

  it("a group held explicitly and through a mapping lists both; direct role assignments and passthrough are paths too", () => {
    const explanation = explainPolicy(
      request({ connection: "corp-ad", connectionGroups: ["Administrative", "VPN"], connectionPermissions: ["idp:perm"] }),
      company({ explicitGroups: [MGMT], directRoles: [USER], switches: switches({ groupsPassthrough: true, permissionsPassthrough: true }) }),
    );
    expect(explanation.groups).toEqual([
      { name: "Administrative", paths: ["Administrative ← passthrough from the identity provider (corp-ad)"], truncated: false },
      {
        name: "Example Company",
        paths: ["Example Company ← mapping (corp-ad, Administrative) into Management", "Example Company ← member of Management"],
        truncated: false,
      },
      { name: "Management", paths: ["Management ← direct membership", "Management ← mapping (corp-ad, Administrative)"], truncated: false },
      { name: "VPN", paths: ["VPN ← passthrough from the identity provider (corp-ad)"], truncated: false },
    ]);
    expect(explanation.roles).toEqual([
      {
        name: "Expense User",
        paths: [
          "Expense User ← direct assignment",
          "Expense User ← group Example Company ← mapping (corp-ad, Administrative) into Management",
          "Expense User ← group Example Company ← member of Management",
        ],
        truncated: false,
      },
    ]);
    expect(explanation.permissions.map((p) => p.name)).toEqual(["add:expense", "idp:perm", "view:own-expenses"]);
    expect(explanation.permissions[0].paths).toEqual([
      "add:expense ← role Expense User ← direct assignment",
      "add:expense ← role Expense User ← group Example Company ← mapping (corp-ad, Administrative) into Management",
      "add:expense ← role Expense User ← group Example Company ← member of Management",
    ]);
    expect(explanation.permissions[1].paths).toEqual(["idp:perm ← passthrough from the identity provider (corp-ad)"]);
  });

  it("lists exactly the names computePolicy returns", () => {
    const cases: Array<[PolicyRequest, PolicyData]> = [
      [request(), company({ explicitGroups: [EXT] })],
      [request(), company({ explicitGroups: [FITS, HR], directRoles: [ADMIN] })],
      [
        request({ connection: "corp-ad", connectionGroups: ["Administrative", "x"], connectionRoles: ["r"] }),
        company({ switches: switches({ groupsPassthrough: true, rolesPassthrough: true }) }),
      ],
    ];
    for (const [req, data] of cases) {
      const result = computePolicy(req, data);
      const explanation = explainPolicy(req, data);
      expect({
        groups: explanation.groups.map((i) => i.name),
        roles: explanation.roles.map((i) => i.name),
        permissions: explanation.permissions.map((i) => i.name),
      }).toEqual({ groups: result.groups, roles: result.roles, permissions: result.permissions });
    }
  });

  it(`caps the paths of one item at MAX_PATHS_PER_ITEM (${MAX_PATHS_PER_ITEM}) on a wide DAG, and terminates`, () => {
    // 12 stacked diamonds: 2^12 = 4096 distinct paths from the bottom to the top.
    const parents = new Map<string, NamedRef[]>();
    let bottom = g("d-0", "level 0");
    const start = bottom;
    for (let level = 1; level <= 12; level += 1) {
      const left = g(`d-${level}-l`, `left ${level}`);
      const right = g(`d-${level}-r`, `right ${level}`);
      const joint = g(`d-${level}`, `level ${level}`);
      parents.set(bottom.id, [left, right]);
      parents.set(left.id, [joint]);
      parents.set(right.id, [joint]);
      bottom = joint;
    }
    const data = company({ explicitGroups: [start], parents, groupRoles: new Map(), mappings: [] });
    const explanation = explainPolicy(request(), data);
    expect(explanation.groups).toHaveLength(1 + 12 * 3);
    const top = explanation.groups.find((i) => i.name === "level 12");
    expect(top?.paths).toHaveLength(MAX_PATHS_PER_ITEM);
    expect(explanation.groups.find((i) => i.name === "level 1")?.paths).toEqual(["level 1 ← group left 1 ← member of level 0", "level 1 ← group right 1 ← member of level 0"]);
    expect(computePolicy(request(), data).groups).toHaveLength(1 + 12 * 3);
  });

  /** 12 stacked diamonds (2^n paths up to level n), with a role at level 3 and one at the top. */
  function diamonds(): PolicyData {
    const parents = new Map<string, NamedRef[]>();
    let bottom = g("d-0", "level 0");
    const start = bottom;
    for (let level = 1; level <= 12; level += 1) {
      const left = g(`d-${level}-l`, `left ${level}`);
      const right = g(`d-${level}-r`, `right ${level}`);
      const joint = g(`d-${level}`, `level ${level}`);
      parents.set(bottom.id, [left, right]);
      parents.set(left.id, [joint]);
      parents.set(right.id, [joint]);
      bottom = joint;
    }
    const low = g("r-low", "Low Role");
    const high = g("r-high", "High Role");
    return company({
      explicitGroups: [start],
      parents,
      groupRoles: new Map([
        ["d-3", [low]],
        ["d-12", [high]],
      ]),
      rolePermissions: new Map([
        ["r-low", ["low:read"]],
        ["r-high", ["high:read"]],
      ]),
      directRoles: [],
      mappings: [],
    });
  }

  it("says which items it cut: `truncated` on the groups over the limit, their ancestors, their roles and permissions", () => {
    const explanation = explainPolicy(request(), diamonds());
    const byName = new Map([...explanation.groups, ...explanation.roles, ...explanation.permissions].map((item) => [item.name, item]));
    // Level 5 has 2^5 = 32 paths: all listed; level 6 has 64: 50 listed.
    expect(byName.get("level 5")).toMatchObject({ truncated: false });
    expect(byName.get("level 5")?.paths).toHaveLength(32);
    expect(byName.get("level 6")).toMatchObject({ truncated: true });
    expect(byName.get("level 6")?.paths).toHaveLength(MAX_PATHS_PER_ITEM);
    for (const level of [6, 7, 11, 12]) expect(byName.get(`level ${level}`)?.truncated).toBe(true);
    expect(byName.get("Low Role")).toMatchObject({ truncated: false });
    expect(byName.get("Low Role")?.paths).toHaveLength(8);
    expect(byName.get("low:read")).toMatchObject({ truncated: false });
    expect(byName.get("High Role")?.truncated).toBe(true);
    expect(byName.get("high:read")?.truncated).toBe(true);
    for (const item of byName.values()) expect(item.paths.length).toBeLessThanOrEqual(MAX_PATHS_PER_ITEM);
  });

  /** `levels` rows of `width` groups, each group a member of every group of the row above; a role on each top group. */
  function wideDag(levels: number, width: number): PolicyData {
    const parents = new Map<string, NamedRef[]>();
    const bottom = g("w-0", "Wide Bottom");
    let below = [bottom];
    const role = g("r-wide", "Wide Role");
    const groupRoles = new Map<string, NamedRef[]>();
    for (let level = 1; level <= levels; level += 1) {
      const row = Array.from({ length: width }, (_, i) => g(`w-${level}-${i}`, `Wide group at level ${level}, number ${i}`));
      for (const child of below) parents.set(child.id, row);
      below = row;
    }
    for (const top of below) groupRoles.set(top.id, [role]);
    return company({ explicitGroups: [bottom], parents, groupRoles, rolePermissions: new Map([["r-wide", ["wide:read"]]]), directRoles: [], mappings: [] });
  }

  it(`bounds the whole answer: at most ${PATHS_PER_ANSWER_FACTOR} × the per-item limit beyond one path per item, and says what it cut`, () => {
    const explanation = explainPolicy(request(), wideDag(40, 10));
    const items = [...explanation.groups, ...explanation.roles, ...explanation.permissions];
    expect(items).toHaveLength(1 + 40 * 10 + 1 + 1);
    const paths = items.reduce((sum, item) => sum + item.paths.length, 0);
    expect(paths).toBeLessThanOrEqual(PATHS_PER_ANSWER_FACTOR * MAX_PATHS_PER_ITEM + items.length);
    for (const item of items) expect(item.paths.length).toBeGreaterThanOrEqual(1);
    expect(items.filter((item) => item.truncated).length).toBeGreaterThan(390);
    expect(explanation.groups.find((item) => item.name === "Wide Bottom")).toEqual({ name: "Wide Bottom", paths: ["Wide Bottom ← direct membership"], truncated: false });
    // 11.7 MB before the answer had a budget.
    const size = JSON.stringify(explanation).length;
    console.log(`[figures] explain on a 40 × 10 DAG: ${paths} paths, ${size} bytes`);
    expect(size).toBeLessThan(3_000_000);
  });

  it("takes the limit as an argument (EXPLAIN_MAX_PATHS)", () => {
    const explanation = explainPolicy(request(), diamonds(), 2);
    expect(explanation.groups.find((i) => i.name === "level 1")).toMatchObject({ truncated: false });
    expect(explanation.groups.find((i) => i.name === "level 2")).toEqual({
      name: "level 2",
      paths: expect.arrayContaining([expect.stringMatching(/^level 2 ← /)]),
      truncated: true,
    });
    for (const item of [...explanation.groups, ...explanation.roles, ...explanation.permissions]) expect(item.paths.length).toBeLessThanOrEqual(2);
  });

  it("bounds the work too: on 40 levels × 10 parents (10^40 paths) the walk visits each group at most the limit's number of times", () => {
    const levels = Array.from({ length: 41 }, (_, level) => Array.from({ length: level === 0 ? 1 : 10 }, (_, i) => g(`w-${level}-${i}`, `wide ${level}.${i}`)));
    let lookups = 0;
    const parents = new Map<string, NamedRef[]>();
    for (let level = 0; level < 40; level += 1) for (const group of levels[level]) parents.set(group.id, levels[level + 1]);
    const counted = new Map(parents);
    counted.get = (id: string) => {
      lookups += 1;
      return parents.get(id);
    };
    const data = company({ explicitGroups: [levels[0][0]], parents: counted, groupRoles: new Map(), mappings: [] });
    const explanation = explainPolicy(request(), data, 5);
    expect(explanation.groups).toHaveLength(401);
    for (const item of explanation.groups) expect(item.paths.length).toBeLessThanOrEqual(5);
    expect(explanation.groups.find((i) => i.name === "wide 40.9")).toMatchObject({ truncated: true });
    expect(explanation.groups.find((i) => i.name === "wide 1.0")).toMatchObject({ truncated: false });
    // One lookup per chain kept (at most 5 per group), plus one per group to mark the ancestors of the cut.
    expect(lookups).toBeLessThanOrEqual(401 * 5 + 401);
  });
});
