import { DEMO_APPLICATION_ID, DemoSeed, seedDemo } from "../src/cli/seed-demo";
import { addMappings, configure, context, CONTEXT_QUERY, explain, DEFAULT_SWITCHES, setRequiredRoles } from "./helpers/authorization";
import { expectError, Fixtures } from "./helpers/fixtures";
import { startTestServer, TestServer } from "./helpers/server";

/** authorizationContext end to end on the example company of docs/design.md §9. */

const APP = DEMO_APPLICATION_ID;
const ALICE = "auth0|alice"; // member of External Accountants
const BOB = "auth0|bob"; // member of Finance IT Support
const NS = "https://example.com/claims/";

const UNREGISTERED = (clientId: string) =>
  `Application "${clientId}" is not registered in Gatehouse: roles and permissions are defined per application, so none are returned for it`;
const NO_NAMESPACE = (key: string) =>
  `${key}InToken is on but no claimNamespace is set: OIDC-conformant ID and access tokens drop non-namespaced claims such as "${key}"; set claimNamespace to an absolute URL (e.g. https://example.com/claims/)`;

describe("authorizationContext", () => {
  let t: TestServer;
  let f: Fixtures;
  let demo: DemoSeed;

  beforeAll(async () => {
    t = await startTestServer();
    f = new Fixtures(t);
    demo = (await seedDemo(t.server.app))!;
    expect(demo).not.toBeNull();
  });
  afterAll(() => t.stop());
  afterEach(async () => {
    await configure(t, DEFAULT_SWITCHES);
    await setRequiredRoles(t, APP, []);
  });

  describe("the example company", () => {
    it("a member of External Accountants: its ancestors, Expense User and its two permissions", async () => {
      expect(await context(t, { userId: ALICE, clientId: APP, connection: "Username-Password-Authentication" })).toEqual({
        userId: ALICE,
        clientId: APP,
        groups: ["Accounting", "Example Company", "External Accountants"],
        roles: ["Expense User"],
        permissions: ["add:expense", "view:own-expenses"],
        claims: {},
        accessGranted: true,
        denialReason: null,
        warnings: [],
      });
    });

    it("a member of Finance IT Support: both roles, the union of their permissions", async () => {
      const answer = await context(t, { userId: BOB, clientId: APP });
      expect(answer.groups).toEqual(["Example Company", "Finance", "Finance IT Support"]);
      expect(answer.roles).toEqual(["Expense Admin", "Expense User"]);
      expect(answer.permissions).toEqual(["add:expense", "approve:expenses", "delete:expenses", "view:all-expenses", "view:own-expenses"]);
    });

    it("returns nothing of another application: its roles on the same groups stay with it", async () => {
      const other = await f.application({ id: "travel-booking", name: "Travel Booking" });
      const book = await f.permission(other.id, "book:travel");
      const traveller = await f.role(other.id, "Traveller", [book.id]);
      const direct = await f.role(other.id, "Travel Approver");
      await f.groupRoles(demo.groups["Example Company"], [traveller.id]);
      await f.userRoles(ALICE, [direct.id]);

      const forExpenses = await context(t, { userId: ALICE, clientId: APP });
      expect(forExpenses.roles).toEqual(["Expense User"]);
      expect(forExpenses.permissions).toEqual(["add:expense", "view:own-expenses"]);

      const forTravel = await context(t, { userId: ALICE, clientId: other.id });
      // Groups are not filtered by application; roles and permissions are.
      expect(forTravel.groups).toEqual(["Accounting", "Example Company", "External Accountants"]);
      expect(forTravel.roles).toEqual(["Travel Approver", "Traveller"]);
      expect(forTravel.permissions).toEqual(["book:travel"]);
      expect(forTravel.warnings).toEqual([]);
    });

    it("a role assigned directly to the user counts for its application", async () => {
      await f.users([{ id: "auth0|carol" }]);
      await f.userRoles("auth0|carol", [demo.roles["Expense Admin"]]);
      const answer = await context(t, { userId: "auth0|carol", clientId: APP });
      expect(answer.groups).toEqual([]);
      expect(answer.roles).toEqual(["Expense Admin"]);
      expect(answer.permissions).toEqual(["add:expense", "approve:expenses", "delete:expenses", "view:all-expenses"]);
    });
  });

  describe("mappings", () => {
    it("IdP group Administrative on corp-ad maps into Management and its ancestors", async () => {
      const answer = await context(t, { userId: "ad|corp|jdoe", clientId: APP, connection: "corp-ad", connectionGroups: ["Administrative"] });
      expect(answer.groups).toEqual(["Example Company", "Management"]);
      expect(answer.roles).toEqual(["Expense User"]);
      expect(answer.permissions).toEqual(["add:expense", "view:own-expenses"]);
      expect(answer.warnings).toEqual([]);
    });

    it("the same IdP group on another connection (or none, or another case) maps nothing", async () => {
      for (const connection of ["other-ad", "Corp-AD", null]) {
        const answer = await context(t, { userId: "ad|corp|jdoe", clientId: APP, connection, connectionGroups: ["Administrative"] });
        expect({ connection, groups: answer.groups, roles: answer.roles }).toEqual({ connection, groups: [], roles: [] });
      }
    });

    it("IdP group names match case-sensitively", async () => {
      for (const name of ["administrative", "ADMINISTRATIVE"]) {
        const answer = await context(t, { userId: "ad|corp|jdoe", clientId: APP, connection: "corp-ad", connectionGroups: [name] });
        expect({ name, groups: answer.groups }).toEqual({ name, groups: [] });
      }
    });

    it("explicit group names feed mappings; mapped groups do not feed further mappings (one pass)", async () => {
      const auditors = await f.group("Auditors");
      const secondPass = await f.group("Second Pass");
      // A member of External Accountants on corp-mapped is mapped into Auditors by its group's name…
      await addMappings(t, auditors.id, [{ connectionName: "corp-mapped", groupName: "External Accountants" }]);
      // …but Auditors' (or an ancestor's) name maps nothing further.
      await addMappings(t, secondPass.id, [
        { connectionName: "corp-mapped", groupName: "Auditors" },
        { connectionName: "corp-mapped", groupName: "Accounting" },
      ]);
      const answer = await context(t, { userId: ALICE, clientId: APP, connection: "corp-mapped" });
      expect(answer.groups).toEqual(["Accounting", "Auditors", "Example Company", "External Accountants"]);
      // On another connection the explicit name maps nothing.
      expect((await context(t, { userId: ALICE, clientId: APP, connection: "corp-ad" })).groups).toEqual(["Accounting", "Example Company", "External Accountants"]);
      // Sent as an IdP group, Auditors maps into Second Pass (the mapping itself works).
      expect((await context(t, { userId: "nobody|x", clientId: APP, connection: "corp-mapped", connectionGroups: ["Auditors"] })).groups).toEqual(["Second Pass"]);
    });

    it("an unknown user is not an error: no explicit groups, mappings still apply, and no user is created", async () => {
      const plain = await context(t, { userId: "auth0|stranger", clientId: APP });
      expect(plain).toMatchObject({ groups: [], roles: [], permissions: [], accessGranted: true, denialReason: null, warnings: [] });
      const mapped = await context(t, { userId: "auth0|stranger", clientId: APP, connection: "corp-ad", connectionGroups: ["Administrative"] });
      expect(mapped.groups).toEqual(["Example Company", "Management"]);
      expect((await t.ok<any>(`{ user(id: "auth0|stranger") { id } }`)).user).toBeNull();
    });
  });

  describe("claims and passthrough", () => {
    it("claims appear under the namespace only for the switches that are on", async () => {
      await configure(t, { claimNamespace: NS, groupsInToken: true, permissionsInToken: true });
      const answer = await context(t, { userId: ALICE, clientId: APP });
      expect(answer.claims).toEqual({
        "https://example.com/claims/groups": ["Accounting", "Example Company", "External Accountants"],
        "https://example.com/claims/permissions": ["add:expense", "view:own-expenses"],
      });
      expect(answer.warnings).toEqual([]);

      await configure(t, { groupsInToken: false, permissionsInToken: false, rolesInToken: true });
      expect((await context(t, { userId: ALICE, clientId: APP })).claims).toEqual({ "https://example.com/claims/roles": ["Expense User"] });

      await configure(t, { rolesInToken: false });
      expect((await context(t, { userId: ALICE, clientId: APP })).claims).toEqual({});
    });

    it("passthrough merges the IdP's groups, roles and permissions per switch", async () => {
      const args = {
        userId: ALICE,
        clientId: APP,
        connection: "corp-ad",
        connectionGroups: ["VPN Users", "Accounting"],
        connectionRoles: ["idp-admin"],
        connectionPermissions: ["idp:read", "add:expense"],
      };
      const off = await context(t, args);
      expect([off.groups, off.roles, off.permissions]).toEqual([["Accounting", "Example Company", "External Accountants"], ["Expense User"], ["add:expense", "view:own-expenses"]]);

      await configure(t, { groupsPassthrough: true });
      const groupsOnly = await context(t, args);
      expect(groupsOnly.groups).toEqual(["Accounting", "Example Company", "External Accountants", "VPN Users"]);
      expect(groupsOnly.roles).toEqual(["Expense User"]);
      expect(groupsOnly.permissions).toEqual(["add:expense", "view:own-expenses"]);

      await configure(t, { rolesPassthrough: true, permissionsPassthrough: true, claimNamespace: NS, groupsInToken: true, rolesInToken: true, permissionsInToken: true });
      const all = await context(t, args);
      expect(all.roles).toEqual(["Expense User", "idp-admin"]);
      expect(all.permissions).toEqual(["add:expense", "idp:read", "view:own-expenses"]);
      // The claims carry the merged lists.
      expect(all.claims).toEqual({
        "https://example.com/claims/groups": ["Accounting", "Example Company", "External Accountants", "VPN Users"],
        "https://example.com/claims/roles": ["Expense User", "idp-admin"],
        "https://example.com/claims/permissions": ["add:expense", "idp:read", "view:own-expenses"],
      });
    });
  });

  describe("requiredRoles", () => {
    it("denies with the documented reason when the user holds none of them", async () => {
      await setRequiredRoles(t, APP, ["Expense Admin"]);
      const answer = await context(t, { userId: ALICE, clientId: APP });
      expect(answer.accessGranted).toBe(false);
      expect(answer.denialReason).toBe("You do not have the required role to access Expense Management Tool");
      expect(answer.roles).toEqual(["Expense User"]);
      const stranger = await context(t, { userId: "auth0|nobody", clientId: APP });
      expect([stranger.accessGranted, stranger.denialReason]).toEqual([false, "You do not have the required role to access Expense Management Tool"]);
    });

    it("grants when the user holds one of them", async () => {
      await setRequiredRoles(t, APP, ["Expense Admin", "Something Else"]);
      const bob = await context(t, { userId: BOB, clientId: APP });
      expect([bob.accessGranted, bob.denialReason]).toEqual([true, null]);
      await setRequiredRoles(t, APP, ["Expense User"]);
      const alice = await context(t, { userId: ALICE, clientId: APP });
      expect([alice.accessGranted, alice.denialReason]).toEqual([true, null]);
    });

    it("no requiredRoles: everyone is granted", async () => {
      const answer = await context(t, { userId: "auth0|nobody", clientId: APP });
      expect([answer.accessGranted, answer.denialReason]).toEqual([true, null]);
    });
  });

  describe("warnings", () => {
    it("an unregistered client", async () => {
      const answer = await context(t, { userId: ALICE, clientId: "no-such-client" });
      expect(answer.warnings).toEqual([UNREGISTERED("no-such-client")]);
      expect(answer.groups).toEqual(["Accounting", "Example Company", "External Accountants"]);
      expect([answer.roles, answer.permissions, answer.accessGranted]).toEqual([[], [], true]);
    });

    it("a NON_INTERACTIVE application", async () => {
      await f.application({ id: "nightly-batch", name: "Nightly Batch", type: "NON_INTERACTIVE" });
      const answer = await context(t, { userId: ALICE, clientId: "nightly-batch" });
      expect(answer.warnings).toEqual([
        'Application "Nightly Batch" is of type NON_INTERACTIVE, which is not supported: only NATIVE, SPA and REGULAR_WEB applications have roles and permissions',
      ]);
      expect(answer.roles).toEqual([]);
    });

    it("a claim switch on without a namespace (one warning per switch; claims keyed by bare names)", async () => {
      await configure(t, { groupsInToken: true });
      const one = await context(t, { userId: ALICE, clientId: APP });
      expect(one.warnings).toEqual([NO_NAMESPACE("groups")]);
      expect(one.claims).toEqual({ groups: ["Accounting", "Example Company", "External Accountants"] });

      await configure(t, { rolesInToken: true, permissionsInToken: true });
      expect((await context(t, { userId: ALICE, clientId: APP })).warnings).toEqual([NO_NAMESPACE("groups"), NO_NAMESPACE("roles"), NO_NAMESPACE("permissions")]);

      await configure(t, { claimNamespace: NS });
      expect((await context(t, { userId: ALICE, clientId: APP })).warnings).toEqual([]);
    });
  });

  describe("persistence", () => {
    const SNAPSHOTS = `query($id: ID!) { user(id: $id) { authorizationSnapshots { applicationId groups roles permissions updatedAt } } }`;
    const snapshots = async (userId: string) => (await t.ok<any>(SNAPSHOTS, { id: userId })).user.authorizationSnapshots as any[];

    it("nothing is stored while every persist switch is off", async () => {
      await context(t, { userId: BOB, clientId: APP });
      expect(await snapshots(BOB)).toEqual([]);
    });

    it("stores the selected lists per application; a login to a second application does not overwrite the first", async () => {
      await f.users([{ id: "auth0|dave" }]);
      await f.addMembers(demo.groups["Finance IT Support"], ["auth0|dave"]);
      const second = await f.application({ id: "second-app", name: "Second App" });
      const secondRole = await f.role(second.id, "Second Role");
      await f.groupRoles(demo.groups["Finance"], [secondRole.id]);

      await configure(t, { persistGroups: true, persistRoles: true });
      await context(t, { userId: "auth0|dave", clientId: APP });
      const first = await snapshots("auth0|dave");
      expect(first).toHaveLength(1);
      expect(first[0]).toMatchObject({
        applicationId: APP,
        groups: ["Example Company", "Finance", "Finance IT Support"],
        roles: ["Expense Admin", "Expense User"],
        permissions: null,
      });

      await configure(t, { persistGroups: false, persistPermissions: true });
      await context(t, { userId: "auth0|dave", clientId: second.id });
      const both = await snapshots("auth0|dave");
      expect(both.map(({ updatedAt: _u, ...rest }) => rest)).toEqual([
        { applicationId: APP, groups: ["Example Company", "Finance", "Finance IT Support"], roles: ["Expense Admin", "Expense User"], permissions: null },
        { applicationId: "second-app", groups: null, roles: ["Second Role"], permissions: [] },
      ]);
      expect(both[0].updatedAt).toBe(first[0].updatedAt);

      // A new login to the first application replaces only its own snapshot.
      await context(t, { userId: "auth0|dave", clientId: APP, connection: "corp-ad", connectionGroups: ["Administrative"] });
      const after = await snapshots("auth0|dave");
      expect(after.map(({ updatedAt: _u, ...rest }) => rest)).toEqual([
        {
          applicationId: APP,
          groups: null,
          roles: ["Expense Admin", "Expense User"],
          permissions: ["add:expense", "approve:expenses", "delete:expenses", "view:all-expenses", "view:own-expenses"],
        },
        { applicationId: "second-app", groups: null, roles: ["Second Role"], permissions: [] },
      ]);
    });

    it("persisting for an unknown user creates it as a stub holding the snapshot", async () => {
      await configure(t, { persistGroups: true });
      await context(t, { userId: "auth0|newcomer", clientId: APP, connection: "corp-ad", connectionGroups: ["Administrative"] });
      expect((await snapshots("auth0|newcomer")).map((s) => [s.applicationId, s.groups, s.roles, s.permissions])).toEqual([[APP, ["Example Company", "Management"], null, null]]);
    });
  });

  describe("the cached model and the uncached path agree", () => {
    /** The answer of the first request after a write (model cache not current: per-request loaders). */
    async function uncached(args: Parameters<typeof context>[1]) {
      await f.users([{ id: "auth0|cache-bump" }]); // any write bumps the model revision
      return Promise.all([context(t, args), explain(t, args)]);
    }
    async function cached(args: Parameters<typeof context>[1]) {
      expect(await t.server.app.services.authorization.cache.warm()).not.toBeNull();
      const answers = await Promise.all([context(t, args), explain(t, args)]);
      // Still current afterwards: both answers really came from the cache.
      expect(await t.server.app.services.authorization.cache.current()).not.toBeNull();
      return answers;
    }

    it("on every kind of derivation, warning, denial and claim", async () => {
      const other = await f.application({ id: "cache-other", name: "Cache Other" });
      const otherRole = await f.role(other.id, "Cache Other Role", [(await f.permission(other.id, "cache:perm")).id]);
      await f.groupRoles(demo.groups["Accounting"], [otherRole.id]);
      await f.application({ id: "cache-m2m", name: "Cache M2M", type: "NON_INTERACTIVE" });
      const byName = await f.group("Cache By Name");
      await addMappings(t, byName.id, [{ connectionName: "cache-ad", groupName: "External Accountants" }]);
      await f.users([{ id: "auth0|cache-direct" }]);
      await f.userRoles("auth0|cache-direct", [demo.roles["Expense Admin"], otherRole.id]);
      await setRequiredRoles(t, APP, ["Expense Admin"]);
      await configure(t, { claimNamespace: NS, groupsInToken: true, rolesInToken: true, permissionsPassthrough: true, permissionsInToken: true });

      const cases = [
        { userId: ALICE, clientId: APP },
        { userId: BOB, clientId: APP, connection: "corp-ad", connectionGroups: ["Administrative", "administrative"] },
        { userId: ALICE, clientId: APP, connection: "cache-ad", connectionGroups: [] },
        { userId: ALICE, clientId: other.id },
        { userId: "auth0|cache-direct", clientId: APP, connectionPermissions: ["idp:perm"] },
        { userId: "auth0|cache-direct", clientId: other.id },
        { userId: "auth0|cache-nobody", clientId: APP, connection: "corp-ad", connectionGroups: ["Administrative"] },
        { userId: ALICE, clientId: "cache-m2m" },
        { userId: ALICE, clientId: "cache-unregistered" },
      ];
      for (const args of cases) {
        const [coldAnswer, coldExplanation] = await uncached(args);
        const [warmAnswer, warmExplanation] = await cached(args);
        expect({ args, answer: warmAnswer, explanation: warmExplanation }).toEqual({ args, answer: coldAnswer, explanation: coldExplanation });
      }
      // Spot checks that the cases mean what they say.
      const [direct] = await cached({ userId: "auth0|cache-direct", clientId: APP, connectionPermissions: ["idp:perm"] });
      expect(direct).toMatchObject({ roles: ["Expense Admin"], accessGranted: true });
      expect(direct.claims[`${NS}permissions`]).toEqual(["add:expense", "approve:expenses", "delete:expenses", "idp:perm", "view:all-expenses"]);
      const [alice] = await cached({ userId: ALICE, clientId: APP });
      expect([alice.accessGranted, alice.denialReason]).toEqual([false, "You do not have the required role to access Expense Management Tool"]);
      const [mappedByName] = await cached({ userId: ALICE, clientId: APP, connection: "cache-ad", connectionGroups: [] });
      expect(mappedByName.groups).toContain("Cache By Name");
    });

    it("a change is seen by the very next request (the cache never answers from an older revision)", async () => {
      const late = await f.group("Cache Late Group");
      await f.users([{ id: "auth0|cache-late" }]);
      expect(await t.server.app.services.authorization.cache.warm()).not.toBeNull();
      expect((await context(t, { userId: "auth0|cache-late", clientId: APP })).groups).toEqual([]);
      await f.addMembers(late.id, ["auth0|cache-late"]);
      expect((await context(t, { userId: "auth0|cache-late", clientId: APP })).groups).toEqual(["Cache Late Group"]);
      await f.nest(demo.groups["Human Resources"], [late.id]);
      expect((await context(t, { userId: "auth0|cache-late", clientId: APP })).roles).toEqual(["Expense User"]);
      await configure(t, { claimNamespace: NS, rolesInToken: true });
      expect((await context(t, { userId: "auth0|cache-late", clientId: APP })).claims).toEqual({ [`${NS}roles`]: ["Expense User"] });
    });
  });

  describe("access and input", () => {
    it("needs read:authorization (FORBIDDEN naming it)", async () => {
      const token = await t.token(["read:groups"]);
      expectError(await t.gql(CONTEXT_QUERY, { userId: ALICE, clientId: APP }, { token }), "FORBIDDEN", "read:authorization");
      const allowed = await t.token(["read:authorization"]);
      expect((await context(t, { userId: ALICE, clientId: APP }, { token: allowed })).roles).toEqual(["Expense User"]);
    });

    it("refuses an empty user id or client id with BAD_USER_INPUT", async () => {
      expectError(await t.gql(CONTEXT_QUERY, { userId: "", clientId: APP }), "BAD_USER_INPUT", "userId");
      expectError(await t.gql(CONTEXT_QUERY, { userId: ALICE, clientId: "  " }), "BAD_USER_INPUT", "clientId");
    });
  });
});
