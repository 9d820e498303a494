import { exportJWK, generateKeyPair, importJWK, type CryptoKey, SignJWT } from "jose";
import { OperationDefinitionNode, parse, print, visit } from "graphql";
import { SCOPES } from "../src/auth/scopes";
import { READ_SCOPES } from "../src/server/field-scopes";
import { SigningKey } from "../src/auth/signing-key.entity";
import { Fixtures } from "./helpers/fixtures";
import { postRaw, REFUSED_DOCUMENTS, REFUSED_GROUP } from "./helpers/refused-documents";
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

  // Documents refused before execution, × credentials: without a valid credential the answer is
  // 401 on the headers alone (the body is not read, so its faults never show); with one, the
  // document's own status and code. Nothing is written either way.
  it.each(REFUSED_DOCUMENTS.map((doc) => [doc.label, doc] as const))("%s: 401 without a credential, its own status and code with one, nothing written", async (_label, doc) => {
    const before = await databaseSnapshot(t);
    const outcomes = {
      "no token": await postRaw(t.url, doc.body, {}),
      "malformed token": await postRaw(t.url, doc.body, { authorization: "Bearer not-a.jwt" }),
      "expired token": await postRaw(t.url, doc.body, { authorization: `Bearer ${await signLocal({ exp: Math.floor(Date.now() / 1000) - 120 })}` }),
      "unknown API key": await postRaw(t.url, doc.body, { "x-api-key": "ghk_not-the-key" }),
      "API key": await postRaw(t.url, doc.body, { "x-api-key": apiKey }),
      "token with every scope": await postRaw(t.url, doc.body, { authorization: `Bearer ${await t.token(SCOPES)}` }),
    };
    const own = { status: doc.status, code: doc.code, data: undefined };
    const refused = { status: 401, code: "UNAUTHENTICATED", data: undefined };
    expect(outcomes).toEqual({
      "no token": refused,
      "malformed token": refused,
      "expired token": refused,
      "unknown API key": refused,
      "API key": own,
      "token with every scope": own,
    });
    expect(await databaseSnapshot(t)).toEqual(before);
    expect(JSON.stringify(before)).not.toContain(REFUSED_GROUP);
  });

  it("an unknown API key is UNAUTHENTICATED, and a bad bearer token is not rescued by a good API key", async () => {
    const q = `{ authorizationContext(userId: "hq|x", clientId: "hq-client") { userId } }`;
    const unknown = await t.gql(q, {}, { token: null, headers: { "x-api-key": "ghk_not-the-key" } });
    expect([unknown.status, unknown.errors?.[0]?.extensions?.code]).toEqual([401, "UNAUTHENTICATED"]);
    const both = await t.gql(q, {}, { token: "not-a.jwt", headers: { "x-api-key": apiKey } });
    expect([both.status, both.errors?.[0]?.extensions?.code]).toEqual([401, "UNAUTHENTICATED"]);
  });
});

/**
 * The matrix below the root (docs/design.md §5: scopes bound every field): every field of every
 * scoped object type, reached from a root of another scope, is FORBIDDEN naming the type's read
 * scope (HTTP 200, the rest of the answer given); and every mutation returning a scoped object
 * answers that object with its own scope but nothing reached from it without the read scope.
 * The field lists come from introspection, so a field added later is covered without an edit.
 */
describe("auth matrix: nested fields and mutation results", () => {
  let t: TestServer;
  let f: Fixtures;
  let samples: OperationSample[];
  let ids: { group: string; role: string; application: string; user: string };

  interface TypeRef {
    kind: string;
    name: string | null;
    ofType: TypeRef | null;
  }
  interface FieldInfo {
    name: string;
    args: Array<{ name: string; type: TypeRef }>;
    type: TypeRef;
  }
  const fieldsOf = new Map<string, FieldInfo[]>();
  const baseOf = (type: TypeRef): TypeRef => (type.ofType ? baseOf(type.ofType) : type);
  const TYPE_REF = "kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name } } } }";

  /** The readable scalar each scoped type is probed with when reached from a mutation's result. */
  const PROBE: Record<string, string> = { User: "email", Group: "name", Role: "name", Permission: "name", Application: "name", Organization: "name" };

  /** Every field of `typeName` but its open ones, each as a selection: scalars as they are, objects as `{ __typename }`. */
  function everyField(typeName: string): Array<{ name: string; selection: string }> {
    const open = READ_SCOPES[typeName].open ?? new Set<string>();
    return fieldsOf
      .get(typeName)!
      .filter((field) => !open.has(field.name))
      .map((field) => {
        const required = field.args.filter((arg) => arg.type.kind === "NON_NULL");
        const args = required.length ? `(${required.map((arg) => `${arg.name}: "${ids.application}"`).join(", ")})` : "";
        const leaf = ["SCALAR", "ENUM"].includes(baseOf(field.type).kind);
        return { name: field.name, selection: `${field.name}${args}${leaf ? "" : " { __typename }"}` };
      });
  }

  /** Where each scoped type is reached from a root of another scope (exactly one object of it). */
  const reaches: Record<string, { scope: string; query: (selection: string) => string }> = {
    User: { scope: "read:groups", query: (s) => `{ group(id: "${ids.group}") { id members { nodes { id ${s} } } } }` },
    Group: { scope: "read:users", query: (s) => `{ user(id: "${ids.user}") { id groups { ${s} } } }` },
    Role: { scope: "read:groups", query: (s) => `{ group(id: "${ids.group}") { id roles { ${s} } } }` },
    Permission: { scope: "read:roles", query: (s) => `{ role(id: "${ids.role}") { id permissions { ${s} } } }` },
    Application: { scope: "read:roles", query: (s) => `{ role(id: "${ids.role}") { id application { ${s} } } }` },
    Organization: { scope: "read:users", query: (s) => `{ user(id: "${ids.user}") { id organizations { organization { ${s} } } } }` },
  };

  beforeAll(async () => {
    t = await startTestServer();
    f = new Fixtures(t);
    ({ samples } = await samplesInSchema(t));
    const application = await f.application({ id: "matrix-app", name: "Matrix App" });
    const permission = await f.permission(application.id, "read:matrix");
    const role = await f.role(application.id, "Matrix Role", [permission.id]);
    const group = await f.group("Matrix Group");
    await f.users([{ id: "matrix|alice", email: "alice@matrix.example", name: "Alice" }]);
    await f.addMembers(group.id, ["matrix|alice"]);
    await f.groupRoles(group.id, [role.id]);
    await f.userRoles("matrix|alice", [role.id]);
    await f.organization({ name: "matrix-org" }, ["matrix|alice"]);
    ids = { group: group.id, role: role.id, application: application.id, user: "matrix|alice" };
    for (const typeName of [...Object.keys(READ_SCOPES), "UserConnection"]) {
      const data = await t.ok<{ __type: { fields: FieldInfo[] } }>(`{ __type(name: "${typeName}") { fields { name args { name type { ${TYPE_REF} } } type { ${TYPE_REF} } } } }`);
      fieldsOf.set(typeName, data.__type.fields);
    }
  });
  afterAll(() => t.stop());

  it("reaches every scoped object type of the schema", () => {
    expect(Object.keys(reaches).sort()).toEqual(Object.keys(READ_SCOPES).sort());
  });

  // One query per field: a refused non-null field nulls its parent (GraphQL's rule), which would
  // hide the refusals of the fields after it in the same selection.
  it.each(Object.keys(READ_SCOPES))("every field of %s is FORBIDDEN naming its read scope and path when reached without it, and answered with it", async (typeName) => {
    const { scope } = READ_SCOPES[typeName];
    const fields = everyField(typeName);
    expect(fields.length).toBeGreaterThanOrEqual(5);
    const [without, withScope] = [await t.token([reaches[typeName].scope]), await t.token([reaches[typeName].scope, scope])];
    const wrong: string[] = [];
    for (const field of fields) {
      const query = reaches[typeName].query(field.selection);
      const refused = await t.gql(query, {}, { token: without });
      const errors = (refused.errors ?? []).map((e) => ({ code: e.extensions?.code, scopes: e.extensions?.scopes, field: e.path?.[e.path.length - 1] }));
      if (refused.status !== 200) wrong.push(`${field.name}: HTTP ${refused.status}`);
      if (JSON.stringify(errors) !== JSON.stringify([{ code: "FORBIDDEN", scopes: [scope], field: field.name }])) wrong.push(`${field.name}: ${JSON.stringify(refused.errors)}`);
      if (!refused.errors?.[0]?.message.includes(`${typeName}.${field.name}`)) wrong.push(`${field.name}: message does not name ${typeName}.${field.name}`);
      if (/alice@matrix\.example|Matrix (Role|App)|read:matrix|"Alice"/.test(JSON.stringify(refused.data))) wrong.push(`${field.name}: leaked ${JSON.stringify(refused.data)}`);
      const allowed = await t.gql(query, {}, { token: withScope });
      if (allowed.status !== 200 || allowed.errors) wrong.push(`${field.name} with ${scope}: ${allowed.status} ${JSON.stringify(allowed.errors)}`);
    }
    expect(wrong).toEqual([]);
  });

  it("every mutation returning a scoped object answers it with its own scope, and nothing reached from it without the read scope", async () => {
    const returnTypes = await t.ok<{ __schema: { mutationType: { fields: Array<{ name: string; type: TypeRef }> } } }>(
      `{ __schema { mutationType { fields { name type { ${TYPE_REF} } } } } }`,
    );
    const returning = new Map(returnTypes.__schema.mutationType.fields.map((field) => [field.name, baseOf(field.type).name ?? ""]));
    const optionalArgs = (field: FieldInfo) => field.args.every((arg) => arg.type.kind !== "NON_NULL");
    /** The sample call of `op` with the root field's selection replaced by `selection`. */
    const withSelection = (query: string, op: OperationSample, selection: string) =>
      print(
        visit(parse(query), {
          Field: (node) =>
            node.name.value === op.name ? { ...node, selectionSet: (parse(`{ ${selection} }`).definitions[0] as OperationDefinitionNode).selectionSet } : undefined,
        }),
      );
    const wrong: string[] = [];
    let refusals = 0;
    const mutations = samples.filter((sample) => sample.kind === "mutation" && READ_SCOPES[returning.get(sample.name) ?? ""]);
    expect(mutations.length).toBeGreaterThanOrEqual(15);
    for (const op of mutations) {
      const fields = fieldsOf.get(returning.get(op.name)!)!.filter(optionalArgs);
      const own = fields.filter((field) => ["SCALAR", "ENUM"].includes(baseOf(field.type).kind)).map((field) => field.name);
      // The object itself, with the mutation's scope alone: every scalar answered, no error.
      const call = await op.prepare(f, t);
      const token = await t.token(op.scope ? [op.scope] : []);
      const plain = await t.gql(withSelection(call.query, op, own.join(" ")), call.variables, { token });
      const items = [plain.data?.[op.name]].flat() as Array<Record<string, unknown> | null>;
      if (plain.status !== 200 || plain.errors || items.some((item) => !item || own.some((name) => !(name in item))))
        wrong.push(`${op.name}: ${plain.status} ${JSON.stringify(plain)}`);
      // Each scoped object reached from it, probed by one readable field (a fresh call each: a
      // refused non-null field nulls the result, per GraphQL's rules).
      for (const field of fields) {
        const target = baseOf(field.type).name ?? "";
        const probe = target === "UserConnection" ? `nodes { ${PROBE.User} }` : PROBE[target];
        if (!probe) continue;
        const again = await op.prepare(f, t);
        const result = await t.gql(withSelection(again.query, op, `${field.name} { ${probe} }`), again.variables, { token });
        const scopes = (result.errors ?? []).map((error) => ({
          code: error.extensions?.code,
          scope: (error.extensions?.scopes as string[] | undefined)?.[0],
          at: error.path?.[1],
        }));
        if (result.status !== 200) wrong.push(`${op.name}.${field.name}: HTTP ${result.status}`);
        if (scopes.some((error) => error.code !== "FORBIDDEN" || !error.scope?.startsWith("read:") || error.at === undefined))
          wrong.push(`${op.name}.${field.name}: ${JSON.stringify(result.errors)}`);
        if (/"(email|name)":"/.test(JSON.stringify(result.data))) wrong.push(`${op.name}.${field.name}: leaked ${JSON.stringify(result.data)}`);
        refusals += scopes.length;
      }
    }
    expect(wrong).toEqual([]);
    // The relations the samples create (members, nested groups, roles, a role's application) are
    // not empty, so refusals were seen: the leak check above is not vacuous.
    expect(refusals).toBeGreaterThanOrEqual(8);
  });
});
