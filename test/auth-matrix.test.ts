import { exportJWK, generateKeyPair, importJWK, type CryptoKey, SignJWT } from "jose";
import { SCOPES } from "../src/auth/scopes";
import { SigningKey } from "../src/auth/signing-key.entity";
import { Fixtures } from "./helpers/fixtures";
import { databaseSnapshot, OperationSample, samplesInSchema } from "./helpers/operations";
import { GraphQLResponse, startTestServer, TestServer } from "./helpers/server";

/**
 * Auth matrix: every query and mutation × every kind of bad credential → the right code,
 * and nothing written by any refused call.
 */

type Credential = { token: string | null; headers?: Record<string, string> };

interface Kind {
  name: string;
  expected: "UNAUTHENTICATED" | "FORBIDDEN";
  credential(op: OperationSample): Promise<Credential>;
}

interface Outcome {
  status: number;
  code?: string;
  message?: string;
  data: unknown;
}

const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString("base64url");

describe("auth matrix", () => {
  let t: TestServer;
  let f: Fixtures;
  let samples: OperationSample[];
  let missing: string[];
  let apiKey: string;
  const outcomes = new Map<string, Map<string, Outcome>>();
  const writes: string[] = [];
  const controls = new Map<string, GraphQLResponse>();

  /** Signs a token like Gatehouse's own (its key and kid) but with the given claims changed. */
  let signLocal: (claims: { iss?: string; aud?: string; exp?: number | null; iat?: number; scope?: string }, key?: CryptoKey) => Promise<string>;

  const kinds: Kind[] = [
    { name: "no token", expected: "UNAUTHENTICATED", credential: async () => ({ token: null }) },
    { name: "malformed token", expected: "UNAUTHENTICATED", credential: async () => ({ token: "not-a.jwt" }) },
    {
      name: "bad signature (another ES256 key)",
      expected: "UNAUTHENTICATED",
      credential: async () => {
        const { privateKey } = await generateKeyPair("ES256");
        return { token: await signLocal({}, privateKey) };
      },
    },
    {
      name: "alg none",
      expected: "UNAUTHENTICATED",
      credential: async () => {
        const [, payload] = (await t.token(SCOPES)).split(".");
        return { token: `${b64({ alg: "none", typ: "JWT" })}.${payload}.` };
      },
    },
    { name: "expired", expected: "UNAUTHENTICATED", credential: async () => ({ token: await signLocal({ exp: Math.floor(Date.now() / 1000) - 120 }) }) },
    // A token of Gatehouse's own key must carry exp, live at most AUTH_MAX_TOKEN_LIFETIME_SECONDS
    // (30 days) and not be issued in the future (beyond 60 s of skew): all three were accepted.
    { name: "no exp", expected: "UNAUTHENTICATED", credential: async () => ({ token: await signLocal({ exp: null }) }) },
    { name: "exp in the year 33658", expected: "UNAUTHENTICATED", credential: async () => ({ token: await signLocal({ exp: 1_000_000_000_000 }) }) },
    { name: "exp 31 days after iat", expected: "UNAUTHENTICATED", credential: async () => ({ token: await signLocal({ exp: Math.floor(Date.now() / 1000) + 31 * 86_400 }) }) },
    {
      name: "iat in the future",
      expected: "UNAUTHENTICATED",
      credential: async () => ({ token: await signLocal({ iat: Math.floor(Date.now() / 1000) + 600, exp: Math.floor(Date.now() / 1000) + 1200 }) }),
    },
    { name: "wrong issuer", expected: "UNAUTHENTICATED", credential: async () => ({ token: await signLocal({ iss: "https://evil.example/" }) }) },
    { name: "wrong audience", expected: "UNAUTHENTICATED", credential: async () => ({ token: await signLocal({ aud: "someone-else" }) }) },
    {
      name: "missing scope",
      expected: "FORBIDDEN",
      // An operation that needs no scope (viewer) gets a token without any.
      credential: async (op) => ({ token: await t.token(op.scope === null ? [] : SCOPES.filter((scope) => scope !== op.scope)) }),
    },
    { name: "API key", expected: "FORBIDDEN", credential: async () => ({ token: null, headers: { "x-api-key": apiKey } }) },
  ];

  /** Operations the login-hook API key may call (docs/design.md §5; viewer answers any credential, §11). */
  const apiKeyAllowed = new Set(["authorizationContext", "viewer"]);

  beforeAll(async () => {
    t = await startTestServer();
    f = new Fixtures(t);
    ({ samples, missing } = await samplesInSchema(t));
    apiKey = (await t.ok<{ rotateApiKey: { apiKey: string } }>("mutation { rotateApiKey { apiKey } }")).rotateApiKey.apiKey;

    const stored = await t.server.app.db.manager.findOneOrFail(SigningKey, { where: {}, order: { createdAt: "ASC" } });
    const ownKey = (await importJWK(JSON.parse(stored.privateJwk), "ES256")) as CryptoKey;
    const configuration = await t.server.app.configuration.read();
    signLocal = async (claims, key = ownKey) => {
      const jwt = new SignJWT({ scope: claims.scope ?? SCOPES.join(" ") })
        .setProtectedHeader({ alg: "ES256", kid: stored.kid, typ: "JWT" })
        .setSubject("matrix")
        .setIssuer(claims.iss ?? configuration.tokenIssuer)
        .setAudience(claims.aud ?? configuration.tokenAudience)
        .setIssuedAt(claims.iat);
      if (claims.exp !== null) jwt.setExpirationTime(claims.exp ?? Math.floor(Date.now() / 1000) + 600);
      return jwt.sign(key);
    };

    // A control: a token signLocal makes with nothing changed is accepted, so each refusal below
    // is due to the one thing the kind changes.
    const control = await t.gql("{ groups { totalCount } }", {}, { token: await signLocal({}) });
    expect(control.errors).toBeUndefined();
    // And a key pair other than the server's really is another key.
    expect(await exportJWK((await generateKeyPair("ES256", { extractable: true })).publicKey)).not.toEqual(JSON.parse(stored.publicJwk));

    for (const op of samples) {
      const call = await op.prepare(f, t);
      const before = await databaseSnapshot(t);
      const byKind = new Map<string, Outcome>();
      let after: Record<string, string[]> | undefined;
      for (const kind of kinds) {
        // The one allowed API-key call may persist a login snapshot: compare up to it only.
        if (kind.name === "API key" && apiKeyAllowed.has(op.name)) after = await databaseSnapshot(t);
        const credential = await kind.credential(op);
        const result = await t.gql(call.query, call.variables, credential);
        byKind.set(kind.name, { status: result.status, code: result.errors?.[0]?.extensions?.code, message: result.errors?.[0]?.message, data: result.data?.[op.name] ?? null });
      }
      after ??= await databaseSnapshot(t);
      if (JSON.stringify(before) !== JSON.stringify(after)) writes.push(op.name);
      outcomes.set(op.name, byKind);
      const control = await t.gql(call.query, call.variables, { token: await t.token(op.scope === null ? [] : [op.scope]) });
      controls.set(op.name, control);
      if (op.name === "rotateApiKey" && control.data) apiKey = (control.data.rotateApiKey as { apiKey: string }).apiKey ?? apiKey;
    }
  }, 60_000);
  afterAll(() => t.stop());

  it("has a sample call for every query and mutation of the schema (by introspection)", () => {
    expect(missing).toEqual([]);
    expect(samples.length).toBeGreaterThanOrEqual(40);
  });

  it("every sample call succeeds with a token holding just its scope (so refusals are about credentials)", () => {
    const failed = samples.filter((op) => controls.get(op.name)?.errors).map((op) => `${op.name}: ${JSON.stringify(controls.get(op.name)?.errors)}`);
    expect(failed).toEqual([]);
  });

  it.each(kinds.map((kind) => [kind.name, kind] as const))("%s → the right code for every operation", (_name, kind) => {
    const wrong: string[] = [];
    for (const op of samples) {
      const outcome = outcomes.get(op.name)!.get(kind.name)!;
      if (kind.name === "API key" && apiKeyAllowed.has(op.name)) {
        if (outcome.code !== undefined || outcome.data === null) wrong.push(`${op.name}: API key should be allowed, got ${outcome.code}`);
        continue;
      }
      // An operation that needs no scope is answered to any valid credential, even one without scopes.
      if (kind.name === "missing scope" && op.scope === null) {
        if (outcome.code !== undefined || outcome.data === null) wrong.push(`${op.name}: needs no scope, got ${outcome.code}`);
        continue;
      }
      if (outcome.code !== kind.expected) wrong.push(`${op.name}: expected ${kind.expected}, got ${outcome.code} (${outcome.message})`);
      if (outcome.data !== null) wrong.push(`${op.name}: returned data ${JSON.stringify(outcome.data)}`);
      if (kind.expected === "UNAUTHENTICATED" && outcome.status !== 401) wrong.push(`${op.name}: HTTP ${outcome.status}, expected 401`);
      if (kind.name === "missing scope" && op.scope !== null && !outcome.message?.includes(op.scope)) wrong.push(`${op.name}: message does not name ${op.scope}`);
    }
    expect(wrong).toEqual([]);
  });

  it("no refused call wrote anything (every table compared before and after)", () => {
    expect(writes).toEqual([]);
  });

  it("the snapshot comparison does see a write (so the check above can fail)", async () => {
    const before = await databaseSnapshot(t);
    await f.group();
    expect(await databaseSnapshot(t)).not.toEqual(before);
  });

  it("a token of Gatehouse's own key carrying only the API key's scope grants nothing", async () => {
    const result = await t.gql(`{ authorizationContext(userId: "hq|x", clientId: "hq-client") { userId } }`, {}, { token: await signLocal({ scope: "hook:authorize" }) });
    expect(result.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
  });

  it("an unknown API key is UNAUTHENTICATED, and a bad bearer token is not rescued by a good API key", async () => {
    const q = `{ authorizationContext(userId: "hq|x", clientId: "hq-client") { userId } }`;
    const unknown = await t.gql(q, {}, { token: null, headers: { "x-api-key": "ghk_not-the-key" } });
    expect([unknown.status, unknown.errors?.[0]?.extensions?.code]).toEqual([401, "UNAUTHENTICATED"]);
    const both = await t.gql(q, {}, { token: "not-a.jwt", headers: { "x-api-key": apiKey } });
    expect([both.status, both.errors?.[0]?.extensions?.code]).toEqual([401, "UNAUTHENTICATED"]);
  });
});
