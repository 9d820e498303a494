import { createServer, Server } from "node:http";
import { AddressInfo } from "node:net";
import { exportJWK, generateKeyPair, type CryptoKey, SignJWT } from "jose";
import pino from "pino";
import { ConfigError, loadConfig } from "../src/server/config";
import { createServer as createGatehouse } from "../src/server/create-server";
import { errorCode, startTestServer, TestServer, testConfig } from "./helpers/server";

/**
 * External issuers: with AUTH_JWKS_URL / AUTH_ISSUER / AUTH_AUDIENCE, tokens of that
 * issuer (keys from its JWKS, fetched and cached by jose) are accepted with their scopes, and
 * Gatehouse's own tokens keep working.
 */

const ISSUER = "https://tenant.example.test/";
const AUDIENCE = "https://gatehouse.example.test/api";
const KID = "ext-key-1";

describe("external token issuer", () => {
  let jwks: Server;
  let jwksUrl: string;
  let jwksHits = 0;
  let privateKey: CryptoKey;
  let t: TestServer;

  function external(
    claims: { scope?: string; permissions?: string[]; iss?: string; aud?: string; exp?: number | null; iat?: number; sub?: string } = {},
    key: CryptoKey = privateKey,
  ): Promise<string> {
    const body: Record<string, unknown> = {};
    if (claims.scope !== undefined) body.scope = claims.scope;
    if (claims.permissions !== undefined) body.permissions = claims.permissions;
    const jwt = new SignJWT(body)
      .setProtectedHeader({ alg: "RS256", kid: KID, typ: "JWT" })
      .setSubject(claims.sub ?? "m2m-client@clients")
      .setIssuer(claims.iss ?? ISSUER)
      .setAudience(claims.aud ?? AUDIENCE)
      .setIssuedAt(claims.iat);
    if (claims.exp !== null) jwt.setExpirationTime(claims.exp ?? Math.floor(Date.now() / 1000) + 600);
    return jwt.sign(key);
  }

  beforeAll(async () => {
    const pair = await generateKeyPair("RS256", { extractable: true });
    privateKey = pair.privateKey;
    const jwk = { ...(await exportJWK(pair.publicKey)), kid: KID, alg: "RS256", use: "sig" };
    jwks = createServer((req, res) => {
      jwksHits += 1;
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ keys: [jwk] }));
    });
    await new Promise<void>((resolve) => jwks.listen(0, "127.0.0.1", resolve));
    jwksUrl = `http://127.0.0.1:${(jwks.address() as AddressInfo).port}/.well-known/jwks.json`;
    t = await startTestServer({ auth: { jwksUrl, issuer: ISSUER, audience: AUDIENCE } });
  });
  afterAll(async () => {
    await t.stop();
    jwks.closeAllConnections();
    await new Promise((resolve) => jwks.close(resolve));
  });

  it("accepts the issuer's tokens with their scope claim, and only those scopes", async () => {
    const token = await external({ scope: "read:groups create:groups read:audit", sub: "auth0|m2m" });
    const created = await t.gql(`mutation { createGroup(input: { name: "From Auth0" }) { id name } }`, {}, { token });
    expect(created.errors).toBeUndefined();
    const listed = await t.gql(`{ groups(search: "From Auth0") { totalCount } }`, {}, { token });
    expect(listed.data).toEqual({ groups: { totalCount: 1 } });
    const audit = await t.gql<{ auditLog: { nodes: Array<{ actor: string; operation: string }> } }>(`{ auditLog(first: 1) { nodes { actor operation } } }`, {}, { token });
    expect(audit.data?.auditLog.nodes).toEqual([{ actor: "auth0|m2m", operation: "createGroup" }]);

    const forbidden = await t.gql(`{ users { totalCount } }`, {}, { token });
    expect(errorCode(forbidden)).toBe("FORBIDDEN");
    expect(forbidden.errors?.[0].message).toContain("read:users");
  });

  it("authenticates the extension's REST API (/api) the same way: an M2M token of the issuer, its scopes, its subject as the actor", async () => {
    const token = await external({ scope: "create:groups read:groups", sub: "provisioner@clients" });
    const headers = { authorization: `Bearer ${token}`, "content-type": "application/json" };
    const created = await fetch(`${t.baseUrl}/api/groups`, { method: "POST", headers, body: JSON.stringify({ name: "Via REST", description: "x" }) });
    expect(created.status).toBe(200);
    const audit = await t.ok<{ auditLog: { nodes: Array<{ actor: string; operation: string }> } }>(`{ auditLog(first: 1) { nodes { actor operation } } }`);
    expect(audit.auditLog.nodes).toEqual([{ actor: "provisioner@clients", operation: "createGroup" }]);
    const forbidden = await fetch(`${t.baseUrl}/api/roles`, { headers });
    expect({ status: forbidden.status, body: await forbidden.json() }).toEqual({
      status: 403,
      body: { statusCode: 403, error: "Forbidden", message: 'Insufficient scope: "read:roles" is required' },
    });
    const wrongAudience = await fetch(`${t.baseUrl}/api/groups`, { headers: { authorization: `Bearer ${await external({ scope: "read:groups", aud: "other" })}` } });
    expect(wrongAudience.status).toBe(401);
  });

  it("accepts an Auth0-style permissions array as scopes", async () => {
    const token = await external({ permissions: ["read:users"] });
    expect((await t.gql(`{ users { totalCount } }`, {}, { token })).errors).toBeUndefined();
    expect(errorCode(await t.gql(`{ groups { totalCount } }`, {}, { token }))).toBe("FORBIDDEN");
  });

  it("keeps accepting Gatehouse's own tokens", async () => {
    const local = await t.token(["read:groups"]);
    expect((await t.gql(`{ groups { totalCount } }`, {}, { token: local })).errors).toBeUndefined();
  });

  it.each([
    ["a wrong audience", () => external({ scope: "read:groups", aud: "https://other-api.example.test/" })],
    ["a wrong issuer", () => external({ scope: "read:groups", iss: "https://evil.example.test/" })],
    ["an expired token", () => external({ scope: "read:groups", exp: Math.floor(Date.now() / 1000) - 120 })],
    ["a token without exp", () => external({ scope: "read:groups", exp: null })],
    [
      "a token issued in the future (beyond 60 s of skew)",
      () => external({ scope: "read:groups", iat: Math.floor(Date.now() / 1000) + 600, exp: Math.floor(Date.now() / 1000) + 1200 }),
    ],
    ["a key not in the JWKS (same kid)", async () => external({ scope: "read:groups" }, (await generateKeyPair("RS256")).privateKey)],
    [
      "an unsigned (alg none) token with the issuer's claims",
      async () => {
        const [, payload] = (await external({ scope: "read:groups" })).split(".");
        return `${Buffer.from(JSON.stringify({ alg: "none", kid: KID })).toString("base64url")}.${payload}.`;
      },
    ],
  ])("refuses %s as UNAUTHENTICATED", async (_label, make) => {
    const result = await t.gql(`{ groups { totalCount } }`, {}, { token: await make() });
    expect(result.status).toBe(401);
    expect(errorCode(result)).toBe("UNAUTHENTICATED");
  });

  it("fetches the JWKS once and caches it", async () => {
    const token = await external({ scope: "read:groups" });
    for (let i = 0; i < 10; i += 1) expect((await t.gql(`{ groups { totalCount } }`, {}, { token })).errors).toBeUndefined();
    expect(jwksHits).toBeGreaterThanOrEqual(1);
    expect(jwksHits).toBeLessThanOrEqual(2);
  });

  it("an unreachable JWKS makes external tokens UNAUTHENTICATED, not a server error, and local ones still work", async () => {
    const down = await startTestServer({ auth: { jwksUrl: "http://127.0.0.1:9/jwks.json", issuer: ISSUER, audience: AUDIENCE } });
    try {
      const result = await down.gql(`{ groups { totalCount } }`, {}, { token: await external({ scope: "read:groups" }) });
      expect([result.status, errorCode(result)]).toEqual([401, "UNAUTHENTICATED"]);
      expect((await down.gql(`{ groups { totalCount } }`, {}, { token: await down.token(["read:groups"]) })).errors).toBeUndefined();
    } finally {
      await down.stop();
    }
  });

  describe("configuration", () => {
    it("reads the three variables", () => {
      const config = loadConfig({ AUTH_JWKS_URL: jwksUrl, AUTH_ISSUER: ISSUER, AUTH_AUDIENCE: AUDIENCE });
      expect(config.auth).toEqual({ jwksUrl, issuer: ISSUER, audience: AUDIENCE });
      expect(loadConfig({}).auth).toEqual({ jwksUrl: undefined, issuer: undefined, audience: undefined });
    });

    // Without an audience any token the tenant issues for any of its APIs would be accepted here
    // with its scopes; without an issuer, any issuer sharing the key set.
    it.each([
      ["AUTH_ISSUER and AUTH_AUDIENCE", { AUTH_JWKS_URL: "https://tenant.example.test/.well-known/jwks.json" }],
      ["AUTH_AUDIENCE", { AUTH_JWKS_URL: "https://tenant.example.test/.well-known/jwks.json", AUTH_ISSUER: ISSUER }],
      ["AUTH_ISSUER", { AUTH_JWKS_URL: "https://tenant.example.test/.well-known/jwks.json", AUTH_AUDIENCE: AUDIENCE }],
    ])("AUTH_JWKS_URL without %s stops start-up naming the variable", (missingNames, env) => {
      expect(() => loadConfig(env)).toThrow(ConfigError);
      for (const name of missingNames.split(" and ")) expect(() => loadConfig(env)).toThrow(name);
    });

    it("AUTH_ISSUER or AUTH_AUDIENCE without AUTH_JWKS_URL stops start-up too", () => {
      expect(() => loadConfig({ AUTH_ISSUER: ISSUER })).toThrow(/AUTH_JWKS_URL/);
    });

    it("a server given a JWKS URL without issuer and audience refuses to start", async () => {
      const started = createGatehouse(testConfig("sqlite::memory:", { auth: { jwksUrl } }), pino({ level: "silent" }));
      // Should it start after all, stop it so that the failure is reported instead of a hang.
      started.then((server) => server.stop()).catch(() => undefined);
      await expect(started).rejects.toThrow(/issuer and audience/i);
    });
  });
});
