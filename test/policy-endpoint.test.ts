import { DEMO_APPLICATION_ID, DemoSeed, seedDemo } from "../src/cli/seed-demo";
import { configure, context, ContextArgs, DEFAULT_SWITCHES, postPolicy, rotateApiKey, sleep } from "./helpers/authorization";
import { Fixtures } from "./helpers/fixtures";
import { startTestServer, TestServer } from "./helpers/server";

/** `POST /api/users/{userId}/policy/{clientId}`: the Auth0 extension's policy contract (docs/design.md §4). */

const APP = DEMO_APPLICATION_ID;
const DB_CONNECTION = "Username-Password-Authentication";

describe("policy endpoint", () => {
  let t: TestServer;
  let f: Fixtures;
  let demo: DemoSeed;
  let apiKey: string;

  beforeAll(async () => {
    t = await startTestServer();
    f = new Fixtures(t);
    demo = (await seedDemo(t.server.app))!;
    apiKey = (await rotateApiKey(t)).apiKey;
  });
  afterAll(() => t.stop());
  afterEach(() => configure(t, DEFAULT_SWITCHES));

  const unauthorized = (message: string) => ({ status: 401, body: { statusCode: 401, error: "Unauthorized", message } });
  const badRequest = (message: string) => ({ status: 400, body: { statusCode: 400, error: "Bad Request", message } });

  it("answers {groups, roles, permissions} for a member of External Accountants", async () => {
    expect(await postPolicy(t, "auth0|alice", APP, { connectionName: DB_CONNECTION, groups: [] }, { apiKey })).toEqual({
      status: 200,
      body: {
        groups: ["Accounting", "Example Company", "External Accountants"],
        roles: ["Expense User"],
        permissions: ["add:expense", "view:own-expenses"],
        validUntil: null,
      },
    });
  });

  it("answers the same lists as authorizationContext for the same inputs", async () => {
    await f.users([{ id: "auth0|policy-direct" }]);
    await f.userRoles("auth0|policy-direct", [demo.roles["Expense Admin"]]);
    const cases: Array<{ userId: string; clientId: string; connection: string; connectionGroups: string[] }> = [
      { userId: "auth0|alice", clientId: APP, connection: DB_CONNECTION, connectionGroups: [] },
      { userId: "auth0|bob", clientId: APP, connection: DB_CONNECTION, connectionGroups: [] },
      { userId: "ad|corp|jdoe", clientId: APP, connection: "corp-ad", connectionGroups: ["Administrative"] },
      { userId: "ad|corp|jdoe", clientId: APP, connection: "other-ad", connectionGroups: ["Administrative"] },
      { userId: "auth0|alice", clientId: APP, connection: "corp-ad", connectionGroups: ["Administrative", "VPN"] },
      { userId: "auth0|policy-direct", clientId: APP, connection: DB_CONNECTION, connectionGroups: [] },
      { userId: "auth0|nobody", clientId: APP, connection: DB_CONNECTION, connectionGroups: [] },
      { userId: "auth0|alice", clientId: "not-registered", connection: DB_CONNECTION, connectionGroups: [] },
    ];
    const compare = async (args: ContextArgs & { connection: string; connectionGroups: string[] }) => {
      const answer = await context(t, args);
      const response = await postPolicy(t, args.userId, args.clientId, { connectionName: args.connection, groups: args.connectionGroups }, { apiKey });
      expect({ args, response }).toEqual({
        args,
        response: { status: 200, body: { groups: answer.groups, roles: answer.roles, permissions: answer.permissions, validUntil: null } },
      });
      return response.body;
    };
    for (const args of cases) await compare(args);

    // With passthrough on, both merge the IdP's groups.
    await configure(t, { groupsPassthrough: true });
    const merged = await compare({ userId: "auth0|alice", clientId: APP, connection: "corp-ad", connectionGroups: ["Administrative", "VPN"] });
    expect(merged.groups).toEqual(["Accounting", "Administrative", "Example Company", "External Accountants", "Management", "VPN"]);
  });

  // The extension accepted any number of IdP groups, and its rule fails the login on any
  // non-200: refusing more than 1,000 locked out the users of large directories. GraphQL and
  // REST take the same IdP group names (GraphQL used to refuse names over 256 characters).
  it("takes 5,000 IdP groups and names over 256 characters, answering what authorizationContext answers", async () => {
    const groups = [...Array.from({ length: 4990 }, (_, i) => `Directory Group ${i}`), ...Array.from({ length: 9 }, (_, i) => `${i} ${"x".repeat(300)}`), "Administrative"];
    await configure(t, { ...DEFAULT_SWITCHES, groupsPassthrough: true });
    const response = await postPolicy(t, "ad|corp|jdoe", APP, { connectionName: "corp-ad", groups }, { apiKey });
    expect(response.status).toBe(200);
    const body = response.body as { groups: string[]; roles: string[] };
    expect(body.groups).toHaveLength(5000 + 2);
    expect(body.groups).toEqual(expect.arrayContaining(["Management", "Example Company", groups[0], groups[4990]]));
    const answer = await context(t, { userId: "ad|corp|jdoe", clientId: APP, connection: "corp-ad", connectionGroups: groups }, { headers: { "x-api-key": apiKey }, token: null });
    expect({ groups: answer.groups, roles: answer.roles, permissions: answer.permissions, validUntil: null }).toEqual(response.body);
  });

  it("takes groups as an array or as a comma/space separated string", async () => {
    const mapped = { groups: ["Example Company", "Management"], roles: ["Expense User"], permissions: ["add:expense", "view:own-expenses"], validUntil: null };
    for (const groups of [["Administrative"], "Administrative", "VPN,Administrative", "VPN Administrative", " VPN ,  Administrative,, ", "VPN\tAdministrative\n"]) {
      const response = await postPolicy(t, "ad|corp|jdoe", APP, { connectionName: "corp-ad", groups }, { apiKey });
      expect({ groups, response }).toEqual({ groups, response: { status: 200, body: mapped } });
    }
    // Missing, null, empty array and empty string are all "no IdP groups".
    for (const body of [
      { connectionName: "corp-ad" },
      { connectionName: "corp-ad", groups: null },
      { connectionName: "corp-ad", groups: [] },
      { connectionName: "corp-ad", groups: "" },
    ]) {
      const response = await postPolicy(t, "ad|corp|jdoe", APP, body, { apiKey });
      expect({ body, response }).toEqual({ body, response: { status: 200, body: { groups: [], roles: [], permissions: [], validUntil: null } } });
    }
    // The string form splits on spaces: the name is matched word by word.
    await configure(t, { groupsPassthrough: true });
    expect((await postPolicy(t, "ad|corp|jdoe", APP, { connectionName: "corp-ad", groups: "Domain Users,Administrative" }, { apiKey })).body.groups).toEqual([
      "Administrative",
      "Domain",
      "Example Company",
      "Management",
      "Users",
    ]);
  });

  it("decodes URL-encoded user ids (auth0%7Calice) and also takes a raw |", async () => {
    const expected = {
      groups: ["Accounting", "Example Company", "External Accountants"],
      roles: ["Expense User"],
      permissions: ["add:expense", "view:own-expenses"],
      validUntil: null,
    };
    const encoded = await postPolicy(t, "auth0%7Calice", APP, { connectionName: DB_CONNECTION }, { apiKey, raw: true });
    expect(encoded).toEqual({ status: 200, body: expected });
    const lowercase = await postPolicy(t, "auth0%7calice", APP, { connectionName: DB_CONNECTION }, { apiKey, raw: true });
    expect(lowercase).toEqual({ status: 200, body: expected });
    const raw = await postPolicy(t, "auth0|alice", APP, { connectionName: DB_CONNECTION }, { apiKey, raw: true });
    expect(raw).toEqual({ status: 200, body: expected });
    // Ids with several separators and encoded characters in the client id.
    await f.users([{ id: "ad|corp|jdoe" }]);
    await f.addMembers(demo.groups["Human Resources"], ["ad|corp|jdoe"]);
    const deep = await postPolicy(t, "ad|corp|jdoe", APP, { connectionName: "corp-ad" }, { apiKey });
    expect(deep.body.groups).toEqual(["Example Company", "Human Resources"]);
    const app = await f.application({ id: "client with/slash", name: "Slashed Client" });
    const role = await f.role(app.id, "Slashed Role");
    await f.userRoles("ad|corp|jdoe", [role.id]);
    expect((await postPolicy(t, "ad|corp|jdoe", app.id, { connectionName: "corp-ad" }, { apiKey })).body.roles).toEqual(["Slashed Role"]);
    // Malformed percent-encoding is a 400.
    expect(await postPolicy(t, "auth0%E0%A4%A", APP, { connectionName: DB_CONNECTION }, { apiKey, raw: true })).toEqual(
      badRequest("The user id or client id in the path is not valid URL encoding"),
    );
  });

  describe("authentication", () => {
    it("a missing key is 401", async () => {
      expect(await postPolicy(t, "auth0|alice", APP, { connectionName: DB_CONNECTION })).toEqual(unauthorized("Invalid API Key"));
      expect(await postPolicy(t, "auth0|alice", APP, { connectionName: DB_CONNECTION }, { apiKey: "" })).toEqual(unauthorized("Invalid API Key"));
    });

    it("a wrong key is 401", async () => {
      expect(await postPolicy(t, "auth0|alice", APP, { connectionName: DB_CONNECTION }, { apiKey: `${apiKey}x` })).toEqual(unauthorized("Invalid API Key"));
      expect(await postPolicy(t, "auth0|alice", APP, { connectionName: DB_CONNECTION }, { apiKey: "ghk_wrong" })).toEqual(unauthorized("Invalid API Key"));
    });

    it("authentication is checked before the body: a wrong key with a bad body is 401", async () => {
      expect(await postPolicy(t, "auth0|alice", APP, "{not json", { apiKey: "ghk_wrong" })).toEqual(unauthorized("Invalid API Key"));
    });

    it("a key rotated out with a 1-second grace period works until it ends, then is 401", async () => {
      const old = apiKey;
      apiKey = (await rotateApiKey(t, 1)).apiKey;
      expect((await postPolicy(t, "auth0|alice", APP, { connectionName: DB_CONNECTION }, { apiKey: old })).status).toBe(200);
      await sleep(1200);
      expect(await postPolicy(t, "auth0|alice", APP, { connectionName: DB_CONNECTION }, { apiKey: old })).toEqual(unauthorized("Invalid API Key"));
      expect((await postPolicy(t, "auth0|alice", APP, { connectionName: DB_CONNECTION }, { apiKey })).status).toBe(200);
    });

    it("a rotated-out key is 401 (at once without grace; a graced one once rotated out again)", async () => {
      const old = (await rotateApiKey(t)).apiKey;
      const graced = (await rotateApiKey(t, 3600)).apiKey;
      expect((await postPolicy(t, "auth0|alice", APP, { connectionName: DB_CONNECTION }, { apiKey: old })).status).toBe(200);
      expect((await postPolicy(t, "auth0|alice", APP, { connectionName: DB_CONNECTION }, { apiKey: graced })).status).toBe(200);
      apiKey = (await rotateApiKey(t)).apiKey;
      expect(await postPolicy(t, "auth0|alice", APP, { connectionName: DB_CONNECTION }, { apiKey: old })).toEqual(unauthorized("Invalid API Key"));
      expect(await postPolicy(t, "auth0|alice", APP, { connectionName: DB_CONNECTION }, { apiKey: graced })).toEqual(unauthorized("Invalid API Key"));
      expect((await postPolicy(t, "auth0|alice", APP, { connectionName: DB_CONNECTION }, { apiKey })).status).toBe(200);
    });

    it("a bearer token with read:authorization is accepted too; without it, 403", async () => {
      const allowed = await t.token(["read:authorization"]);
      const ok = await postPolicy(t, "auth0|alice", APP, { connectionName: DB_CONNECTION }, { headers: { authorization: `Bearer ${allowed}` } });
      expect(ok.status).toBe(200);
      expect(ok.body.roles).toEqual(["Expense User"]);
      const denied = await t.token(["read:groups"]);
      expect(await postPolicy(t, "auth0|alice", APP, { connectionName: DB_CONNECTION }, { headers: { authorization: `Bearer ${denied}` } })).toEqual({
        status: 403,
        body: { statusCode: 403, error: "Forbidden", message: 'Insufficient scope: "read:authorization" is required' },
      });
      expect(await postPolicy(t, "auth0|alice", APP, { connectionName: DB_CONNECTION }, { headers: { authorization: "Bearer not-a-jwt" } })).toEqual(
        unauthorized("Invalid API Key"),
      );
      // The body is read before the credential is confirmed, but a bad one is refused only after: the caller without the scope hears 403, not 400.
      expect(await postPolicy(t, "auth0|alice", APP, "{not json", { headers: { authorization: `Bearer ${denied}` } })).toMatchObject({ status: 403 });
    });
  });

  describe("bad requests", () => {
    it.each([
      ["no connectionName", { groups: [] }, '"connectionName" is required and must be a non-empty string'],
      ["an empty connectionName", { connectionName: "", groups: [] }, '"connectionName" is required and must be a non-empty string'],
      ["a numeric connectionName", { connectionName: 5, groups: [] }, '"connectionName" is required and must be a non-empty string'],
      ["a too long connectionName", { connectionName: "c".repeat(257) }, '"connectionName" must be at most 256 characters'],
      ["groups as a number", { connectionName: DB_CONNECTION, groups: 5 }, '"groups" must be an array of strings or a comma/space separated string'],
      ["groups as an object", { connectionName: DB_CONNECTION, groups: { a: 1 } }, '"groups" must be an array of strings or a comma/space separated string'],
      ["groups with a non-string", { connectionName: DB_CONNECTION, groups: ["ok", 1] }, '"groups" must be an array of strings or a comma/space separated string'],
    ])("%s is 400", async (_label, body, message) => {
      expect(await postPolicy(t, "auth0|alice", APP, body, { apiKey })).toEqual(badRequest(message));
    });

    it.each([
      ["invalid JSON", "{connectionName: corp-ad}", "The body is not valid JSON"],
      ["truncated JSON", '{"connectionName": "corp-ad"', "The body is not valid JSON"],
      ["a JSON array", '["corp-ad"]', "The body must be a JSON object"],
      ["a JSON string", '"corp-ad"', "The body must be a JSON object"],
      ["an empty body", "", '"connectionName" is required and must be a non-empty string'],
    ])("%s is 400", async (_label, body, message) => {
      expect(await postPolicy(t, "auth0|alice", APP, body, { apiKey })).toEqual(badRequest(message));
    });

    it("a body over the limit is 413", async () => {
      const limit = t.server.app.config.bodyLimitBytes;
      const body = { connectionName: DB_CONNECTION, groups: "x".repeat(limit + 1) };
      expect(await postPolicy(t, "auth0|alice", APP, body, { apiKey })).toEqual({
        status: 413,
        body: { statusCode: 413, error: "Payload Too Large", message: `Request body exceeds ${limit} bytes` },
      });
    });

    it("GET is 405", async () => {
      expect(await postPolicy(t, "auth0|alice", APP, undefined, { apiKey, method: "GET" })).toEqual({
        status: 405,
        body: { statusCode: 405, error: "Method Not Allowed", message: "Use POST" },
      });
    });
  });
});
