import { CONFIGURATION_FIELDS, configure, DEFAULT_SWITCHES, UPDATE_CONFIGURATION } from "./helpers/authorization";
import { expectError } from "./helpers/fixtures";
import { errorCode, startTestServer, TestServer } from "./helpers/server";

/** The configuration query and updateConfiguration (docs/design.md §2 Configuration, §4). */

const READ = `{ configuration { ${CONFIGURATION_FIELDS} } }`;

const DEFAULTS = {
  ...DEFAULT_SWITCHES,
  tokenIssuer: "urn:gatehouse",
  tokenAudience: "urn:gatehouse:api",
  tokenLifetimeSeconds: 86400,
  apiKeyConfigured: false,
  apiKeyCreatedAt: null,
  previousApiKeyValidUntil: null,
};

const SWITCHES = Object.keys(DEFAULT_SWITCHES).filter((k) => k !== "claimNamespace");

function jwtPayload(token: string): Record<string, any> {
  return JSON.parse(Buffer.from(token.split(".")[1], "base64url").toString("utf8"));
}

describe("configuration", () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(() => t.stop());
  afterEach(async () => {
    await configure(t, { ...DEFAULT_SWITCHES, tokenLifetimeSeconds: 86400 });
  });

  const read = async () => (await t.ok<{ configuration: Record<string, any> }>(READ)).configuration;

  it("reads the defaults of a fresh database", async () => {
    expect(await read()).toEqual(DEFAULTS);
  });

  it.each(SWITCHES)("updates %s alone, and reads it back", async (name) => {
    const updated = await configure(t, { [name]: true });
    expect(updated).toEqual({ ...DEFAULTS, [name]: true });
    expect(await read()).toEqual({ ...DEFAULTS, [name]: true });
    expect(await configure(t, { [name]: false })).toEqual(DEFAULTS);
  });

  it("updates several fields at once; fields left out keep their value", async () => {
    await configure(t, { groupsInToken: true, rolesPassthrough: true });
    const updated = await configure(t, { persistRoles: true, claimNamespace: "https://example.com/claims/" });
    expect(updated).toEqual({ ...DEFAULTS, groupsInToken: true, rolesPassthrough: true, persistRoles: true, claimNamespace: "https://example.com/claims/" });
  });

  describe("claimNamespace", () => {
    it.each(["https://example.com/claims/", "http://example.com/", "https://gatehouse.example.org", "http://localhost:8080/ns/"])(
      "accepts the absolute http(s) URL %s",
      async (url) => {
        expect((await configure(t, { claimNamespace: url })).claimNamespace).toBe(url);
        expect((await read()).claimNamespace).toBe(url);
      },
    );

    it.each([
      "example.com/claims/",
      "ftp://example.com/",
      "urn:example:claims",
      "/claims/",
      "https://",
      "https:example.com",
      "mailto:admin@example.com",
      "",
      " https://example.com/claims/",
      "https://example.com/claims/ ",
      "https://exa mple.com/",
    ])("refuses %j with BAD_USER_INPUT naming the field, and writes nothing", async (value) => {
      await configure(t, { claimNamespace: "https://before.example.com/" });
      const result = await t.gql(UPDATE_CONFIGURATION, { input: { claimNamespace: value, groupsInToken: true } });
      const error = expectError(result, "BAD_USER_INPUT", "claimNamespace");
      expect(error.extensions.fields.map((p: { field: string }) => p.field)).toContain("claimNamespace");
      expect(await read()).toEqual({ ...DEFAULTS, claimNamespace: "https://before.example.com/" });
    });

    it("null removes it", async () => {
      await configure(t, { claimNamespace: "https://example.com/claims/" });
      expect((await configure(t, { claimNamespace: null })).claimNamespace).toBeNull();
      expect((await read()).claimNamespace).toBeNull();
    });
  });

  it.each([...SWITCHES, "tokenIssuer", "tokenAudience", "tokenLifetimeSeconds"])("refuses null for %s with BAD_USER_INPUT, and writes nothing", async (name) => {
    // With a valid change beside it, which must not be written either.
    const other = name === "persistGroups" ? "persistRoles" : "persistGroups";
    const result = await t.gql(UPDATE_CONFIGURATION, { input: { [name]: null, [other]: true } });
    const error = expectError(result, "BAD_USER_INPUT", name);
    expect(error.extensions.field).toBe(name);
    expect(await read()).toEqual(DEFAULTS);
  });

  describe("token settings", () => {
    it("tokenLifetimeSeconds: 60 s to 1 year; newly issued tokens use it", async () => {
      expect((await configure(t, { tokenLifetimeSeconds: 60 })).tokenLifetimeSeconds).toBe(60);
      expect((await configure(t, { tokenLifetimeSeconds: 31_536_000 })).tokenLifetimeSeconds).toBe(31_536_000);
      await configure(t, { tokenLifetimeSeconds: 120 });
      const payload = jwtPayload(await t.token(["read:groups"]));
      expect(payload.exp - payload.iat).toBe(120);
    });

    it.each([59, 0, -1, 31_536_001])("tokenLifetimeSeconds %d is BAD_USER_INPUT and writes nothing", async (value) => {
      expectError(await t.gql(UPDATE_CONFIGURATION, { input: { tokenLifetimeSeconds: value } }), "BAD_USER_INPUT", "tokenLifetimeSeconds");
      expect((await read()).tokenLifetimeSeconds).toBe(86400);
    });

    it("a non-integer lifetime is BAD_USER_INPUT", async () => {
      expect(errorCode(await t.gql(UPDATE_CONFIGURATION, { input: { tokenLifetimeSeconds: 90.5 } }))).toBe("BAD_USER_INPUT");
    });

    it("tokenIssuer and tokenAudience: tokens issued before the change stop verifying, new ones work", async () => {
      const updated = await configure(t, { tokenIssuer: "https://gatehouse.test/", tokenAudience: "https://api.gatehouse.test/" });
      expect([updated.tokenIssuer, updated.tokenAudience]).toEqual(["https://gatehouse.test/", "https://api.gatehouse.test/"]);
      // The harness's admin token carries the old iss/aud.
      const stale = await t.gql(READ);
      expect(errorCode(stale)).toBe("UNAUTHENTICATED");
      expect(stale.errors![0].message).toContain('"iss"');
      const fresh = await t.token();
      expect(jwtPayload(fresh)).toMatchObject({ iss: "https://gatehouse.test/", aud: "https://api.gatehouse.test/" });
      expect((await t.ok<any>(READ, {}, { token: fresh })).configuration.tokenIssuer).toBe("https://gatehouse.test/");
      // Restore (with the new token), after which the original token verifies again.
      await t.ok(UPDATE_CONFIGURATION, { input: { tokenIssuer: "urn:gatehouse", tokenAudience: "urn:gatehouse:api" } }, { token: fresh });
      expect(await read()).toEqual(DEFAULTS);
    });

    it("empty issuer or audience is BAD_USER_INPUT", async () => {
      expectError(await t.gql(UPDATE_CONFIGURATION, { input: { tokenIssuer: "" } }), "BAD_USER_INPUT", "tokenIssuer");
      expectError(await t.gql(UPDATE_CONFIGURATION, { input: { tokenAudience: "" } }), "BAD_USER_INPUT", "tokenAudience");
      expect(await read()).toEqual(DEFAULTS);
    });
  });

  describe("scopes", () => {
    it("configuration needs read:configuration (FORBIDDEN naming it)", async () => {
      const token = await t.token(["update:configuration", "read:groups"]);
      const error = expectError(await t.gql(READ, {}, { token }), "FORBIDDEN", "read:configuration");
      expect(error.extensions.scopes).toEqual(["read:configuration"]);
      expect((await t.ok<any>(READ, {}, { token: await t.token(["read:configuration"]) })).configuration.groupsInToken).toBe(false);
    });

    it("updateConfiguration and rotateApiKey need update:configuration (FORBIDDEN naming it), and write nothing", async () => {
      const token = await t.token(["read:configuration"]);
      expectError(await t.gql(UPDATE_CONFIGURATION, { input: { groupsInToken: true } }, { token }), "FORBIDDEN", "update:configuration");
      expectError(await t.gql(`mutation { rotateApiKey { apiKey } }`, {}, { token }), "FORBIDDEN", "update:configuration");
      expect(await read()).toEqual(DEFAULTS);
      const writer = await t.token(["update:configuration"]);
      expect((await t.ok<any>(UPDATE_CONFIGURATION, { input: { groupsInToken: true } }, { token: writer })).updateConfiguration.groupsInToken).toBe(true);
    });
  });
});
