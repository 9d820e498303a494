import { existsSync } from "node:fs";
import { readFile, stat } from "node:fs/promises";
import type { ServerResponse } from "node:http";
import path from "node:path";
import type { App } from "../app";
import { Failure, Route } from "./route";

/**
 * The console's Content-Security-Policy (docs/design.md §11: no request leaves the origin). One
 * constant so that the console's styles can be allowed here (e.g. `style-src 'self'
 * 'unsafe-inline'` if Mantine injects style elements) without touching the route.
 */
export const CONSOLE_CSP = "default-src 'self'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

/** Headers of every answer of the console route, the 503 and 404 included (and of the OIDC sign-in's pages). */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  "content-security-policy": CONSOLE_CSP,
  "x-content-type-options": "nosniff",
  "referrer-policy": "no-referrer",
};

/** Vite's hashed assets never change under a name: cached for a year. */
const ASSET_CACHE = "public, max-age=31536000, immutable";

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".html": "text/html; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".map": "application/json; charset=utf-8",
  ".txt": "text/plain; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".gif": "image/gif",
  ".webp": "image/webp",
  ".avif": "image/avif",
  ".ico": "image/x-icon",
  ".woff": "font/woff",
  ".woff2": "font/woff2",
  ".ttf": "font/ttf",
  ".wasm": "application/wasm",
};

const NOT_BUILT = "The admin console is not built: run npm run build";

/** The repository's root: the folder of Gatehouse's package.json above this file (src/… under ts-jest, dist/src/… when built). */
function repositoryRoot(): string {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, "package.json")) && existsSync(path.join(dir, "src", "server"))) return dir;
    if (path.dirname(dir) === dir) return path.join(__dirname, "..", "..", "..");
  }
}

/** The console's build output when none is configured: `<repo>/ui/dist` (Vite, base `/admin/`). */
export function defaultConsoleDir(): string {
  return path.join(repositoryRoot(), "ui", "dist");
}

/**
 * The file under `assets/` an asset path names, or null when the path could leave that folder or
 * is not a plain name: every segment is decoded once and must be a non-empty name without a
 * separator, NUL, or `.`/`..` (the URL parser already removed literal and `%2e%2e` dot segments;
 * `%2f`, `%5c` and `%00` are refused here).
 */
export function assetFile(assetsDir: string, encoded: string): string | null {
  const segments: string[] = [];
  for (const raw of encoded.split("/")) {
    let segment: string;
    try {
      segment = decodeURIComponent(raw);
    } catch {
      return null;
    }
    if (segment === "" || segment === "." || segment === ".." || /[/\\\0]/.test(segment)) return null;
    segments.push(segment);
  }
  if (segments.length === 0) return null;
  const file = path.resolve(assetsDir, ...segments);
  return file.startsWith(path.resolve(assetsDir) + path.sep) ? file : null;
}

function sendText(res: ServerResponse, status: number, text: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { ...SECURITY_HEADERS, "content-type": "text/plain; charset=utf-8", "content-length": Buffer.byteLength(text), "cache-control": "no-cache", ...headers });
  res.end(text);
}

/** A file's bytes, or null when it does not exist or is not a file. */
async function readFileOrNull(file: string): Promise<Buffer | null> {
  try {
    if (!(await stat(file)).isFile()) return null;
    return await readFile(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT" || (error as NodeJS.ErrnoException).code === "ENOTDIR") return null;
    throw error;
  }
}

/**
 * The admin console (docs/design.md §11), unauthenticated (the app signs in itself through
 * `POST /admin/session`): `GET /` → 302 `/admin/`; `/admin/assets/<file>` from the build output,
 * cached for a year; any other GET under `/admin/` → `index.html`, not cached (the app routes
 * `/admin/login?code=…`, `/admin/groups/…` itself). Registered after the session routes, which
 * own `/admin/session` and `/admin/logout`.
 */
export function consoleRoute(app: App): Route {
  const dir = path.resolve(app.config.consoleDir ?? defaultConsoleDir());
  const assetsDir = path.join(dir, "assets");
  return {
    label: "/admin",
    match: (pathname) => (pathname === "/" || pathname === "/admin" || pathname.startsWith("/admin/") ? [pathname] : null),
    methods: ["GET", "HEAD"],
    authenticate: false,
    logLevel: "debug",
    async handle({ res, params }) {
      const [pathname] = params;
      if (pathname === "/" || pathname === "/admin") {
        res.writeHead(302, { ...SECURITY_HEADERS, location: "/admin/", "content-length": 0, "cache-control": "no-cache" });
        res.end();
        return;
      }
      if (pathname.startsWith("/admin/assets/")) {
        const file = assetFile(assetsDir, pathname.slice("/admin/assets/".length));
        const bytes = file ? await readFileOrNull(file) : null;
        if (!bytes || !file) {
          if (!existsSync(path.join(dir, "index.html"))) return sendText(res, 503, `${NOT_BUILT}\n`);
          return sendText(res, 404, `No such asset: ${pathname}\n`);
        }
        res.writeHead(200, {
          ...SECURITY_HEADERS,
          "content-type": CONTENT_TYPES[path.extname(file).toLowerCase()] ?? "application/octet-stream",
          "content-length": bytes.length,
          "cache-control": ASSET_CACHE,
        });
        res.end(bytes);
        return;
      }
      const index = await readFileOrNull(path.join(dir, "index.html"));
      if (!index) return sendText(res, 503, `${NOT_BUILT}\n`);
      res.writeHead(200, { ...SECURITY_HEADERS, "content-type": "text/html; charset=utf-8", "content-length": index.length, "cache-control": "no-cache" });
      res.end(index);
    },
    fail(res, failure: Failure) {
      sendText(res, failure.status, `${failure.message}\n`);
    },
  };
}
