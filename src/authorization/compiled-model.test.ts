import fc from "fast-check";
import { GrantWindow, isActiveAt } from "../common/grant-window";
import { CompiledModel, ModelRows } from "./compiled-model";
import { activeGrants, calculatedGroupIds, grantKey } from "./effective";
import { computePolicy, explainPolicy, finishPolicy, NamedRef, organizationDecisionOf, PolicyApplication, PolicyData, PolicyRequest, PolicySwitches } from "./policy";

/**
 * The compiled model must give exactly the generic engine's answer: both are run on the same
 * random models (nesting with cycles and several parents, names that sort in surprising orders,
 * mappings, roles of several applications, direct roles) and random logins.
 */

const SWITCHES: PolicySwitches = {
  groupsInToken: true,
  rolesInToken: true,
  permissionsInToken: true,
  groupsPassthrough: false,
  rolesPassthrough: false,
  permissionsPassthrough: false,
  claimNamespace: "https://gh.test/",
};
const APPS = ["app-a", "app-b", "app-c"];
// Names chosen so that code-unit order differs from locale order (case, accents, digits).
const NAMES = ["Alpha", "alpha", "Beta", "Été", "zeta", "Zeta", "10", "9", "Ω", "a b", "IdP X", "IdP Y"];

const ORGS = ["o0", "o1", "o2"];

interface Scenario {
  rows: ModelRows;
  request: PolicyRequest;
  userGroupIds: string[];
  userRoleIds: string[];
  /** The user's organizations: id → role ids held there. */
  userOrganizations: Map<string, string[]>;
  application: PolicyApplication;
  switches: PolicySwitches;
}

const scenario: fc.Arbitrary<Scenario> = fc
  .record({
    groupCount: fc.integer({ min: 1, max: 12 }),
    roleCount: fc.integer({ min: 0, max: 8 }),
    nestings: fc.array(fc.tuple(fc.nat(11), fc.nat(11)), { maxLength: 20 }),
    mappings: fc.array(fc.record({ group: fc.nat(11), connection: fc.constantFrom("corp", "other"), name: fc.constantFrom(...NAMES) }), { maxLength: 8 }),
    roleApps: fc.array(fc.nat(APPS.length - 1), { minLength: 8, maxLength: 8 }),
    roleNames: fc.array(fc.constantFrom(...NAMES), { minLength: 8, maxLength: 8 }),
    groupRoles: fc.array(fc.tuple(fc.nat(11), fc.nat(7)), { maxLength: 12 }),
    rolePermissions: fc.array(fc.tuple(fc.nat(7), fc.constantFrom(...NAMES)), { maxLength: 16 }),
    userGroups: fc.array(fc.nat(13), { maxLength: 4 }),
    userRoles: fc.array(fc.nat(8), { maxLength: 3 }),
    groupNames: fc.shuffledSubarray(NAMES, { minLength: NAMES.length, maxLength: NAMES.length }),
    client: fc.constantFrom(...APPS, "unknown-app"),
    connection: fc.constantFrom("corp", "other", null),
    connectionGroups: fc.array(fc.constantFrom(...NAMES, "nothing"), { maxLength: 3 }),
    passthrough: fc.boolean(),
    memberOf: fc.subarray(ORGS),
    memberRoles: fc.array(fc.tuple(fc.nat(ORGS.length - 1), fc.nat(8)), { maxLength: 6 }),
    organizationId: fc.constantFrom(null, ...ORGS, "o-unknown"),
    usage: fc.constantFrom("ALLOW" as const, "DENY" as const, "REQUIRE" as const, undefined),
    tenantRoles: fc.boolean(),
    organizationInToken: fc.constantFrom(true, false, undefined),
    organizationMetadataInToken: fc.boolean(),
  })
  .map((x) => {
    const groups = Array.from({ length: x.groupCount }, (_, i) => ({ id: `g${i}`, name: x.groupNames[i] }));
    const roles = Array.from({ length: x.roleCount }, (_, i) => ({ id: `r${i}`, name: x.roleNames[i], applicationId: APPS[x.roleApps[i]] }));
    const inGroups = (i: number) => i < x.groupCount;
    const inRoles = (i: number) => i < x.roleCount;
    const pairs = new Set<string>();
    const userOrganizations = new Map<string, string[]>(x.memberOf.map((o) => [o, []]));
    for (const [o, r] of x.memberRoles) {
      const held = userOrganizations.get(ORGS[o]);
      // Ids past the end stand for roles the model does not know.
      if (held && !held.includes(`r${r}`)) held.push(`r${r}`);
    }
    return {
      userOrganizations,
      application: {
        id: x.client,
        name: x.client,
        type: "SPA",
        supported: true,
        requiredRoles: ["alpha"],
        organizationUsage: x.usage,
        tenantRolesInOrganizations: x.tenantRoles,
      },
      rows: {
        groups,
        nestings: x.nestings
          .filter(([c, p]) => inGroups(c) && inGroups(p) && c !== p && !pairs.has(`${c}>${p}`) && pairs.add(`${c}>${p}`))
          .map(([c, p]) => ({ childId: `g${c}`, parentId: `g${p}` })),
        mappings: x.mappings.filter((m) => inGroups(m.group)).map((m) => ({ groupId: `g${m.group}`, connectionName: m.connection, groupName: m.name })),
        roles,
        groupRoles: [...new Set(x.groupRoles.filter(([g, r]) => inGroups(g) && inRoles(r)).map(([g, r]) => `${g}:${r}`))].map((k) => {
          const [g, r] = k.split(":");
          return { groupId: `g${g}`, roleId: `r${r}` };
        }),
        rolePermissions: [...new Set(x.rolePermissions.filter(([r]) => inRoles(r)).map(([r, name]) => `${r}\u0000${name}`))].map((k) => {
          const [r, name] = k.split("\u0000");
          return { roleId: `r${r}`, name };
        }),
        organizations: ORGS.map((id, i) => ({ id, name: `org-${i}`, displayName: `Org ${i}`, metadata: JSON.stringify({ tier: `t${i}` }) })),
      },
      // Ids past the end stand for rows the model does not know (kept as ids, no parents, no roles).
      userGroupIds: [...new Set(x.userGroups.map((i) => `g${i}`))],
      userRoleIds: [...new Set(x.userRoles.map((i) => `r${i}`))],
      request: {
        userId: "u",
        clientId: x.client,
        connection: x.connection,
        connectionGroups: x.connectionGroups,
        connectionRoles: ["IdP Y"],
        connectionPermissions: ["zeta"],
        organizationId: x.organizationId,
      },
      switches: {
        ...SWITCHES,
        groupsPassthrough: x.passthrough,
        rolesPassthrough: x.passthrough,
        permissionsPassthrough: x.passthrough,
        organizationInToken: x.organizationInToken,
        organizationMetadataInToken: x.organizationMetadataInToken,
      },
    };
  });

/** The generic engine's input, built from the rows the plain way. */
function genericData(s: Scenario): PolicyData {
  const names = new Map(s.rows.groups.map((g) => [g.id, g.name]));
  const ref = (id: string): NamedRef => ({ id, name: names.get(id) ?? id });
  const parents = new Map<string, NamedRef[]>();
  for (const n of s.rows.nestings) parents.set(n.childId, [...(parents.get(n.childId) ?? []), ref(n.parentId)]);
  const roles = new Map(s.rows.roles.map((r) => [r.id, r]));
  const ofClient = (id: string) => roles.get(id)?.applicationId === s.request.clientId;
  const groupRoles = new Map<string, NamedRef[]>();
  for (const gr of s.rows.groupRoles) {
    if (ofClient(gr.roleId)) groupRoles.set(gr.groupId, [...(groupRoles.get(gr.groupId) ?? []), { id: gr.roleId, name: roles.get(gr.roleId)?.name ?? "" }]);
  }
  const rolePermissions = new Map<string, string[]>();
  for (const rp of s.rows.rolePermissions) rolePermissions.set(rp.roleId, [...(rolePermissions.get(rp.roleId) ?? []), rp.name]);
  const organizationId = s.request.organizationId;
  const organizationRow = s.rows.organizations?.find((o) => o.id === organizationId);
  const organization = organizationId
    ? {
        ref: organizationRow ? { ...organizationRow, metadata: JSON.parse(organizationRow.metadata as string) as Record<string, string> } : null,
        member: s.userOrganizations.has(organizationId),
        memberRoles: (s.userOrganizations.get(organizationId) ?? []).filter(ofClient).map((id) => ({ id, name: roles.get(id)?.name ?? "" })),
      }
    : undefined;
  return {
    organization,
    explicitGroups: s.userGroupIds.map(ref),
    mappings: s.rows.mappings.map((m) => ({ group: ref(m.groupId), connectionName: m.connectionName, idpGroup: m.groupName })),
    parents,
    groupRoles,
    directRoles: s.userRoleIds.filter(ofClient).map((id) => ({ id, name: roles.get(id)?.name ?? "" })),
    rolePermissions,
    application: s.application,
    switches: s.switches,
  };
}

/** The compiled path as the model cache runs it (policyFromModel). */
function compiledPolicy(compiled: CompiledModel, s: Scenario) {
  const rows = { groupIds: s.userGroupIds, roleIds: s.userRoleIds, organizations: s.userOrganizations };
  const decision = organizationDecisionOf(s.request, { application: s.application, organization: compiled.organizationSlice(s.request, rows) });
  return finishPolicy(s.request, compiled.collect(s.request, rows, decision), s.application, s.switches, decision);
}

describe("CompiledModel", () => {
  it("collects exactly what computePolicy computes, on random models and logins", () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const generic = genericData(s);
        const compiled = new CompiledModel(s.rows);
        const fast = compiledPolicy(compiled, s);
        expect(fast).toEqual(computePolicy(s.request, generic));
        // A second login on the same model must not see the first one's marks.
        expect(compiledPolicy(compiled, s)).toEqual(fast);
      }),
      { seed: 20261122, numRuns: 500 },
    );
  });

  it("gives explainPolicy the same derivations as the generic input", () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const generic = genericData(s);
        const compiled = new CompiledModel(s.rows);
        const rows = { groupIds: s.userGroupIds, roleIds: s.userRoleIds, organizations: s.userOrganizations };
        const data = { ...compiled.policyData(s.request, rows), application: generic.application, switches: s.switches };
        expect(explainPolicy(s.request, data)).toEqual(explainPolicy(s.request, generic));
      }),
      { seed: 20261122, numRuns: 300 },
    );
  });

  it("isolates organizations: a login for A holds exactly A's member roles of the client (plus tenant roles only when the application asks), never B's", () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const organizationId = s.request.organizationId;
        if (!organizationId) return;
        const byId = new Map(s.rows.roles.map((r) => [r.id, r]));
        const namesOf = (ids: readonly string[]) => [...new Set(ids.flatMap((id) => (byId.get(id)?.applicationId === s.request.clientId ? [byId.get(id)!.name] : [])))].sort();
        const granted = s.userOrganizations.has(organizationId) && s.application.organizationUsage !== "DENY" && organizationId !== "o-unknown";
        for (const result of [computePolicy(s.request, genericData(s)), compiledPolicy(new CompiledModel(s.rows), s)]) {
          if (!granted) {
            expect(result).toMatchObject({ roles: [], permissions: [], accessGranted: false, organization: null });
            continue;
          }
          const own = namesOf(s.userOrganizations.get(organizationId) ?? []);
          if (!s.application.tenantRolesInOrganizations) {
            const expected = s.switches.rolesPassthrough ? [...new Set([...own, "IdP Y"])].sort() : own;
            expect(result.roles).toEqual(expected);
          } else for (const name of own) expect(result.roles).toContain(name);
          expect(result.organization?.id).toBe(organizationId);
          expect(result.claims["https://gh.test/org_id"]).toBe(s.switches.organizationInToken === false ? undefined : organizationId);
        }
      }),
      { seed: 20261201, numRuns: 500 },
    );
  });

  it("compiled in steps (as the cache reloads), answers as compiled at once", async () => {
    await fc.assert(
      fc.asyncProperty(scenario, async (s) => {
        let pauses = 0;
        const stepped = await CompiledModel.inSteps(s.rows, async () => {
          pauses += 1;
        });
        expect(pauses).toBeGreaterThan(1);
        const rows = { groupIds: s.userGroupIds, roleIds: s.userRoleIds };
        expect(stepped.collect(s.request, rows)).toEqual(new CompiledModel(s.rows).collect(s.request, rows));
      }),
      { seed: 20261122, numRuns: 100 },
    );
  });

  describe("with time-bound grants (docs/design.md §13)", () => {
    /** A window over small instants around the request's time: each end absent or 0–10, the end after the start. */
    const windowArb: fc.Arbitrary<GrantWindow | null> = fc.option(
      fc
        .tuple(fc.option(fc.integer({ min: 0, max: 10 }), { nil: null }), fc.option(fc.integer({ min: 0, max: 10 }), { nil: null }))
        .map(([a, b]): GrantWindow => (a !== null && b !== null ? { validFrom: Math.min(a, b), expiresAt: Math.max(a, b) + 1 } : { validFrom: a, expiresAt: b })),
      { nil: null },
    );
    /** A scenario, a random window (or none) for each of the user's grants, and the request's time. */
    const timed = fc.tuple(scenario, fc.array(windowArb, { minLength: 40, maxLength: 40 }), fc.integer({ min: -1, max: 12 })).map(([s, draws, now]) => {
      const windows = new Map<string, GrantWindow>();
      let k = 0;
      const draw = (key: string) => {
        const window = draws[k++ % draws.length];
        if (window && (window.validFrom !== null || window.expiresAt !== null)) windows.set(key, window);
      };
      s.userGroupIds.forEach((id) => draw(grantKey.group(id)));
      s.userRoleIds.forEach((id) => draw(grantKey.role(id)));
      for (const [organizationId, roleIds] of s.userOrganizations) {
        draw(grantKey.organization(organizationId));
        roleIds.forEach((roleId) => draw(grantKey.memberRole(organizationId, roleId)));
      }
      return { s, windows, now };
    });

    /** The reference: the scenario as the uncached path reads it at `now` (each grant filtered by its own window, as activeSql does). */
    function atTime(s: Scenario, windows: ReadonlyMap<string, GrantWindow>, now: number): Scenario {
      const live = (key: string) => !windows.has(key) || isActiveAt(windows.get(key)!, now);
      const userOrganizations = new Map<string, string[]>();
      for (const [organizationId, roleIds] of s.userOrganizations) {
        if (live(grantKey.organization(organizationId)))
          userOrganizations.set(
            organizationId,
            roleIds.filter((roleId) => live(grantKey.memberRole(organizationId, roleId))),
          );
      }
      return {
        ...s,
        userGroupIds: s.userGroupIds.filter((id) => live(grantKey.group(id))),
        userRoleIds: s.userRoleIds.filter((id) => live(grantKey.role(id))),
        userOrganizations,
      };
    }

    /** The compiled path as AuthorizationService runs it: activeGrants on the rows with their windows, then the compiled model. */
    function compiledAt(compiled: CompiledModel, s: Scenario, windows: ReadonlyMap<string, GrantWindow>, now: number) {
      const active = activeGrants({ groupIds: s.userGroupIds, roleIds: s.userRoleIds, organizations: s.userOrganizations, windows }, now);
      const decision = organizationDecisionOf(s.request, { application: s.application, organization: compiled.organizationSlice(s.request, active.rows) });
      return { result: finishPolicy(s.request, compiled.collect(s.request, active.rows, decision), s.application, s.switches, decision), active };
    }

    /** The first bound of any window strictly after `now` (brute force), or null. */
    const firstBoundAfter = (windows: ReadonlyMap<string, GrantWindow>, now: number) => {
      const ahead = [...windows.values()].flatMap((w) => [w.validFrom, w.expiresAt]).filter((t): t is number => t !== null && t > now);
      return ahead.length === 0 ? null : Math.min(...ahead);
    };

    it("the compiled path's answer and validUntil at a random time equal the reference engine's on the grants active then", () => {
      fc.assert(
        fc.property(timed, ({ s, windows, now }) => {
          const compiled = new CompiledModel(s.rows);
          const { result, active } = compiledAt(compiled, s, windows, now);
          expect(result).toEqual(computePolicy(s.request, genericData(atTime(s, windows, now))));
          expect(active.validUntil).toBe(firstBoundAfter(windows, now));
          // Nothing changes before validUntil: the answer just before it is the same.
          if (active.validUntil !== null && active.validUntil - 1 > now) expect(compiledAt(compiled, s, windows, active.validUntil - 1).result).toEqual(result);
        }),
        { seed: 20261201, numRuns: 500 },
      );
    });

    it("explains only live grants, the same on the compiled path as on the reference input, with the windows of the grants paths start from", () => {
      fc.assert(
        fc.property(timed, ({ s, windows, now }) => {
          const compiled = new CompiledModel(s.rows);
          const { active } = compiledAt(compiled, s, windows, now);
          const data = { ...compiled.policyData(s.request, active.rows), application: s.application, switches: s.switches };
          const reference = { ...genericData(atTime(s, windows, now)), grantWindows: windows.size > 0 ? windows : undefined };
          const explained = explainPolicy(s.request, data);
          expect(explained).toEqual(explainPolicy(s.request, reference));
          // Every path names the window of a live windowed membership it starts from.
          for (const id of active.rows.groupIds) {
            const window = windows.get(grantKey.group(id));
            if (!window || window.expiresAt === null) continue;
            const text = `until ${new Date(window.expiresAt).toISOString()}`;
            expect(explained.groups.some((g) => g.paths.some((path) => path.includes(text)))).toBe(true);
          }
        }),
        { seed: 20261201, numRuns: 300 },
      );
    });
  });

  it("answers a group's subtree as calculatedGroupIds does from the nesting rows (each group once, the group first)", () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const compiled = new CompiledModel(s.rows);
        const children = new Map<string, string[]>();
        for (const n of s.rows.nestings) children.set(n.parentId, [...(children.get(n.parentId) ?? []), n.childId]);
        for (const { id } of s.rows.groups) {
          const subtree = compiled.subtree(id) as string[];
          expect(subtree[0]).toBe(id);
          expect(new Set(subtree).size).toBe(subtree.length);
          expect([...subtree].sort()).toEqual([...calculatedGroupIds(id, (g) => children.get(g))].sort());
        }
        expect(compiled.subtree("no such group")).toBeNull();
      }),
      { seed: 20261202, numRuns: 200 },
    );
  });

  it("walks a long chain and a wide fan without recursion", () => {
    const count = 20_000;
    const groups = Array.from({ length: count }, (_, i) => ({ id: `g${i}`, name: `group ${String(i).padStart(5, "0")}` }));
    const nestings = groups.slice(1).map((g, i) => ({ childId: groups[i].id, parentId: g.id }));
    const compiled = new CompiledModel({ groups, nestings, mappings: [], roles: [], groupRoles: [], rolePermissions: [] });
    const lists = compiled.collect({ userId: "u", clientId: "a" }, { groupIds: ["g0"], roleIds: [] });
    expect(lists.groups).toHaveLength(count);
    expect(lists.groups[0]).toBe("group 00000");
    expect(lists.groups[count - 1]).toBe("group 19999");
  });
});
