import { CONTEXT_QUERY, postPolicy, rotateApiKey } from "./helpers/authorization";
import { expectError, Fixtures } from "./helpers/fixtures";
import { startTestServer, TestServer } from "./helpers/server";
import { watchStatements } from "./helpers/statements";

/**
 * The directory fills itself (docs/design.md §14.1): a login's profile updates the user's record
 * when it differs, creates an unknown user, and writes nothing when it matches — counted as write
 * statements (INSERT, UPDATE, DELETE, a transaction's BEGIN) of the request, the way
 * context-sql.test.ts counts statements through the data source's logger.
 */

const PROFILE_QUERY = CONTEXT_QUERY.replace("$connectionPermissions: [String!])", "$connectionPermissions: [String!], $profile: LoginProfileInput)").replace(
  "connectionPermissions: $connectionPermissions)",
  "connectionPermissions: $connectionPermissions, profile: $profile)",
);
const USER = `query($id: ID!) { user(id: $id) { id email name connection } }`;
const AUDIT = `query($id: ID) { auditLog(targetId: $id) { nodes { actor actorKind operation targetIds details } } }`;

describe("a login's profile keeps the user's record current", () => {
  let t: TestServer;
  let f: Fixtures;
  let apiKey: string;
  let writesOf: (call: () => Promise<unknown>) => Promise<string[]>;

  beforeAll(async () => {
    t = await startTestServer();
    f = new Fixtures(t);
    await f.application({ id: "profile-app", name: "Profile App" });
    apiKey = (await rotateApiKey(t)).apiKey;
    const watch = watchStatements(t);
    writesOf = (call) => watch.writesDuring(call);
  });
  afterAll(() => t.stop());

  const login = (userId: string, profile: Record<string, unknown> | null, token?: string) =>
    t.gql<{ authorizationContext: { userId: string } }>(PROFILE_QUERY, { userId, clientId: "profile-app", profile }, token ? { token } : undefined);
  const user = async (id: string) => (await t.ok<{ user: Record<string, unknown> | null }>(USER, { id })).user;

  it("GraphQL: a changed e-mail updates the record (audited under the credential's subject); the same profile again writes nothing", async () => {
    await f.users([{ id: "auth0|pat", email: "pat@old.example", name: "Pat", connection: "Username-Password-Authentication" }]);
    const token = await t.token(["read:authorization"], { subject: "login-hook" });
    const changed = { email: "pat@new.example", name: "Pat", connection: "Username-Password-Authentication" };
    const writes = await writesOf(async () => expect((await login("auth0|pat", changed, token)).errors).toBeUndefined());
    expect(writes.some((sql) => /^\s*UPDATE\s+"users"/i.test(sql))).toBe(true);
    expect(await user("auth0|pat")).toEqual({ id: "auth0|pat", email: "pat@new.example", name: "Pat", connection: "Username-Password-Authentication" });

    const entries = (await t.ok<{ auditLog: { nodes: Array<Record<string, any>> } }>(AUDIT, { id: "auth0|pat" })).auditLog.nodes;
    expect(entries[0]).toMatchObject({ actor: "login-hook", actorKind: "token", operation: "loginProfile", targetIds: ["auth0|pat"] });
    expect(entries[0].details.input).toEqual({ userId: "auth0|pat", email: "pat@new.example" });

    expect(await writesOf(async () => expect((await login("auth0|pat", changed, token)).errors).toBeUndefined())).toEqual([]);
    // With the cache current, that login costs its one statement plus the keyed read of the record.
    const before = t.sqlCount();
    expect((await login("auth0|pat", changed, token)).errors).toBeUndefined();
    expect(t.sqlCount() - before).toBe(2);
    // Absent, null and empty fields say nothing: they keep the stored values and write nothing.
    expect(await writesOf(async () => expect((await login("auth0|pat", { email: null, name: "" }, token)).errors).toBeUndefined())).toEqual([]);
    expect(await user("auth0|pat")).toMatchObject({ email: "pat@new.example", name: "Pat" });
    // Without a profile a login is the read it always was.
    expect(await writesOf(async () => expect((await login("auth0|pat", null, token)).errors).toBeUndefined())).toEqual([]);
  });

  it("GraphQL: a login with a profile for an unknown user creates the user, who is then found by the console's search", async () => {
    expect(await user("auth0|newcomer")).toBeNull();
    const result = await login("auth0|newcomer", { email: "newcomer@example.com", name: "New Comer", connection: "google-oauth2" });
    expect(result.errors).toBeUndefined();
    expect(await user("auth0|newcomer")).toEqual({ id: "auth0|newcomer", email: "newcomer@example.com", name: "New Comer", connection: "google-oauth2" });
    const found = await t.ok<{ users: { nodes: Array<{ id: string }> } }>(`query($s: String) { users(search: $s) { nodes { id } } }`, { s: "newcomer@example" });
    expect(found.users.nodes.map((u) => u.id)).toEqual(["auth0|newcomer"]);
    // Without a profile, an unknown user stays unknown (as before).
    expect(await writesOf(async () => expect((await login("auth0|ghost", null)).errors).toBeUndefined())).toEqual([]);
    expect(await user("auth0|ghost")).toBeNull();
  });

  it("GraphQL: a bad profile is BAD_USER_INPUT naming the field, and nothing is written", async () => {
    await f.users([{ id: "auth0|kim", email: "kim@example.com" }]);
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ email: "not-an-address" }, "profile.email"],
      [{ email: `${"a".repeat(320)}@example.com` }, "profile.email"],
      [{ name: "n".repeat(256) }, "profile.name"],
      [{ connection: "c".repeat(256) }, "profile.connection"],
      [{ name: "bad\u0000name" }, "profile.name"],
    ];
    for (const [profile, field] of cases) {
      let result: Awaited<ReturnType<typeof login>> | undefined;
      expect(await writesOf(async () => (result = await login("auth0|kim", profile)))).toEqual([]);
      const error = expectError(result!, "BAD_USER_INPUT", field);
      expect(error.extensions.field).toBe(field);
    }
    expect(await user("auth0|kim")).toMatchObject({ email: "kim@example.com", name: null, connection: null });
  });

  it("REST: email and name in the policy body update the record with the login's connection; the same body again writes nothing", async () => {
    await f.users([{ id: "auth0|lee", email: "lee@old.example" }]);
    const body = { connectionName: "Username-Password-Authentication", groups: [], email: "lee@new.example", name: "Lee" };
    let response: Awaited<ReturnType<typeof postPolicy>> | undefined;
    const writes = await writesOf(async () => (response = await postPolicy(t, "auth0|lee", "profile-app", body, { apiKey })));
    expect(response!.status).toBe(200);
    expect(writes.length).toBeGreaterThan(0);
    expect(await user("auth0|lee")).toEqual({ id: "auth0|lee", email: "lee@new.example", name: "Lee", connection: "Username-Password-Authentication" });
    const entries = (await t.ok<{ auditLog: { nodes: Array<Record<string, any>> } }>(AUDIT, { id: "auth0|lee" })).auditLog.nodes;
    expect(entries[0]).toMatchObject({ actor: "api-key", actorKind: "apikey", operation: "loginProfile" });

    expect(await writesOf(async () => expect((await postPolicy(t, "auth0|lee", "profile-app", body, { apiKey })).status).toBe(200))).toEqual([]);
    // The extension's rule body (no email, no name) writes nothing, even for an unknown user.
    const extensionBody = { connectionName: "Username-Password-Authentication", groups: [] };
    expect(await writesOf(async () => expect((await postPolicy(t, "auth0|unknown-rest", "profile-app", extensionBody, { apiKey })).status).toBe(200))).toEqual([]);
    expect(await user("auth0|unknown-rest")).toBeNull();
  });

  it("REST: a bad email or name is 400 naming the field, and nothing is written", async () => {
    for (const [extra, field] of [
      [{ email: "nope" }, "email"],
      [{ email: 42 }, "email"],
      [{ name: "x".repeat(256) }, "name"],
    ] as Array<[Record<string, unknown>, string]>) {
      let response: Awaited<ReturnType<typeof postPolicy>> | undefined;
      const body = { connectionName: "Username-Password-Authentication", ...extra };
      expect(await writesOf(async () => (response = await postPolicy(t, "auth0|rest-bad", "profile-app", body, { apiKey })))).toEqual([]);
      expect(response!.status).toBe(400);
      expect(response!.body).toMatchObject({ statusCode: 400, error: "Bad Request" });
      expect(response!.body.message).toContain(`"${field}"`);
    }
    expect(await user("auth0|rest-bad")).toBeNull();
  });
});
