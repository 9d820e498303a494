/**
 * The console's Configuration page (docs/design.md §2.4, §11) in headless Chromium, offline, on
 * the example company. One scripted admin session saves switches and a claim namespace (a bad
 * namespace is refused next to its input, nothing written), sees them in the Login simulator's
 * claims, rotates the API key (shown once, with a copy button and the grace period) and the key
 * works on the REST policy endpoint, the previous one during the grace period; the Audit log shows
 * both changes with the signed-in subject. Each change is asserted through GraphQL. axe, offline,
 * no CSP violation, at most 5 GraphQL requests per first view. Needs `npm run build`.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { DEMO_APPLICATION_ID, seedDemo } from "../src/cli/seed-demo";
import { postPolicy } from "./helpers/authorization";
import type { OfflineBrowser } from "./helpers/browser";
import { expectClean, expectFieldError, expectFirstView, expectPageClean, openConsole } from "./helpers/console";
import { startTestServer, TestServer } from "./helpers/server";

jest.setTimeout(240_000);

const SUBJECT = "config-admin";
const NAMESPACE = "https://example.com/claims/";
const ALICE = "auth0|alice";
const CONNECTION = "Username-Password-Authentication";

describe("console: Configuration", () => {
  let t: TestServer;
  let workDir: string;
  let shots: string;
  const browsers: OfflineBrowser[] = [];

  beforeAll(async () => {
    workDir = mkdtempSync(path.join(tmpdir(), "gatehouse-console-configuration-"));
    shots = path.join(workDir, "screenshots");
    t = await startTestServer();
    expect(await seedDemo(t.server.app)).not.toBeNull();
  });

  afterAll(async () => {
    for (const browser of browsers) await browser.close().catch(() => undefined);
    await t?.stop();
    console.log(`console-configuration artefacts: ${workDir}`);
  });

  const configuration = async () =>
    (
      await t.ok<{ configuration: Record<string, unknown> }>(
        `{ configuration { groupsInToken rolesInToken permissionsInToken claimNamespace previousApiKeyValidUntil apiKeyConfigured } }`,
      )
    ).configuration;
  const policy = (apiKey: string) => postPolicy(t, ALICE, DEMO_APPLICATION_ID, { connectionName: CONNECTION, groups: [] }, { apiKey });

  test("switches and namespace saved and in the simulator's claims; the API key rotated, shown once, working on the policy endpoint", async () => {
    const browser = await openConsole(t, path.join(workDir, "profile-admin"), "--scopes", "all", "--subject", SUBJECT);
    browsers.push(browser);
    const { page } = browser;
    const before = await configuration();
    expect(before).toMatchObject({ groupsInToken: false, rolesInToken: false, claimNamespace: null, apiKeyConfigured: false });

    await expectFirstView(browser, `${t.baseUrl}/admin/configuration`, () => page.getByRole("button", { name: "Rotate API key" }).waitFor());
    await expectPageClean(browser, shots, "configuration");

    // Two switches and a namespace that is not a URL: refused next to the input, nothing written.
    await page.getByRole("switch", { name: "Groups in the token" }).check({ force: true });
    await page.getByRole("switch", { name: "Roles in the token" }).check({ force: true });
    await page.getByLabel("Claim namespace").fill("claims");
    await page.getByRole("button", { name: "Save" }).click();
    await expectFieldError(page, page.getByLabel("Claim namespace"), /claimNamespace|URL/i);
    expect(await page.getByLabel("Token issuer").getAttribute("aria-invalid")).not.toBe("true");
    expect(await configuration()).toEqual(before);
    await expectPageClean(browser, shots, "configuration-bad-namespace");

    await page.getByLabel("Claim namespace").fill(NAMESPACE);
    await page.getByRole("button", { name: "Save" }).click();
    await page.getByRole("status").filter({ hasText: "Saved." }).waitFor();
    expect(await configuration()).toMatchObject({ groupsInToken: true, rolesInToken: true, permissionsInToken: false, claimNamespace: NAMESPACE });

    // The Login simulator's claims carry them, as the API answers.
    await expectFirstView(browser, `${t.baseUrl}/admin/login-simulator?userId=${encodeURIComponent(ALICE)}&clientId=${DEMO_APPLICATION_ID}&connection=${CONNECTION}`, () =>
      page.getByRole("button", { name: "Run" }).waitFor(),
    );
    await page.getByRole("button", { name: "Run" }).click();
    await page.getByText("Access granted").waitFor();
    const claims = JSON.parse((await page.getByTestId("claims-json").textContent()) ?? "");
    expect(claims).toEqual({ [`${NAMESPACE}groups`]: ["Accounting", "Example Company", "External Accountants"], [`${NAMESPACE}roles`]: ["Expense User"] });
    const api = await t.ok<any>(`query($u: ID!, $c: ID!, $n: String) { authorizationContext(userId: $u, clientId: $c, connection: $n) { claims } }`, {
      u: ALICE,
      c: DEMO_APPLICATION_ID,
      n: CONNECTION,
    });
    expect(claims).toEqual(api.authorizationContext.claims);

    // The first key, no grace period: shown once with a copy button; it works on the policy endpoint.
    await expectFirstView(browser, `${t.baseUrl}/admin/configuration`, () => page.getByRole("button", { name: "Rotate API key" }).waitFor());
    await page.getByLabel("Grace period (seconds)").fill("0");
    await page.getByRole("button", { name: "Rotate API key" }).click();
    const shown = page.getByRole("status", { name: "The new API key" });
    await shown.waitFor();
    const first = ((await page.getByTestId("new-api-key").textContent()) ?? "").trim();
    expect(first.length).toBeGreaterThan(20);
    await shown.getByRole("button", { name: "Copy API key" }).waitFor();
    expect((await policy(first)).status).toBe(200);
    expect((await configuration()).apiKeyConfigured).toBe(true);
    await page.getByText(/The current key was created/).waitFor();

    // Rotated again with an hour of grace: the new key works, and so does the previous one until then.
    await page.getByLabel("Grace period (seconds)").fill("3600");
    await page.getByRole("button", { name: "Rotate API key" }).click();
    await page.waitForFunction((old) => document.querySelector('[data-testid="new-api-key"]')?.textContent?.trim() !== old, first);
    const second = ((await page.getByTestId("new-api-key").textContent()) ?? "").trim();
    await shown.getByText(/The previous key keeps working until/).waitFor();
    await expectPageClean(browser, shots, "configuration-api-key");
    expect((await policy(second)).status).toBe(200);
    expect((await policy(first)).status).toBe(200);
    expect(await policy(second)).toEqual(await policy(first));
    const validUntil = (await configuration()).previousApiKeyValidUntil as string;
    expect(Date.parse(validUntil)).toBeGreaterThan(Date.now() + 3000_000);
    expect((await policy("not-the-key")).status).toBe(401);

    // Shown once: a fresh view of the page does not have it.
    await expectFirstView(browser, `${t.baseUrl}/admin/configuration`, () => page.getByRole("button", { name: "Rotate API key" }).waitFor());
    await expect(page.getByTestId("new-api-key").count()).resolves.toBe(0);
    await page.getByText(/The previous key is accepted until/).waitFor();

    // The audit log: both changes under the session's subject, linking to the Configuration page; no key in it.
    await expectFirstView(browser, `${t.baseUrl}/admin/audit-log?actor=${SUBJECT}`, () => page.getByText("rotateApiKey", { exact: true }).first().waitFor());
    const log = page.getByRole("table", { name: "Audit log" });
    for (const operation of ["updateConfiguration", "rotateApiKey"]) {
      const row = log.getByRole("row").filter({ has: page.getByText(operation, { exact: true }) });
      await expect(row.first().textContent()).resolves.toContain(SUBJECT);
    }
    await expect(
      log
        .getByRole("row")
        .filter({ has: page.getByText("rotateApiKey", { exact: true }) })
        .count(),
    ).resolves.toBe(2);
    await expect(
      log
        .getByRole("row")
        .filter({ has: page.getByText("updateConfiguration", { exact: true }) })
        .count(),
    ).resolves.toBe(1);
    // Each opened button becomes "Hide details…": open the first closed one until none is left.
    const closed = log.getByRole("button", { name: /^Show details/ });
    while ((await closed.count()) > 0) await closed.first().click();
    const text = (await log.textContent()) ?? "";
    expect(text).not.toContain(first);
    expect(text).not.toContain(second);
    await expectPageClean(browser, shots, "audit-log-configuration");
    await log.getByRole("link", { name: "Configuration" }).first().click();
    await page.getByRole("heading", { name: "Configuration", level: 1, exact: true }).waitFor();
    expectClean(browser);
  });

  test("a session without update:configuration sees the settings, Save and Rotate API key disabled, saying which scope", async () => {
    const browser = await openConsole(t, path.join(workDir, "profile-reader"), "--scopes", "read:groups read:configuration", "--subject", "auditor");
    browsers.push(browser);
    const { page } = browser;
    await expectFirstView(browser, `${t.baseUrl}/admin/configuration`, () => page.getByRole("button", { name: "Rotate API key" }).waitFor());
    for (const name of ["Save", "Rotate API key"]) {
      const button = page.getByRole("button", { name });
      expect(await button.isDisabled()).toBe(true);
      expect(await page.locator(`[id="${await button.getAttribute("aria-describedby")}"]`).textContent()).toBe("needs update:configuration");
    }
    expect(await page.getByRole("switch", { name: "Groups in the token" }).isDisabled()).toBe(true);
    await expectPageClean(browser, shots, "configuration-read-only");
  });
});
