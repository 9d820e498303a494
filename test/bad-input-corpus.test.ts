import { randomUUID } from "node:crypto";
import fc from "fast-check";
import { Fixtures } from "./helpers/fixtures";
import { databaseSnapshot, schemaOperations } from "./helpers/operations";
import { postRaw, REFUSED_DOCUMENTS, REFUSED_GROUP } from "./helpers/refused-documents";
import { GraphQLResponse, startTestServer, TestServer } from "./helpers/server";

/**
 * Bad-input corpus: for every mutation, generated invalid inputs (wrong types, empty,
 * blank and over-long strings, unknown ids, huge lists, bad enum values, null where required,
 * unknown input fields) and hand-picked ones (cycles, uniqueness, blocked deletions) are
 * refused with BAD_USER_INPUT, NOT_FOUND or CONFLICT — never INTERNAL_SERVER_ERROR — and write
 * nothing (every table compared). Property-based with fast-check, fixed seed.
 */

// Fixed for CI; BAD_INPUT_SEED / BAD_INPUT_RUNS explore further (e.g. BAD_INPUT_RUNS=500).
const SEED = Number(process.env.BAD_INPUT_SEED ?? 20260522);
const RUNS = Number(process.env.BAD_INPUT_RUNS ?? 20);
/** Runs of the odd-strings properties, where most calls succeed and grow the data. */
const ODD_RUNS = Math.max(1, Math.round(RUNS * 0.6));
const CALLER_CODES = ["BAD_USER_INPUT", "NOT_FOUND", "CONFLICT"];

type Path = Array<string | number>;
type Vars = Record<string, unknown>;

/** The fixture model every invalid call is aimed at (built in beforeAll). */
interface Ids {
  app: string;
  otherApp: string;
  machineApp: string;
  p1: string;
  p2: string;
  otherAppPermission: string;
  r1: string;
  r2: string;
  g1: string;
  g2: string;
  g3: string;
  g1Name: string;
  r1Name: string;
  p1Name: string;
  user: string;
  mapping: string;
  /** An organization with member `user` (holding r1 there), and one without members. */
  org: string;
  orgName: string;
  emptyOrg: string;
}

// ---- invalid values, by the kind of field they are given to ----

/** Strings longer than `max` characters (BMP characters only, so length = characters). */
const overLong = (max: number) =>
  fc.tuple(fc.integer({ min: max + 1, max: max + 1500 }), fc.constantFrom("x", "é", "界", "a b", "-")).map(([n, unit]) => unit.repeat(n).slice(0, n));
const blank = fc.constantFrom(" ", "   ", "\t", "\n ", "\u00a0");
const nonInteger = fc.double({ noNaN: true, noDefaultInfinity: true }).filter((d) => !Number.isInteger(d));
/** Not coercible to String (GraphQL coerces nothing to String). */
const notAString = fc.oneof(fc.integer(), fc.boolean(), nonInteger, fc.constant({}), fc.constant({ a: 1 }), fc.constant([["x"]]));
/** Not coercible to ID (integers are: they become strings). */
const notAnId = fc.oneof(fc.boolean(), nonInteger, fc.constant({}), fc.constant({ id: "x" }), fc.constant([["x"]]));
const unknownId = fc.oneof(
  fc.uuid(),
  fc.string({ minLength: 1, maxLength: 40 }).map((s) => `nope-${s}`),
);
/** A list of more ids than a call takes (1000). */
const hugeIdList = fc.integer({ min: 1001, max: 1400 }).map((n) => Array.from({ length: n }, (_, i) => `bulk-${i}`));

/** A required String (1..max, not blank). */
const requiredText = (max: number) => fc.oneof(fc.constant(""), blank, overLong(max), notAString, fc.constant(null));
/** An optional String that may not be blank or null when given (update names). */
const optionalName = (max: number) => fc.oneof(fc.constant(""), blank, overLong(max), notAString, fc.constant(null));
/** An optional text of at most `max` characters (descriptions). */
const optionalText = (max: number) => fc.oneof(overLong(max), notAString);
/** A required ID naming something that must exist. */
const existingRef = fc.oneof(unknownId, fc.constant(""), blank, overLong(255), notAnId, fc.constant(null));
/** A required ID that may be new (stub users), so only malformed values. */
const newId = fc.oneof(fc.constant(""), blank, overLong(255), notAnId, fc.constant(null));
/** A list of ids of existing things, with one bad element or as a whole bad (null too when `required`). */
const existingRefList = (valid: string[], required = true) =>
  fc.oneof(
    fc
      .tuple(
        fc.subarray(valid),
        existingRef.filter((v) => v !== null),
      )
      .map(([ok, bad]) => [...ok, bad]),
    fc.constant([null]),
    hugeIdList,
    fc.constant(required ? null : [null]),
    fc.constant({}),
  );
/** A list of ids that may be new: only malformed elements, nulls and oversize. */
const newIdList = fc.oneof(
  fc
    .tuple(
      fc.array(fc.uuid(), { maxLength: 3 }),
      newId.filter((v) => v !== null),
    )
    .map(([ok, bad]) => [...ok, bad]),
  fc.constant([null]),
  hugeIdList,
  fc.constant(null),
  fc.constant({}),
);
const applicationType = fc.oneof(fc.constantFrom("FOO", "spa", "Spa", "", " SPA", "NON-INTERACTIVE"), fc.integer(), fc.boolean(), fc.constant({}));
const notABoolean = fc.oneof(fc.constantFrom("true", "false", "yes", "1", ""), fc.integer(), nonInteger, fc.constant({}), fc.constant([true, false]));
const outOfRange = (min: number, max: number) =>
  fc.oneof(
    fc.integer({ min: -(2 ** 31), max: min - 1 }),
    fc.integer({ min: max + 1, max: 2 ** 31 - 1 }),
    fc.integer({ min: 2 ** 31, max: Number.MAX_SAFE_INTEGER }),
    nonInteger,
    fc.constantFrom("60", "ten", ""),
    fc.boolean(),
  );
const badUrl = fc.oneof(
  fc.constantFrom("not a url", "ftp://example.com/claims/", "http://", "//example.com/", "javascript:alert(1)", "https://exa mple.com/", "example.com", ""),
  overLong(2048).map((s) => `https://example.com/${s}`),
  notAString,
);
const badEmail = fc.oneof(
  fc.constantFrom("not-an-email", "a@", "@b.c", "a b@c.d", ""),
  overLong(320).map((s) => `${s}@example.com`),
  notAString,
);

/** An optional list (null means omitted) of `element`s. A lone scalar is no bad list: GraphQL coerces "x" to ["x"]. */
const badList = (element: fc.Arbitrary<unknown>) =>
  fc.oneof(
    element.map((e) => [e]),
    fc.constant([null]),
    fc.constant({}),
  );

// ---- the mutations ----

interface Spec {
  name: string;
  doc: string;
  base(ids: Ids): Vars;
  /** Generated bad values: field path (into the variables) → values invalid there. */
  fields(ids: Ids): Array<[Path, fc.Arbitrary<unknown>]>;
  /** Input objects (paths) that must refuse an unknown field. */
  objects?: Path[];
  /** Hand-picked invalid calls: cycles, uniqueness, blocked deletions. */
  special?(ids: Ids): Array<[string, Vars]>;
}

const upper = (s: string) => s.toUpperCase();

const orgName = fc.oneof(requiredText(50), fc.constantFrom("Upper", "a b", "dot.ted", "é"));
const badMetadata = fc.oneof(
  fc.constantFrom({ n: 1 }, { "": "v" }, { k: null }, { k: ["v"] }, { k: "v".repeat(256) }, { ["k".repeat(101)]: "v" }),
  fc.constant(Object.fromEntries(Array.from({ length: 26 }, (_, i) => [`k${i}`, "v"]))),
  fc.constantFrom("x", 5, true, [{ k: "v" }]),
);

const SPECS: Spec[] = [
  {
    name: "createOrganization",
    doc: "mutation($input: CreateOrganizationInput!) { createOrganization(input: $input) { id } }",
    base: () => ({ input: { name: "bad-input-new-org", displayName: "Bad", metadata: { k: "v" } } }),
    fields: () => [
      [["input", "name"], orgName],
      [["input", "id"], fc.constantFrom("", "a.b", "a b", "x".repeat(65), 5)],
      [["input", "displayName"], optionalText(255)],
      [["input", "metadata"], badMetadata],
      [["input"], fc.constant(null)],
    ],
    objects: [["input"]],
    special: (ids) => [
      ["an existing name", { input: { name: ids.orgName } }],
      ["an existing id", { input: { id: ids.org, name: "bad-input-fresh-name" } }],
    ],
  },
  {
    name: "updateOrganization",
    doc: "mutation($id: ID!, $input: UpdateOrganizationInput!) { updateOrganization(id: $id, input: $input) { id } }",
    base: (ids) => ({ id: ids.emptyOrg, input: { displayName: "new" } }),
    fields: () => [
      [["id"], existingRef],
      [["input", "name"], orgName],
      [["input", "displayName"], optionalText(255)],
      [["input", "metadata"], badMetadata],
    ],
    objects: [["input"]],
    special: (ids) => [["another organization's name", { id: ids.emptyOrg, input: { name: ids.orgName } }]],
  },
  {
    name: "deleteOrganization",
    doc: "mutation($id: ID!, $force: Boolean) { deleteOrganization(id: $id, force: $force) { id } }",
    base: (ids) => ({ id: ids.emptyOrg, force: false }),
    fields: () => [
      [["id"], existingRef],
      [["force"], notABoolean],
    ],
    special: (ids) => [["an organization with members, without force", { id: ids.org, force: false }]],
  },
  {
    name: "addOrganizationMembers",
    doc: "mutation($o: ID!, $u: [ID!]!) { addOrganizationMembers(organizationId: $o, userIds: $u) { id } }",
    base: (ids) => ({ o: ids.org, u: ["bad|org-new-user"] }),
    fields: () => [
      [["o"], existingRef],
      [["u"], newIdList],
    ],
  },
  {
    name: "removeOrganizationMembers",
    doc: "mutation($o: ID!, $u: [ID!]!) { removeOrganizationMembers(organizationId: $o, userIds: $u) { id } }",
    base: (ids) => ({ o: ids.org, u: ["bad|not-a-member"] }),
    fields: () => [
      [["o"], existingRef],
      [["u"], newIdList],
    ],
  },
  {
    name: "addOrganizationMemberRoles",
    doc: "mutation($o: ID!, $u: ID!, $r: [ID!]!) { addOrganizationMemberRoles(organizationId: $o, userId: $u, roleIds: $r) { id } }",
    base: (ids) => ({ o: ids.org, u: ids.user, r: [ids.r2] }),
    fields: (ids) => [
      [["o"], existingRef],
      [["u"], fc.oneof(newId, fc.constant("bad|stranger"))],
      [["r"], existingRefList([ids.r1, ids.r2])],
    ],
  },
  {
    name: "removeOrganizationMemberRoles",
    doc: "mutation($o: ID!, $u: ID!, $r: [ID!]!) { removeOrganizationMemberRoles(organizationId: $o, userId: $u, roleIds: $r) { id } }",
    base: (ids) => ({ o: ids.org, u: ids.user, r: [ids.r1] }),
    fields: (ids) => [
      [["o"], existingRef],
      [["u"], fc.oneof(newId, fc.constant("bad|stranger"))],
      [["r"], existingRefList([ids.r1, ids.r2])],
    ],
  },
  {
    name: "createApplication",
    doc: "mutation($input: CreateApplicationInput!) { createApplication(input: $input) { id } }",
    base: () => ({ input: { id: "bad-input-app", name: "Bad Input App", type: "SPA", requiredRoles: ["Admin"] } }),
    fields: () => [
      [["input", "id"], newId],
      [["input", "name"], requiredText(255)],
      [["input", "type"], fc.oneof(applicationType, fc.constant(null))],
      [
        ["input", "requiredRoles"],
        fc.oneof(
          fc.integer({ min: 101, max: 300 }).map((n) => Array.from({ length: n }, (_, i) => `r${i}`)),
          badList(fc.oneof(fc.constant(""), overLong(50), notAString)),
        ),
      ],
      [["input"], fc.constant(null)],
    ],
    objects: [["input"]],
    special: (ids) => [["an existing application id", { input: { id: ids.app, name: "Twin", type: "SPA" } }]],
  },
  {
    name: "updateApplication",
    doc: "mutation($id: ID!, $input: UpdateApplicationInput!) { updateApplication(id: $id, input: $input) { id } }",
    base: (ids) => ({ id: ids.app, input: { name: "Renamed App" } }),
    fields: () => [
      [["id"], existingRef],
      [["input", "name"], optionalName(255)],
      [["input", "type"], applicationType],
      [["input", "requiredRoles"], badList(fc.oneof(fc.constant(""), overLong(50), notAString))],
    ],
    objects: [["input"]],
    special: (ids) => [["NON_INTERACTIVE while it has roles", { id: ids.app, input: { type: "NON_INTERACTIVE" } }]],
  },
  {
    name: "deleteApplication",
    doc: "mutation($id: ID!, $force: Boolean) { deleteApplication(id: $id, force: $force) }",
    base: (ids) => ({ id: ids.otherApp, force: true }),
    fields: () => [
      [["id"], existingRef],
      [["force"], notABoolean],
    ],
    special: (ids) => [["an application with roles and permissions, without force", { id: ids.app, force: false }]],
  },
  {
    name: "upsertUsers",
    doc: "mutation($users: [UpsertUserInput!]!) { upsertUsers(users: $users) { id } }",
    base: () => ({ users: [{ id: "bad|upsert", email: "a@example.com", name: "A", connection: "db" }] }),
    fields: () => [
      [["users", 0, "id"], newId],
      [["users", 0, "email"], badEmail],
      [["users", 0, "name"], fc.oneof(overLong(255), notAString)],
      [["users", 0, "connection"], fc.oneof(overLong(255), notAString)],
      [
        ["users"],
        fc.oneof(
          fc.integer({ min: 1001, max: 1200 }).map((n) => Array.from({ length: n }, (_, i) => ({ id: `bulk|${i}` }))),
          fc.constant([null]),
          fc.constant(null),
        ),
      ],
    ],
    objects: [["users", 0]],
  },
  {
    name: "deleteUser",
    doc: "mutation($id: ID!) { deleteUser(id: $id) }",
    base: (ids) => ({ id: ids.user }),
    fields: () => [[["id"], existingRef]],
  },
  {
    name: "addUserToGroups",
    doc: "mutation($u: ID!, $g: [ID!]!) { addUserToGroups(userId: $u, groupIds: $g) { id } }",
    base: (ids) => ({ u: "bad|new-user", g: [ids.g1] }),
    fields: (ids) => [
      [["u"], newId],
      [["g"], existingRefList([ids.g1, ids.g2])],
    ],
  },
  {
    name: "removeUserFromGroups",
    doc: "mutation($u: ID!, $g: [ID!]!) { removeUserFromGroups(userId: $u, groupIds: $g) { id } }",
    base: (ids) => ({ u: ids.user, g: [ids.g1] }),
    fields: (ids) => [
      [["u"], existingRef],
      [["g"], existingRefList([ids.g1, ids.g2])],
    ],
  },
  {
    name: "addUserRoles",
    doc: "mutation($u: ID!, $r: [ID!]!) { addUserRoles(userId: $u, roleIds: $r) { id } }",
    base: (ids) => ({ u: "bad|new-user", r: [ids.r1] }),
    fields: (ids) => [
      [["u"], newId],
      [["r"], existingRefList([ids.r1, ids.r2])],
    ],
  },
  {
    name: "removeUserRoles",
    doc: "mutation($u: ID!, $r: [ID!]!) { removeUserRoles(userId: $u, roleIds: $r) { id } }",
    base: (ids) => ({ u: ids.user, r: [ids.r2] }),
    fields: (ids) => [
      [["u"], existingRef],
      [["r"], existingRefList([ids.r1, ids.r2])],
    ],
  },
  {
    name: "createGroup",
    doc: "mutation($input: CreateGroupInput!) { createGroup(input: $input) { id } }",
    base: () => ({ input: { name: "Bad Input Group", description: "d" } }),
    fields: () => [
      [["input", "name"], requiredText(50)],
      [["input", "description"], optionalText(500)],
      [["input"], fc.constant(null)],
    ],
    objects: [["input"]],
    special: (ids) => [
      ["an existing name, other case", { input: { name: upper(ids.g1Name) } }],
      ["an existing name with spaces around", { input: { name: `  ${ids.g1Name} ` } }],
    ],
  },
  {
    name: "updateGroup",
    doc: "mutation($id: ID!, $input: UpdateGroupInput!) { updateGroup(id: $id, input: $input) { id } }",
    base: (ids) => ({ id: ids.g2, input: { description: "new" } }),
    fields: () => [
      [["id"], existingRef],
      [["input", "name"], optionalName(50)],
      [["input", "description"], optionalText(500)],
    ],
    objects: [["input"]],
    special: (ids) => [["another group's name", { id: ids.g2, input: { name: upper(ids.g1Name) } }]],
  },
  {
    name: "deleteGroup",
    doc: "mutation($id: ID!, $force: Boolean) { deleteGroup(id: $id, force: $force) }",
    base: (ids) => ({ id: ids.g3, force: true }),
    fields: () => [
      [["id"], existingRef],
      [["force"], notABoolean],
    ],
    special: (ids) => [["a nested group without force", { id: ids.g2, force: false }]],
  },
  {
    name: "addGroupMembers",
    doc: "mutation($g: ID!, $u: [ID!]!) { addGroupMembers(groupId: $g, userIds: $u) { id } }",
    base: (ids) => ({ g: ids.g1, u: ["bad|member"] }),
    fields: () => [
      [["g"], existingRef],
      [["u"], newIdList],
    ],
  },
  {
    name: "removeGroupMembers",
    doc: "mutation($g: ID!, $u: [ID!]!) { removeGroupMembers(groupId: $g, userIds: $u) { id } }",
    base: (ids) => ({ g: ids.g1, u: [ids.user] }),
    fields: (ids) => [
      [["g"], existingRef],
      [["u"], existingRefList([ids.user])],
    ],
  },
  {
    name: "addNestedGroups",
    doc: "mutation($g: ID!, $c: [ID!]!) { addNestedGroups(groupId: $g, groupIds: $c) { id } }",
    base: (ids) => ({ g: ids.g1, c: [ids.g3] }),
    fields: (ids) => [
      [["g"], existingRef],
      [["c"], existingRefList([ids.g3])],
    ],
    special: (ids) => [
      ["itself", { g: ids.g1, c: [ids.g1] }],
      ["its parent (2-cycle)", { g: ids.g2, c: [ids.g1] }],
      ["its grandparent (3-cycle)", { g: ids.g3, c: [ids.g1] }],
      ["its parent among valid ones", { g: ids.g3, c: [ids.g2] }],
    ],
  },
  {
    name: "removeNestedGroups",
    doc: "mutation($g: ID!, $c: [ID!]!) { removeNestedGroups(groupId: $g, groupIds: $c) { id } }",
    base: (ids) => ({ g: ids.g1, c: [ids.g2] }),
    fields: (ids) => [
      [["g"], existingRef],
      [["c"], existingRefList([ids.g2, ids.g3])],
    ],
  },
  {
    name: "addGroupRoles",
    doc: "mutation($g: ID!, $r: [ID!]!) { addGroupRoles(groupId: $g, roleIds: $r) { id } }",
    base: (ids) => ({ g: ids.g2, r: [ids.r2] }),
    fields: (ids) => [
      [["g"], existingRef],
      [["r"], existingRefList([ids.r1, ids.r2])],
    ],
  },
  {
    name: "removeGroupRoles",
    doc: "mutation($g: ID!, $r: [ID!]!) { removeGroupRoles(groupId: $g, roleIds: $r) { id } }",
    base: (ids) => ({ g: ids.g1, r: [ids.r1] }),
    fields: (ids) => [
      [["g"], existingRef],
      [["r"], existingRefList([ids.r1, ids.r2])],
    ],
  },
  {
    name: "addGroupMappings",
    doc: "mutation($g: ID!, $m: [GroupMappingInput!]!) { addGroupMappings(groupId: $g, mappings: $m) { id } }",
    base: (ids) => ({ g: ids.g2, m: [{ connectionName: "corp", groupName: "Staff" }] }),
    fields: () => [
      [["g"], existingRef],
      [["m", 0, "connectionName"], requiredText(256)],
      [["m", 0, "groupName"], requiredText(256)],
      [
        ["m"],
        fc.oneof(
          fc.integer({ min: 1001, max: 1200 }).map((n) => Array.from({ length: n }, (_, i) => ({ connectionName: "c", groupName: `g${i}` }))),
          fc.constant([null]),
          fc.constant(null),
        ),
      ],
    ],
    objects: [["m", 0]],
  },
  {
    name: "removeGroupMappings",
    doc: "mutation($g: ID!, $m: [ID!]!) { removeGroupMappings(groupId: $g, mappingIds: $m) { id } }",
    base: (ids) => ({ g: ids.g1, m: [ids.mapping] }),
    fields: (ids) => [
      [["g"], existingRef],
      [["m"], existingRefList([ids.mapping])],
    ],
    special: (ids) => [["a mapping of another group", { g: ids.g2, m: [ids.mapping] }]],
  },
  {
    name: "createRole",
    doc: "mutation($input: CreateRoleInput!) { createRole(input: $input) { id } }",
    base: (ids) => ({ input: { applicationId: ids.app, name: "Bad Input Role", description: "d", permissionIds: [ids.p1] } }),
    fields: (ids) => [
      [["input", "applicationId"], existingRef],
      [["input", "name"], requiredText(50)],
      [["input", "description"], optionalText(500)],
      [["input", "permissionIds"], existingRefList([ids.p1, ids.p2], false)],
    ],
    objects: [["input"]],
    special: (ids) => [
      ["an existing name, other case", { input: { applicationId: ids.app, name: upper(ids.r1Name) } }],
      ["a permission of another application", { input: { applicationId: ids.app, name: "Cross", permissionIds: [ids.otherAppPermission] } }],
      ["a NON_INTERACTIVE application", { input: { applicationId: ids.machineApp, name: "Machine" } }],
    ],
  },
  {
    name: "updateRole",
    doc: "mutation($id: ID!, $input: UpdateRoleInput!) { updateRole(id: $id, input: $input) { id } }",
    base: (ids) => ({ id: ids.r2, input: { description: "new" } }),
    fields: (ids) => [
      [["id"], existingRef],
      [["input", "name"], optionalName(50)],
      [["input", "description"], optionalText(500)],
      [["input", "permissionIds"], existingRefList([ids.p1, ids.p2], false)],
    ],
    objects: [["input"]],
    special: (ids) => [
      ["another role's name", { id: ids.r2, input: { name: upper(ids.r1Name) } }],
      ["a permission of another application", { id: ids.r2, input: { permissionIds: [ids.otherAppPermission] } }],
    ],
  },
  {
    name: "deleteRole",
    doc: "mutation($id: ID!, $force: Boolean) { deleteRole(id: $id, force: $force) }",
    base: (ids) => ({ id: ids.r2, force: true }),
    fields: () => [
      [["id"], existingRef],
      [["force"], notABoolean],
    ],
    special: (ids) => [["a role a group holds, without force", { id: ids.r1, force: false }]],
  },
  {
    name: "createPermission",
    doc: "mutation($input: CreatePermissionInput!) { createPermission(input: $input) { id } }",
    base: (ids) => ({ input: { applicationId: ids.app, name: "bad:input", description: "d" } }),
    fields: () => [
      [["input", "applicationId"], existingRef],
      [["input", "name"], requiredText(100)],
      [["input", "description"], optionalText(500)],
    ],
    objects: [["input"]],
    special: (ids) => [
      ["an existing name, other case", { input: { applicationId: ids.app, name: upper(ids.p1Name) } }],
      ["a NON_INTERACTIVE application", { input: { applicationId: ids.machineApp, name: "machine:perm" } }],
    ],
  },
  {
    name: "updatePermission",
    doc: "mutation($id: ID!, $input: UpdatePermissionInput!) { updatePermission(id: $id, input: $input) { id } }",
    base: (ids) => ({ id: ids.p2, input: { description: "new" } }),
    fields: () => [
      [["id"], existingRef],
      [["input", "name"], optionalName(100)],
      [["input", "description"], optionalText(500)],
    ],
    objects: [["input"]],
    special: (ids) => [["another permission's name", { id: ids.p2, input: { name: upper(ids.p1Name) } }]],
  },
  {
    name: "deletePermission",
    doc: "mutation($id: ID!, $force: Boolean) { deletePermission(id: $id, force: $force) }",
    base: (ids) => ({ id: ids.p2, force: true }),
    fields: () => [
      [["id"], existingRef],
      [["force"], notABoolean],
    ],
    special: (ids) => [["a permission a role contains, without force", { id: ids.p1, force: false }]],
  },
  {
    name: "updateConfiguration",
    doc: "mutation($input: UpdateConfigurationInput!) { updateConfiguration(input: $input) { groupsInToken } }",
    base: () => ({ input: { groupsInToken: true } }),
    fields: () => [
      ...[
        "groupsInToken",
        "rolesInToken",
        "permissionsInToken",
        "groupsPassthrough",
        "rolesPassthrough",
        "permissionsPassthrough",
        "persistGroups",
        "persistRoles",
        "persistPermissions",
      ].map((name): [Path, fc.Arbitrary<unknown>] => [["input", name], fc.oneof(notABoolean, fc.constant(null))]),
      [["input", "claimNamespace"], badUrl],
      [["input", "tokenIssuer"], fc.oneof(fc.constant(""), overLong(2048), notAString, fc.constant(null))],
      [["input", "tokenAudience"], fc.oneof(fc.constant(""), overLong(2048), notAString, fc.constant(null))],
      [["input", "tokenLifetimeSeconds"], fc.oneof(outOfRange(60, 31_536_000), fc.constant(null))],
      [["input"], fc.constant(null)],
    ],
    objects: [["input"]],
  },
  {
    name: "rotateApiKey",
    doc: "mutation($grace: Int) { rotateApiKey(gracePeriodSeconds: $grace) { apiKey } }",
    base: () => ({ grace: 60 }),
    fields: () => [[["grace"], outOfRange(0, 30 * 24 * 3600)]],
  },
  {
    name: "importData",
    doc: "mutation($data: JSON!, $mode: ImportMode, $dryRun: Boolean, $repair: Boolean) { importData(data: $data, mode: $mode, dryRun: $dryRun, repair: $repair) { dryRun } }",
    base: () => ({ data: { groups: [importedGroup()] }, mode: "MERGE", dryRun: false, repair: false }),
    fields: () => [
      [["data"], fc.oneof(fc.string(), fc.integer(), fc.boolean(), fc.array(fc.integer(), { minLength: 1 }), fc.constant(null))],
      [["data", "groups"], fc.oneof(fc.string(), fc.integer(), fc.constant({}), fc.constant([null]), fc.constant([42]))],
      [["data", "groups", 0, "_id"], fc.oneof(fc.constant(""), fc.integer(), fc.constant(null), overLong(36))],
      [["data", "groups", 0, "name"], fc.oneof(fc.constant(""), blank, overLong(50), fc.integer(), fc.constant(null))],
      [["data", "groups", 0, "description"], fc.oneof(overLong(500), fc.integer())],
      [
        ["data", "groups", 0, "members"],
        fc.oneof(
          fc.constant("not a list"),
          fc.constant([42]),
          fc.constant([""]),
          overLong(255).map((s) => [s]),
        ),
      ],
      [
        ["data", "groups", 0, "nested"],
        fc.oneof(
          fc.constant("x"),
          unknownId.map((id) => [id]),
        ),
      ],
      [["mode"], fc.oneof(fc.constantFrom("merge", "UPSERT", ""), fc.integer())],
      [["dryRun"], notABoolean],
      [["repair"], notABoolean],
    ],
    special: () => {
      const [a, b] = [importedGroup(), importedGroup()];
      return [
        [
          "a nesting cycle between two groups",
          {
            data: {
              groups: [
                { ...a, nested: [b._id] },
                { ...b, nested: [a._id] },
              ],
            },
          },
        ],
        ["a group nested in itself", { data: { groups: [{ ...a, nested: [a._id] }] } }],
        ["two groups with one name", { data: { groups: [a, { ...b, name: upper(a.name) }] } }],
        // repair drops dangling ids and breaks cycles, never merges two names (docs/design.md §7).
        ["two groups with one name and a dangling nested id, with repair", { data: { groups: [a, { ...b, name: upper(a.name), nested: [randomUUID()] }] }, repair: true }],
        [
          "a role naming an unknown permission",
          { data: { roles: [{ _id: randomUUID(), name: "R", description: "", applicationType: "client", applicationId: "nope-app", permissions: [randomUUID()], users: [] }] } },
        ],
      ];
    },
  },
];

function importedGroup() {
  return { _id: randomUUID(), name: `Imported ${randomUUID().slice(0, 8)}`, description: "", members: [], roles: [], nested: [], mappings: [] };
}

/** A copy of `base` with `value` at `path` (missing containers are created). */
function setAt(base: Vars, path: Path, value: unknown): Vars {
  const copy = structuredClone(base);
  let node: any = copy;
  for (const key of path.slice(0, -1)) {
    if (node[key] === null || typeof node[key] !== "object") node[key] = {};
    node = node[key];
  }
  node[path[path.length - 1]] = value;
  return copy;
}

function preview(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 60)}…(${text.length} chars)` : text;
}

interface Variant {
  label: string;
  variables: Vars;
}

function generated(spec: Spec, ids: Ids): fc.Arbitrary<Variant> {
  const base = spec.base(ids);
  const arms: Array<fc.Arbitrary<Variant>> = spec
    .fields(ids)
    .map(([path, values]) => values.map((value) => ({ label: `${path.join(".")} = ${preview(value)}`, variables: setAt(base, path, value) })));
  for (const path of spec.objects ?? []) {
    arms.push(
      fc.tuple(fc.constantFrom("bogus", "__proto__x", "ID", "nameKey"), fc.jsonValue()).map(([key, value]) => {
        const target = path.reduce((node: any, key2) => node[key2], structuredClone(base));
        return { label: `${path.join(".")}.${key} (unknown field)`, variables: setAt(base, path, { ...target, [key]: value }) };
      }),
    );
  }
  return fc.oneof(...arms);
}

describe("bad-input corpus (fast-check)", () => {
  let t: TestServer;
  let ids: Ids;
  let auditTotal: () => Promise<number>;
  const figures: string[] = [];

  beforeAll(async () => {
    t = await startTestServer();
    const f = new Fixtures(t);
    const app = await f.application({ type: "SPA" });
    const otherApp = await f.application({ type: "SPA" });
    const machineApp = await f.application({ type: "NON_INTERACTIVE" });
    const [p1, p2] = [await f.permission(app.id, "bad:p1"), await f.permission(app.id, "bad:p2")];
    const otherAppPermission = await f.permission(otherApp.id, "other:p");
    const [r1, r2] = [await f.role(app.id, "Bad R1", [p1.id]), await f.role(app.id, "Bad R2")];
    const [g1, g2, g3] = [await f.group("Bad G1"), await f.group("Bad G2"), await f.group("Bad G3")];
    await f.nest(g1.id, [g2.id]);
    await f.nest(g2.id, [g3.id]);
    await f.groupRoles(g1.id, [r1.id]);
    await f.addMembers(g1.id, ["bad|user"]);
    await f.userRoles("bad|user", [r2.id]);
    const org = await f.organization({ name: "bad-input-org" }, ["bad|user"]);
    await f.organizationMemberRoles(org.id, "bad|user", [r1.id]);
    const emptyOrg = await f.organization({ name: "bad-input-empty-org" });
    const mapped = await t.ok<{ addGroupMappings: { mappings: Array<{ id: string }> } }>(
      `mutation($g: ID!) { addGroupMappings(groupId: $g, mappings: [{ connectionName: "corp", groupName: "G1" }]) { mappings { id } } }`,
      { g: g1.id },
    );
    ids = {
      app: app.id,
      otherApp: otherApp.id,
      machineApp: machineApp.id,
      p1: p1.id,
      p2: p2.id,
      otherAppPermission: otherAppPermission.id,
      r1: r1.id,
      r2: r2.id,
      g1: g1.id,
      g2: g2.id,
      g3: g3.id,
      g1Name: g1.name,
      r1Name: r1.name,
      p1Name: p1.name,
      user: "bad|user",
      mapping: mapped.addGroupMappings.mappings[0].id,
      org: org.id,
      orgName: org.name,
      emptyOrg: emptyOrg.id,
    };
    auditTotal = async () => (await t.ok<{ auditLog: { totalCount: number } }>("{ auditLog(first: 1) { totalCount } }")).auditLog.totalCount;
  });
  afterAll(async () => {
    console.log(`[figures] bad-input corpus: ${figures.join("; ")}`);
    await t.stop();
  });

  it("has a spec for every mutation of the schema (by introspection)", async () => {
    const { mutations } = await schemaOperations(t);
    expect(mutations.filter((name) => !SPECS.some((spec) => spec.name === name))).toEqual([]);
  });

  /** Refused with a caller's code, no data, and not one row changed anywhere. */
  async function expectRefusedWritingNothing(spec: Spec, variant: Variant, reference: string): Promise<string> {
    const result: GraphQLResponse = await t.gql(spec.doc, variant.variables);
    const codes = (result.errors ?? []).map((e) => e.extensions?.code);
    const where = `${spec.name} with ${variant.label}`;
    if (!result.errors || result.errors.length === 0) throw new Error(`${where}: accepted (${preview(result.data)})`);
    // A refusal while executing (an error with a path) is HTTP 200; one of the request itself
    // (variables that do not coerce, validation) is 400. Never 5xx.
    const status = result.errors.some((e) => e.path) ? 200 : 400;
    if (result.status !== status) throw new Error(`${where}: HTTP ${result.status}, expected ${status} (${codes[0]}: ${result.errors[0].message})`);
    for (const code of codes) if (!CALLER_CODES.includes(code)) throw new Error(`${where}: ${code}: ${result.errors[0].message}`);
    if (result.data?.[spec.name] != null) throw new Error(`${where}: returned data`);
    if (JSON.stringify(await databaseSnapshot(t)) !== reference) throw new Error(`${where}: refused (${codes[0]}) but something was written`);
    return codes[0];
  }

  it.each(SPECS.map((spec) => [spec.name, spec] as const))("%s: generated invalid inputs are refused with a 4xx code and write nothing", async (_name, spec) => {
    const reference = JSON.stringify(await databaseSnapshot(t));
    const auditBefore = await auditTotal();
    const codes = new Map<string, number>();
    const started = performance.now();
    await fc.assert(
      fc.asyncProperty(generated(spec, ids), async (variant) => {
        const code = await expectRefusedWritingNothing(spec, variant, reference);
        codes.set(code, (codes.get(code) ?? 0) + 1);
      }),
      { seed: SEED, numRuns: RUNS },
    );
    for (const [label, variables] of spec.special?.(ids) ?? []) await expectRefusedWritingNothing(spec, { label, variables }, reference);
    expect(await auditTotal()).toBe(auditBefore);
    figures.push(`${spec.name} ${Math.round(performance.now() - started)} ms ${JSON.stringify(Object.fromEntries(codes))}`);
  });

  // Not invalid as such, but the classic way to reach a driver error: NUL (PostgreSQL text
  // refuses it), control characters, lone surrogates, combining and right-to-left marks.
  const oddString = (max: number) =>
    fc
      .oneof(
        fc.string({ unit: "binary", minLength: 1, maxLength: max }),
        fc.constantFrom("\u0000", "a\u0000b", "\ud800", "x\udfff", "\u202egnp.exe", "e\u0301", "\u{1F600}", "\r\n\t", "'; DROP TABLE groups; --", "%_\\"),
      )
      .filter((v) => v.trim().length > 0 && v.length <= max);

  it.each([
    ["createGroup", "mutation($v: String!) { createGroup(input: { name: $v }) { id } }", 50],
    ["createGroup", "mutation($n: String!, $v: String!) { createGroup(input: { name: $n, description: $v }) { id } }", 500],
    ["upsertUsers", 'mutation($v: String!) { upsertUsers(users: [{ id: "odd|user", name: $v, connection: $v }]) { id } }', 255],
    ["upsertUsers", "mutation($v: ID!) { upsertUsers(users: [{ id: $v }]) { id } }", 255],
    ["addGroupMappings", "mutation($g: ID!, $v: String!) { addGroupMappings(groupId: $g, mappings: [{ connectionName: $v, groupName: $v }]) { id } }", 256],
    ["searches", "query($v: String!) { groups(search: $v) { totalCount } users(search: $v) { totalCount } roles(search: $v) { totalCount } }", 200],
    ["lookups", "query($v: ID!) { group(id: $v) { id } user(id: $v) { id } application(id: $v) { id } }", 255],
    ["authorizationContext", "query($v: ID!, $s: String!, $a: ID!) { authorizationContext(userId: $v, clientId: $a, connection: $s, connectionGroups: [$s]) { userId } }", 255],
  ] as const)("%s with odd strings (%s): stored or refused with a 4xx code, never a server error", async (name, doc, max) => {
    let reference = JSON.stringify(await databaseSnapshot(t));
    const outcomes = new Map<string, number>();
    await fc.assert(
      fc.asyncProperty(oddString(max), async (value) => {
        const result = await t.gql(doc, { v: value, s: value, g: ids.g3, a: ids.app, n: `Odd ${randomUUID().slice(0, 8)}` });
        const codes = (result.errors ?? []).map((e) => e.extensions?.code);
        const code = codes[0] ?? "ok";
        for (const c of new Set(codes.length ? codes : ["ok"])) outcomes.set(c, (outcomes.get(c) ?? 0) + 1);
        const wrong = codes.filter((c) => !CALLER_CODES.includes(c));
        if (result.status >= 500 || wrong.length > 0) throw new Error(`${name} with ${preview(value)}: ${wrong.join(", ")} (HTTP ${result.status})`);
        const now = JSON.stringify(await databaseSnapshot(t));
        if (code !== "ok" && now !== reference) throw new Error(`${name} with ${preview(value)}: refused but something was written`);
        reference = now;
      }),
      // NUL always runs: every mutation refuses it (next test); searches and lookups find nothing.
      { seed: SEED, numRuns: ODD_RUNS, examples: [["\u0000"], ["a\u0000b"]] },
    );
    figures.push(`odd strings ${name} ${JSON.stringify(Object.fromEntries(outcomes))}`);
  });

  it.each([
    ["createGroup", "mutation($v: String!) { createGroup(input: { name: $v }) { id } }", "input.name"],
    ["upsertUsers", 'mutation($v: ID!) { upsertUsers(users: [{ id: "nul|ok" }, { id: $v }]) { id } }', "users[1].id"],
    ["addGroupMappings", 'mutation($g: ID!, $v: String!) { addGroupMappings(groupId: $g, mappings: [{ connectionName: "corp", groupName: $v }]) { id } }', "mappings[0].groupName"],
  ] as const)("%s: NUL in a stored field is BAD_USER_INPUT naming %s on every database, and writes nothing", async (_name, doc, field) => {
    const before = JSON.stringify(await databaseSnapshot(t));
    const audits = await auditTotal();
    const result = await t.gql(doc, { v: "a\u0000b", g: ids.g3 });
    expect(result.status).toBe(200);
    expect(result.errors?.[0].extensions).toMatchObject({ code: "BAD_USER_INPUT", field });
    expect(result.errors?.[0].message).toBe(`Invalid input: ${field}: must not contain NUL (\\u0000) characters`);
    expect(JSON.stringify(await databaseSnapshot(t))).toBe(before);
    expect(await auditTotal()).toBe(audits);
  });

  // On SQLite `Ops\ud800`, `Ops\udbff` and `Ops\udfff` all passed the unique-name check and
  // read back as the same name (and the export could not be re-imported); a lone surrogate in an
  // e-mail made class-validator's isEmail throw (URIError → INTERNAL_SERVER_ERROR).
  it.each([
    ["createGroup", "Ops\ud800", "input.name", "mutation($v: String!) { createGroup(input: { name: $v }) { id } }"],
    ["createGroup", "Ops\udfff", "input.name", "mutation($v: String!) { createGroup(input: { name: $v }) { id } }"],
    ["upsertUsers", "a\udbff@example.com", "users[1].email", 'mutation($v: String!) { upsertUsers(users: [{ id: "sur|ok" }, { id: "sur|e", email: $v }]) { id } }'],
    [
      "addGroupMappings",
      "x\udc00y",
      "mappings[0].groupName",
      'mutation($g: ID!, $v: String!) { addGroupMappings(groupId: $g, mappings: [{ connectionName: "corp", groupName: $v }]) { id } }',
    ],
  ] as const)("%s: a lone surrogate (%j) is BAD_USER_INPUT naming %s, and writes nothing", async (_name, value, field, doc) => {
    const before = JSON.stringify(await databaseSnapshot(t));
    const audits = await auditTotal();
    const result = await t.gql(doc, { v: value, g: ids.g3 });
    expect(result.status).toBe(200);
    expect(result.errors?.[0].extensions).toMatchObject({ code: "BAD_USER_INPUT", field });
    expect(result.errors?.[0].message).toMatch(new RegExp(`^Invalid input: ${field.replace(/[.[\]]/g, "\\$&")}: must be valid Unicode`));
    expect(JSON.stringify(await databaseSnapshot(t))).toBe(before);
    expect(await auditTotal()).toBe(audits);
  });

  it("a surrogate pair (an emoji) is valid text and is stored as sent", async () => {
    const created = await t.ok<{ createGroup: { name: string } }>("mutation($v: String!) { createGroup(input: { name: $v }) { name } }", { v: "Ops \u{1F680}" });
    expect(created.createGroup.name).toBe("Ops \u{1F680}");
  });

  it.each([true, false])("importData with a lone surrogate in an e-mail or a name lists each as a problem with its path (dryRun: %s), writing nothing", async (dryRun) => {
    const before = JSON.stringify(await databaseSnapshot(t));
    const data = {
      users: [{ id: "sur|import", email: "b\ud800@example.com" }],
      groups: [{ _id: "0e0d5a52-0000-4000-8000-00000000feed", name: "Imp\udbff" }],
    };
    const result = await t.gql("mutation($data: JSON!, $dryRun: Boolean) { importData(data: $data, dryRun: $dryRun) { dryRun } }", { data, dryRun });
    expect(result.errors?.[0].extensions?.code).toBe("BAD_USER_INPUT");
    expect(result.errors?.[0].message).toMatch(/users\[0\]\.email: must be valid Unicode/);
    expect(result.errors?.[0].message).toMatch(/groups\[0\]\.name: must be valid Unicode/);
    expect(JSON.stringify(await databaseSnapshot(t))).toBe(before);
  });

  // The audit recorder walked the arguments recursively for ids: JSON nested 100,000 levels in a
  // key the import ignores overflowed the stack (INTERNAL_SERVER_ERROR), dry run or not.
  it.each([true, false])("importData with JSON nested 100,000 levels deep in an ignored key answers its warning (dryRun: %s)", async (dryRun) => {
    // Written by hand: JSON.stringify itself recurses, and would overflow here first.
    const deep = `${"[".repeat(100_000)}${"]".repeat(100_000)}`;
    const id = dryRun ? "0e0d5a52-0000-4000-8000-00000000dee1" : "0e0d5a52-0000-4000-8000-00000000dee2";
    const query = "mutation($data: JSON!, $dryRun: Boolean) { importData(data: $data, dryRun: $dryRun) { dryRun warnings } }";
    const body = `{"query":${JSON.stringify(query)},"variables":{"dryRun":${dryRun},"data":{"groups":[{"_id":"${id}","name":"Deep ${dryRun}","extra":${deep}}]}}}`;
    const response = await fetch(t.server.url, { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${await t.token()}` }, body });
    const result = (await response.json()) as { data?: { importData: unknown }; errors?: unknown[] };
    expect(result.errors).toBeUndefined();
    expect(result.data?.importData).toEqual({ dryRun, warnings: ['groups: unknown key "extra" ignored (groups[0].extra)'] });
  });

  it("the REST policy endpoint with odd user ids and connection names answers 200 or 4xx, never a server error", async () => {
    const apiKey = (await t.ok<{ rotateApiKey: { apiKey: string } }>("mutation { rotateApiKey { apiKey } }")).rotateApiKey.apiKey;
    const statuses = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(oddString(255), oddString(256), async (userId, connectionName) => {
        const response = await fetch(`${t.baseUrl}/api/users/${encodeURIComponent(userId)}/policy/${encodeURIComponent(ids.app)}`, {
          method: "POST",
          headers: { "content-type": "application/json", "x-api-key": apiKey },
          body: JSON.stringify({ connectionName, groups: [connectionName] }),
        });
        statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
        if (response.status >= 500) throw new Error(`policy endpoint with ${preview(userId)} / ${preview(connectionName)}: HTTP ${response.status}`);
      }),
      {
        seed: SEED,
        numRuns: ODD_RUNS,
        examples: [
          ["a\u0000b", "corp"],
          ["odd|user", "\u0000"],
        ],
      },
    );
    figures.push(`odd strings policy endpoint ${JSON.stringify(Object.fromEntries(statuses))}`);
  });

  it.each(REFUSED_DOCUMENTS.map((doc) => [doc.label, doc] as const))(
    "a mutation in %s is refused before execution with its status and code, writing nothing",
    async (_label, doc) => {
      const reference = JSON.stringify(await databaseSnapshot(t));
      const auditBefore = await auditTotal();
      const outcome = await postRaw(t.url, doc.body, { authorization: `Bearer ${await t.token()}` });
      expect(outcome).toEqual({ status: doc.status, code: doc.code, data: undefined });
      expect(JSON.stringify(await databaseSnapshot(t))).toBe(reference);
      expect(reference).not.toContain(REFUSED_GROUP);
      expect(await auditTotal()).toBe(auditBefore);
      // The server answers normally right after.
      expect((await t.gql("{ groups { totalCount } }")).status).toBe(200);
    },
  );

  it("the mutation the refused documents carry does write when sent whole (so the checks above can fail)", async () => {
    const created = await t.ok<{ createGroup: { id: string } }>(`mutation { createGroup(input: { name: "${REFUSED_GROUP}" }) { id } }`);
    expect(JSON.stringify(await databaseSnapshot(t))).toContain(REFUSED_GROUP);
    await t.ok(`mutation($id: ID!) { deleteGroup(id: $id) }`, { id: created.createGroup.id });
  });

  // Arguments of nested fields are checked like root ones: a field error naming the argument at
  // the field's path (HTTP 200, the rest answered), inside a query and inside a mutation's result.
  it.each([
    ["members(first: -1)", "members(first: -1) { totalCount }", "first must not be less than 1"],
    ["members(first: 101)", "members(first: 101) { totalCount }", "first must not be greater than 100"],
    ["members(after: <not a cursor>)", 'members(after: "garbage") { totalCount }', '"garbage" is not a cursor'],
    ["members(search: <over 200 characters>)", `members(search: "${"x".repeat(201)}") { totalCount }`, "search must be shorter than or equal to 200"],
    ["calculatedMembers(first: 0)", "calculatedMembers(first: 0) { totalCount }", "first must not be less than 1"],
    ["calculatedMembers(first: 100000)", "calculatedMembers(first: 100000) { totalCount }", "first must not be greater than 100"],
    ["calculatedMembers(after: <not a cursor>)", 'calculatedMembers(after: "zz") { totalCount }', '"zz" is not a cursor'],
  ])("a nested %s is BAD_USER_INPUT at its path, in a query and in a mutation's result", async (_label, selection, message) => {
    const query = await t.gql(`query($g: ID!) { group(id: $g) { name ${selection} } }`, { g: ids.g1 });
    const field = selection.slice(0, selection.indexOf("("));
    expect(query.status).toBe(200);
    expect(query.errors?.map((e) => [e.extensions?.code, e.path?.join(".")])).toEqual([["BAD_USER_INPUT", `group.${field}`]]);
    expect(query.errors?.[0].message).toContain(message);
    const reference = JSON.stringify(await databaseSnapshot(t));
    // The mutation itself is valid and is applied; only the nested field of its answer is refused.
    const mutation = await t.gql(`mutation($g: ID!) { updateGroup(id: $g, input: { description: "nested args" }) { name ${selection} } }`, { g: ids.g1 });
    expect(mutation.status).toBe(200);
    expect(mutation.errors?.map((e) => [e.extensions?.code, e.path?.join(".")])).toEqual([["BAD_USER_INPUT", `updateGroup.${field}`]]);
    expect(JSON.stringify(await databaseSnapshot(t))).not.toBe(reference);
  });

  it("the base calls the corpus varies are valid (so each refusal is due to the one broken field)", async () => {
    // Run last: these succeed and change the model (deletions after everything else).
    const failures: string[] = [];
    const ordered = [...SPECS.filter((spec) => !spec.name.startsWith("delete")), ...SPECS.filter((spec) => spec.name.startsWith("delete"))];
    for (const spec of ordered) {
      const result = await t.gql(spec.doc, spec.base(ids));
      if (result.errors) failures.push(`${spec.name}: ${JSON.stringify(result.errors)}`);
    }
    expect(failures).toEqual([]);
  });
});
