/**
 * The admin console in a browser (docs/design.md §11): login links from the real CLI
 * (`bin/gatehouse.js`, compiled in dist/: run `npm run build` first, as `npm test` does) against a
 * test server's database, and the steps every console test repeats.
 */
import { execFile } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import type { Locator, Page } from "playwright-core";
import { axeViolations, openOfflineBrowser, screenshot, type OfflineBrowser } from "./browser";
import type { TestServer } from "./server";

const run = promisify(execFile);
const BIN = path.join(__dirname, "..", "..", "bin", "gatehouse.js");

/** `gatehouse admin login-link …` against `t`'s database, PUBLIC_URL pointing at `t`: the printed link. */
export async function loginLink(t: TestServer, ...args: string[]): Promise<string> {
  const env = { ...process.env, DATABASE_URL: t.server.app.config.databaseUrl, PUBLIC_URL: t.baseUrl, LOG_LEVEL: "warn" };
  const { stdout } = await run(process.execPath, [BIN, "admin", "login-link", ...args], { env, timeout: 30_000 });
  const link = stdout.trim();
  if (!link.startsWith(`${t.baseUrl}/admin/login?code=`)) throw new Error(`login-link printed no link: ${JSON.stringify(stdout)}`);
  return link;
}

/** Opens a login link and waits for the console (the Groups page) to show. */
export async function signIn(page: Page, link: string): Promise<void> {
  await page.goto(link);
  await page.waitForURL(/\/admin\/groups$/, { timeout: 15_000 });
  await page.getByRole("heading", { name: "Groups", level: 1 }).waitFor();
}

/**
 * Loads `url` from scratch (a full navigation, as a bookmark would) and waits until the page has
 * shown `ready` and the network is quiet; returns the GraphQL operations that first view sent.
 */
export async function firstView(browser: OfflineBrowser, url: string, ready: () => Promise<unknown>): Promise<string[]> {
  const before = browser.graphql.length;
  await browser.page.goto(url);
  await ready();
  await browser.page.waitForLoadState("networkidle");
  return browser.graphql.slice(before).map((r) => r.operationName ?? "(anonymous)");
}

/** A fresh offline browser (`profile`: its user-data dir) signed in with a login link made with `linkArgs`. */
export async function openConsole(t: TestServer, profile: string, ...linkArgs: string[]): Promise<OfflineBrowser> {
  const browser = await openOfflineBrowser(profile, { width: 1280, height: 900 });
  await signIn(browser.page, await loginLink(t, ...linkArgs));
  return browser;
}

/** Nothing left the origin, nothing broke, the CSP was never violated. */
export function expectClean(browser: OfflineBrowser): void {
  expect([...browser.external]).toEqual([]);
  expect(browser.pageErrors).toEqual([]);
  expect(browser.cspViolations).toEqual([]);
}

/** The page as it is now: axe finds no serious or critical violation, nothing left the origin, no CSP violation or page error; a screenshot `name` in `dir`. */
export async function expectPageClean(browser: OfflineBrowser, dir: string, name: string): Promise<void> {
  await screenshot(browser.page, dir, name);
  expect({ page: name, axe: await axeViolations(browser.page) }).toEqual({ page: name, axe: [] });
  expect({ page: name, external: [...browser.external], csp: browser.cspViolations, errors: browser.pageErrors }).toEqual({ page: name, external: [], csp: [], errors: [] });
}

/** A full load of `url` sends at most 5 GraphQL requests until `ready` (DESIGN §11); returns them. */
export async function expectFirstView(browser: OfflineBrowser, url: string, ready: () => Promise<unknown>): Promise<string[]> {
  let operations: string[];
  try {
    operations = await firstView(browser, url, ready);
  } catch (error) {
    const shot = await screenshot(browser.page, mkdtempSync(path.join(tmpdir(), "gatehouse-console-failure-")), "failure");
    if (error instanceof Error) error.message += `\nScreenshot: ${shot}\nPage errors: ${JSON.stringify(browser.pageErrors)}`;
    throw error;
  }
  expect({ url, operations, withinLimit: operations.length <= 5 }).toEqual({ url, operations, withinLimit: true });
  return operations;
}

/** `input` carries a field error: aria-invalid, and an aria-describedby text matching `message`. */
export async function expectFieldError(page: Page, input: Locator, message: RegExp): Promise<void> {
  await page.waitForFunction((element) => element?.getAttribute("aria-invalid") === "true", await input.elementHandle());
  const describedBy = (await input.getAttribute("aria-describedby")) ?? "";
  const texts = await Promise.all(
    describedBy
      .split(/\s+/)
      .filter(Boolean)
      .map((id) => page.locator(`[id="${id}"]`).textContent()),
  );
  expect(texts.join(" ")).toMatch(message);
}
