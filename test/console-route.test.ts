import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { request as httpRequest } from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { CONSOLE_CSP, defaultConsoleDir } from "../src/server/routes/console";
import { startTestServer, TestServer } from "./helpers/server";

/**
 * The admin console's static route (docs/design.md §11) over HTTP, against a fake build in a
 * temporary folder: redirect, hashed assets, the SPA fallback, security headers, path traversal,
 * and 503 when nothing is built.
 */

const INDEX = '<!doctype html><html><head><script type="module" src="/admin/assets/index-3f9a1c.js"></script></head><body><div id="root"></div></body></html>';
const SCRIPT = "console.log('gatehouse console');";
const STYLE = "body { margin: 0 }";
const SECRET = "TOP-SECRET-NOT-AN-ASSET";

interface Raw {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A GET with the path sent exactly as given (fetch would normalise `..` and `%2e%2e` before sending). */
function rawGet(t: TestServer, rawPath: string, method = "GET"): Promise<Raw> {
  const { hostname, port } = new URL(t.baseUrl);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ hostname, port, path: rawPath, method }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => (body += chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on("error", reject);
    req.end();
  });
}

function expectSecurityHeaders(answer: Raw): void {
  expect(answer.headers["content-security-policy"]).toBe("default-src 'self'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'");
  expect(answer.headers["x-content-type-options"]).toBe("nosniff");
  expect(answer.headers["referrer-policy"]).toBe("no-referrer");
}

describe("admin console static route", () => {
  let t: TestServer;
  // <root>/secret.txt beside the build: what a traversal would try to read (made here: the
  // traversal table below names its absolute path).
  const root = mkdtempSync(path.join(tmpdir(), "gatehouse-console-"));
  const dist = path.join(root, "dist");

  beforeAll(async () => {
    mkdirSync(path.join(dist, "assets", "fonts"), { recursive: true });
    writeFileSync(path.join(root, "secret.txt"), SECRET);
    writeFileSync(path.join(dist, "secret.txt"), SECRET);
    writeFileSync(path.join(dist, "index.html"), INDEX);
    writeFileSync(path.join(dist, "assets", "index-3f9a1c.js"), SCRIPT);
    writeFileSync(path.join(dist, "assets", "index-77ab01.css"), STYLE);
    writeFileSync(path.join(dist, "assets", "fonts", "inter-1a2b.woff2"), "wOF2");
    writeFileSync(path.join(dist, "assets", "blob-9c8d"), "bytes");
    t = await startTestServer({ consoleDir: dist });
  });
  afterAll(async () => {
    await t.stop();
    rmSync(root, { recursive: true, force: true });
  });

  it("the CSP is one exported constant", () => {
    expect(CONSOLE_CSP).toBe("default-src 'self'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'");
  });

  it("the default build folder is <repo>/ui/dist", () => {
    expect(defaultConsoleDir()).toBe(path.join(__dirname, "..", "ui", "dist"));
  });

  it.each(["/", "/admin"])("GET %s redirects (302) to /admin/", async (pathname) => {
    const answer = await rawGet(t, pathname);
    expect(answer.status).toBe(302);
    expect(answer.headers.location).toBe("/admin/");
    expectSecurityHeaders(answer);
  });

  it.each([
    ["/admin/assets/index-3f9a1c.js", "text/javascript; charset=utf-8", SCRIPT],
    ["/admin/assets/index-77ab01.css", "text/css; charset=utf-8", STYLE],
    ["/admin/assets/fonts/inter-1a2b.woff2", "font/woff2", "wOF2"],
    ["/admin/assets/blob-9c8d", "application/octet-stream", "bytes"],
  ])("GET %s: the file, %s, cached for a year, with the security headers", async (pathname, type, content) => {
    const answer = await rawGet(t, pathname);
    expect(answer.status).toBe(200);
    expect(answer.body).toBe(content);
    expect(answer.headers["content-type"]).toBe(type);
    expect(answer.headers["cache-control"]).toBe("public, max-age=31536000, immutable");
    expect(answer.headers["content-length"]).toBe(String(Buffer.byteLength(content)));
    expectSecurityHeaders(answer);
  });

  it("HEAD of an asset: its headers, no body", async () => {
    const answer = await rawGet(t, "/admin/assets/index-3f9a1c.js", "HEAD");
    expect([answer.status, answer.body, answer.headers["content-type"]]).toEqual([200, "", "text/javascript; charset=utf-8"]);
  });

  it("a missing asset is 404, not the app (a stale hashed name must not be answered with HTML)", async () => {
    for (const pathname of ["/admin/assets/index-000000.js", "/admin/assets/fonts", "/admin/assets/"]) {
      const answer = await rawGet(t, pathname);
      expect([pathname, answer.status]).toEqual([pathname, 404]);
      expect(answer.body).not.toContain('<div id="root">');
      expectSecurityHeaders(answer);
    }
  });

  it.each(["/admin/", "/admin/login?code=abc123", "/admin/groups/5f0c-1234", "/admin/users/auth0%7Calice/roles", "/admin/index.html"])(
    "GET %s is the app: index.html, not cached, with the security headers",
    async (pathname) => {
      const answer = await rawGet(t, pathname);
      expect(answer.status).toBe(200);
      expect(answer.body).toBe(INDEX);
      expect(answer.headers["content-type"]).toBe("text/html; charset=utf-8");
      expect(answer.headers["cache-control"]).toBe("no-cache");
      expectSecurityHeaders(answer);
    },
  );

  it("no authentication is asked for (the app signs in itself), and a bad cookie does not matter", async () => {
    const { hostname, port } = new URL(t.baseUrl);
    const status = await new Promise<number>((resolve, reject) => {
      const req = httpRequest({ hostname, port, path: "/admin/", headers: { cookie: "gatehouse_session=bogus", authorization: "Bearer nonsense" } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on("error", reject);
      req.end();
    });
    expect(status).toBe(200);
  });

  it("the POST routes under /admin/ stay theirs; other methods are 405", async () => {
    expect((await fetch(`${t.baseUrl}/admin/session`, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" })).status).toBe(400);
    const put = await fetch(`${t.baseUrl}/admin/groups`, { method: "POST" });
    expect(put.status).toBe(405);
    expect(put.headers.get("allow")).toBe("GET, HEAD");
    expect(put.headers.get("content-security-policy")).toBe(CONSOLE_CSP);
  });

  it.each([
    "/admin/assets/../secret.txt",
    "/admin/assets/../../secret.txt",
    "/admin/assets/%2e%2e/secret.txt",
    "/admin/assets/%2e%2e/%2e%2e/secret.txt",
    "/admin/assets/%2E%2E/%2E%2E/secret.txt",
    "/admin/assets/..%2fsecret.txt",
    "/admin/assets/..%2f..%2fsecret.txt",
    "/admin/assets/%2e%2e%2f%2e%2e%2fsecret.txt",
    "/admin/assets/..%5c..%5csecret.txt",
    "/admin/assets/fonts/..%2f..%2f..%2fsecret.txt",
    // Absolute paths (<root> is the folder above the build), encoded or not.
    "/admin/assets/%2F<root>%2Fsecret.txt",
    "/admin/assets//<root>/secret.txt",
    "/admin/assets/secret.txt%00.js",
    "/admin/assets/%",
  ])("no traversal: GET %s does not answer the file beside or above the build", async (template) => {
    const within = root.slice(1);
    const pathname = template.replace("<root>", template.includes("%2F") ? within.split("/").map(encodeURIComponent).join("%2F") : within);
    const answer = await rawGet(t, pathname);
    expect(answer.body).not.toContain(SECRET);
    expect([200, 404]).toContain(answer.status);
    // What is answered 200 is the app (a dot segment the URL parser removed lands on an app path).
    if (answer.status === 200) expect(answer.body).toBe(INDEX);
  });

  it("the traversal cases above can fail: a file really inside assets/ is served by the same path code", async () => {
    writeFileSync(path.join(dist, "assets", "secret-inside.txt"), SECRET);
    const answer = await rawGet(t, "/admin/assets/secret-inside.txt");
    expect([answer.status, answer.body]).toEqual([200, SECRET]);
    rmSync(path.join(dist, "assets", "secret-inside.txt"));
  });

  // Last: removes the build.
  it("without a build: 503 saying how to build it, with the security headers", async () => {
    rmSync(dist, { recursive: true, force: true });
    for (const pathname of ["/admin/", "/admin/login?code=x", "/admin/assets/index-3f9a1c.js"]) {
      const answer = await rawGet(t, pathname);
      expect([pathname, answer.status]).toEqual([pathname, 503]);
      expect(answer.body).toContain("The admin console is not built: run npm run build");
      expectSecurityHeaders(answer);
    }
    // The redirect does not need the build.
    expect((await rawGet(t, "/")).status).toBe(302);
  });
});
