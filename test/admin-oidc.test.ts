import { ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import path from "node:path";
import { createInterface } from "node:readline";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { SCOPES } from "../src/auth/scopes";
import { axeViolations, openOfflineBrowser } from "./helpers/browser";
import { expectClean } from "./helpers/console";
import { startTestServer, TestServer } from "./helpers/server";

// docs/console/ is written only when asked (CONSOLE_SCREENSHOTS=docs/console), so a test run leaves the tree clean.
const DOCS = process.env.CONSOLE_SCREENSHOTS ? path.resolve(process.env.CONSOLE_SCREENSHOTS) : undefined;

/**
 * Console sign-in, way 2 (docs/design.md §11): OIDC authorization code + PKCE run by Gatehouse
 * against a real OpenID Provider (oidc-provider, test/helpers/oidc-provider.mjs) on 127.0.0.1,
 * driven over HTTP with a cookie jar: Gatehouse's start → the IdP's authorization endpoint → its
 * interaction (sign in as a test account) → the callback → a console session, checked with
 * `viewer` on /graphql. The last two tests drive the console's sign-in page in Debian's Chromium
 * (the console's build in ui/dist: run `npm run build` first).
 */

const VIEWER = "{ viewer { subject scopes via expiresAt } }";

/** The provider's process and issuer; `ready` once told the redirect URIs. */
interface Idp {
  issuer: string;
  process: ChildProcessWithoutNullStreams;
  ready(redirectUris: string[]): Promise<void>;
}

async function startIdp(): Promise<Idp> {
  const child = spawn(process.execPath, ["--no-warnings", path.join(__dirname, "helpers", "oidc-provider.mjs")], { stdio: ["pipe", "pipe", "pipe"] });
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const lines = createInterface({ input: child.stdout });
  const next = () =>
    new Promise<Record<string, unknown>>((resolve, reject) => {
      const onExit = () => reject(new Error(`the OIDC provider exited: ${stderr}`));
      child.once("exit", onExit);
      lines.once("line", (line) => {
        child.off("exit", onExit);
        resolve(JSON.parse(line) as Record<string, unknown>);
      });
    });
  const { issuer } = (await next()) as { issuer: string };
  return {
    issuer,
    process: child,
    async ready(redirectUris) {
      const answer = next();
      child.stdin.write(`${JSON.stringify({ redirectUris })}\n`);
      expect(await answer).toEqual({ ready: true });
    },
  };
}

/** Cookies per origin (stricter than a browser, which shares them across ports), by name. */
class CookieJar {
  private readonly byOrigin = new Map<string, Map<string, string>>();

  store(url: string, response: Response): void {
    const origin = new URL(url).origin;
    const cookies = this.byOrigin.get(origin) ?? new Map<string, string>();
    this.byOrigin.set(origin, cookies);
    for (const line of response.headers.getSetCookie()) {
      const [pair, ...attributes] = line.split(";");
      const eq = pair.indexOf("=");
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      const expired = attributes.some((attribute) => /^\s*max-age=0\s*$/i.test(attribute)) || value === "";
      if (expired) cookies.delete(name);
      else cookies.set(name, value);
    }
  }

  get(origin: string, name: string): string | undefined {
    return this.byOrigin.get(origin)?.get(name);
  }

  set(origin: string, name: string, value: string): void {
    const cookies = this.byOrigin.get(origin) ?? new Map<string, string>();
    this.byOrigin.set(origin, cookies);
    cookies.set(name, value);
  }

  header(url: string): string {
    return [...(this.byOrigin.get(new URL(url).origin) ?? new Map<string, string>())].map(([name, value]) => `${name}=${value}`).join("; ");
  }
}

/** One GET without following redirects, cookies from and into the jar. */
async function get(jar: CookieJar, url: string): Promise<Response> {
  const response = await fetch(url, { redirect: "manual", headers: { cookie: jar.header(url) } });
  jar.store(url, response);
  return response;
}

function locationOf(response: Response, base: string): string {
  const location = response.headers.get("location");
  if (!location) throw new Error(`expected a redirect from ${base}, got ${response.status}`);
  return new URL(location, base).href;
}

/**
 * Starts a sign-in at Gatehouse and follows the redirects through the IdP as `user`, up to (not
 * including) the IdP's redirect back: the callback URL with its code and state.
 */
async function throughIdp(t: TestServer, jar: CookieJar, user: string): Promise<string> {
  let url = `${t.baseUrl}/admin/oidc/start`;
  const start = await get(jar, url);
  expect(start.status).toBe(302);
  url = locationOf(start, url);
  for (let hops = 0; hops < 10; hops += 1) {
    if (url.startsWith(`${t.baseUrl}/admin/oidc/callback`)) return url;
    const target = new URL(url);
    if (/^\/interaction\//.test(target.pathname)) target.searchParams.set("user", user);
    const response = await get(jar, target.href);
    if (response.status < 300 || response.status >= 400) throw new Error(`the IdP answered ${response.status} at ${target.href}: ${await response.text()}`);
    url = locationOf(response, target.href);
  }
  throw new Error("too many redirects");
}

/** The callback's answer: status, page text, and the session cookie it set (if any). */
async function callback(
  t: TestServer,
  jar: CookieJar,
  url: string,
): Promise<{ status: number; location: string | null; text: string; session?: string; contentType: string | null }> {
  const response = await get(jar, url);
  return {
    status: response.status,
    location: response.headers.get("location"),
    text: await response.text(),
    session: jar.get(new URL(t.baseUrl).origin, "gatehouse_session"),
    contentType: response.headers.get("content-type"),
  };
}

async function viewer(t: TestServer, session: string) {
  return t.gql<{ viewer: { subject: string; scopes: string[]; via: string; expiresAt: string } }>(VIEWER, undefined, {
    token: null,
    headers: { cookie: `gatehouse_session=${session}` },
  });
}

describe("console sign-in with OIDC against a real provider", () => {
  let idp: Idp;
  let t: TestServer;
  let publicClient: TestServer;
  let off: TestServer;
  let wrongSecret: TestServer;

  beforeAll(async () => {
    idp = await startIdp();
    // The test IdP releases the groups claim with the groups scope only, as Okta and Dex do.
    const common = { issuer: idp.issuer, scopesClaim: "gatehouse_scopes", adminGroup: "gatehouse-admins", requestScopes: "openid email groups" };
    t = await startTestServer({ adminOidc: { ...common, clientId: "gatehouse", clientSecret: "gatehouse-test-secret" } });
    publicClient = await startTestServer({ adminOidc: { ...common, clientId: "gatehouse-public" } });
    off = await startTestServer();
    wrongSecret = await startTestServer({ adminOidc: { ...common, clientId: "gatehouse", clientSecret: "not-the-secret" } });
    await idp.ready([t, publicClient, wrongSecret].map((server) => `${server.baseUrl}/admin/oidc/callback`));
  });

  afterAll(async () => {
    await Promise.all([t?.stop(), publicClient?.stop(), off?.stop(), wrongSecret?.stop()]);
    idp?.process.kill();
  });

  it("tells the sign-in page which IdP to offer, unauthenticated; a Gatehouse without ADMIN_OIDC_ISSUER offers none", async () => {
    const on = await fetch(`${t.baseUrl}/admin/oidc/config`);
    expect(on.status).toBe(200);
    expect(await on.json()).toEqual({ enabled: true, issuerHost: new URL(idp.issuer).host, startUrl: "/admin/oidc/start" });
    const none = await fetch(`${off.baseUrl}/admin/oidc/config`);
    expect(await none.json()).toEqual({ enabled: false });
    const start = await fetch(`${off.baseUrl}/admin/oidc/start`, { redirect: "manual" });
    expect(start.status).toBe(404);
    expect(start.headers.get("content-type")).toMatch(/^text\/html/);
    expect(await start.text()).toMatch(/ADMIN_OIDC_ISSUER is unset/);
  });

  it("redirects to the IdP with PKCE (S256), state and nonce, and keeps the flow in an httpOnly SameSite=Lax cookie", async () => {
    const response = await fetch(`${t.baseUrl}/admin/oidc/start`, { redirect: "manual" });
    expect(response.status).toBe(302);
    const target = new URL(response.headers.get("location")!);
    expect(target.origin).toBe(idp.issuer);
    expect(Object.fromEntries(target.searchParams)).toMatchObject({
      client_id: "gatehouse",
      response_type: "code",
      redirect_uri: `${t.baseUrl}/admin/oidc/callback`,
      code_challenge_method: "S256",
      code_challenge: expect.stringMatching(/^[\w-]{43}$/),
      state: expect.stringMatching(/^[\w-]{43}$/),
      nonce: expect.stringMatching(/^[\w-]{43}$/),
    });
    expect(target.searchParams.get("scope")).toBe("openid email groups");
    const [flowCookie] = response.headers.getSetCookie();
    expect(flowCookie).toMatch(/^gatehouse_oidc=[\w-]{43}; HttpOnly; SameSite=Lax; Path=\/admin\/oidc; Max-Age=600$/);
    // Nothing of the flow travels to the IdP but what the protocol needs: not the cookie's secret.
    expect(response.headers.get("location")).not.toContain(flowCookie.split(";")[0].split("=")[1]);
  });

  it("gives a member of ADMIN_OIDC_ADMIN_GROUP every scope, as subject oidc:<sub>, in a session like a login link's; the audit log names it; sign-out ends it", async () => {
    const jar = new CookieJar();
    const back = await callback(t, jar, await throughIdp(t, jar, "ada"));
    expect(back).toMatchObject({ status: 302, location: "/admin/" });
    expect(back.session).toMatch(/^[\w-]{43}$/);
    // The flow cookie is spent.
    expect(jar.get(new URL(t.baseUrl).origin, "gatehouse_oidc")).toBeUndefined();
    const who = await viewer(t, back.session!);
    expect(who.errors).toBeUndefined();
    expect(who.data!.viewer).toMatchObject({ subject: "oidc:ada", via: "SESSION" });
    expect([...who.data!.viewer.scopes].sort()).toEqual([...SCOPES].sort());
    const hours = (Date.parse(who.data!.viewer.expiresAt) - Date.now()) / 3_600_000;
    expect(hours).toBeGreaterThan(7.9);
    expect(hours).toBeLessThanOrEqual(8);

    const created = await t.gql<{ createGroup: { id: string } }>(`mutation { createGroup(input: { name: "OIDC made" }) { id } }`, undefined, {
      token: null,
      headers: { cookie: `gatehouse_session=${back.session}` },
    });
    expect(created.errors).toBeUndefined();
    const audit = await t.ok<{ auditLog: { nodes: Array<{ actor: string; operation: string }> } }>(`{ auditLog(first: 5) { nodes { actor operation } } }`);
    expect(audit.auditLog.nodes).toContainEqual({ actor: "oidc:ada", operation: "createGroup" });

    const logout = await fetch(`${t.baseUrl}/admin/logout`, {
      method: "POST",
      headers: { "content-type": "application/json", cookie: `gatehouse_session=${back.session}` },
      body: "{}",
    });
    expect(logout.status).toBe(204);
    expect((await viewer(t, back.session!)).errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
  });

  it("gives a user with a gatehouse_scopes claim exactly those scopes (a space-separated string; an unknown name is ignored)", async () => {
    const jar = new CookieJar();
    const back = await callback(t, jar, await throughIdp(t, jar, "bob"));
    expect(back.status).toBe(302);
    const who = await viewer(t, back.session!);
    expect(who.data!.viewer).toMatchObject({ subject: "oidc:bob", via: "SESSION" });
    expect([...who.data!.viewer.scopes].sort()).toEqual(["read:groups", "read:users"]);
    // The scopes bound the session like a token's.
    const refused = await t.gql(`{ auditLog(first: 1) { nodes { id } } }`, undefined, { token: null, headers: { cookie: `gatehouse_session=${back.session}` } });
    expect(refused.errors?.[0]).toMatchObject({ extensions: { code: "FORBIDDEN" }, message: expect.stringContaining("read:audit") });
  });

  it("takes the scopes claim as an array too", async () => {
    const jar = new CookieJar();
    const back = await callback(t, jar, await throughIdp(t, jar, "carol"));
    const who = await viewer(t, back.session!);
    expect(who.data!.viewer.subject).toBe("oidc:carol");
    expect([...who.data!.viewer.scopes].sort()).toEqual(["export:data", "read:audit"]);
  });

  it("refuses a user in neither the admin group nor with a scopes claim with a clear page, and opens no session", async () => {
    const jar = new CookieJar();
    const back = await callback(t, jar, await throughIdp(t, jar, "eve"));
    expect(back.status).toBe(403);
    expect(back.contentType).toMatch(/^text\/html/);
    expect(back.text).toContain("<h1>No access to this console</h1>");
    expect(back.text).toMatch(/\(eve\) is not in the group gatehouse-admins and has no Gatehouse scope in its gatehouse_scopes claim/);
    expect(back.text).toContain('<a href="/admin/login">Back to sign in</a>');
    expect(back.session).toBeUndefined();
  });

  it("refuses a tampered state with a clear page; the flow is spent, so the genuine answer is refused after it", async () => {
    const jar = new CookieJar();
    const genuine = await throughIdp(t, jar, "ada");
    const tampered = new URL(genuine);
    const state = tampered.searchParams.get("state")!;
    tampered.searchParams.set("state", `${state.slice(0, -1)}${state.endsWith("A") ? "B" : "A"}`);
    const flow = jar.get(new URL(t.baseUrl).origin, "gatehouse_oidc")!;
    const refused = await callback(t, jar, tampered.href);
    expect(refused.status).toBe(400);
    expect(refused.contentType).toMatch(/^text\/html/);
    expect(refused.text).toContain("<h1>This sign-in cannot be completed</h1>");
    expect(refused.text).toMatch(/state does not belong to this browser/);
    expect(refused.session).toBeUndefined();
    jar.set(new URL(t.baseUrl).origin, "gatehouse_oidc", flow);
    const after = await callback(t, jar, genuine);
    expect(after.status).toBe(400);
    expect(after.text).toMatch(/already completed or has expired/);
    expect(after.session).toBeUndefined();
  });

  it("refuses a replayed code: the same answer again (flow spent), and the code under a new sign-in (the IdP refuses it)", async () => {
    const jar = new CookieJar();
    const answer = await throughIdp(t, jar, "bob");
    const flow = jar.get(new URL(t.baseUrl).origin, "gatehouse_oidc")!;
    expect((await callback(t, jar, answer)).status).toBe(302);

    const replayJar = new CookieJar();
    replayJar.set(new URL(t.baseUrl).origin, "gatehouse_oidc", flow);
    const replay = await callback(t, replayJar, answer);
    expect(replay.status).toBe(400);
    expect(replay.text).toMatch(/already completed or has expired/);
    expect(replay.session).toBeUndefined();

    // A new flow whose state the attacker copies in beside the old code: the state matches this
    // browser, but the IdP refuses the spent code (and its PKCE verifier is not this flow's).
    const attacker = new CookieJar();
    const fresh = new URL(await throughIdp(t, attacker, "eve"));
    const stolen = new URL(answer);
    stolen.searchParams.set("state", fresh.searchParams.get("state")!);
    const reused = await callback(t, attacker, stolen.href);
    expect(reused.status).toBe(400);
    expect(reused.text).toMatch(/refused the code: it was already used, has expired or was not issued for this sign-in/);
    expect(reused.session).toBeUndefined();
  });

  it("refuses a callback without the flow cookie (another browser) and an answer the IdP refused", async () => {
    const jar = new CookieJar();
    const answer = await throughIdp(t, jar, "ada");
    const other = await callback(t, new CookieJar(), answer);
    expect(other.status).toBe(400);
    expect(other.text).toMatch(/no sign-in in progress/);

    const denied = new CookieJar();
    await get(denied, `${t.baseUrl}/admin/oidc/start`);
    const refused = await callback(t, denied, `${t.baseUrl}/admin/oidc/callback?error=access_denied&error_description=${encodeURIComponent("The user said no")}`);
    expect(refused.status).toBe(403);
    expect(refused.text).toContain("<h1>The identity provider refused the sign-in</h1>");
    expect(refused.text).toMatch(/answered access_denied: The user said no/);
  });

  it("answers a page naming ADMIN_OIDC_ISSUER when the IdP cannot be reached, and starts no flow; HEAD neither starts nor spends one", async () => {
    const unreachable = await startTestServer({ adminOidc: { issuer: "http://127.0.0.1:1", clientId: "gatehouse", scopesClaim: "gatehouse_scopes" } });
    try {
      const response = await fetch(`${unreachable.baseUrl}/admin/oidc/start`, { redirect: "manual" });
      expect(response.status).toBe(502);
      expect(response.headers.get("content-type")).toMatch(/^text\/html/);
      expect(response.headers.getSetCookie()).toEqual([]);
      expect(await response.text()).toMatch(/<h1>The identity provider cannot be reached<\/h1>[\s\S]*http:\/\/127\.0\.0\.1:1 \(ADMIN_OIDC_ISSUER\)/);
    } finally {
      await unreachable.stop();
    }
    for (const pathname of ["/admin/oidc/start", "/admin/oidc/callback"]) {
      const head = await fetch(`${t.baseUrl}${pathname}`, { method: "HEAD", redirect: "manual" });
      expect(head.status).toBe(405);
      expect(head.headers.getSetCookie()).toEqual([]);
    }
  });

  it("answers a page when the IdP refuses Gatehouse's client credentials at the token endpoint (a wrong ADMIN_OIDC_CLIENT_SECRET)", async () => {
    const jar = new CookieJar();
    const back = await callback(wrongSecret, jar, await throughIdp(wrongSecret, jar, "ada"));
    expect(back.status).toBe(502);
    expect(back.contentType).toMatch(/^text\/html/);
    expect(back.text).toContain("<h1>Sign-in failed</h1>");
    expect(back.text).toMatch(/refused Gatehouse&#39;s client credentials: check ADMIN_OIDC_CLIENT_ID and ADMIN_OIDC_CLIENT_SECRET/);
    expect(back.session).toBeUndefined();
  });

  it("signs in as a public client (no ADMIN_OIDC_CLIENT_SECRET: PKCE only)", async () => {
    const jar = new CookieJar();
    const back = await callback(publicClient, jar, await throughIdp(publicClient, jar, "ada"));
    expect(back.status).toBe(302);
    const who = await viewer(publicClient, back.session!);
    expect(who.data!.viewer.subject).toBe("oidc:ada");
    expect(who.data!.viewer.scopes).toHaveLength(SCOPES.length);
  });

  it("in Chromium: the sign-in page offers “Sign in with <issuer host>”, which signs in through the IdP; sign-out keeps the IdP's session; a refused user sees the page saying why", async () => {
    const profile = mkdtempSync(path.join(tmpdir(), "gatehouse-oidc-browser-"));
    const browser = await openOfflineBrowser(profile);
    try {
      const { page } = browser;
      await page.goto(`${t.baseUrl}/admin/login`);
      await page.getByRole("heading", { name: "Sign in", level: 1, exact: true }).waitFor();
      await page.getByRole("link", { name: `Sign in with ${new URL(idp.issuer).host}` }).waitFor();
      expect(await axeViolations(page)).toEqual([]);
      if (DOCS) await page.screenshot({ path: path.join(DOCS, "01-sign-in-oidc.png"), fullPage: true });
      await page.getByRole("link", { name: `Sign in with ${new URL(idp.issuer).host}` }).click();
      await page.getByRole("heading", { name: "Test IdP" }).waitFor();
      await page.getByLabel("User").fill("ada");
      await page.getByRole("button", { name: "Continue" }).click();
      // Back in the console, signed in: the session cookie (SameSite=Strict) is sent after the IdP's cross-site redirect.
      await page.waitForURL(/\/admin\/groups$/, { timeout: 15_000 });
      await page.getByRole("heading", { name: "Groups", level: 1, exact: true }).waitFor();
      const session = (await browser.context.cookies(t.baseUrl)).find((cookie) => cookie.name === "gatehouse_session");
      expect(session).toMatchObject({ httpOnly: true, sameSite: "Strict" });
      expect((await viewer(t, session!.value)).data!.viewer.subject).toBe("oidc:ada");

      await page.getByRole("button", { name: "Sign out" }).click();
      await page.getByRole("heading", { name: "Sign in", level: 1, exact: true }).waitFor();
      // Sign-out ends the Gatehouse session only: the IdP's stays, so signing in again passes without a prompt.
      await page.getByRole("link", { name: `Sign in with ${new URL(idp.issuer).host}` }).click();
      await page.getByRole("heading", { name: "Groups", level: 1, exact: true }).waitFor();
      await page.getByRole("button", { name: "Sign out" }).click();
      await page.getByRole("heading", { name: "Sign in", level: 1, exact: true }).waitFor();
      // Without the IdP's session (its cookies gone) it asks who signs in.
      await browser.context.clearCookies();
      await page.getByRole("link", { name: `Sign in with ${new URL(idp.issuer).host}` }).click();
      await page.getByRole("heading", { name: "Test IdP" }).waitFor();
      await page.getByLabel("User").fill("eve");
      await page.getByRole("button", { name: "Continue" }).click();
      await page.getByRole("heading", { name: "No access to this console" }).waitFor();
      expect(await axeViolations(page)).toEqual([]);
      if (DOCS) await page.screenshot({ path: path.join(DOCS, "01-sign-in-oidc-refused.png"), fullPage: true });
      await page.getByRole("link", { name: "Back to sign in" }).click();
      await page.getByRole("heading", { name: "Sign in", level: 1, exact: true }).waitFor();
      expectClean(browser);
    } finally {
      await browser.close();
      rmSync(profile, { recursive: true, force: true });
    }
  });

  it("in Chromium: without ADMIN_OIDC_ISSUER the sign-in page offers login links only", async () => {
    const profile = mkdtempSync(path.join(tmpdir(), "gatehouse-oidc-browser-"));
    const browser = await openOfflineBrowser(profile);
    try {
      await browser.page.goto(`${off.baseUrl}/admin/login`);
      await browser.page.getByText("npx gatehouse admin login-link").waitFor();
      expect(await browser.page.getByRole("link", { name: /^Sign in with/ }).count()).toBe(0);
      expectClean(browser);
    } finally {
      await browser.close();
      rmSync(profile, { recursive: true, force: true });
    }
  });
});
