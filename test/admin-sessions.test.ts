import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import path from "node:path";
import { promisify } from "node:util";
import { AdminLoginCode, AdminSession } from "../src/auth/admin-session.entity";
import { SCOPES } from "../src/auth/scopes";
import { rotateApiKey, sleep } from "./helpers/authorization";
import { databaseSnapshot } from "./helpers/operations";
import { GraphQLResponse, startTestServer, TestServer } from "./helpers/server";

/**
 * Console sign-in, way 1 (docs/design.md §11): `gatehouse admin login-link` (the real CLI, from
 * dist/: run `npm run build` first) → `POST /admin/session` → the `gatehouse_session` cookie on
 * `/graphql`, `viewer`, logout; over HTTP against a real server and database.
 */

const run = promisify(execFile);
const BIN = path.join(__dirname, "..", "bin", "gatehouse.js");
const sha256 = (value: string) => createHash("sha256").update(value).digest("hex");
const VIEWER = "{ viewer { subject scopes via expiresAt } }";

interface Cli {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the CLI against `t`'s database, PUBLIC_URL pointing at `t`. */
async function cli(t: TestServer, ...args: string[]): Promise<Cli> {
  const env = { ...process.env, DATABASE_URL: t.server.app.config.databaseUrl, PUBLIC_URL: t.baseUrl, LOG_LEVEL: "warn" };
  try {
    const { stdout, stderr } = await run(process.execPath, [BIN, ...args], { env, timeout: 30_000 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof failed.code === "number" ? failed.code : -1, stdout: failed.stdout ?? "", stderr: failed.stderr ?? "" };
  }
}

/** A login link's code, printed by the real CLI. */
async function loginCode(t: TestServer, ...args: string[]): Promise<string> {
  const printed = await cli(t, "admin", "login-link", ...args);
  expect(printed).toMatchObject({ code: 0 });
  const match = new RegExp(`^${t.baseUrl.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}/admin/login\\?code=([A-Za-z0-9_-]{43})\\n$`).exec(printed.stdout);
  if (!match) throw new Error(`not a login link: ${JSON.stringify(printed.stdout)}`);
  return match[1];
}

interface Answer {
  status: number;
  headers: Headers;
  body: any;
}

async function post(t: TestServer, pathname: string, body: string | undefined, headers: Record<string, string> = { "content-type": "application/json" }): Promise<Answer> {
  const response = await fetch(`${t.baseUrl}${pathname}`, { method: "POST", headers, body });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : undefined };
}

const trade = (t: TestServer, code: unknown) => post(t, "/admin/session", JSON.stringify({ code }));

/** The session id in a trade's Set-Cookie. */
function sessionOf(answer: Answer): string {
  const match = /^gatehouse_session=([A-Za-z0-9_-]+);/.exec(answer.headers.get("set-cookie") ?? "");
  if (!match) throw new Error(`no session cookie in ${answer.headers.get("set-cookie")}`);
  return match[1];
}

/** A GraphQL call carrying only the session cookie. */
function withSession<T = Record<string, any>>(t: TestServer, session: string, query: string, variables?: Record<string, unknown>): Promise<GraphQLResponse<T>> {
  return t.gql<T>(query, variables, { token: null, headers: { cookie: `theme=dark; gatehouse_session=${session}` } });
}

async function signIn(t: TestServer, ...args: string[]): Promise<string> {
  const answer = await trade(t, await loginCode(t, ...args));
  expect(answer.status).toBe(200);
  return sessionOf(answer);
}

const refusal = (answer: Answer) => [answer.status, answer.body?.errors?.[0]?.extensions?.code];

describe("admin console sign-in: login links and sessions", () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(() => t.stop());

  it("login-link → trade → cookie → /graphql with the link's scopes; viewer says SESSION and the subject; only hashes are stored", async () => {
    const code = await loginCode(t, "--scopes", "read:groups create:groups", "--subject", "alice@example.com");
    const before = Date.now();
    const answer = await trade(t, code);
    expect(answer.status).toBe(200);
    expect(answer.headers.get("cache-control")).toBe("no-store");
    expect(answer.body).toEqual({ subject: "alice@example.com", scopes: ["read:groups", "create:groups"], expiresAt: expect.any(String) });
    const expiresAt = Date.parse(answer.body.expiresAt);
    expect(expiresAt).toBeGreaterThanOrEqual(before + 8 * 3600_000 - 1000);
    expect(expiresAt).toBeLessThanOrEqual(Date.now() + 8 * 3600_000 + 1000);

    // HttpOnly, SameSite=Strict, Path=/, Max-Age = ADMIN_SESSION_HOURS (8) hours; not Secure over http.
    const cookie = answer.headers.get("set-cookie")!;
    const session = sessionOf(answer);
    expect(session).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(cookie).toBe(`gatehouse_session=${session}; HttpOnly; SameSite=Strict; Path=/; Max-Age=28800`);

    const groups = await withSession(t, session, "{ groups { totalCount } }");
    expect(groups.errors).toBeUndefined();
    expect(groups.data).toEqual({ groups: { totalCount: 0 } });
    const viewer = await withSession(t, session, VIEWER);
    expect(viewer.data?.viewer).toEqual({ subject: "alice@example.com", scopes: ["create:groups", "read:groups"], via: "SESSION", expiresAt: new Date(expiresAt).toISOString() });

    // Neither the code nor the session id is anywhere in the database; their SHA-256 are.
    const stored = JSON.stringify(await databaseSnapshot(t));
    expect(stored).not.toContain(code);
    expect(stored).not.toContain(session);
    expect(await t.server.app.db.manager.findOneBy(AdminLoginCode, { codeHash: sha256(code) })).toMatchObject({ subject: "alice@example.com", usedAt: expect.any(Number) });
    expect(await t.server.app.db.manager.findOneBy(AdminSession, { idHash: sha256(session) })).toMatchObject({ subject: "alice@example.com", scopes: "read:groups create:groups" });
  });

  it("a link without --scopes gets every scope and the subject admin; --expires-in sets the code's lifetime (600 s by default)", async () => {
    const code = await loginCode(t);
    expect((await t.server.app.db.manager.findOneByOrFail(AdminLoginCode, { codeHash: sha256(code) })).expiresAt).toBeGreaterThan(Date.now() + 590_000);
    expect((await t.server.app.db.manager.findOneByOrFail(AdminLoginCode, { codeHash: sha256(code) })).expiresAt).toBeLessThanOrEqual(Date.now() + 600_000);
    const session = sessionOf(await trade(t, code));
    expect((await withSession(t, session, VIEWER)).data?.viewer).toMatchObject({ subject: "admin", scopes: [...SCOPES].sort(), via: "SESSION" });
    const short = await loginCode(t, "--expires-in", "30", "--scopes", "all");
    expect((await t.server.app.db.manager.findOneByOrFail(AdminLoginCode, { codeHash: sha256(short) })).expiresAt).toBeLessThanOrEqual(Date.now() + 30_000);
  });

  it("a read-only session is FORBIDDEN naming the scope on a mutation, and nothing is written", async () => {
    const session = await signIn(t, "--scopes", "read:groups", "--subject", "reader");
    const result = await withSession(t, session, `mutation { createGroup(input: { name: "Not allowed" }) { id } }`);
    expect(result.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    expect(result.errors?.[0]?.message).toContain('"create:groups"');
    expect((await t.ok<any>(`{ groups(search: "Not allowed") { totalCount } }`)).groups.totalCount).toBe(0);
    // The same session may read.
    expect((await withSession(t, session, "{ groups { totalCount } }")).errors).toBeUndefined();
  });

  it("a mutation made with a session is audited with the link's subject as the actor", async () => {
    const session = await signIn(t, "--scopes", "create:groups read:audit", "--subject", "carol@example.com");
    const created = await withSession<{ createGroup: { id: string } }>(t, session, `mutation { createGroup(input: { name: "Made in the console" }) { id } }`);
    expect(created.errors).toBeUndefined();
    const log = await withSession(t, session, `query($id: ID!) { auditLog(targetId: $id) { nodes { operation actor actorKind } } }`, { id: created.data!.createGroup.id });
    expect(log.errors).toBeUndefined();
    expect(log.data?.auditLog.nodes).toEqual([{ operation: "createGroup", actor: "carol@example.com", actorKind: "session" }]);
  });

  it("a code is traded once: the second trade is refused 401", async () => {
    const code = await loginCode(t, "--scopes", "read:groups");
    expect((await trade(t, code)).status).toBe(200);
    const again = await trade(t, code);
    expect(refusal(again)).toEqual([401, "UNAUTHENTICATED"]);
    expect(again.body.errors[0].message).toMatch(/already used/);
    expect(again.headers.get("set-cookie")).toBeNull();
  });

  it("10 concurrent trades of one code: exactly one 200, nine 401, one session", async () => {
    const code = await loginCode(t, "--scopes", "read:groups", "--subject", "racer");
    const sessionsBefore = await t.server.app.db.manager.countBy(AdminSession, { subject: "racer" });
    const answers = await Promise.all(Array.from({ length: 10 }, () => trade(t, code)));
    expect(answers.map((answer) => answer.status).sort()).toEqual([200, 401, 401, 401, 401, 401, 401, 401, 401, 401]);
    expect(await t.server.app.db.manager.countBy(AdminSession, { subject: "racer" })).toBe(sessionsBefore + 1);
  });

  it("an expired code is refused 401", async () => {
    const code = await loginCode(t, "--expires-in", "1", "--scopes", "read:groups");
    await sleep(1100);
    const answer = await trade(t, code);
    expect(refusal(answer)).toEqual([401, "UNAUTHENTICATED"]);
    expect(answer.headers.get("set-cookie")).toBeNull();
  });

  it("an expired session is refused: UNAUTHENTICATED, Session expired; sign in again", async () => {
    const session = await signIn(t, "--scopes", "read:groups");
    expect((await withSession(t, session, VIEWER)).errors).toBeUndefined();
    await t.server.app.db.manager.update(AdminSession, { idHash: sha256(session) }, { expiresAt: Date.now() - 1 });
    const result = await withSession(t, session, VIEWER);
    expect(result.status).toBe(401);
    expect(result.errors?.[0]).toMatchObject({ message: "Session expired; sign in again", extensions: { code: "UNAUTHENTICATED" } });
    expect(result.data).toBeUndefined();
  });

  it("an unknown session cookie is refused, also for a small introspection POST (a session cookie is a credential)", async () => {
    const unknown = await withSession(t, "not-a-session", VIEWER);
    expect([unknown.status, unknown.errors?.[0]?.message]).toEqual([401, "Invalid session; sign in again"]);
    const introspection = await withSession(t, "not-a-session", "{ __schema { queryType { name } } }");
    expect([introspection.status, introspection.errors?.[0]?.extensions?.code]).toEqual([401, "UNAUTHENTICATED"]);
    // Without the cookie the same introspection is answered (so the refusal above is the cookie's).
    expect((await t.gql("{ __schema { queryType { name } } }", {}, { token: null })).data).toEqual({ __schema: { queryType: { name: "Query" } } });
  });

  it("the REST policy endpoint refuses a session cookie, even one with read:authorization and a text/plain body (no cross-site login in an admin's name)", async () => {
    const session = await signIn(t, "--scopes", "read:authorization");
    const before = await databaseSnapshot(t);
    const response = await fetch(`${t.baseUrl}/api/users/${encodeURIComponent("auth0|csrf")}/policy/any-client`, {
      method: "POST",
      headers: { "content-type": "text/plain", cookie: `gatehouse_session=${session}` },
      body: JSON.stringify({ connectionName: "corp", groups: ["Admins"] }),
    });
    expect(response.status).toBe(401);
    expect(await databaseSnapshot(t)).toEqual(before);
    // The same session does answer a login through /graphql (so the refusal above is the route's).
    const viaGraphql = await withSession(t, session, `{ authorizationContext(userId: "auth0|csrf", clientId: "any-client") { userId } }`);
    expect(viaGraphql.data?.authorizationContext).toEqual({ userId: "auth0|csrf" });
  });

  it("a bearer token wins over a session cookie", async () => {
    const session = await signIn(t, "--scopes", "read:groups", "--subject", "cookie-person");
    const result = await t.gql(VIEWER, {}, { token: await t.token(["read:users"], { subject: "bearer-person" }), headers: { cookie: `gatehouse_session=${session}` } });
    expect(result.data?.viewer).toMatchObject({ subject: "bearer-person", via: "TOKEN" });
  });

  it("logout deletes the session and clears the cookie; the cookie is refused afterwards", async () => {
    const session = await signIn(t, "--scopes", "read:groups");
    const logout = await post(t, "/admin/logout", "{}", { "content-type": "application/json", cookie: `gatehouse_session=${session}` });
    expect(logout.status).toBe(204);
    expect(logout.headers.get("set-cookie")).toBe("gatehouse_session=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0");
    expect(await t.server.app.db.manager.findOneBy(AdminSession, { idHash: sha256(session) })).toBeNull();
    const after = await withSession(t, session, VIEWER);
    expect([after.status, after.errors?.[0]?.message]).toEqual([401, "Invalid session; sign in again"]);
    // Without a cookie there is nothing to end: still 204, and the cookie is cleared.
    const bare = await post(t, "/admin/logout", undefined);
    expect(bare.status).toBe(204);
  });

  describe("every refusal of POST /admin/session and POST /admin/logout", () => {
    const bad = (answer: Answer) => [answer.status, answer.body?.errors?.[0]?.extensions?.code, answer.body?.errors?.[0]?.extensions?.field];

    it.each([
      ["no content-type", undefined],
      ["a form (application/x-www-form-urlencoded)", "application/x-www-form-urlencoded"],
      ["text/plain", "text/plain"],
      ["multipart/form-data", "multipart/form-data; boundary=x"],
    ])("a trade with %s is 415 and trades nothing", async (_name, type) => {
      const code = await loginCode(t, "--scopes", "read:groups");
      const answer = await post(t, "/admin/session", JSON.stringify({ code }), type ? { "content-type": type } : {});
      expect(refusal(answer)).toEqual([415, "BAD_USER_INPUT"]);
      expect(answer.body.errors[0].message).toContain("application/json");
      expect(answer.headers.get("set-cookie")).toBeNull();
      // The code is still unused: the refusal came before the trade.
      expect((await trade(t, code)).status).toBe(200);
    });

    it("application/json with a charset is accepted", async () => {
      const answer = await post(t, "/admin/session", JSON.stringify({ code: await loginCode(t, "--scopes", "read:groups") }), {
        "content-type": "application/json; charset=utf-8",
      });
      expect(answer.status).toBe(200);
    });

    it.each([
      ["not JSON", "{code:"],
      ["an empty body", ""],
      ["no code", "{}"],
      ["a number", JSON.stringify({ code: 42 })],
      ["an empty code", JSON.stringify({ code: "" })],
      ["an array", JSON.stringify(["code"])],
      ["null", "null"],
      ["a code of 257 characters", JSON.stringify({ code: "x".repeat(257) })],
    ])("a trade with %s is 400 BAD_USER_INPUT naming the field code", async (_name, body) => {
      const answer = await post(t, "/admin/session", body);
      expect(bad(answer)).toEqual([400, "BAD_USER_INPUT", "code"]);
      expect(answer.body.errors[0].message).toMatch(/code/);
    });

    it("an unknown code is 401 UNAUTHENTICATED", async () => {
      expect(refusal(await trade(t, "A".repeat(43)))).toEqual([401, "UNAUTHENTICATED"]);
    });

    it("a body over 4 KB is 413", async () => {
      expect(refusal(await post(t, "/admin/session", JSON.stringify({ code: "x".repeat(5000) })))).toEqual([413, "BAD_USER_INPUT"]);
    });

    it.each(["/admin/session", "/admin/logout"])("GET %s is 405 naming POST", async (pathname) => {
      const response = await fetch(`${t.baseUrl}${pathname}`);
      expect(response.status).toBe(405);
      expect(response.headers.get("allow")).toBe("POST");
      expect(((await response.json()) as any).errors[0].extensions.code).toBe("BAD_USER_INPUT");
    });

    it("a logout without content-type: application/json is 415 and the session lives on (a cross-site form cannot sign out)", async () => {
      const session = await signIn(t, "--scopes", "read:groups");
      const answer = await post(t, "/admin/logout", "x=1", { "content-type": "application/x-www-form-urlencoded", cookie: `gatehouse_session=${session}` });
      expect(refusal(answer)).toEqual([415, "BAD_USER_INPUT"]);
      expect(answer.headers.get("set-cookie")).toBeNull();
      expect((await withSession(t, session, VIEWER)).errors).toBeUndefined();
    });
  });

  describe("viewer for the other credentials", () => {
    it("a token: via TOKEN, its subject, scopes and exp; no scope is needed", async () => {
      const token = await t.token(["read:users", "read:groups"], { subject: "svc", expiresInSeconds: 3600 });
      const exp = (JSON.parse(Buffer.from(token.split(".")[1], "base64url").toString()) as { exp: number }).exp;
      expect((await t.gql(VIEWER, {}, { token })).data?.viewer).toEqual({
        subject: "svc",
        scopes: ["read:groups", "read:users"],
        via: "TOKEN",
        expiresAt: new Date(exp * 1000).toISOString(),
      });
      const noScope = await t.gql(VIEWER, {}, { token: await t.token([], { subject: "nobody" }) });
      expect(noScope.errors).toBeUndefined();
      expect(noScope.data?.viewer).toMatchObject({ subject: "nobody", scopes: [], via: "TOKEN" });
    });

    it("the API key: via API_KEY, expiresAt null", async () => {
      const { apiKey } = await rotateApiKey(t);
      const result = await t.gql(VIEWER, {}, { token: null, headers: { "x-api-key": apiKey } });
      expect(result.errors).toBeUndefined();
      expect(result.data?.viewer).toEqual({ subject: "api-key", scopes: ["hook:authorize"], via: "API_KEY", expiresAt: null });
    });

    it("no credential: UNAUTHENTICATED", async () => {
      const result = await t.gql(VIEWER, {}, { token: null });
      expect([result.status, result.errors?.[0]?.extensions?.code]).toEqual([401, "UNAUTHENTICATED"]);
    });
  });

  describe("the CLI", () => {
    it("token create --scopes all carries every scope", async () => {
      const created = await cli(t, "token", "create", "--scopes", "all", "--subject", "everything");
      expect(created.code).toBe(0);
      const result = await t.gql(VIEWER, {}, { token: created.stdout.trim() });
      expect(result.data?.viewer).toMatchObject({ subject: "everything", scopes: [...SCOPES].sort(), via: "TOKEN" });
    });

    it("login-link with an unknown scope fails naming it, printing no link", async () => {
      const failed = await cli(t, "admin", "login-link", "--scopes", "read:groups read:everything");
      expect(failed.code).not.toBe(0);
      expect(failed.stdout).toBe("");
      expect(failed.stderr).toContain("read:everything");
      expect(failed.stderr).toMatch(/unknown scope/);
    });

    it("login-link refuses an empty subject and a lifetime over a day", async () => {
      const noSubject = await cli(t, "admin", "login-link", "--subject", " ");
      expect([noSubject.code !== 0, noSubject.stdout]).toEqual([true, ""]);
      expect(noSubject.stderr).toMatch(/subject/);
      const tooLong = await cli(t, "admin", "login-link", "--expires-in", "86401");
      expect([tooLong.code !== 0, tooLong.stdout]).toEqual([true, ""]);
      expect(tooLong.stderr).toMatch(/86400/);
    });
  });
});

describe("sessions across instances, ADMIN_SESSION_HOURS and an https PUBLIC_URL", () => {
  let a: TestServer;
  let b: TestServer;
  beforeAll(async () => {
    a = await startTestServer({ adminSessionHours: 2, publicUrl: "https://gatehouse.example.com/" });
    // A second instance on the same database.
    b = await startTestServer({ databaseUrl: a.server.app.config.databaseUrl, adminSessionHours: 2, publicUrl: "https://gatehouse.example.com" });
  });
  afterAll(async () => {
    await b.stop();
    await a.stop();
  });

  it("the cookie is Secure with Max-Age 2 h; the login link uses PUBLIC_URL", async () => {
    const printed = await run(process.execPath, [BIN, "admin", "login-link", "--scopes", "read:groups"], {
      env: { ...process.env, DATABASE_URL: a.server.app.config.databaseUrl, PUBLIC_URL: "https://gatehouse.example.com/", LOG_LEVEL: "warn" },
    });
    const code = /^https:\/\/gatehouse\.example\.com\/admin\/login\?code=([A-Za-z0-9_-]{43})\n$/.exec(printed.stdout)?.[1];
    expect(code).toBeDefined();
    const answer = await trade(a, code);
    expect(answer.status).toBe(200);
    expect(answer.headers.get("set-cookie")).toBe(`gatehouse_session=${sessionOf(answer)}; HttpOnly; SameSite=Strict; Path=/; Max-Age=7200; Secure`);
    expect(Date.parse(answer.body.expiresAt) - Date.now()).toBeGreaterThan(7200_000 - 5000);
    expect(Date.parse(answer.body.expiresAt) - Date.now()).toBeLessThanOrEqual(7200_000);
  });

  it("a session traded on one instance is accepted by the other; a logout on the other ends it on both", async () => {
    const session = await signIn(a, "--scopes", "read:groups", "--subject", "roamer");
    expect((await withSession(b, session, VIEWER)).data?.viewer).toMatchObject({ subject: "roamer", via: "SESSION" });
    expect((await post(b, "/admin/logout", "{}", { "content-type": "application/json", cookie: `gatehouse_session=${session}` })).status).toBe(204);
    expect((await withSession(a, session, VIEWER)).status).toBe(401);
    expect((await withSession(b, session, VIEWER)).status).toBe(401);
  });
});
