/**
 * Headless Chromium for the browser tests (the playground, the admin console): Debian's
 * /usr/bin/chromium (package `chromium`, which .ci/run installs) driven by playwright-core, which
 * downloads no browser. Offline by construction: Chromium's resolver maps every host but
 * 127.0.0.1 to NOTFOUND, and every request that is not to 127.0.0.1 (or an in-page blob:/data:
 * URL) is aborted and recorded in `external`, so a CDN or font dependency fails the test instead
 * of working by accident. Page errors, Content-Security-Policy violations and the GraphQL
 * requests (operation name, status) are recorded too; `axeViolations` runs axe-core.
 */
import AxeBuilder from "@axe-core/playwright";
import { existsSync, mkdirSync } from "node:fs";
import path from "node:path";
import { BrowserContext, chromium, Page } from "playwright-core";

export const CHROMIUM = "/usr/bin/chromium";

// Without the background-networking flags Chromium reaches out to Google's hosts at every start.
export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  // Any host but the loopback one fails to resolve: a CDN dependency cannot work by accident.
  "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
];

/** Fails with how to install Chromium when it is missing. */
export function assertChromium(): void {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `${CHROMIUM} is missing: the browser tests need Debian's Chromium. Install the \`chromium\` package ` +
        "(apt-get install -y --no-install-recommends chromium; .ci/run installs it).",
    );
  }
}

export interface GraphQLRequest {
  operationName: string | null;
  status?: number;
}

export interface OfflineBrowser {
  context: BrowserContext;
  page: Page;
  /** Requests that tried to leave 127.0.0.1 (all aborted). */
  external: Set<string>;
  pageErrors: string[];
  /** Content-Security-Policy violations the page reported ("directive: blocked URI or sample"). */
  cspViolations: string[];
  /** POST /graphql requests of the page, in order. */
  graphql: GraphQLRequest[];
  close(): Promise<void>;
}

function operationNameOf(body: string | null): string | null {
  try {
    return (JSON.parse(body ?? "{}") as { operationName?: string }).operationName ?? null;
  } catch {
    return null;
  }
}

const isLocal = (url: string) => url.startsWith("blob:") || url.startsWith("data:") || new URL(url).hostname === "127.0.0.1";

/** Launches Chromium with a fresh profile in `profileDir` and one page, offline, recording as described above. */
export async function openOfflineBrowser(profileDir: string, viewport = { width: 1280, height: 800 }): Promise<OfflineBrowser> {
  assertChromium();
  mkdirSync(profileDir, { recursive: true });
  const context = await chromium.launchPersistentContext(profileDir, { executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS, viewport });
  const page = context.pages()[0] ?? (await context.newPage());
  const external = new Set<string>();
  const pageErrors: string[] = [];
  const cspViolations: string[] = [];
  const graphql: GraphQLRequest[] = [];

  await context.route("**/*", (route) => {
    const url = route.request().url();
    if (isLocal(url)) return route.continue();
    external.add(url);
    return route.abort("internetdisconnected");
  });
  // Also catches requests that are not routed (e.g. from workers) so none can slip by.
  context.on("request", (request) => {
    if (!isLocal(request.url())) external.add(request.url());
  });
  page.on("pageerror", (error) => pageErrors.push(error.message));

  // The page reports CSP violations to a binding (no network, not subject to the policy).
  await page.exposeBinding("__reportCspViolation", (_source, text: string) => void cspViolations.push(text));
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (event) => {
      const report = (window as unknown as { __reportCspViolation(text: string): void }).__reportCspViolation;
      report(`${event.effectiveDirective}: ${event.blockedURI || "inline"} ${event.sample ? JSON.stringify(event.sample) : ""} at ${event.sourceFile}:${event.lineNumber}`);
    });
  });

  const pending = new Map<object, GraphQLRequest>();
  page.on("request", (request) => {
    if (request.method() !== "POST" || new URL(request.url()).pathname !== "/graphql") return;
    const entry: GraphQLRequest = { operationName: operationNameOf(request.postData()) };
    graphql.push(entry);
    pending.set(request, entry);
  });
  page.on("response", (response) => {
    const entry = pending.get(response.request());
    if (entry) entry.status = response.status();
  });

  return { context, page, external, pageErrors, cspViolations, graphql, close: () => context.close() };
}

/** axe-core's serious and critical violations on the page as it is now, one line each (empty: none). */
export async function axeViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.impact} ${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
}

/** Writes a full-page screenshot `name`.png into `dir`; returns its path. */
export async function screenshot(page: Page, dir: string, name: string): Promise<string> {
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}
