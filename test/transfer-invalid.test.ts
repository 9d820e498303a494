import { databaseSnapshot } from "./helpers/operations";
import { startTestServer, TestServer } from "./helpers/server";
import { EXAMPLE, exampleCompanyFile, exportData, expectProblems, importData, importOk } from "./helpers/transfer";

const APP = EXAMPLE.clientId;
const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`;

describe("invalid import files: every problem with its path, nothing written", () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
    await importOk(t, exampleCompanyFile());
  });
  afterAll(() => t.stop());

  /** Imports `data`, expects exactly these problems, and proves the database did not change. */
  async function expectInvalid(data: unknown, expected: Array<[string, string | RegExp]>, mode: "MERGE" | "REPLACE" = "MERGE") {
    const before = JSON.stringify(await exportData(t));
    const snapshot = await databaseSnapshot(t);
    const problems = expectProblems(await importData(t, data, { mode }), expected);
    expect(JSON.stringify(await exportData(t))).toBe(before);
    expect(await databaseSnapshot(t)).toEqual(snapshot);
    return problems;
  }

  it.each([
    ["an array", [{ groups: [] }], "not an array"],
    ["a string", "groups", 'not the string "groups"'],
    ["a number", 42, "not the number 42"],
  ])("refuses a top level that is %s", async (_label, data, part) => {
    await expectInvalid(data, [["$", `the file must be a JSON object with the keys configuration, groups, roles, permissions, applications, users, organizations, ${part}`]]);
  });

  it("refuses unknown top-level keys, naming each and the keys it expects", async () => {
    await expectInvalid({ grups: [], groups: [], extra: 1 }, [
      ["grups", 'unknown top-level key "grups" (expected configuration, groups, roles, permissions, applications, users, organizations, or the extension\'s legacy rules)'],
      ["extra", 'unknown top-level key "extra"'],
    ]);
  });

  it("refuses top-level values that are not arrays and entries that are not objects", async () => {
    await expectInvalid({ groups: { _id: "x" }, roles: [1, null], users: "nobody" }, [
      ["groups", "must be an array, not an object"],
      ["roles[0]", "must be an object, not the number 1"],
      ["roles[1]", "must be an object, not null"],
      ["users", 'must be an array, not the string "nobody"'],
    ]);
  });

  it("refuses NUL (\\u0000) in every stored string, on every database", async () => {
    await expectInvalid(
      {
        groups: [{ _id: id(1), name: "Fi\u0000nance", members: ["auth0|a\u0000b"], mappings: [{ _id: id(2), groupName: "g", connectionName: "corp\u0000" }] }],
        applications: [{ id: "app-nul", name: "App", type: "SPA", requiredRoles: ["ad\u0000min"] }],
        users: [{ id: "auth0|nul", name: "A\u0000" }],
      },
      [
        ["groups[0].name", "must not contain NUL (\\u0000) characters"],
        ["groups[0].members[0]", "must not contain NUL (\\u0000) characters"],
        ["groups[0].mappings[0].connectionName", "must not contain NUL (\\u0000) characters"],
        ["applications[0].requiredRoles[0]", "must not contain NUL (\\u0000) characters"],
        ["users[0].name", "must not contain NUL (\\u0000) characters"],
      ],
    );
  });

  it("checks the types and lengths of group fields", async () => {
    await expectInvalid(
      {
        groups: [
          { _id: id(1), name: "x".repeat(51), description: "d".repeat(501) },
          { name: "No id" },
          { _id: id(3), name: 7, members: "auth0|1" },
          { _id: id(4), name: "   ", members: ["auth0|ok", 5, ""], nested: [null], roles: "r" },
          { _id: "x".repeat(37), name: "Long id", mappings: [{ _id: id(9), groupName: "g".repeat(257), connectionName: "" }, "m"] },
        ],
      },
      [
        ["groups[0].name", "must be at most 50 characters (it has 51)"],
        ["groups[0].description", "must be at most 500 characters (it has 501)"],
        ["groups[1]._id", "is required"],
        ["groups[2].name", "must be a string, not the number 7"],
        ["groups[2].members", 'must be an array of ids, not the string "auth0|1"'],
        ["groups[3].name", "must not be empty"],
        ["groups[3].members[1]", "must be an id (a string), not the number 5"],
        ["groups[3].members[2]", "must not be empty"],
        ["groups[3].roles", "must be an array of ids"],
        ["groups[3].nested[0]", "must be an id (a string), not null"],
        ["groups[4]._id", "must be at most 36 characters"],
        ["groups[4].mappings[0].connectionName", "must not be empty"],
        ["groups[4].mappings[0].groupName", "must be at most 256 characters"],
        ["groups[4].mappings[1]", 'must be an object, not the string "m"'],
      ],
    );
  });

  it("checks roles, permissions, applications, users and the configuration record", async () => {
    await expectInvalid(
      {
        configuration: [{ _id: "v2", groupsInToken: "maybe", apiAccess: true, claimNamespace: "example.com", tokenLifetimeSeconds: 5 }],
        roles: [{ _id: id(1), name: "r".repeat(51), applicationType: "api" }],
        permissions: [{ _id: id(2), name: "p".repeat(101), applicationId: APP, description: 5 }],
        applications: [{ id: "app-1", name: "", type: "WEB", requiredRoles: "Admin" }],
        users: [{ id: "auth0|1", email: "not-an-email", name: 3 }, { email: "x@example.com" }],
      },
      [
        ["configuration[0]._id", 'must be "v1", not the string "v2"'],
        ["configuration[0].groupsInToken", 'must be true or false (or "yes"/"no"), not the string "maybe"'],
        ["configuration[0].apiAccess", 'unknown configuration key "apiAccess"'],
        ["configuration[0].claimNamespace", "must be an absolute http(s) URL"],
        ["configuration[0].tokenLifetimeSeconds", "must be a whole number of seconds from 60 to 31536000, not the number 5"],
        ["roles[0].name", "must be at most 50 characters"],
        ["roles[0].applicationId", "is required"],
        ["roles[0].applicationType", 'must be "client" (or the extension\'s "resource_server"), not the string "api"'],
        ["permissions[0].name", "must be at most 100 characters"],
        ["permissions[0].description", "must be a string, not the number 5"],
        ["applications[0].name", "must not be empty"],
        ["applications[0].type", "must be one of NATIVE, SPA, REGULAR_WEB, NON_INTERACTIVE"],
        ["applications[0].requiredRoles", "must be an array of role names"],
        ["users[0].email", 'must be an email address, not the string "not-an-email"'],
        ["users[0].name", "must be a string, not the number 3"],
        ["users[1].id", "is required"],
      ],
    );
  });

  it("refuses duplicate names ignoring case: groups over all, roles and permissions per application", async () => {
    await expectInvalid(
      {
        groups: [
          { _id: id(1), name: "Auditors" },
          { _id: id(2), name: "AUDITORS " },
        ],
        roles: [
          { _id: id(3), name: "Approver", applicationId: "app-a" },
          { _id: id(4), name: "approver", applicationId: "app-a" },
          { _id: id(5), name: "Approver", applicationId: "app-b" },
        ],
        permissions: [
          { _id: id(6), name: "read:x", applicationId: "app-a" },
          { _id: id(7), name: "READ:X", applicationId: "app-a" },
          { _id: id(8), name: "read:x", applicationId: "app-b" },
        ],
      },
      [
        ["groups[1].name", 'duplicate name "AUDITORS": groups[0] has the same name ignoring case'],
        ["roles[1].name", 'duplicate name "approver" in application "app-a": roles[0] has the same name ignoring case'],
        ["permissions[1].name", 'duplicate name "READ:X" in application "app-a": permissions[0] has the same name ignoring case'],
      ],
    );
  });

  it("refuses duplicate ids in every collection, mapping ids across groups included", async () => {
    await expectInvalid(
      {
        groups: [
          { _id: id(1), name: "One", mappings: [{ _id: id(50), groupName: "A", connectionName: "c" }] },
          { _id: id(1), name: "Two", mappings: [{ _id: id(50), groupName: "B", connectionName: "c" }] },
        ],
        roles: [
          { _id: id(2), name: "R1", applicationId: APP },
          { _id: id(2), name: "R2", applicationId: APP },
        ],
        permissions: [
          { _id: id(3), name: "p1", applicationId: APP },
          { _id: id(3), name: "p2", applicationId: APP },
        ],
        applications: [
          { id: "app-1", name: "A", type: "SPA" },
          { id: "app-1", name: "B", type: "SPA" },
        ],
        users: [{ id: "auth0|1" }, { id: "auth0|1" }],
      },
      [
        ["groups[1]._id", `duplicate id "${id(1)}" (also groups[0])`],
        ["groups[1].mappings[0]._id", `duplicate mapping id "${id(50)}" (also groups[0].mappings[0])`],
        ["roles[1]._id", `duplicate id "${id(2)}" (also roles[0])`],
        ["permissions[1]._id", `duplicate id "${id(3)}" (also permissions[0])`],
        ["applications[1].id", 'duplicate id "app-1" (also applications[0])'],
        ["users[1].id", 'duplicate id "auth0|1" (also users[0])'],
      ],
    );
  });

  it("refuses unknown referenced ids: nested groups, group roles, role permissions", async () => {
    await expectInvalid(
      {
        groups: [{ _id: id(1), name: "Refs", nested: [EXAMPLE.groups.finance, "no-such-group"], roles: ["no-such-role", EXAMPLE.roles.expenseUser] }],
        roles: [{ _id: id(2), name: "Checker", applicationId: APP, permissions: ["no-such-permission"] }],
      },
      [
        ["groups[0].nested[1]", 'unknown group id "no-such-group"'],
        ["groups[0].roles[0]", 'unknown role id "no-such-role"'],
        ["roles[0].permissions[0]", 'unknown permission id "no-such-permission"'],
      ],
    );
  });

  it("in REPLACE mode references must be in the file: stored entities are going away", async () => {
    await expectInvalid(
      { groups: [{ _id: id(1), name: "Alone", nested: [EXAMPLE.groups.finance] }] },
      [["groups[0].nested[0]", `unknown group id "${EXAMPLE.groups.finance}"`]],
      "REPLACE",
    );
  });

  it("refuses a role holding a permission of another application (in the file or stored)", async () => {
    await expectInvalid(
      {
        permissions: [{ _id: id(1), name: "other:thing", applicationId: "other-app" }],
        roles: [{ _id: id(2), name: "Mixed", applicationId: APP, permissions: [id(1), "7e9d2a3b-4c5d-4e6f-9a0b-1c2d3e4f5a01"] }],
        applications: [{ id: "other-app", name: "Other", type: "SPA" }],
      },
      [["roles[0].permissions[0]", `permission "other:thing" belongs to application "other-app", not to the role's application "${APP}"`]],
    );
    await expectInvalid({ roles: [{ _id: id(3), name: "Elsewhere", applicationId: "other-app", permissions: ["7e9d2a3b-4c5d-4e6f-9a0b-1c2d3e4f5a01"] }] }, [
      ["roles[0].permissions[0]", `permission "view:own-expenses" belongs to application "${APP}", not to the role's application "other-app"`],
    ]);
  });

  it("refuses nesting cycles, naming each cycle", async () => {
    await expectInvalid(
      {
        groups: [
          { _id: id(1), name: "A", nested: [id(2)] },
          { _id: id(2), name: "B", nested: [id(3)] },
          { _id: id(3), name: "C", nested: [id(1)] },
          { _id: id(4), name: "D", nested: [id(5)] },
          { _id: id(5), name: "E", nested: [id(4), id(1)] },
        ],
      },
      [
        ["groups[0].nested[0]", "nesting cycle: A → B → C → A"],
        ["groups[3].nested[0]", "nesting cycle: D → E → D"],
      ],
    );
  });

  it("refuses a cycle closed through stored nestings (MERGE)", async () => {
    // Stored: Example Company ⊃ Accounting ⊃ External Accountants; the file nests the company in External Accountants.
    await expectInvalid({ groups: [{ _id: EXAMPLE.groups.externalAccountants, name: "External Accountants", nested: [EXAMPLE.groups.exampleCompany] }] }, [
      ["groups[0].nested[0]", "nesting cycle: External Accountants → Example Company → Accounting → External Accountants"],
    ]);
  });

  it("refuses a group nested in itself", async () => {
    await expectInvalid({ groups: [{ _id: id(1), name: "Selfish", nested: [id(1)] }] }, [["groups[0].nested[0]", 'a group cannot be nested in itself ("Selfish")']]);
  });

  it("MERGE: refuses names held by stored entities with other ids, and moving a role or permission to another application", async () => {
    await expectInvalid(
      {
        groups: [{ _id: id(1), name: "finance" }],
        roles: [
          { _id: id(2), name: "EXPENSE USER", applicationId: APP },
          { _id: EXAMPLE.roles.expenseAdmin, name: "Expense Admin", applicationId: "another-app" },
        ],
        permissions: [{ _id: id(3), name: "Add:Expense", applicationId: APP }],
      },
      [
        ["groups[0].name", `a group named "Finance" already exists with id "${EXAMPLE.groups.finance}" (names are unique ignoring case)`],
        ["roles[0].name", `a role named "Expense User" already exists for application "${APP}" with id "${EXAMPLE.roles.expenseUser}"`],
        ["roles[1].applicationId", `role "${EXAMPLE.roles.expenseAdmin}" belongs to application "${APP}"; the application of a role cannot change`],
        ["permissions[0].name", `a permission named "add:expense" already exists for application "${APP}"`],
      ],
    );
  });

  it("MERGE: refuses a mapping id that belongs to a group the file does not rewrite", async () => {
    await expectInvalid({ groups: [{ _id: id(1), name: "Thief", mappings: [{ _id: "c3a1d2e4-5f60-4718-9a2b-3c4d5e6f7a01", groupName: "X", connectionName: "c" }] }] }, [
      ["groups[0].mappings[0]._id", 'mapping id "c3a1d2e4-5f60-4718-9a2b-3c4d5e6f7a01" already belongs to group "Management"'],
    ]);
  });

  it("refuses roles and permissions of an application whose type cannot hold them", async () => {
    await expectInvalid(
      {
        applications: [{ id: "job", name: "Nightly Job", type: "NON_INTERACTIVE" }],
        roles: [{ _id: id(1), name: "Runner", applicationId: "job" }],
        permissions: [{ _id: id(2), name: "run", applicationId: "job" }],
      },
      [
        [
          "roles[0].applicationId",
          'application "Nightly Job" is of type NON_INTERACTIVE, which is not supported: roles can only belong to NATIVE, SPA and REGULAR_WEB applications',
        ],
        ["permissions[0].applicationId", "which is not supported: permissions can only belong to NATIVE, SPA and REGULAR_WEB applications"],
      ],
    );
    // Nor may a stored application with roles become NON_INTERACTIVE through an import.
    await expectInvalid({ applications: [{ id: APP, name: "Expenses", type: "NON_INTERACTIVE" }] }, [
      ["applications[0].type", "has 7 stored role(s) or permission(s); its type cannot become NON_INTERACTIVE"],
    ]);
  });

  it("keeps every problem in extensions.problems but lists at most 50 in the message", async () => {
    const groups = Array.from({ length: 60 }, (_, i) => ({ _id: id(i + 1), name: `${"n".repeat(50)}${i}` }));
    const result = await importData(t, { groups });
    expect(result.errors?.[0].extensions?.code).toBe("BAD_USER_INPUT");
    const problems = result.errors![0].extensions!.problems;
    expect(problems).toHaveLength(60);
    expect(problems[59]).toEqual({ path: "groups[59].name", message: "must be at most 50 characters (it has 52)" });
    const message = result.errors![0].message;
    expect(message).toMatch(/^The import file has 60 problems; nothing was imported:\n- groups\[0\]\.name: /);
    expect(message).toContain("groups[49].name");
    expect(message).not.toContain("groups[50].name");
    expect(message).toContain("… and 10 more (all of them are in extensions.problems)");
  });

  it("reports the problems of a dry run the same way", async () => {
    const result = await importData(t, { groups: [{ _id: id(1), name: "Finance" }] }, { dryRun: true });
    expectProblems(result, [["groups[0].name", 'a group named "Finance" already exists']]);
  });
});
