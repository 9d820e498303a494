import { expectError, Fixtures, ids } from "./helpers/fixtures";
import { startTestServer, TestServer } from "./helpers/server";

/*
 * Time-bound grants in the admin API's relations and listings (docs/design.md §13, "Relations and
 * listings"): every windowed mutation stores and lists its window, re-adding without one clears
 * it, bad windows write nothing, and a pending or expired grant is absent from every relation,
 * count and effective field while the listings show it with `active: false`.
 */

const HOUR = 3_600_000;
const iso = (ms: number) => new Date(ms).toISOString();
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const ADD_MEMBERS = `mutation($g: ID!, $u: [ID!]!, $from: DateTimeISO, $until: DateTimeISO) { addGroupMembers(groupId: $g, userIds: $u, validFrom: $from, expiresAt: $until) { id } }`;
const ADD_TO_GROUPS = `mutation($u: ID!, $g: [ID!]!, $from: DateTimeISO, $until: DateTimeISO) { addUserToGroups(userId: $u, groupIds: $g, validFrom: $from, expiresAt: $until) { id } }`;
const ADD_USER_ROLES = `mutation($u: ID!, $r: [ID!]!, $from: DateTimeISO, $until: DateTimeISO) { addUserRoles(userId: $u, roleIds: $r, validFrom: $from, expiresAt: $until) { id } }`;
const ADD_ORG_MEMBERS = `mutation($o: ID!, $u: [ID!]!, $from: DateTimeISO, $until: DateTimeISO) { addOrganizationMembers(organizationId: $o, userIds: $u, validFrom: $from, expiresAt: $until) { id } }`;
const ADD_ORG_ROLES = `mutation($o: ID!, $u: ID!, $r: [ID!]!, $from: DateTimeISO, $until: DateTimeISO) { addOrganizationMemberRoles(organizationId: $o, userId: $u, roleIds: $r, validFrom: $from, expiresAt: $until) { id } }`;

const GROUP_VIEW = `query($id: ID!) { group(id: $id) {
  memberCount
  members { totalCount nodes { id } }
  active: memberGrants { totalCount nodes { user { id } validFrom expiresAt active } }
  all: memberGrants(includeInactive: true) { totalCount nodes { user { id } validFrom expiresAt active } }
  calculatedMembers { totalCount nodes { user { id } group { id } } }
} }`;

const USER_VIEW = `query($id: ID!, $app: ID!) { user(id: $id) {
  groups { id }
  roles { id }
  effectiveGroups { id }
  effectiveRoles { id }
  effectivePermissions(applicationId: $app) { id }
  groupGrants { group { id } validFrom expiresAt active }
  allGroupGrants: groupGrants(includeInactive: true) { group { id } validFrom expiresAt active }
  roleGrants { role { id } validFrom expiresAt active }
  allRoleGrants: roleGrants(includeInactive: true) { role { id } validFrom expiresAt active }
  organizations { organization { id } validFrom expiresAt active roles { id } }
} }`;

const ORG_VIEW = `query($id: ID!) { organization(id: $id) {
  members { totalCount nodes { user { id } validFrom expiresAt active roles { id } roleGrants { role { id } active } } }
  active: memberGrants { totalCount nodes { user { id } active } }
  all: memberGrants(includeInactive: true) { totalCount nodes { user { id } validFrom expiresAt active roles { id } roleGrants(includeInactive: true) { role { id } validFrom expiresAt active } } }
} }`;

const ROLE_USERS = `query($id: ID!) { role(id: $id) { users { id } } }`;

describe("time-bound grants in relations and listings", () => {
  let t: TestServer;
  let f: Fixtures;
  let seq = 0;
  const userId = (label: string) => `auth0|grants-${label}-${++seq}`;

  beforeAll(async () => {
    t = await startTestServer();
    f = new Fixtures(t);
  });
  afterAll(() => t.stop());

  const group = async (id: string) => (await t.ok<any>(GROUP_VIEW, { id })).group;
  const user = async (id: string, app: string) => (await t.ok<any>(USER_VIEW, { id, app })).user;
  const organization = async (id: string) => (await t.ok<any>(ORG_VIEW, { id })).organization;
  const roleUsers = async (id: string) => ids((await t.ok<any>(ROLE_USERS, { id })).role.users);
  const userIds = (nodes: Array<{ user: { id: string } }>) => nodes.map((node) => node.user.id);
  const userExists = async (id: string) => (await t.ok<any>(`query($id: ID!) { user(id: $id) { id } }`, { id })).user !== null;

  /** An application with a permission in a role, that role on a group nested in `parent`. */
  async function model() {
    const app = await f.application();
    const permission = await f.permission(app.id);
    const role = await f.role(app.id, undefined, [permission.id]);
    const parent = await f.group();
    const child = await f.group();
    await f.nest(parent.id, [child.id]);
    await f.groupRoles(child.id, [role.id]);
    return { app, permission, role, parent, child };
  }

  describe("windowed mutations store and list the window", () => {
    it("addGroupMembers: the membership is listed with its window and active, counted and a member", async () => {
      const { app, parent, child, role, permission } = await model();
      const u = userId("gm");
      const from = Date.now() - HOUR;
      const until = Date.now() + HOUR;
      await t.ok(ADD_MEMBERS, { g: child.id, u: [u], from: iso(from), until: iso(until) });
      const g = await group(child.id);
      expect(g.memberCount).toBe(1);
      expect(ids(g.members.nodes)).toEqual([u]);
      expect(g.active).toEqual({ totalCount: 1, nodes: [{ user: { id: u }, validFrom: iso(from), expiresAt: iso(until), active: true }] });
      expect(g.all).toEqual(g.active);
      expect((await group(parent.id)).calculatedMembers).toEqual({ totalCount: 1, nodes: [{ user: { id: u }, group: { id: child.id } }] });
      const view = await user(u, app.id);
      expect(view.groupGrants).toEqual([{ group: { id: child.id }, validFrom: iso(from), expiresAt: iso(until), active: true }]);
      expect(ids(view.groups)).toEqual([child.id]);
      expect(ids(view.effectiveGroups).sort()).toEqual([child.id, parent.id].sort());
      expect(ids(view.effectiveRoles)).toEqual([role.id]);
      expect(ids(view.effectivePermissions)).toEqual([permission.id]);
    });

    it("addUserToGroups: the window is stored for each group; unwindowed memberships list null bounds", async () => {
      const { app } = await model();
      const [b, a] = [await f.group(f.name("Zulu")), await f.group(f.name("Alpha"))];
      const u = userId("utg");
      const until = Date.now() + HOUR;
      await t.ok(ADD_TO_GROUPS, { u, g: [a.id], until: iso(until) });
      await t.ok(ADD_TO_GROUPS, { u, g: [b.id] });
      const view = await user(u, app.id);
      // Sorted by group name.
      expect(view.groupGrants).toEqual([
        { group: { id: a.id }, validFrom: null, expiresAt: iso(until), active: true },
        { group: { id: b.id }, validFrom: null, expiresAt: null, active: true },
      ]);
      expect(ids(view.groups).sort()).toEqual([a.id, b.id].sort());
    });

    it("addUserRoles: the assignment is listed with its window; the role is held, the user among the role's users", async () => {
      const { app, role, permission } = await model();
      const u = userId("ur");
      const from = Date.now() - 1000;
      const until = Date.now() + HOUR;
      await t.ok(ADD_USER_ROLES, { u, r: [role.id], from: iso(from), until: iso(until) });
      const view = await user(u, app.id);
      expect(view.roleGrants).toEqual([{ role: { id: role.id }, validFrom: iso(from), expiresAt: iso(until), active: true }]);
      expect(ids(view.roles)).toEqual([role.id]);
      expect(ids(view.effectiveRoles)).toEqual([role.id]);
      expect(ids(view.effectivePermissions)).toEqual([permission.id]);
      expect(await roleUsers(role.id)).toEqual([u]);
    });

    it("addOrganizationMembers and addOrganizationMemberRoles: the member, the membership and the member role carry their windows", async () => {
      const { app, role } = await model();
      const org = await f.organization();
      const u = userId("om");
      const until = Date.now() + HOUR;
      const roleUntil = Date.now() + HOUR / 2;
      await t.ok(ADD_ORG_MEMBERS, { o: org.id, u: [u], until: iso(until) });
      await t.ok(ADD_ORG_ROLES, { o: org.id, u, r: [role.id], until: iso(roleUntil) });
      const o = await organization(org.id);
      expect(o.members).toEqual({
        totalCount: 1,
        nodes: [{ user: { id: u }, validFrom: null, expiresAt: iso(until), active: true, roles: [{ id: role.id }], roleGrants: [{ role: { id: role.id }, active: true }] }],
      });
      expect(o.all.nodes[0].roleGrants).toEqual([{ role: { id: role.id }, validFrom: null, expiresAt: iso(roleUntil), active: true }]);
      expect((await user(u, app.id)).organizations).toEqual([{ organization: { id: org.id }, validFrom: null, expiresAt: iso(until), active: true, roles: [{ id: role.id }] }]);
    });
  });

  describe("re-adding without a window clears it", () => {
    it("on each of the five mutations", async () => {
      const { app, role, child } = await model();
      const org = await f.organization();
      const u = userId("clear");
      const v = userId("clear");
      const until = iso(Date.now() + HOUR);
      const from = iso(Date.now() + HOUR / 2);
      await t.ok(ADD_MEMBERS, { g: child.id, u: [u], until });
      await t.ok(ADD_USER_ROLES, { u, r: [role.id], from, until });
      await t.ok(ADD_ORG_MEMBERS, { o: org.id, u: [u], until });
      await t.ok(ADD_ORG_ROLES, { o: org.id, u, r: [role.id], from, until });
      const other = await f.group();
      await t.ok(ADD_TO_GROUPS, { u: v, g: [other.id], from, until });

      await t.ok(ADD_MEMBERS, { g: child.id, u: [u] });
      await t.ok(ADD_USER_ROLES, { u, r: [role.id] });
      await t.ok(ADD_ORG_MEMBERS, { o: org.id, u: [u] });
      await t.ok(ADD_ORG_ROLES, { o: org.id, u, r: [role.id] });
      await t.ok(ADD_TO_GROUPS, { u: v, g: [other.id] });

      const g = await group(child.id);
      expect(g.all.nodes).toEqual([{ user: { id: u }, validFrom: null, expiresAt: null, active: true }]);
      expect(g.memberCount).toBe(1);
      const view = await user(u, app.id);
      expect(view.allRoleGrants).toEqual([{ role: { id: role.id }, validFrom: null, expiresAt: null, active: true }]);
      expect(ids(view.roles)).toEqual([role.id]);
      const o = await organization(org.id);
      expect(o.all.nodes).toEqual([
        {
          user: { id: u },
          validFrom: null,
          expiresAt: null,
          active: true,
          roles: [{ id: role.id }],
          roleGrants: [{ role: { id: role.id }, validFrom: null, expiresAt: null, active: true }],
        },
      ]);
      expect((await user(v, app.id)).allGroupGrants).toEqual([{ group: { id: other.id }, validFrom: null, expiresAt: null, active: true }]);
      // The pending grant became an active one: it is now counted.
      expect((await group(other.id)).memberCount).toBe(1);
    });
  });

  describe("invalid windows are BAD_USER_INPUT naming expiresAt and write nothing", () => {
    const cases: Array<[string, () => { from?: string; until: string }, RegExp]> = [
      ["expiresAt before validFrom", () => ({ from: iso(Date.now() + 2 * HOUR), until: iso(Date.now() + HOUR) }), /expiresAt: must be later than validFrom/],
      [
        "expiresAt equal to validFrom",
        () => {
          const at = iso(Date.now() + HOUR);
          return { from: at, until: at };
        },
        /expiresAt: must be later than validFrom/,
      ],
      ["expiresAt in the past", () => ({ until: iso(Date.now() - 1000) }), /expiresAt: must be in the future/],
    ];

    it.each(cases)("%s", async (_label, window, message) => {
      const { app, role, child } = await model();
      const org = await f.organization();
      const member = userId("member");
      await f.organizationMembers(org.id, [member]);
      const fresh = userId("fresh");
      const check = (result: any) => {
        const error = expectError(result, "BAD_USER_INPUT", message);
        expect(error.extensions.field).toBe("expiresAt");
      };
      const w = window();
      check(await t.gql(ADD_MEMBERS, { g: child.id, u: [fresh], ...w }));
      check(await t.gql(ADD_TO_GROUPS, { u: fresh, g: [child.id], ...w }));
      check(await t.gql(ADD_USER_ROLES, { u: fresh, r: [role.id], ...w }));
      check(await t.gql(ADD_ORG_MEMBERS, { o: org.id, u: [fresh], ...w }));
      check(await t.gql(ADD_ORG_ROLES, { o: org.id, u: member, r: [role.id], ...w }));
      // Nothing written: not the stub user, not a membership, not a role.
      expect(await userExists(fresh)).toBe(false);
      const g = await group(child.id);
      expect(g.all.totalCount).toBe(0);
      expect(g.memberCount).toBe(0);
      expect(await roleUsers(role.id)).toEqual([]);
      const o = await organization(org.id);
      expect(userIds(o.all.nodes)).toEqual([member]);
      expect(o.all.nodes[0].roleGrants).toEqual([]);
      expect((await user(member, app.id)).organizations).toEqual([{ organization: { id: org.id }, validFrom: null, expiresAt: null, active: true, roles: [] }]);
    });

    it("unknown ids are still NOT_FOUND with a valid window", async () => {
      const { role } = await model();
      const window = { until: iso(Date.now() + HOUR) };
      const u = userId("nf");
      expectError(await t.gql(ADD_MEMBERS, { g: "no-such-group", u: [u], ...window }), "NOT_FOUND", "no-such-group");
      expectError(await t.gql(ADD_TO_GROUPS, { u, g: ["no-such-group"], ...window }), "NOT_FOUND", "no-such-group");
      expectError(await t.gql(ADD_USER_ROLES, { u, r: ["no-such-role"], ...window }), "NOT_FOUND", "no-such-role");
      expectError(await t.gql(ADD_ORG_MEMBERS, { o: "org_nosuch", u: [u], ...window }), "NOT_FOUND", "org_nosuch");
      const org = await f.organization({}, [u]);
      expectError(await t.gql(ADD_ORG_ROLES, { o: org.id, u, r: ["no-such-role"], ...window }), "NOT_FOUND", "no-such-role");
      expect(await roleUsers(role.id)).toEqual([]);
    });
  });

  describe("a pending grant (validFrom ahead) is absent everywhere but the listings of inactive grants", () => {
    it("group membership, direct role, organization membership and member role", async () => {
      const { app, role, parent, child } = await model();
      const org = await f.organization();
      const pending = userId("pending");
      const steady = userId("steady");
      const from = Date.now() + HOUR;
      await f.addMembers(child.id, [steady]);
      await t.ok(ADD_MEMBERS, { g: child.id, u: [pending], from: iso(from) });
      await t.ok(ADD_USER_ROLES, { u: pending, r: [role.id], from: iso(from) });
      await f.organizationMembers(org.id, [steady]);
      await t.ok(ADD_ORG_MEMBERS, { o: org.id, u: [pending], from: iso(from) });
      // A member role without a window, on a pending membership: it does not count either.
      await t.ok(ADD_ORG_ROLES, { o: org.id, u: pending, r: [role.id] });
      // A pending member role on an active membership.
      await t.ok(ADD_ORG_ROLES, { o: org.id, u: steady, r: [role.id], from: iso(from) });

      const g = await group(child.id);
      expect(g.memberCount).toBe(1);
      expect(g.members).toEqual({ totalCount: 1, nodes: [{ id: steady }] });
      expect(g.active).toEqual({ totalCount: 1, nodes: [{ user: { id: steady }, validFrom: null, expiresAt: null, active: true }] });
      expect(g.all.totalCount).toBe(2);
      expect(g.all.nodes).toContainEqual({ user: { id: pending }, validFrom: iso(from), expiresAt: null, active: false });
      expect((await group(parent.id)).calculatedMembers).toEqual({ totalCount: 1, nodes: [{ user: { id: steady }, group: { id: child.id } }] });

      const view = await user(pending, app.id);
      expect(view.groups).toEqual([]);
      expect(view.roles).toEqual([]);
      expect(view.effectiveGroups).toEqual([]);
      expect(view.effectiveRoles).toEqual([]);
      expect(view.effectivePermissions).toEqual([]);
      expect(view.groupGrants).toEqual([]);
      expect(view.allGroupGrants).toEqual([{ group: { id: child.id }, validFrom: iso(from), expiresAt: null, active: false }]);
      expect(view.roleGrants).toEqual([]);
      expect(view.allRoleGrants).toEqual([{ role: { id: role.id }, validFrom: iso(from), expiresAt: null, active: false }]);
      expect(view.organizations).toEqual([]);
      expect(await roleUsers(role.id)).toEqual([]);

      const o = await organization(org.id);
      expect(o.members).toEqual({ totalCount: 1, nodes: [{ user: { id: steady }, validFrom: null, expiresAt: null, active: true, roles: [], roleGrants: [] }] });
      expect(o.active).toEqual({ totalCount: 1, nodes: [{ user: { id: steady }, active: true }] });
      expect(o.all.totalCount).toBe(2);
      const byUser = new Map(o.all.nodes.map((node: any) => [node.user.id, node]));
      expect(byUser.get(pending)).toEqual({
        user: { id: pending },
        validFrom: iso(from),
        expiresAt: null,
        active: false,
        roles: [],
        roleGrants: [{ role: { id: role.id }, validFrom: null, expiresAt: null, active: false }],
      });
      expect(byUser.get(steady)).toMatchObject({ active: true, roles: [], roleGrants: [{ role: { id: role.id }, validFrom: iso(from), expiresAt: null, active: false }] });

      // search: the active matches, or every match with includeInactive.
      const SEARCH = `query($id: ID!, $s: String, $all: Boolean) { organization(id: $id) {
        members(search: $s) { totalCount nodes { user { id } } }
        memberGrants(search: $s, includeInactive: $all) { totalCount nodes { user { id } active } } } }`;
      const searched = async (all: boolean) => (await t.ok<any>(SEARCH, { id: org.id, s: pending, all })).organization;
      expect(await searched(false)).toEqual({ members: { totalCount: 0, nodes: [] }, memberGrants: { totalCount: 0, nodes: [] } });
      expect((await searched(true)).memberGrants).toEqual({ totalCount: 1, nodes: [{ user: { id: pending }, active: false }] });
    });

    it("memberGrants pages by user id across active and inactive memberships", async () => {
      const g = await f.group();
      const base = `auth0|page-${++seq}`;
      const [a, b, c, d] = ["a", "b", "c", "d"].map((s) => `${base}-${s}`);
      await f.addMembers(g.id, [a, c]);
      await t.ok(ADD_MEMBERS, { g: g.id, u: [b], from: iso(Date.now() + HOUR) });
      await t.ok(ADD_MEMBERS, { g: g.id, u: [d], until: iso(Date.now() + HOUR) });
      const PAGE = `query($id: ID!, $after: String, $all: Boolean) { group(id: $id) { memberGrants(first: 2, after: $after, includeInactive: $all) { totalCount pageInfo { hasNextPage endCursor } nodes { user { id } active } } } }`;
      const page = async (all: boolean, after?: string) => (await t.ok<any>(PAGE, { id: g.id, after, all })).group.memberGrants;
      const first = await page(true);
      expect(first).toMatchObject({
        totalCount: 4,
        pageInfo: { hasNextPage: true },
        nodes: [
          { user: { id: a }, active: true },
          { user: { id: b }, active: false },
        ],
      });
      const second = await page(true, first.pageInfo.endCursor);
      expect(second).toMatchObject({
        totalCount: 4,
        pageInfo: { hasNextPage: false },
        nodes: [
          { user: { id: c }, active: true },
          { user: { id: d }, active: true },
        ],
      });
      const active = await page(false);
      expect(active).toMatchObject({ totalCount: 3, pageInfo: { hasNextPage: true }, nodes: [{ user: { id: a } }, { user: { id: c } }] });
      expect((await page(false, active.pageInfo.endCursor)).nodes).toEqual([{ user: { id: d }, active: true }]);
      // members pages the same way, skipping the pending one.
      const MEMBERS = `query($id: ID!, $after: String) { group(id: $id) { members(first: 1, after: $after) { totalCount pageInfo { endCursor } nodes { id } } } }`;
      const m1 = (await t.ok<any>(MEMBERS, { id: g.id })).group.members;
      const m2 = (await t.ok<any>(MEMBERS, { id: g.id, after: m1.pageInfo.endCursor })).group.members;
      expect([m1.totalCount, ids(m1.nodes), ids(m2.nodes)]).toEqual([3, [a], [c]]);
      // search on members counts active matches only.
      const SEARCH = `query($id: ID!, $s: String) { group(id: $id) { members(search: $s) { totalCount nodes { id } } } }`;
      expect((await t.ok<any>(SEARCH, { id: g.id, s: `${base}-b` })).group.members).toEqual({ totalCount: 0, nodes: [] });
    });
  });

  describe("the listings batch: as many statements for many parents as for few", () => {
    /** The statements of `query`, run once before to absorb per-process warm-ups (as batching.test.ts). */
    async function measure(query: string, variables: Record<string, unknown>): Promise<{ data: any; statements: number }> {
      await t.ok(query, variables);
      await t.server.app.services.authorization.cache.warm();
      const before = t.sqlCount();
      const data = await t.ok(query, variables);
      return { data, statements: t.sqlCount() - before };
    }

    it("groups with memberGrants and counts, organizations with memberGrants and roleGrants, users with their grants", async () => {
      const app = await f.application();
      const role = await f.role(app.id);
      const from = iso(Date.now() + HOUR);
      async function build(prefix: string, count: number) {
        for (let i = 0; i < count; i++) {
          const g = await f.group(`${prefix} group ${i}`);
          const org = await f.organization({ name: `${prefix}-org-${i}` });
          const [a, b] = [`${prefix}|${i}|a`, `${prefix}|${i}|b`];
          await f.addMembers(g.id, [a]);
          await t.ok(ADD_MEMBERS, { g: g.id, u: [b], from });
          await f.organizationMembers(org.id, [a]);
          await t.ok(ADD_ORG_MEMBERS, { o: org.id, u: [b], from });
          await t.ok(ADD_ORG_ROLES, { o: org.id, u: a, r: [role.id], from });
          await t.ok(ADD_USER_ROLES, { u: a, r: [role.id], from });
        }
      }
      await build("fewgrants", 2);
      await build("manygrants", 6);
      const GROUPS = `query($s: String!) { groups(search: $s, first: 10) { nodes { memberCount members(first: 5) { totalCount } memberGrants(first: 5, includeInactive: true) { totalCount nodes { user { id } active } } calculatedMembers(first: 5) { totalCount } } } }`;
      const ORGS = `query($s: String!) { organizations(search: $s, first: 10) { nodes { members(first: 5) { totalCount nodes { roles { id } } } memberGrants(first: 5, includeInactive: true) { totalCount nodes { active roles { id } roleGrants(includeInactive: true) { active } } } } } }`;
      // One relation per query (as batching.test.ts): two relations loading users at once may
      // land in one batch or two, by the driver's timing, which says nothing of batching.
      const selections: Array<[string, string]> = [
        ["groups", "memberCount"],
        ["groups", "members(first: 5) { totalCount nodes { id } }"],
        ["groups", "memberGrants(first: 5, includeInactive: true) { totalCount nodes { user { id } validFrom active } }"],
        ["groups", "calculatedMembers(first: 5) { totalCount nodes { user { id } } }"],
        ["organizations", "members(first: 5) { totalCount nodes { user { id } roles { id } roleGrants { active } } }"],
        [
          "organizations",
          "memberGrants(first: 5, includeInactive: true) { totalCount nodes { user { id } active roles { id } roleGrants(includeInactive: true) { role { id } active } } }",
        ],
        ["users", "groups { id }"],
        ["users", "groupGrants(includeInactive: true) { group { id } active }"],
        ["users", "roleGrants(includeInactive: true) { role { id } active }"],
        ["users", "organizations { organization { id } active roles { id } }"],
      ];
      for (const [list, selection] of selections) {
        const query = `query($s: String!) { ${list}(search: $s, first: 20) { nodes { ${selection} } } }`;
        const few = await measure(query, { s: "fewgrants" });
        const many = await measure(query, { s: "manygrants" });
        expect({ selection, statements: many.statements }).toEqual({ selection, statements: few.statements });
        expect(many.statements).toBeLessThanOrEqual(10);
        expect(many.statements).toBeGreaterThan(2);
      }
      const groups = (await t.ok<any>(GROUPS, { s: "manygrants" })).groups.nodes;
      expect(groups).toHaveLength(6);
      for (const node of groups) {
        expect([node.memberCount, node.members.totalCount, node.memberGrants.totalCount, node.calculatedMembers.totalCount]).toEqual([1, 1, 2, 1]);
        expect(node.memberGrants.nodes.map((n: any) => n.active)).toEqual([true, false]);
      }
      const orgs = (await t.ok<any>(ORGS, { s: "manygrants" })).organizations.nodes;
      expect(orgs).toHaveLength(6);
      for (const node of orgs) {
        expect(node.members).toEqual({ totalCount: 1, nodes: [{ roles: [] }] });
        expect(node.memberGrants.nodes).toEqual([
          { active: true, roles: [], roleGrants: [{ active: false }] },
          { active: false, roles: [], roleGrants: [] },
        ]);
      }
    });
  });

  describe("an expired grant leaves every relation at its expiresAt, with no write in between", () => {
    let m: Awaited<ReturnType<typeof model>>;
    let org: { id: string };
    let expiring: string;
    let steady: string;
    let until: number;

    beforeAll(async () => {
      m = await model();
      org = await f.organization();
      expiring = userId("expiring");
      steady = userId("steady");
      await f.addMembers(m.child.id, [steady]);
      await f.organizationMembers(org.id, [steady]);
      until = Date.now() + 2000;
      await t.ok(ADD_MEMBERS, { g: m.child.id, u: [expiring], until: iso(until) });
      await t.ok(ADD_USER_ROLES, { u: expiring, r: [m.role.id], until: iso(until) });
      await t.ok(ADD_ORG_MEMBERS, { o: org.id, u: [expiring], until: iso(until) });
      await t.ok(ADD_ORG_ROLES, { o: org.id, u: steady, r: [m.role.id], until: iso(until) });
    });

    it("counts the grants before the instant", async () => {
      const g = await group(m.child.id);
      expect([g.memberCount, g.members.totalCount, (await group(m.parent.id)).calculatedMembers.totalCount]).toEqual([2, 2, 2]);
      const view = await user(expiring, m.app.id);
      expect([ids(view.groups), ids(view.roles), ids(view.effectiveRoles)]).toEqual([[m.child.id], [m.role.id], [m.role.id]]);
      expect(ids(view.effectivePermissions)).toEqual([m.permission.id]);
      expect(await roleUsers(m.role.id)).toEqual([expiring]);
      const o = await organization(org.id);
      expect(o.members.totalCount).toBe(2);
      expect(o.members.nodes.find((node: any) => node.user.id === steady).roles).toEqual([{ id: m.role.id }]);
    });

    it("and not after it", async () => {
      await sleep(Math.max(0, until - Date.now()) + 100);
      const g = await group(m.child.id);
      expect(g.memberCount).toBe(1);
      expect(g.members).toEqual({ totalCount: 1, nodes: [{ id: steady }] });
      expect(g.active.nodes).toEqual([{ user: { id: steady }, validFrom: null, expiresAt: null, active: true }]);
      expect(g.all.nodes).toContainEqual({ user: { id: expiring }, validFrom: null, expiresAt: iso(until), active: false });
      expect((await group(m.parent.id)).calculatedMembers).toEqual({ totalCount: 1, nodes: [{ user: { id: steady }, group: { id: m.child.id } }] });

      const view = await user(expiring, m.app.id);
      expect([view.groups, view.roles, view.effectiveGroups, view.effectiveRoles, view.effectivePermissions, view.groupGrants, view.roleGrants, view.organizations]).toEqual([
        [],
        [],
        [],
        [],
        [],
        [],
        [],
        [],
      ]);
      expect(view.allGroupGrants).toEqual([{ group: { id: m.child.id }, validFrom: null, expiresAt: iso(until), active: false }]);
      expect(view.allRoleGrants).toEqual([{ role: { id: m.role.id }, validFrom: null, expiresAt: iso(until), active: false }]);
      expect(await roleUsers(m.role.id)).toEqual([]);

      const o = await organization(org.id);
      expect(o.members).toEqual({ totalCount: 1, nodes: [{ user: { id: steady }, validFrom: null, expiresAt: null, active: true, roles: [], roleGrants: [] }] });
      const byUser = new Map(o.all.nodes.map((node: any) => [node.user.id, node]));
      expect(byUser.get(expiring)).toMatchObject({ active: false, expiresAt: iso(until), roles: [] });
      expect(byUser.get(steady)).toMatchObject({ active: true, roleGrants: [{ role: { id: m.role.id }, validFrom: null, expiresAt: iso(until), active: false }] });
      expect((await user(steady, m.app.id)).organizations).toEqual([{ organization: { id: org.id }, validFrom: null, expiresAt: null, active: true, roles: [] }]);
    });
  });
});
