/**
 * examples/: the Auth0 post-login Action run against a real Gatehouse (seeded demo company, a
 * rotated API key, namespaced claims switched on) with a fake `event`/`api` that records calls,
 * including its timeout and failure modes; and the API middleware with tokens signed by a local
 * key served from a local JWKS server.
 */
import { createServer, IncomingMessage, Server, ServerResponse } from "node:http";
import { AddressInfo, Socket } from "node:net";
import { exportJWK, generateKeyPair, SignJWT } from "jose";
import { DEMO_APPLICATION_ID, seedDemo } from "../src/cli/seed-demo";
import { configure, rotateApiKey } from "./helpers/authorization";
import { startTestServer, TestServer } from "./helpers/server";
import { watchStatements } from "./helpers/statements";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const action = require("../examples/auth0-post-login-action.js") as { onExecutePostLogin(event: unknown, api: unknown): Promise<void> };
// eslint-disable-next-line @typescript-eslint/no-require-imports
const middleware = require("../examples/api-middleware.js") as {
  createAuthMiddleware(options: Record<string, unknown>): (req: any, res: any, next: () => void) => Promise<void>;
  requirePermission(permission: string): (req: any, res: any, next: () => void) => void;
  optionsFromEnv(env: Record<string, string | undefined>): Record<string, string>;
  createDemoServer(options: Record<string, unknown>): Server;
};

const NS = "https://gatehouse.example.com/";

/** What the fake Auth0 `api` object recorded. */
interface Recorded {
  idToken: Record<string, unknown>;
  accessToken: Record<string, unknown>;
  denied: string[];
  logs: string[];
  ms: number;
  /** Each api.user.setAppMetadata(key, value) call, in order. */
  appMetadata: Array<[string, unknown]>;
  /** Each api.session.setExpiresAt(ms) call (only when the fake offers api.session). */
  sessionEnds: number[];
}

interface LoginInput {
  userId: string;
  clientId?: string;
  connection?: string;
  groups?: unknown;
  /** event.user's e-mail (default someone@example.com; null: none), name and app_metadata. */
  email?: string | null;
  name?: string;
  appMetadata?: Record<string, unknown>;
  /** event.organization.id: a login made for an Auth0 Organization. */
  organizationId?: string;
  /** Offer api.session (Auth0's session management), with event.session.expires_at. */
  session?: { expiresAt: string };
  secrets: Record<string, string | undefined>;
}

/** Runs the Action (or another copy of its module) with a fake event/api, as Auth0 would; records every call. */
async function runAction(input: LoginInput, module = action): Promise<Recorded> {
  const recorded: Recorded = { idToken: {}, accessToken: {}, denied: [], logs: [], ms: 0, appMetadata: [], sessionEnds: [] };
  const user: Record<string, unknown> = { user_id: input.userId, app_metadata: input.appMetadata ?? {} };
  if (input.email !== null) user.email = input.email ?? "someone@example.com";
  if (input.name !== undefined) user.name = input.name;
  if (input.groups !== undefined) user.groups = input.groups;
  const event = {
    user,
    client: { client_id: input.clientId ?? DEMO_APPLICATION_ID, name: "Expense Management Tool" },
    connection: { name: input.connection ?? "Username-Password-Authentication", strategy: "auth0" },
    secrets: input.secrets,
    ...(input.organizationId ? { organization: { id: input.organizationId, name: "acme", display_name: "Acme" } } : {}),
    ...(input.session ? { session: { id: "session-1", expires_at: input.session.expiresAt } } : {}),
  };
  const api = {
    idToken: { setCustomClaim: (name: string, value: unknown) => void (recorded.idToken[name] = value) },
    accessToken: { setCustomClaim: (name: string, value: unknown) => void (recorded.accessToken[name] = value) },
    access: { deny: (reason: string) => void recorded.denied.push(reason) },
    user: { setAppMetadata: (key: string, value: unknown) => void recorded.appMetadata.push([key, value]) },
    ...(input.session ? { session: { setExpiresAt: (ms: number) => void recorded.sessionEnds.push(ms) } } : {}),
  };
  const log = jest.spyOn(console, "log").mockImplementation((...args: unknown[]) => void recorded.logs.push(args.join(" ")));
  const started = Date.now();
  try {
    await module.onExecutePostLogin(event, api);
  } finally {
    recorded.ms = Date.now() - started;
    log.mockRestore();
  }
  return recorded;
}

async function listen(server: Server | import("node:net").Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return (server.address() as AddressInfo).port;
}

describe("examples/auth0-post-login-action.js against a real Gatehouse", () => {
  let t: TestServer;
  let apiKey: string;
  let secrets: Record<string, string>;
  // A server that accepts connections and never answers, and a port where nothing listens.
  let silent: Server;
  const silentSockets = new Set<Socket>();
  let silentUrl: string;
  let closedUrl: string;

  beforeAll(async () => {
    t = await startTestServer();
    await seedDemo(t.server.app);
    apiKey = (await rotateApiKey(t)).apiKey;
    await configure(t, { claimNamespace: NS, groupsInToken: true, rolesInToken: true, permissionsInToken: true });
    secrets = { GATEHOUSE_URL: t.url, GATEHOUSE_API_KEY: apiKey };

    silent = createServer(() => undefined);
    silent.on("connection", (socket) => {
      silentSockets.add(socket);
      socket.on("close", () => silentSockets.delete(socket));
    });
    silentUrl = `http://127.0.0.1:${await listen(silent)}/graphql`;
    const probe = createServer();
    closedUrl = `http://127.0.0.1:${await listen(probe)}/graphql`;
    await new Promise((resolve) => probe.close(resolve));
  });

  afterAll(async () => {
    for (const socket of silentSockets) socket.destroy();
    await new Promise((resolve) => silent?.close(resolve));
    await t?.stop();
  });

  it("sets every claim for auth0|alice on expense-management-tool on both tokens and lets her in", async () => {
    const login = await runAction({ userId: "auth0|alice", secrets });
    const claims = {
      [`${NS}groups`]: ["Accounting", "Example Company", "External Accountants"],
      [`${NS}roles`]: ["Expense User"],
      [`${NS}permissions`]: ["add:expense", "view:own-expenses"],
    };
    expect(login.denied).toEqual([]);
    expect(login.idToken).toEqual(claims);
    expect(login.accessToken).toEqual(claims);
    expect(login.logs).toEqual([]);
  });

  it("with a time-bound grant: the valid_until claim on both tokens and the session ended then (only earlier than its own end, only where api.session exists)", async () => {
    // Carol gets Expense Admin for an hour: the next boundary of her answer.
    const roles = (await t.ok<any>(`{ roles { nodes { id name } } }`)).roles.nodes;
    const admin = roles.find((r: any) => r.name === "Expense Admin").id;
    const expiresAt = new Date(Date.now() + 3_600_000).toISOString();
    await t.ok(`mutation($r: [ID!]!, $e: DateTimeISO) { addUserRoles(userId: "auth0|carol", roleIds: $r, expiresAt: $e) { id } }`, { r: [admin], e: expiresAt });
    const hasValidUntil = (await t.ok<any>(`{ __type(name: "AuthorizationContext") { fields { name } } }`)).__type.fields.some((f: any) => f.name === "validUntil");
    try {
      const later = new Date(Date.now() + 86_400_000).toISOString();
      const login = await runAction({ userId: "auth0|carol", session: { expiresAt: later }, secrets });
      expect(login.denied).toEqual([]);
      expect(login.logs).toEqual([]);
      expect(login.idToken[`${NS}roles`]).toContain("Expense Admin");
      if (!hasValidUntil) {
        // This Gatehouse predates validUntil (the engine adds it): the Action asked again without it.
        expect(login.idToken[`${NS}valid_until`]).toBeUndefined();
        expect(login.sessionEnds).toEqual([]);
        return;
      }
      expect(login.idToken[`${NS}valid_until`]).toBe(expiresAt);
      expect(login.accessToken[`${NS}valid_until`]).toBe(expiresAt);
      expect(login.sessionEnds).toEqual([Date.parse(expiresAt)]);
      // A session ending before the grant is left alone; without api.session only the claim is set.
      const shortSession = await runAction({ userId: "auth0|carol", session: { expiresAt: new Date(Date.now() + 60_000).toISOString() }, secrets });
      expect(shortSession.sessionEnds).toEqual([]);
      expect(shortSession.idToken[`${NS}valid_until`]).toBe(expiresAt);
      const noSessionApi = await runAction({ userId: "auth0|carol", secrets });
      expect(noSessionApi.idToken[`${NS}valid_until`]).toBe(expiresAt);
      // No list claim to take the namespace from: the claim named by GATEHOUSE_VALID_UNTIL_CLAIM.
      await configure(t, { groupsInToken: false, rolesInToken: false, permissionsInToken: false });
      const bare = await runAction({ userId: "auth0|carol", secrets: { ...secrets, GATEHOUSE_VALID_UNTIL_CLAIM: "https://app.example.com/valid_until" } });
      expect(bare.idToken).toEqual({ "https://app.example.com/valid_until": expiresAt });
    } finally {
      await configure(t, { groupsInToken: true, rolesInToken: true, permissionsInToken: true });
      await t.ok(`mutation($r: [ID!]!) { removeUserRoles(userId: "auth0|carol", roleIds: $r) { id } }`, { r: [admin] });
    }
  });

  it("sets valid_until and ends the session from an answer with validUntil (a Gatehouse answering the contract's field, stubbed)", async () => {
    const validUntil = "2030-06-01T12:00:00.000Z";
    const queries: string[] = [];
    const stub = createServer((req, res) => {
      let body = "";
      req.on("data", (chunk: Buffer) => (body += chunk.toString()));
      req.on("end", () => {
        queries.push((JSON.parse(body) as { query: string }).query);
        res.setHeader("content-type", "application/json");
        const context = { claims: { [`${NS}roles`]: ["Expense Admin"] }, accessGranted: true, denialReason: null, warnings: [], persisted: null, validUntil };
        res.end(JSON.stringify({ data: { authorizationContext: context } }));
      });
    });
    const url = `http://127.0.0.1:${await listen(stub)}/graphql`;
    // A fresh copy of the module: the one above may have learnt that its Gatehouse has no validUntil.
    let fresh = action;
    jest.isolateModules(() => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      fresh = require("../examples/auth0-post-login-action.js");
    });
    try {
      const login = await runAction({ userId: "auth0|carol", session: { expiresAt: "2031-01-01T00:00:00.000Z" }, secrets: { ...secrets, GATEHOUSE_URL: url } }, fresh);
      expect(queries[0]).toContain("validUntil");
      expect(login.idToken).toEqual({ [`${NS}roles`]: ["Expense Admin"], [`${NS}valid_until`]: validUntil });
      expect(login.accessToken).toEqual(login.idToken);
      expect(login.sessionEnds).toEqual([Date.parse(validUntil)]);
      const shortSession = await runAction({ userId: "auth0|carol", session: { expiresAt: "2030-01-01T00:00:00.000Z" }, secrets: { ...secrets, GATEHOUSE_URL: url } }, fresh);
      expect(shortSession.sessionEnds).toEqual([]);
      expect((await runAction({ userId: "auth0|carol", secrets: { ...secrets, GATEHOUSE_URL: url } }, fresh)).idToken[`${NS}valid_until`]).toBe(validUntil);
    } finally {
      await new Promise((resolve) => stub.close(resolve));
    }
  });

  it("passes event.organization.id: a member gets their roles there and the org claims; a non-member is denied", async () => {
    const { createRole } = await t.ok<any>(`mutation($a: ID!) { createRole(input: { applicationId: $a, name: "Acme Approver" }) { id } }`, { a: DEMO_APPLICATION_ID });
    const { createOrganization } = await t.ok<any>(`mutation { createOrganization(input: { id: "org_acmeexample0001", name: "acme", displayName: "Acme" }) { id } }`);
    const organizationId = createOrganization.id;
    await t.ok(`mutation($o: ID!) { addOrganizationMembers(organizationId: $o, userIds: ["auth0|alice"]) { id } }`, { o: organizationId });
    await t.ok(`mutation($o: ID!, $r: ID!) { addOrganizationMemberRoles(organizationId: $o, userId: "auth0|alice", roleIds: [$r]) { id } }`, {
      o: organizationId,
      r: createRole.id,
    });
    const member = await runAction({ userId: "auth0|alice", organizationId, secrets });
    expect(member.denied).toEqual([]);
    expect(member.idToken).toEqual({
      [`${NS}groups`]: ["Accounting", "Example Company", "External Accountants"],
      [`${NS}roles`]: ["Acme Approver"],
      [`${NS}permissions`]: [],
      [`${NS}org_id`]: organizationId,
      [`${NS}org_name`]: "acme",
    });
    expect(member.accessToken).toEqual(member.idToken);
    const stranger = await runAction({ userId: "auth0|stranger", organizationId, secrets });
    expect(stranger.denied).toEqual(["User auth0|stranger is not a member of organization Acme"]);
    expect(stranger.idToken).toEqual({});
  });

  it("a base URL without /graphql works too, and only the switched-on lists become claims", async () => {
    await configure(t, { groupsInToken: false, rolesInToken: false });
    try {
      const login = await runAction({ userId: "auth0|alice", secrets: { ...secrets, GATEHOUSE_URL: `${t.baseUrl}/` } });
      expect(login.idToken).toEqual({ [`${NS}permissions`]: ["add:expense", "view:own-expenses"] });
      expect(login.accessToken).toEqual(login.idToken);
    } finally {
      await configure(t, { groupsInToken: true, rolesInToken: true });
    }
  });

  it.each([
    ["a comma/space separated string", "Administrative, Staff"],
    ["an array", ["Staff", "Administrative"]],
  ])("passes the connection and the IdP groups (%s) so mappings apply", async (_kind, groups) => {
    const login = await runAction({ userId: "ad|carol", connection: "corp-ad", groups, secrets });
    expect(login.denied).toEqual([]);
    expect(login.accessToken[`${NS}groups`]).toEqual(["Example Company", "Management"]);
    expect(login.accessToken[`${NS}roles`]).toEqual(["Expense User"]);
    // The same groups on another connection map to nothing.
    const other = await runAction({ userId: "ad|carol", connection: "elsewhere", groups, secrets });
    expect(other.accessToken[`${NS}groups`]).toEqual([]);
  });

  it("denies with Gatehouse's reason when the application's required roles are missing, and sets no claims", async () => {
    const appUpdate = `mutation($roles: [String!]) { updateApplication(id: "${DEMO_APPLICATION_ID}", input: {requiredRoles: $roles}) { requiredRoles } }`;
    await t.ok(appUpdate, { roles: ["Expense Admin"] });
    try {
      const alice = await runAction({ userId: "auth0|alice", secrets });
      expect(alice.denied).toEqual(["You do not have the required role to access Expense Management Tool"]);
      expect(alice.idToken).toEqual({});
      expect(alice.accessToken).toEqual({});
      // Bob is in Finance IT Support ⊂ Finance, which holds Expense Admin.
      const bob = await runAction({ userId: "auth0|bob", secrets });
      expect(bob.denied).toEqual([]);
      expect(bob.accessToken[`${NS}roles`]).toEqual(["Expense Admin", "Expense User"]);
    } finally {
      await t.ok(appUpdate, { roles: [] });
    }
  });

  it("logs Gatehouse's warnings (an unregistered client) and still sets the claims it has", async () => {
    const login = await runAction({ userId: "auth0|alice", clientId: "not-registered", secrets });
    expect(login.denied).toEqual([]);
    expect(login.accessToken[`${NS}roles`]).toEqual([]);
    expect(login.accessToken[`${NS}groups`]).toEqual(["Accounting", "Example Company", "External Accountants"]);
    expect(login.logs.some((line) => line.startsWith("Gatehouse warning:") && line.includes("not-registered"))).toBe(true);
  });

  describe("the directory and app_metadata", () => {
    const USER = `query($id: ID!) { user(id: $id) { email name connection } }`;
    afterEach(() => configure(t, { persistGroups: false, persistRoles: false, persistPermissions: false }));

    it("sends the user's e-mail, name and connection: a changed e-mail updates Gatehouse's record, an unchanged one writes nothing, an unknown user is created", async () => {
      const watch = watchStatements(t);
      const changed = await watch.writesDuring(() => runAction({ userId: "auth0|alice", email: "alice@new.example", name: "Alice Example", secrets }));
      expect(changed.some((sql) => /^\s*UPDATE\s+"users"/i.test(sql))).toBe(true);
      expect((await t.ok<any>(USER, { id: "auth0|alice" })).user).toEqual({ email: "alice@new.example", name: "Alice Example", connection: "Username-Password-Authentication" });
      // The same login again: the profile matches the record, and the login is a read.
      expect(await watch.writesDuring(() => runAction({ userId: "auth0|alice", email: "alice@new.example", name: "Alice Example", secrets }))).toEqual([]);
      const login = await runAction({ userId: "auth0|action-newcomer", email: "newcomer@example.com", name: "New Comer", connection: "google-oauth2", secrets });
      expect(login.denied).toEqual([]);
      expect((await t.ok<any>(USER, { id: "auth0|action-newcomer" })).user).toEqual({ email: "newcomer@example.com", name: "New Comer", connection: "google-oauth2" });
    });

    it("an e-mail Gatehouse refuses does not fail the login: the Action asks again without the profile", async () => {
      const login = await runAction({ userId: "auth0|alice", email: "not an address", secrets });
      expect(login.denied).toEqual([]);
      expect(login.accessToken[`${NS}roles`]).toEqual(["Expense User"]);
      expect(login.logs.join("\n")).toContain("refused the user's profile");
      expect((await t.ok<any>(USER, { id: "auth0|alice" })).user.email).not.toBe("not an address");
    });

    it("writes nothing to app_metadata while every persist switch is off", async () => {
      const login = await runAction({ userId: "auth0|alice", secrets });
      expect(login.appMetadata).toEqual([]);
    });

    it("with persist switches on, writes the selected lists to app_metadata.authorization per application, keeping other keys and applications", async () => {
      await configure(t, { persistGroups: true, persistRoles: true });
      const appMetadata = {
        plan: "gold",
        authorization: { custom: "kept (#271)", applications: { "other-app": { groups: ["Somewhere"], roles: ["Other Role"] } } },
      };
      const login = await runAction({ userId: "auth0|alice", appMetadata, secrets });
      expect(login.appMetadata).toEqual([
        [
          "authorization",
          {
            custom: "kept (#271)",
            groups: ["Accounting", "Example Company", "External Accountants"],
            roles: ["Expense User"],
            applications: {
              "other-app": { groups: ["Somewhere"], roles: ["Other Role"] },
              [DEMO_APPLICATION_ID]: { groups: ["Accounting", "Example Company", "External Accountants"], roles: ["Expense User"] },
            },
          },
        ],
      ]);
      // setAppMetadata sets one key: "plan" is never part of a call, so Auth0 keeps it.
      const written = login.appMetadata[0][1] as Record<string, any>;

      // The next login with the same lists writes nothing (each write is a Management API call).
      const again = await runAction({ userId: "auth0|alice", appMetadata: { ...appMetadata, authorization: written }, secrets });
      expect(again.appMetadata).toEqual([]);

      // Another application adds its own entry; the first one's stays (#131).
      const other = await runAction({ userId: "auth0|alice", clientId: "not-registered", appMetadata: { authorization: written }, secrets });
      const next = other.appMetadata[0][1] as Record<string, any>;
      expect(next.applications[DEMO_APPLICATION_ID]).toEqual(written.applications[DEMO_APPLICATION_ID]);
      expect(next.applications["not-registered"]).toEqual({ groups: ["Accounting", "Example Company", "External Accountants"], roles: [] });
      expect(next.roles).toEqual([]);
      expect(next.custom).toBe("kept (#271)");
    });

    it("only the switched-on lists are written (persistPermissions alone)", async () => {
      await configure(t, { persistPermissions: true });
      const login = await runAction({ userId: "auth0|alice", secrets });
      expect(login.appMetadata).toEqual([
        ["authorization", { permissions: ["add:expense", "view:own-expenses"], applications: { [DEMO_APPLICATION_ID]: { permissions: ["add:expense", "view:own-expenses"] } } }],
      ]);
    });
  });

  describe("failure modes", () => {
    it("a wrong API key fails closed by default: Authorization service unavailable, no claims, the cause logged", async () => {
      const login = await runAction({ userId: "auth0|alice", secrets: { ...secrets, GATEHOUSE_API_KEY: "ghk_wrong" } });
      expect(login.denied).toEqual(["Authorization service unavailable"]);
      expect(login.idToken).toEqual({});
      expect(login.accessToken).toEqual({});
      expect(login.logs.join("\n")).toContain("UNAUTHENTICATED");
    });

    it("missing secrets fail closed", async () => {
      expect((await runAction({ userId: "auth0|alice", secrets: { GATEHOUSE_URL: t.url } })).denied).toEqual(["Authorization service unavailable"]);
      expect((await runAction({ userId: "auth0|alice", secrets: { GATEHOUSE_API_KEY: apiKey } })).denied).toEqual(["Authorization service unavailable"]);
    });

    it("nothing listening: fails closed, or with GATEHOUSE_FAIL_OPEN=true logs and continues without claims", async () => {
      const closed = await runAction({ userId: "auth0|alice", secrets: { ...secrets, GATEHOUSE_URL: closedUrl } });
      expect(closed.denied).toEqual(["Authorization service unavailable"]);
      expect(closed.accessToken).toEqual({});

      const open = await runAction({ userId: "auth0|alice", secrets: { ...secrets, GATEHOUSE_URL: closedUrl, GATEHOUSE_FAIL_OPEN: "true" } });
      expect(open.denied).toEqual([]);
      expect(open.idToken).toEqual({});
      expect(open.accessToken).toEqual({});
      expect(open.logs.join("\n")).toContain("GATEHOUSE_FAIL_OPEN is true");

      // Only "true" opens it.
      const other = await runAction({ userId: "auth0|alice", secrets: { ...secrets, GATEHOUSE_URL: closedUrl, GATEHOUSE_FAIL_OPEN: "yes" } });
      expect(other.denied).toEqual(["Authorization service unavailable"]);
    });

    it("a server that never answers is abandoned after GATEHOUSE_TIMEOUT_MS: fail closed, then fail open", async () => {
      const closed = await runAction({ userId: "auth0|alice", secrets: { ...secrets, GATEHOUSE_URL: silentUrl, GATEHOUSE_TIMEOUT_MS: "300" } });
      expect(closed.denied).toEqual(["Authorization service unavailable"]);
      expect(closed.logs.join("\n")).toContain("did not answer within 300 ms");
      expect(closed.ms).toBeGreaterThanOrEqual(290);
      expect(closed.ms).toBeLessThan(2000);

      const open = await runAction({ userId: "auth0|alice", secrets: { ...secrets, GATEHOUSE_URL: silentUrl, GATEHOUSE_TIMEOUT_MS: "300", GATEHOUSE_FAIL_OPEN: "true" } });
      expect(open.denied).toEqual([]);
      expect(open.accessToken).toEqual({});
      expect(open.logs.join("\n")).toContain("did not answer within 300 ms");
    });

    it("the default timeout is 3000 ms (also when the secret is not a number)", async () => {
      const login = await runAction({ userId: "auth0|alice", secrets: { ...secrets, GATEHOUSE_URL: silentUrl, GATEHOUSE_TIMEOUT_MS: "soon" } });
      expect(login.denied).toEqual(["Authorization service unavailable"]);
      expect(login.logs.join("\n")).toContain("did not answer within 3000 ms");
      expect(login.ms).toBeGreaterThanOrEqual(2990);
      expect(login.ms).toBeLessThan(6000);
    });
  });

  describe("examples/api-middleware.js with the claims the Action set", () => {
    const ISSUER = "https://tenant.example.com/";
    const AUDIENCE = "https://expenses.example.com/api";
    let jwksServer: Server;
    let api: Server;
    let apiUrl: string;
    let jwksUrl: string;
    let keys: Awaited<ReturnType<typeof generateKeyPair>>;
    let otherKeys: Awaited<ReturnType<typeof generateKeyPair>>;
    let jwksRequests = 0;

    beforeAll(async () => {
      keys = await generateKeyPair("RS256");
      otherKeys = await generateKeyPair("RS256");
      const jwk = { ...(await exportJWK(keys.publicKey)), kid: "test-key", alg: "RS256", use: "sig" };
      jwksServer = createServer((req: IncomingMessage, res: ServerResponse) => {
        jwksRequests += 1;
        if (req.url !== "/.well-known/jwks.json") return void res.writeHead(404).end();
        res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ keys: [jwk] }));
      });
      const jwksPort = await listen(jwksServer);
      jwksUrl = `http://127.0.0.1:${jwksPort}/.well-known/jwks.json`;
      api = middleware.createDemoServer({ issuer: ISSUER, jwksUrl, audience: AUDIENCE, claimNamespace: NS });
      apiUrl = `http://127.0.0.1:${await listen(api)}/expenses`;
    });

    afterAll(async () => {
      await new Promise((resolve) => api?.close(resolve));
      await new Promise((resolve) => jwksServer?.close(resolve));
    });

    async function accessToken(claims: Record<string, unknown>, options: { key?: CryptoKey; audience?: string; issuer?: string; expiresIn?: string | number; kid?: string } = {}) {
      return new SignJWT(claims)
        .setProtectedHeader({ alg: "RS256", kid: options.kid ?? "test-key" })
        .setSubject((claims.sub as string) ?? "auth0|alice")
        .setIssuer(options.issuer ?? ISSUER)
        .setAudience(options.audience ?? AUDIENCE)
        .setIssuedAt()
        .setExpirationTime(options.expiresIn ?? "5m")
        .sign(options.key ?? keys.privateKey);
    }

    async function call(method: "GET" | "POST", token?: string) {
      const response = await fetch(apiUrl, { method, headers: token ? { authorization: `Bearer ${token}` } : {} });
      return { status: response.status, challenge: response.headers.get("www-authenticate"), body: (await response.json().catch(() => null)) as any };
    }

    it("alice's token, with the claims her login got from Gatehouse, may add and view expenses", async () => {
      const login = await runAction({ userId: "auth0|alice", secrets });
      const token = await accessToken({ sub: "auth0|alice", ...login.accessToken });
      expect(await call("POST", token)).toEqual({ status: 201, challenge: null, body: { created: true, by: "auth0|alice", roles: ["Expense User"] } });
      expect((await call("GET", token)).status).toBe(200);
    });

    it("requirePermission answers 403 naming the permission when the claim lacks it", async () => {
      const token = await accessToken({ sub: "auth0|viewer", [`${NS}permissions`]: ["view:own-expenses"] });
      expect((await call("GET", token)).status).toBe(200);
      const refused = await call("POST", token);
      expect(refused.status).toBe(403);
      expect(refused.body.message).toBe("The permission add:expense is required");
      expect(refused.challenge).toContain('error="insufficient_scope"');
      // Permissions under another namespace (or none) do not count.
      expect((await call("POST", await accessToken({ "https://other.example.com/permissions": ["add:expense"], permissions: ["add:expense"] }))).status).toBe(403);
    });

    it("refuses with 401 a missing token, a bad signature, an unknown key, the wrong audience or issuer, an expired token", async () => {
      const claims = { [`${NS}permissions`]: ["add:expense"] };
      const cases = {
        none: undefined,
        garbage: "not.a.jwt",
        badSignature: await accessToken(claims, { key: otherKeys.privateKey }),
        unknownKid: await accessToken(claims, { key: otherKeys.privateKey, kid: "other-key" }),
        wrongAudience: await accessToken(claims, { audience: "https://another-api.example.com" }),
        wrongIssuer: await accessToken(claims, { issuer: "https://evil.example.com/" }),
        expired: await accessToken(claims, { expiresIn: Math.floor(Date.now() / 1000) - 60 }),
      };
      for (const [name, token] of Object.entries(cases)) {
        const result = await call("POST", token);
        expect({ name, status: result.status, challenge: result.challenge?.startsWith('Bearer error="invalid_token"') }).toEqual({ name, status: 401, challenge: true });
      }
      expect((await call("POST", await accessToken(claims))).status).toBe(201);
      expect(jwksRequests).toBeGreaterThan(0);
    });

    it("optionsFromEnv derives the JWKS URL from the issuer and names missing variables", () => {
      expect(middleware.optionsFromEnv({ IDP_ISSUER: "https://tenant.eu.auth0.com/", API_AUDIENCE: AUDIENCE, GATEHOUSE_CLAIM_NAMESPACE: NS })).toEqual({
        issuer: "https://tenant.eu.auth0.com/",
        jwksUrl: "https://tenant.eu.auth0.com/.well-known/jwks.json",
        audience: AUDIENCE,
        claimNamespace: NS,
      });
      expect(middleware.optionsFromEnv({ IDP_ISSUER: ISSUER, IDP_JWKS_URL: jwksUrl, API_AUDIENCE: AUDIENCE, GATEHOUSE_CLAIM_NAMESPACE: NS }).jwksUrl).toBe(jwksUrl);
      expect(() => middleware.optionsFromEnv({ IDP_ISSUER: ISSUER })).toThrow("Set API_AUDIENCE, GATEHOUSE_CLAIM_NAMESPACE");
    });
  });
});
